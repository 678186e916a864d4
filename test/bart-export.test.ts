// BART (encoder-decoder) in TF.js and its two-file ONNX export: transformers.js's encoder output and
// decoder logits equal TF.js's; its generate() (decoder cache fed back one token at a time) picks
// the same greedy tokens as TF.js recomputing the whole target (plain greedy: no n-gram blocking); the text2text and summarization
// pipelines run the saved folder; a short Trainer run lowers the loss of a copy task.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { Dataset } from "../lib/datasets/dataset";
import { trainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { Seq2SeqLM } from "../lib/training/models/bart";
import { savePretrained } from "../lib/training/save";
import { Trainer } from "../lib/training/trainer";
import { trainBartTokenizer, writeTokenizer } from "../lib/tokenizers/train-tokenizer";
import { transformers } from "../lib/transformers-env";
import { wikitextValidationLines } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const work = scratchDir("bart-export");
let lines: string[] = [];
before(async () => {
  lines = (await wikitextValidationLines()).map((l) => l.trim()).filter((l) => l.length > 40 && !l.startsWith("="));
});

function tinyBart(vocabSize: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_type: "bart",
    vocab_size: vocabSize,
    max_position_embeddings: 64,
    d_model: 32,
    encoder_layers: 2,
    decoder_layers: 2,
    encoder_attention_heads: 4,
    decoder_attention_heads: 4,
    encoder_ffn_dim: 64,
    decoder_ffn_dim: 64,
    activation_function: "gelu",
    pad_token_id: 1,
    bos_token_id: 0,
    eos_token_id: 2,
    decoder_start_token_id: 2,
    is_encoder_decoder: true,
    ...overrides,
  };
}

async function savedTokenizer(dir: string) {
  writeTokenizer(dir, trainBartTokenizer(lines.slice(0, 400), { vocabSize: 600, modelMaxLength: 64 }));
  return transformers().AutoTokenizer.from_pretrained(dir);
}

test("BART: TF.js logits equal the exported encoder + decoder ONNX files'; greedy generate() with the cache equals TF.js", async () => {
  const { tf } = await trainingBackend();
  const dir = path.join(work, "bart");
  const tokenizer = await savedTokenizer(dir);
  assert.equal(tokenizer.decode(tokenizer.encode("The game began."), { skip_special_tokens: true }), "The game began.");
  assert.deepEqual([tokenizer.encode("x")[0], tokenizer.encode("x").at(-1)], [0, 2], "<s> … </s> around each text");
  // A larger initialisation makes the next-token distribution peaked, so greedy choices are clear-cut.
  const model = Seq2SeqLM.fromConfig(tf, tinyBart(600, { init_std: 0.3 }), { seed: 5 });
  await savePretrained(model, dir);
  for (const f of [
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "onnx/encoder_model.onnx",
    "onnx/decoder_model_merged.onnx",
  ])
    assert.ok(fs.existsSync(path.join(dir, f)), f);

  const tjs = transformers();
  const texts = ["The game began development in 2010.", "It was released in Japan."];
  const inputs = tokenizer(texts, { padding: true });
  const ids = inputs.input_ids.tolist().map((r: bigint[]) => r.map(Number));
  const mask = inputs.attention_mask.tolist().map((r: bigint[]) => r.map(Number));
  const inputIds = tf.tensor2d(ids, undefined, "int32");
  const attentionMask = tf.tensor2d(mask, undefined, "int32");
  const decoderIds = [
    [2, 0, 100, 200, 7],
    [2, 0, 5, 6, 300],
  ];
  const ours = model.forward({ inputIds, attentionMask, decoderInputIds: tf.tensor2d(decoderIds, undefined, "int32") });

  const onnx = await tjs.AutoModelForSeq2SeqLM.from_pretrained(dir, { dtype: "fp32" });
  const out = await onnx({
    ...inputs,
    decoder_input_ids: new tjs.Tensor("int64", BigInt64Array.from(decoderIds.flat().map(BigInt)), [2, 5]),
  });
  const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    assert.equal(a.length, b.length);
    let d = 0;
    for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  };
  // The logits go through both ONNX files: encoder_model, then decoder_model_merged with an empty cache.
  const logits = maxDiff(await ours.logits.data(), out.logits.data as Float32Array);
  console.log(`# bart: max |logit difference| TF.js vs ONNX = ${logits.toExponential(2)}`);
  assert.ok(logits <= 1e-4, `max |logit difference| ${logits}`);

  for (const [i, text] of texts.entries()) {
    const one = tokenizer(text);
    const generated = Array.from(
      ((await onnx.generate({ ...one, max_new_tokens: 10, do_sample: false, no_repeat_ngram_size: 0 })) as any)
        .data as BigInt64Array,
      Number,
    );
    const recomputed = await model.generate(
      ids[i].filter((_: number, k: number) => mask[i][k] === 1),
      { maxNewTokens: 10 },
    );
    assert.deepEqual(generated, recomputed, `greedy tokens for ${JSON.stringify(text)}`);
    assert.ok(recomputed.length > 2, "at least one new token after <s>");
  }

  for (const task of ["text2text-generation", "summarization", "translation"] as const) {
    const pipe = await tjs.pipeline(task, dir, { dtype: "fp32" });
    const [result] = (await pipe(texts[0], { max_new_tokens: 6 })) as Record<string, string>[];
    const text = Object.values(result)[0];
    assert.equal(typeof text, "string", `${task} returns text`);
    await pipe.dispose();
  }

  const reloaded = await Seq2SeqLM.fromPretrained(tf, dir);
  assert.equal(
    maxDiff(
      await reloaded
        .forward({ inputIds, attentionMask, decoderInputIds: tf.tensor2d(decoderIds, undefined, "int32") })
        .logits.data(),
      await ours.logits.data(),
    ),
    0,
  );
  model.dispose();
  reloaded.dispose();
});

test(
  "BART learns to copy its input with the Trainer (sequence-to-sequence collator, labels shifted right)",
  { timeout: 300_000 },
  async () => {
    const { tf } = await trainingBackend();
    const dir = path.join(work, "copy");
    const tokenizer = await savedTokenizer(dir);
    const rows = lines.slice(0, 500).map((l) => {
      const ids = (tokenizer.encode(l) as number[]).slice(0, 16);
      return { input_ids: ids, labels: ids };
    });
    const data = Dataset.fromRows(rows);
    const model = Seq2SeqLM.fromConfig(tf, tinyBart(600), { seed: 6 });
    const trainer = new Trainer({
      model,
      trainDataset: data.take(450),
      evalDataset: data.select(Array.from({ length: 50 }, (_, i) => 450 + i)),
      args: trainingArguments({
        outputDir: path.join(work, "copy-run"),
        maxSteps: 120,
        batchSize: 16,
        learningRate: 3e-3,
        loggingSteps: 20,
        plot: false,
        progress: false,
      }),
    });
    const before = (await trainer.evaluate()).eval_loss;
    await trainer.train();
    const after = (await trainer.evaluate()).eval_loss;
    console.log(`# bart copy task: eval loss ${before.toFixed(3)} -> ${after.toFixed(3)}`);
    assert.ok(after < before * 0.85, `evaluation loss ${before} -> ${after}`);
    model.dispose();
  },
);

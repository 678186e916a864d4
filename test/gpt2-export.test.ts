// GPT-2 in TF.js and its ONNX export with a key/value cache: transformers.js gives the TF.js logits,
// and its generate() (which feeds past_key_values back one token at a time) picks the same greedy
// tokens as the TF.js model recomputing the whole sequence.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { trainingBackend } from "../lib/training/backend";
import { Gpt2LM, tinyGpt2Config } from "../lib/training/models/gpt2";
import { savePretrained } from "../lib/training/save";
import { transformers } from "../lib/transformers-env";
import { TOKENIZERS, wikitextValidationLines } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const TOKENIZER = TOKENIZERS.gpt2;
const work = scratchDir("gpt2-export");

test("GPT-2: TF.js logits equal the exported ONNX's; greedy generate() with the cache equals TF.js", async () => {
  const { tf } = await trainingBackend();
  // A larger initialisation makes the next-token distribution peaked, so greedy choices are clear-cut.
  const model = Gpt2LM.fromConfig(tf, tinyGpt2Config({ initializer_range: 0.3 }), { seed: 2 });
  const dir = path.join(work, "gpt2");
  await savePretrained(model, dir, { tokenizerDir: TOKENIZER });
  for (const f of ["config.json", "generation_config.json", "model.safetensors", "onnx/model.onnx", "tokenizer.json"])
    assert.ok(fs.existsSync(path.join(dir, f)), f);

  const tjs = transformers();
  const tokenizer = await tjs.AutoTokenizer.from_pretrained(dir);
  const prompt = "I've been waiting for a HuggingFace course my whole life.";
  const inputs = tokenizer(prompt);
  const ids = Array.from(inputs.input_ids.data as BigInt64Array, Number);
  const input = tf.tensor2d([ids], [1, ids.length], "int32");
  const ours = Array.from(await model.forward({ inputIds: input, attentionMask: tf.onesLike(input) }).logits.data());

  const onnx = await tjs.AutoModelForCausalLM.from_pretrained(dir, { dtype: "fp32" });
  const out = await onnx(inputs);
  const theirs = out.logits.data as Float32Array;
  assert.equal(theirs.length, ours.length);
  let diff = 0;
  for (let i = 0; i < ours.length; i++) diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
  console.log(`# gpt2: max |logit difference| TF.js vs ONNX = ${diff.toExponential(2)}`);
  assert.ok(diff <= 1e-4, `max |logit difference| ${diff}`);

  const generated = await onnx.generate({ ...inputs, max_new_tokens: 12, do_sample: false });
  const viaCache = Array.from((generated as any).data as BigInt64Array, Number);
  const recomputed = await model.generate(ids, { maxNewTokens: 12 });
  assert.deepEqual(viaCache, recomputed);
  assert.ok(recomputed.length > ids.length, "at least one new token");

  // The text-generation pipeline runs the saved folder too.
  const generator = await tjs.pipeline("text-generation", dir, { dtype: "fp32" });
  const [first] = (await generator(prompt, { max_new_tokens: 5, do_sample: false })) as { generated_text: string }[];
  assert.ok(first.generated_text.startsWith(prompt));
  assert.equal(first.generated_text, tokenizer.decode(await model.generate(ids, { maxNewTokens: 5 })));

  // Weights load back from model.safetensors unchanged.
  const reloaded = await Gpt2LM.fromPretrained(tf, dir);
  assert.deepEqual(
    Array.from(await reloaded.forward({ inputIds: input, attentionMask: tf.onesLike(input) }).logits.data()),
    ours,
  );
  model.dispose();
  reloaded.dispose();
});

test(
  "GPT-2 trains with the Trainer on WikiText-2: evaluation perplexity falls; the result generates",
  { timeout: 600_000 },
  async () => {
    const { tf } = await trainingBackend();
    const { Dataset } = await import("../lib/datasets/dataset");
    const { trainingArguments } = await import("../lib/training/arguments");
    const { Trainer } = await import("../lib/training/trainer");
    const lines = (await wikitextValidationLines())
      .map((l) => l.trim())
      .filter((l) => l.length > 40 && !l.startsWith("="));
    const tokenizer = await transformers().AutoTokenizer.from_pretrained(TOKENIZER);
    const rows = lines.slice(0, 700).map((l) => ({ input_ids: (tokenizer.encode(l) as number[]).slice(0, 48) }));
    const data = Dataset.fromRows(rows);
    const model = Gpt2LM.fromConfig(tf, tinyGpt2Config(), { seed: 4 });
    const trainer = new Trainer({
      model,
      trainDataset: data.take(600),
      evalDataset: data.select(Array.from({ length: 100 }, (_, i) => 600 + i)),
      tokenizerDir: TOKENIZER,
      args: trainingArguments({
        outputDir: path.join(work, "wikitext"),
        maxSteps: 60,
        batchSize: 16,
        learningRate: 3e-3,
        warmupRatio: 0.1,
        loggingSteps: 20,
        plot: false,
        progress: false,
      }),
    });
    const before = await trainer.evaluate();
    await trainer.train();
    const after = await trainer.evaluate();
    console.log(
      `# gpt2 WikiText-2 eval perplexity ${before.eval_perplexity.toFixed(0)} -> ${after.eval_perplexity.toFixed(0)}`,
    );
    assert.ok(Math.abs(before.eval_perplexity - Math.exp(before.eval_loss)) < 1e-6 * before.eval_perplexity);
    assert.ok(
      after.eval_perplexity < before.eval_perplexity / 10,
      `${before.eval_perplexity} -> ${after.eval_perplexity}`,
    );
    const dir = path.join(work, "wikitext-model");
    await trainer.saveModel(dir);
    const generator = await transformers().pipeline("text-generation", dir, { dtype: "fp32" });
    const [out] = (await generator("The game", { max_new_tokens: 8, do_sample: false })) as {
      generated_text: string;
    }[];
    assert.ok(out.generated_text.startsWith("The game") && out.generated_text.length > "The game".length);
    model.dispose();
  },
);

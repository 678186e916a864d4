// The TF.js encoder and its ONNX export agree: transformers.js (ONNX Runtime) on the exported
// folder gives the TF.js logits, for random weights and for weights loaded back from safetensors.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { bertConfig, distilbertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { trainingBackend } from "../lib/training/backend";
import { savePretrained } from "../lib/training/save";
import { readSafetensors } from "../lib/training/safetensors";
import { transformers } from "../lib/transformers-env";
import { TOKENIZERS } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const TOKENIZER = TOKENIZERS.miniLM;
const TEXTS = ["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!", "Short."];
const LABELS = { 0: "NEGATIVE", 1: "POSITIVE", 2: "NEUTRAL" };
const work = scratchDir("encoder-export");
let tf: Awaited<ReturnType<typeof trainingBackend>>["tf"];

before(async () => {
  tf = (await trainingBackend()).tf;
});

const DISTIL = distilbertConfig();

async function encode(dir: string) {
  const { AutoTokenizer } = transformers();
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  return tokenizer(TEXTS, { padding: true, truncation: true });
}

function toTf(inputs: any, withTypes: boolean) {
  const shape = inputs.input_ids.dims as [number, number];
  const int = (t: any) => tf.tensor2d(Array.from(t.data as BigInt64Array, Number), shape, "int32");
  return {
    inputIds: int(inputs.input_ids),
    attentionMask: int(inputs.attention_mask),
    tokenTypeIds: withTypes ? int(inputs.token_type_ids) : undefined,
  };
}

function maxDiff(a: number[], b: number[]): number {
  assert.equal(a.length, b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

for (const [name, config] of [
  ["bert", bertConfig({ id2label: LABELS })],
  ["distilbert", { ...DISTIL, id2label: LABELS }],
] as const) {
  test(`${name}: the exported ONNX run by transformers.js gives the TF.js logits (random and reloaded weights)`, async () => {
    const model = EncoderModel.fromConfig(tf, config as Record<string, unknown>, { seed: 3 });
    const dir = path.join(work, name);
    await savePretrained(model, dir, { tokenizerDir: TOKENIZER });
    for (const f of ["config.json", "model.safetensors", "onnx/model.onnx", "tokenizer.json", "tokenizer_config.json"])
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
    assert.deepEqual(saved.id2label, { 0: "NEGATIVE", 1: "POSITIVE", 2: "NEUTRAL" });
    assert.deepEqual(saved.label2id, { NEGATIVE: 0, POSITIVE: 1, NEUTRAL: 2 });
    assert.ok(
      readSafetensors(path.join(dir, "model.safetensors")).has(
        name === "bert"
          ? "bert.encoder.layer.1.attention.self.query.weight"
          : "distilbert.transformer.layer.1.attention.q_lin.weight",
      ),
    );

    const inputs = await encode(dir);
    const batch = toTf(inputs, name === "bert");
    assert.ok(
      (batch.attentionMask.arraySync() as number[][]).some((row) => row.includes(0)),
      "the batch is padded",
    );
    const ours = model.forward(batch);
    const expected = Array.from(await ours.logits!.data());
    const hidden = Array.from(await ours.lastHiddenState.data());

    const { AutoModelForSequenceClassification, AutoModel } = transformers();
    const onnx = await AutoModelForSequenceClassification.from_pretrained(dir, { dtype: "fp32" });
    const out = await onnx(inputs);
    assert.deepEqual(out.logits.dims, [TEXTS.length, 3]);
    const diff = maxDiff(Array.from(out.logits.data as Float32Array), expected);
    assert.ok(diff <= 1e-4, `max |logit difference| ${diff}`);
    console.log(`# ${name}: max |logit difference| TF.js vs ONNX = ${diff.toExponential(2)}`);
    const base = await AutoModel.from_pretrained(dir, { dtype: "fp32" });
    const baseOut = await base(inputs);
    assert.ok(
      maxDiff(Array.from(baseOut.last_hidden_state.data as Float32Array), hidden) <= 1e-4,
      "last_hidden_state agrees",
    );

    // Weights loaded back from model.safetensors compute the same logits, and so does their export.
    const { model: reloaded, newlyInitialised } = await EncoderModel.fromPretrained(tf, dir);
    assert.deepEqual(newlyInitialised, []);
    const again = Array.from(await reloaded.forward(batch).logits!.data());
    assert.deepEqual(again, expected);
    const dir2 = path.join(work, `${name}-reloaded`);
    await savePretrained(reloaded, dir2, { tokenizerDir: dir });
    const onnx2 = await AutoModelForSequenceClassification.from_pretrained(dir2, { dtype: "fp32" });
    assert.ok(maxDiff(Array.from((await onnx2(inputs)).logits.data as Float32Array), expected) <= 1e-4);

    // pipeline() labels come from id2label, and its score is the softmax of our logits.
    const classify = await transformers().pipeline("text-classification", dir, { dtype: "fp32" });
    const [top] = (await classify(TEXTS[0])) as { label: string; score: number }[];
    const single = toTf(await (await transformers().AutoTokenizer.from_pretrained(dir))([TEXTS[0]]), name === "bert");
    const probs = Array.from(await tf.softmax(model.forward(single).logits!).data());
    const best = probs.indexOf(Math.max(...probs));
    assert.equal(top.label, (LABELS as Record<number, string>)[best]);
    assert.ok(Math.abs(top.score - probs[best]) <= 1e-5);
    model.dispose();
    reloaded.dispose();
  });
}

test("bad input: an unsupported architecture, and weights that do not fit the config", async () => {
  assert.throws(
    () => EncoderModel.fromConfig(tf, { model_type: "gpt_neox", vocab_size: 10 }),
    /model_type "gpt_neox" is not an architecture the course can train: it trains bert and distilbert encoders/,
  );
  const small = EncoderModel.fromConfig(tf, bertConfig({ hidden_size: 32, intermediate_size: 64 }), { seed: 1 });
  const dir = path.join(work, "mismatch");
  await small.saveWeightsAndConfig(dir);
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(bertConfig()));
  await assert.rejects(
    EncoderModel.fromPretrained(tf, dir),
    /weight bert\.embeddings\.word_embeddings\.weight has shape \[30522, 32\] in the checkpoint but \[30522, 64\] in a model built from its config\.json/,
  );
  small.dispose();
});

// The TF.js ViT and its ONNX export agree: ONNX Runtime (the runtime transformers.js runs) gives the
// TF.js logits on real digits prepared by transformers.js's image processor, for random weights, for
// weights reloaded from safetensors, and for the shipped stand-in data/models/vit-digits.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { digitImage, digitsSplit } from "../lib/datasets/digits";
import { trainingBackend } from "../lib/training/backend";
import { imageCollator, VitModel } from "../lib/training/models/vit";
import { exportVitOnnx, saveVitPretrained } from "../lib/training/onnx/export-vit";
import { transformers } from "../lib/transformers-env";
import { vitPreprocessorConfig } from "../tools/zoo/builders/image-classification";
import { PROJECT, scratchDir } from "./helpers/notebooks";

const STAND_IN = path.join(PROJECT, "data", "models", "vit-digits");
const LABELS = Object.fromEntries([...Array(10).keys()].map((i) => [i, String(i)]));
const SMALL = {
  model_type: "vit",
  image_size: 32,
  patch_size: 8,
  num_channels: 3,
  hidden_size: 32,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 64,
  id2label: LABELS,
};
let tf: Awaited<ReturnType<typeof trainingBackend>>["tf"];

before(async () => {
  tf = (await trainingBackend()).tf;
});

function ort() {
  const from = path.dirname(require.resolve("@huggingface/transformers"));
  return require(require.resolve("onnxruntime-node", { paths: [from] }));
}

/** Held-out digits as the pipeline's image processor (read from `dir`) prepares them: [n, 3, 32, 32]. */
async function pixelValues(dir: string, n: number): Promise<{ data: Float32Array; dims: number[] }> {
  const processor = await transformers().AutoImageProcessor.from_pretrained(dir);
  const images = await Promise.all(
    digitsSplit()
      .heldOut.slice(0, n)
      .map((d) => digitImage(d)),
  );
  const out = await processor(images);
  return { data: out.pixel_values.data as Float32Array, dims: out.pixel_values.dims as number[] };
}

async function tfLogits(model: VitModel, pixels: { data: Float32Array; dims: number[] }): Promise<Float32Array> {
  const batch = { pixelValues: tf.tensor4d(pixels.data, pixels.dims as [number, number, number, number]) };
  const out = model.forward(batch);
  const logits = (await out.logits.data()) as Float32Array;
  tf.dispose([batch.pixelValues, out.logits, out.lastHiddenState]);
  return logits;
}

async function onnxLogits(bytes: Uint8Array, pixels: { data: Float32Array; dims: number[] }): Promise<Float32Array> {
  const runtime = ort();
  const session = await runtime.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const out = await session.run({ pixel_values: new runtime.Tensor("float32", pixels.data, pixels.dims) });
  await session.release();
  return out.logits.data as Float32Array;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
}

test("random weights: the exported ONNX gives the TF.js logits, also after a reload from safetensors", async () => {
  const dir = scratchDir("vit-export");
  const model = VitModel.fromConfig(tf, SMALL, { seed: 7 });
  await saveVitPretrained(model, dir, vitPreprocessorConfig(32));
  for (const f of ["config.json", "model.safetensors", "onnx/model.onnx", "preprocessor_config.json"])
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  const pixels = await pixelValues(dir, 6);
  assert.deepEqual(pixels.dims, [6, 3, 32, 32]);
  const ours = await tfLogits(model, pixels);
  assert.ok(maxDiff(ours, await onnxLogits(fs.readFileSync(path.join(dir, "onnx", "model.onnx")), pixels)) < 1e-4);
  const reloaded = VitModel.fromPretrained(tf, dir);
  assert.equal(maxDiff(ours, await tfLogits(reloaded, pixels)), 0);
  // A model with other weights gives other logits: the comparison can fail.
  const other = VitModel.fromConfig(tf, SMALL, { seed: 8 });
  assert.ok(maxDiff(ours, await onnxLogits(await exportVitOnnx(other), pixels)) > 1e-3);
  for (const m of [model, reloaded, other]) m.dispose();
});

test("the patches are cut as Hugging Face's stride-P convolution cuts them (row by row, values in channel-row-column order)", () => {
  const model = VitModel.fromConfig(tf, SMALL, { seed: 1 });
  const pixels = tf.tensor4d(
    Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => i),
    [1, 3, 32, 32],
  );
  const patches = model.patches(pixels).arraySync()[0];
  assert.equal(patches.length, 16);
  // Patch 5 is the second row of patches (rows 8-15), second column (columns 8-15); its first values are
  // channel 0, row 8, columns 8..15.
  assert.deepEqual(
    patches[5].slice(0, 8),
    [...Array(8).keys()].map((c) => 8 * 32 + 8 + c),
  );
  assert.equal(patches[5][64], 32 * 32 + 8 * 32 + 8, "then channel 1 of the same patch");
  tf.dispose(pixels);
  model.dispose();
});

test("the collator stacks pixel_values and labels, and says what a row lacks", () => {
  const model = VitModel.fromConfig(tf, SMALL, { seed: 1 });
  const collate = imageCollator(tf, model);
  const batch = collate([
    { pixel_values: new Float32Array(3072), label: 3 },
    { pixel_values: new Float32Array(3072).fill(1), label: 7 },
  ]);
  assert.deepEqual(batch.pixelValues.shape, [2, 3, 32, 32]);
  assert.deepEqual(Array.from(batch.labels!.dataSync()), [3, 7]);
  assert.equal(batch.realTokens, 2 * 17);
  tf.dispose([batch.pixelValues, batch.labels!]);
  assert.throws(
    () => collate([{ pixel_values: new Float32Array(64), label: 1 }]),
    /row 0 has 64 pixel_values; this ViT takes 3072 \(3 × 32 × 32/,
  );
  model.dispose();
});

test("the shipped stand-in data/models/vit-digits: its ONNX file gives what its safetensors weights give in TF.js", async () => {
  const model = VitModel.fromPretrained(tf, STAND_IN);
  const pixels = await pixelValues(STAND_IN, 32);
  const ours = await tfLogits(model, pixels);
  const theirs = await onnxLogits(fs.readFileSync(path.join(STAND_IN, "onnx", "model.onnx")), pixels);
  assert.ok(maxDiff(ours, theirs) < 1e-4, `max difference ${maxDiff(ours, theirs)}`);
  const argmax = (l: Float32Array) =>
    [...Array(32).keys()].map((i) => {
      const row = Array.from(l.slice(i * 10, i * 10 + 10));
      return row.indexOf(Math.max(...row));
    });
  assert.deepEqual(argmax(ours), argmax(theirs));
  model.dispose();
});

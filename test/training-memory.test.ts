// The Trainer leaves no TensorFlow.js tensor behind: after train(), evaluate() and predict() only the
// model's weights are alive, however the call ends (an error included), and model.dispose() releases
// those. A tensor left alive is native memory the kernel keeps until it restarts.
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, test } from "node:test";
import { Dataset } from "../lib/datasets/dataset";
import { trainingArguments, type TrainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { bertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { Trainer, type ComputeMetrics } from "../lib/training/trainer";
import { scratchDir } from "./helpers/notebooks";

const work = scratchDir("training-memory");
const MAX_POSITIONS = 16;
let tf: Awaited<ReturnType<typeof trainingBackend>>["tf"];

before(async () => {
  tf = (await trainingBackend()).tf;
});

/** 24 rows of 3 to 7 token ids, labels alternating; `tooLong` makes one row longer than the model's positions. */
function rows(options: { tooLong?: boolean } = {}): Dataset {
  const r = Array.from({ length: 24 }, (_, i) => ({ input_ids: Array.from({ length: 3 + (i % 5) }, (_, k) => 2 + ((i * 7 + k) % 90)), label: i % 2 }));
  if (options.tooLong) r[5].input_ids = Array.from({ length: MAX_POSITIONS + 4 }, (_, k) => 2 + k);
  return Dataset.fromRows(r);
}

const tinyModel = () => EncoderModel.fromConfig(tf, bertConfig({ id2label: { 0: "no", 1: "yes" }, vocab_size: 100, hidden_size: 16, intermediate_size: 32, num_hidden_layers: 1, num_attention_heads: 2, max_position_embeddings: MAX_POSITIONS }), { seed: 1 });

function trainer(model: EncoderModel, args: Partial<TrainingArguments>, options: { trainDataset?: Dataset; evalDataset?: Dataset; computeMetrics?: ComputeMetrics } = {}): Trainer {
  return new Trainer({
    model, trainDataset: options.trainDataset ?? rows(), evalDataset: options.evalDataset ?? rows(), computeMetrics: options.computeMetrics ?? (() => ({ rows: 24 })),
    args: trainingArguments({ outputDir: path.join(work, "out"), numTrainEpochs: 2, batchSize: 4, evalStrategy: "epoch", progress: false, plot: false, ...args }),
  });
}

for (const evalBackend of ["onnxruntime", "tfjs"] as const) {
  test(`train(), evaluate() and predict() (evaluation on ${evalBackend}) leave only the model's weights; model.dispose() releases them`, { timeout: 120_000 }, async () => {
    const start = tf.memory().numTensors;
    const model = tinyModel();
    const weights = tf.memory().numTensors - start;
    assert.equal(weights, model.params.size);
    const t = trainer(model, { evalBackend, gradientAccumulationSteps: 2, maxGradNorm: 0.01 }); // clipping and accumulation both run
    const out = await t.train();
    assert.ok(out.globalStep > 0);
    assert.equal(tf.memory().numTensors - start, weights, "after train()");
    await t.evaluate();
    await t.predict(rows());
    assert.equal(tf.memory().numTensors - start, weights, "after evaluate() and predict()");
    model.dispose();
    assert.equal(tf.memory().numTensors, start, "after model.dispose()");
  });
}

test("a training run stopped by an error releases AdamW's moments, the summed gradients and the batch", { timeout: 120_000 }, async () => {
  const model = tinyModel();
  const weights = tf.memory().numTensors;
  // A row too long for the model: its micro-batch's forward pass throws (possibly with gradients of earlier micro-batches summed).
  const failing = trainer(model, { gradientAccumulationSteps: 3, evalStrategy: "no" }, { trainDataset: rows({ tooLong: true }) });
  await assert.rejects(failing.train(), /longer than this model's 16 positions/);
  assert.equal(tf.memory().numTensors, weights, "after a failing training step");
  // A metric that throws at the end of the first epoch.
  const badMetric = trainer(model, {}, { computeMetrics: () => { throw new Error("metric failed"); } });
  await assert.rejects(badMetric.train(), /metric failed/);
  assert.equal(tf.memory().numTensors, weights, "after a failing evaluation during training");
  model.dispose();
});

test("an evaluation stopped by an error releases its batch", { timeout: 120_000 }, async () => {
  const model = tinyModel();
  const weights = tf.memory().numTensors;
  const t = trainer(model, { evalBackend: "tfjs" }, { evalDataset: rows({ tooLong: true }) });
  await assert.rejects(t.evaluate(), /longer than this model's 16 positions/);
  assert.equal(tf.memory().numTensors, weights);
  model.dispose();
});

// The Trainer leaves no TensorFlow.js tensor behind: after train(), evaluate() and predict() only the
// model's weights are alive, however the call ends (an error included), and model.dispose() releases
// those. A tensor left alive is native memory the kernel keeps until it restarts.
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, test } from "node:test";
import type * as TF from "@tensorflow/tfjs-core";
import { Dataset } from "../lib/datasets/dataset";
import { trainingArguments, type TrainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { dataCollatorWithPadding, disposeBatch } from "../lib/training/collator";
import { bertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { dropout, geluErf, layerNorm, linearOutIn } from "../lib/training/models/ops";
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
  const r = Array.from({ length: 24 }, (_, i) => ({
    input_ids: Array.from({ length: 3 + (i % 5) }, (_, k) => 2 + ((i * 7 + k) % 90)),
    label: i % 2,
  }));
  if (options.tooLong) r[5].input_ids = Array.from({ length: MAX_POSITIONS + 4 }, (_, k) => 2 + k);
  return Dataset.fromRows(r);
}

const tinyModel = () =>
  EncoderModel.fromConfig(
    tf,
    bertConfig({
      id2label: { 0: "no", 1: "yes" },
      vocab_size: 100,
      hidden_size: 16,
      intermediate_size: 32,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      max_position_embeddings: MAX_POSITIONS,
    }),
    { seed: 1 },
  );

function trainer(
  model: EncoderModel,
  args: Partial<TrainingArguments>,
  options: { trainDataset?: Dataset; evalDataset?: Dataset; computeMetrics?: ComputeMetrics } = {},
): Trainer {
  return new Trainer({
    model,
    trainDataset: options.trainDataset ?? rows(),
    evalDataset: options.evalDataset ?? rows(),
    computeMetrics: options.computeMetrics ?? (() => ({ rows: 24 })),
    args: trainingArguments({
      outputDir: path.join(work, "out"),
      numTrainEpochs: 2,
      batchSize: 4,
      evalStrategy: "epoch",
      progress: false,
      plot: false,
      ...args,
    }),
  });
}

for (const evalBackend of ["onnxruntime", "tfjs"] as const) {
  test(
    `train(), evaluate() and predict() (evaluation on ${evalBackend}) leave only the model's weights; model.dispose() releases them`,
    { timeout: 120_000 },
    async () => {
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
    },
  );
}

test(
  "a training run stopped by an error releases AdamW's moments, the summed gradients and the batch",
  { timeout: 120_000 },
  async () => {
    const model = tinyModel();
    const weights = tf.memory().numTensors;
    // A row too long for the model: its micro-batch's forward pass throws (possibly with gradients of earlier micro-batches summed).
    const failing = trainer(
      model,
      { gradientAccumulationSteps: 3, evalStrategy: "no" },
      { trainDataset: rows({ tooLong: true }) },
    );
    await assert.rejects(failing.train(), /longer than this model's 16 positions/);
    assert.equal(tf.memory().numTensors, weights, "after a failing training step");
    // A metric that throws at the end of the first epoch.
    const badMetric = trainer(
      model,
      {},
      {
        computeMetrics: () => {
          throw new Error("metric failed");
        },
      },
    );
    await assert.rejects(badMetric.train(), /metric failed/);
    assert.equal(tf.memory().numTensors, weights, "after a failing evaluation during training");
    model.dispose();
  },
);

test("an evaluation stopped by an error releases its batch", { timeout: 120_000 }, async () => {
  const model = tinyModel();
  const weights = tf.memory().numTensors;
  const t = trainer(model, { evalBackend: "tfjs" }, { evalDataset: rows({ tooLong: true }) });
  await assert.rejects(t.evaluate(), /longer than this model's 16 positions/);
  assert.equal(tf.memory().numTensors, weights);
  model.dispose();
});

/** Bytes of TensorFlow.js memory at the fullest moment of f, above what was allocated before it. */
async function peakBytes(f: () => void): Promise<number> {
  const before = tf.memory().numBytes;
  return (await tf.profile(f)).peakBytes - before;
}

const deeperModel = (layers: number) =>
  EncoderModel.fromConfig(
    tf,
    bertConfig({
      id2label: { 0: "no", 1: "yes" },
      vocab_size: 100,
      hidden_size: 32,
      intermediate_size: 128,
      num_hidden_layers: layers,
      num_attention_heads: 4,
    }),
    { seed: 3 },
  );

test(
  "a frozen bottom is not kept for the backward pass: the same loss and gradients, less memory",
  { timeout: 120_000 },
  async () => {
    const model = deeperModel(4);
    const batch = dataCollatorWithPadding(tf)(rows().take(8).toRows());
    const lower = /embeddings\.|layer\.(0|1)\./;
    const upper = [...model.params].filter(([name]) => !lower.test(name)).map(([, v]) => v);
    const step = () =>
      tf.variableGrads(() => model.loss(model.forward(batch, { training: true, dropoutSeed: 7 }), batch), upper);
    const measure = async () => {
      let out!: ReturnType<typeof step>;
      const peak = await peakBytes(() => {
        out = step();
      });
      return { peak, loss: out.value.dataSync()[0], grads: out.grads };
    };
    const whole = await measure(); // nothing frozen: the lower layers' tensors are kept for a gradient never asked for
    model.freeze(lower);
    const frozen = await measure();
    assert.equal(frozen.loss, whole.loss);
    for (const [name, g] of Object.entries(whole.grads)) {
      assert.deepEqual(Array.from(frozen.grads[name].dataSync()), Array.from(g.dataSync()), name);
    }
    assert.ok(
      frozen.peak < 0.8 * whole.peak,
      `peak ${frozen.peak} bytes with the bottom frozen vs ${whole.peak} without`,
    );
    tf.dispose([...Object.values(whole.grads), ...Object.values(frozen.grads)]);
    disposeBatch(batch);
    model.dispose();
  },
);

test(
  "an inference forward pass holds one layer's intermediate tensors at a time, not every layer's",
  { timeout: 120_000 },
  async () => {
    const batch = dataCollatorWithPadding(tf)(rows().take(8).toRows());
    const peakOf = async (layers: number) => {
      const model = deeperModel(layers);
      const peak = await peakBytes(() =>
        tf.tidy(() => {
          model.forward(batch).logits!.dataSync();
        }),
      );
      model.dispose();
      return peak;
    };
    const one = await peakOf(1);
    const six = await peakOf(6);
    assert.ok(six < 2 * one, `forward pass peak: ${six} bytes with 6 layers, ${one} with 1`);
    disposeBatch(batch);
  },
);

test(
  "the fused layers (linear, LayerNorm, GELU, dropout) give TF.js's own values and gradients of their formulas",
  { timeout: 60_000 },
  () => {
    const x = tf.randomNormal([3, 5, 8], 0, 1, "float32", 1);
    const w = tf.randomNormal([6, 8], 0, 0.5, "float32", 2);
    const b = tf.randomNormal([6], 0, 0.5, "float32", 3);
    const g = tf.randomNormal([8], 1, 0.2, "float32", 4);
    const beta = tf.randomNormal([8], 0, 0.2, "float32", 5);
    const cases: [string, (...t: TF.Tensor[]) => TF.Tensor, (...t: TF.Tensor[]) => TF.Tensor, TF.Tensor[]][] = [
      [
        "linearOutIn",
        (a, m, c) => linearOutIn(tf, a, m, c),
        (a, m, c) => tf.add(tf.matMul(a.reshape([-1, 8]), m, false, true).reshape([3, 5, 6]), c),
        [x, w, b],
      ],
      [
        "layerNorm",
        (a, m, c) => layerNorm(tf, a, m, c, 1e-12),
        (a, m, c) => {
          const { mean, variance } = tf.moments(a, -1, true);
          return tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-12))), m), c);
        },
        [x, g, beta],
      ],
      ["geluErf", (a) => geluErf(tf, a), (a) => tf.mul(tf.mul(a, 0.5), tf.add(tf.erf(tf.div(a, Math.SQRT2)), 1)), [x]],
      ["dropout", (a) => dropout(tf, a, 0.3, 11), (a) => tf.dropout(a, 0.3, undefined, 11), [x]],
    ];
    for (const [name, fused, plain, inputs] of cases) {
      // A weight on each output so the gradients are not all ones.
      const weigh =
        (f: (...t: TF.Tensor[]) => TF.Tensor) =>
        (...t: TF.Tensor[]) => {
          const y = f(...t);
          return tf.sum(tf.mul(y, tf.range(0, y.size).reshape(y.shape).div(y.size)));
        };
      const a = tf.valueAndGrads(weigh(fused))(inputs);
      const p = tf.valueAndGrads(weigh(plain))(inputs);
      assert.ok(Math.abs(a.value.dataSync()[0] - p.value.dataSync()[0]) < 1e-4, `${name}: value`);
      a.grads.forEach((grad, i) => {
        const diff = tf.max(tf.abs(tf.sub(grad, p.grads[i]))).dataSync()[0];
        assert.ok(diff < 1e-4, `${name}: gradient ${i} differs by ${diff}`);
      });
      tf.dispose([a.value, p.value, ...a.grads, ...p.grads]);
    }
    tf.dispose([x, w, b, g, beta]);
  },
);

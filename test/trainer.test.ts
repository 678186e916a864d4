// The Trainer on real components: TF.js on the course's training backend, real SST-2 rows, the
// real tokenizer, and transformers.js loading what it saves.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { Dataset } from "../lib/datasets/dataset";
import { loadDataset } from "../lib/datasets/load";
import { trainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { earlyStopping } from "../lib/training/callbacks";
import { dataCollatorWithPadding } from "../lib/training/collator";
import { bertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { AdamW } from "../lib/training/optimizer";
import { linearSchedule } from "../lib/training/schedule";
import { Trainer } from "../lib/training/trainer";
import { transformers } from "../lib/transformers-env";
import { MIRROR, TOKENIZERS } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const TOKENIZER = TOKENIZERS.miniLM;
const LABELS = { 0: "negative", 1: "positive" };
const work = scratchDir("trainer");
let tf: Awaited<ReturnType<typeof trainingBackend>>["tf"];
let train: Dataset;
let dev: Dataset;

const tiny = (overrides: Record<string, unknown> = {}) =>
  bertConfig({
    id2label: LABELS,
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    ...overrides,
  });
const quiet = { plot: false, progress: false };
const accuracy = (p: { predictions: number[][]; labelIds: number[] }) => ({
  accuracy: p.predictions.filter((l, i) => l.indexOf(Math.max(...l)) === p.labelIds[i]).length / p.labelIds.length,
});

before(async () => {
  tf = (await trainingBackend()).tf;
  const raw = await loadDataset("parquet", {
    dataFiles: { train: MIRROR.sst2Train, validation: MIRROR.sst2Validation },
  });
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(TOKENIZER);
  const encode = (ds: Dataset) =>
    ds.map((b) => ({ input_ids: (b.sentence as string[]).map((s) => tokenizer.encode(s)) }), { batched: true });
  train = encode(raw.train.shuffle(1).take(5000));
  dev = encode(raw.validation);
});

async function weightsOf(model: EncoderModel): Promise<number[]> {
  const all: number[] = [];
  for (const t of (await model.weights()).values()) all.push(...Array.from(t.data.subarray(0, 50)));
  return all;
}

test(
  "fine-tuning on real SST-2 rows beats the majority class; the saved model runs in pipeline()",
  { timeout: 600_000 },
  async () => {
    const model = EncoderModel.fromConfig(tf, bertConfig({ id2label: LABELS }), { seed: 1 });
    const args = trainingArguments({
      outputDir: path.join(work, "sst2"),
      maxSteps: 250,
      batchSize: 32,
      learningRate: 1e-3,
      warmupRatio: 0.1,
      weightDecay: 0.01,
      maxLength: 48,
      loggingSteps: 25,
      evalStrategy: "steps",
      evalSteps: 125,
      ...quiet,
    });
    const trainer = new Trainer({
      model,
      args,
      trainDataset: train,
      evalDataset: dev,
      computeMetrics: accuracy,
      tokenizerDir: TOKENIZER,
    });
    const out = await trainer.train();
    assert.equal(out.globalStep, 250);
    const metrics = await trainer.evaluate();
    const labels = dev.column("label") as number[];
    const majority = Math.max(...[0, 1].map((c) => labels.filter((l) => l === c).length)) / labels.length;
    console.log(
      `# SST-2 dev accuracy ${metrics.eval_accuracy.toFixed(4)} after 250 steps (majority class ${majority.toFixed(4)}), ${out.metrics.train_tokens_per_second.toFixed(0)} tokens/s`,
    );
    assert.ok(metrics.eval_accuracy > majority + 0.1, `accuracy ${metrics.eval_accuracy} vs majority ${majority}`);
    const losses = trainer.logHistory.filter((e) => e.loss !== undefined).map((e) => e.loss);
    assert.equal(losses.length, 10);
    assert.ok(
      losses[losses.length - 1] < losses[0],
      `training loss fell: ${losses.map((l) => l.toFixed(3)).join(" ")}`,
    );
    assert.equal(trainer.logHistory.filter((e) => e.eval_accuracy !== undefined).length, 2);

    const dir = path.join(work, "sst2-model");
    await trainer.saveModel(dir);
    const classify = await transformers().pipeline("text-classification", dir, { dtype: "fp32" });
    const sample = dev.take(40);
    const predicted = await trainer.predict(sample);
    for (let i = 0; i < sample.length; i++) {
      const [top] = (await classify(sample.get(i).sentence as string)) as { label: string }[];
      const logits = predicted.predictions[i];
      assert.equal(top.label, LABELS[logits.indexOf(Math.max(...logits)) as 0 | 1], `row ${i}`);
    }
    model.dispose();
  },
);

test("memory stays flat across steps (no tensor leaks)", async () => {
  const model = EncoderModel.fromConfig(tf, tiny(), { seed: 2 });
  const counts: number[] = [];
  const trainer = new Trainer({
    model,
    trainDataset: train.take(400),
    evalDataset: dev.take(64),
    args: trainingArguments({
      outputDir: path.join(work, "memory"),
      maxSteps: 24,
      batchSize: 8,
      learningRate: 1e-3,
      gradientAccumulationSteps: 2,
      evalStrategy: "steps",
      evalSteps: 6,
      loggingSteps: 4,
      ...quiet,
    }),
    callbacks: [
      {
        onStep: () => {
          counts.push(tf.memory().numTensors);
        },
      },
    ],
  });
  await trainer.train();
  assert.equal(counts.length, 24);
  assert.deepEqual(new Set(counts.slice(2)).size, 1, `tensors per step: ${counts.join(" ")}`);
  model.dispose();
});

test("a model and its AdamW state, once disposed, leave no tensor behind", () => {
  const before = tf.memory().numTensors;
  const model = EncoderModel.fromConfig(tf, tiny(), { seed: 2 });
  const optimizer = new AdamW(tf, model.params, { weightDecay: 0.01 });
  assert.equal(tf.memory().numTensors - before, 3 * model.params.size, "the weights and two moments per parameter");
  optimizer.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("a seed makes runs repeatable; another seed changes them", async () => {
  const run = async (seed: number) => {
    const model = EncoderModel.fromConfig(tf, tiny(), { seed: 5 });
    const trainer = new Trainer({
      model,
      trainDataset: train.take(200),
      args: trainingArguments({
        outputDir: path.join(work, `seed-${seed}`),
        maxSteps: 6,
        batchSize: 8,
        learningRate: 1e-3,
        seed,
        loggingSteps: 1,
        ...quiet,
      }),
    });
    await trainer.train();
    const result = {
      losses: trainer.logHistory.filter((e) => e.loss !== undefined).map((e) => e.loss),
      weights: await weightsOf(model),
    };
    model.dispose();
    return result;
  };
  const a = await run(7);
  const b = await run(7);
  const c = await run(8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.losses, c.losses);
});

test("resuming from a checkpoint ends exactly where an uninterrupted run ends", async () => {
  const args = (dir: string) =>
    trainingArguments({
      outputDir: path.join(work, dir),
      maxSteps: 10,
      batchSize: 8,
      learningRate: 1e-3,
      saveStrategy: "steps",
      saveSteps: 5,
      loggingSteps: 5,
      ...quiet,
    });
  const straight = EncoderModel.fromConfig(tf, tiny(), { seed: 9 });
  await new Trainer({ model: straight, trainDataset: train.take(300), args: args("straight") }).train();
  assert.ok(fs.existsSync(path.join(work, "straight", "checkpoint-5", "trainer_state.json")));
  for (const f of ["config.json", "model.safetensors", "optimizer.safetensors"])
    assert.ok(fs.existsSync(path.join(work, "straight", "checkpoint-10", f)), f);
  const state = JSON.parse(fs.readFileSync(path.join(work, "straight", "checkpoint-5", "trainer_state.json"), "utf8"));
  assert.equal(state.global_step, 5);

  const resumed = EncoderModel.fromConfig(tf, tiny(), { seed: 1234 }); // different start: the checkpoint overwrites it
  fs.cpSync(path.join(work, "straight", "checkpoint-5"), path.join(work, "resumed", "checkpoint-5"), {
    recursive: true,
  });
  const trainer = new Trainer({ model: resumed, trainDataset: train.take(300), args: args("resumed") });
  const out = await trainer.train({ resumeFromCheckpoint: true });
  assert.equal(out.globalStep, 10);
  assert.deepEqual(await weightsOf(resumed), await weightsOf(straight));
  straight.dispose();
  resumed.dispose();
});

test("gradient accumulation: 2 x 8 rows equals one batch of 16", async () => {
  const run = async (batchSize: number, accumulation: number) => {
    const model = EncoderModel.fromConfig(tf, tiny({ hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 }), {
      seed: 11,
    });
    // Rows of one length, so 2 x 8 and 16 pad alike.
    const same = train.filter((r) => (r.input_ids as number[]).length === 12).take(64);
    await new Trainer({
      model,
      trainDataset: same,
      args: trainingArguments({
        outputDir: path.join(work, `acc-${batchSize}`),
        maxSteps: 3,
        batchSize,
        gradientAccumulationSteps: accumulation,
        learningRate: 1e-3,
        maxGradNorm: 0,
        ...quiet,
      }),
    }).train();
    const w = await weightsOf(model);
    model.dispose();
    return w;
  };
  const big = await run(16, 1);
  const accumulated = await run(8, 2);
  const diff = Math.max(...big.map((v, i) => Math.abs(v - accumulated[i])));
  assert.ok(diff < 1e-5, `max weight difference ${diff}`);
});

test("AdamW without decay steps exactly like TF.js's Adam; decay shrinks weights by lr * wd", () => {
  const p = tf.variable(tf.tensor1d([1, -2, 3]));
  const q = tf.variable(tf.tensor1d([1, -2, 3]));
  const ours = new AdamW(tf, new Map([["w", p]]), { weightDecay: 0 });
  const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
  for (let i = 0; i < 5; i++) {
    const g = tf.tensor1d([0.5 * (i + 1), -1, 2 - i]);
    ours.apply(new Map([["w", g]]), 0.01);
    reference.applyGradients({ [q.name]: g } as never);
  }
  const a = Array.from(p.dataSync());
  const b = Array.from(q.dataSync());
  assert.ok(Math.max(...a.map((v, i) => Math.abs(v - b[i]))) < 1e-6, `${a} vs ${b}`);
  const w = tf.variable(tf.tensor1d([2, -4]));
  const decay = new AdamW(tf, new Map([["layer.weight", w]]), { weightDecay: 0.1 });
  decay.apply(new Map([["layer.weight", tf.zeros([2])]]), 0.5);
  const shrunk = Array.from(w.dataSync());
  [2 * (1 - 0.5 * 0.1), -4 * (1 - 0.5 * 0.1)].forEach((want, i) =>
    assert.ok(Math.abs(shrunk[i] - want) < 1e-6, `${shrunk[i]} vs ${want}`),
  );
  const bias = tf.variable(tf.tensor1d([2]));
  new AdamW(tf, new Map([["layer.bias", bias]]), { weightDecay: 0.1 }).apply(
    new Map([["layer.bias", tf.zeros([1])]]),
    0.5,
  );
  assert.deepEqual(Array.from(bias.dataSync()), [2], "no decay on biases");
});

test("the linear schedule warms up, peaks, and decays to zero", () => {
  const lr = linearSchedule(1e-3, 10, 110);
  assert.equal(lr(0), 0);
  assert.equal(lr(5), 5e-4);
  assert.equal(lr(10), 1e-3);
  assert.equal(lr(60), 5e-4);
  assert.equal(lr(110), 0);
});

test("early stopping ends training after `patience` evaluations without improvement", async () => {
  const model = EncoderModel.fromConfig(tf, tiny(), { seed: 4 });
  const stopper = earlyStopping({ patience: 2 });
  // A learning rate this small cannot move the evaluation loss by the threshold.
  const trainer = new Trainer({
    model,
    trainDataset: train.take(400),
    evalDataset: dev.take(32),
    callbacks: [{ ...stopper, onEvaluate: (s, m) => stopper.onEvaluate!(s, { ...m, eval_loss: 1 }) }],
    args: trainingArguments({
      outputDir: path.join(work, "early"),
      maxSteps: 40,
      batchSize: 8,
      learningRate: 1e-3,
      evalStrategy: "steps",
      evalSteps: 2,
      ...quiet,
    }),
  });
  const out = await trainer.train();
  assert.equal(out.globalStep, 6, "evaluations at steps 2 (best), 4 and 6 (no better): stop at 6");
  model.dispose();
});

test("dynamic padding pads each batch to its own longest row", () => {
  const collate = dataCollatorWithPadding(tf, { padTokenId: 0 });
  const batch = collate([
    { input_ids: [101, 7, 102], label: 1 },
    { input_ids: [101, 5, 6, 7, 102], label: 0 },
  ]);
  assert.deepEqual(batch.inputIds.arraySync(), [
    [101, 7, 102, 0, 0],
    [101, 5, 6, 7, 102],
  ]);
  assert.deepEqual(batch.attentionMask.arraySync(), [
    [1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1],
  ]);
  assert.deepEqual(batch.labels!.arraySync(), [1, 0]);
  assert.equal(batch.realTokens, 8);
});

test("bad input: no label column, a label outside id2label, non-positive or non-numeric arguments", () => {
  const model = EncoderModel.fromConfig(tf, tiny(), { seed: 1 });
  const args = trainingArguments({ outputDir: path.join(work, "bad"), ...quiet });
  assert.throws(
    () => new Trainer({ model, args, trainDataset: train.take(10).renameColumn("label", "labels") }),
    /the training dataset has no "label" column \(its columns: sentence, labels, idx, input_ids\)/,
  );
  const wrong = train.take(10).map((r, i) => ({ label: i === 3 ? 2 : r.label }));
  assert.throws(
    () => new Trainer({ model, args, trainDataset: wrong }),
    /row 3 of the training dataset has label 2, which is not one of the model's labels 0\.\.1 \(id2label: \{"0":"negative","1":"positive"\}\)/,
  );
  assert.throws(
    () => trainingArguments({ outputDir: "x", learningRate: -1 }),
    /TrainingArguments\.learningRate must be a positive number, not -1/,
  );
  assert.throws(
    () => trainingArguments({ outputDir: "x", batchSize: 0 }),
    /TrainingArguments\.batchSize must be a positive number, not 0/,
  );
  assert.throws(
    () => trainingArguments({ outputDir: "x", batchSize: "16" as never }),
    /TrainingArguments\.batchSize must be a number, not "16"/,
  );
  assert.throws(() => trainingArguments({ outputDir: "x", batchSize: 2.5 }), /batchSize must be a whole number/);
  model.dispose();
});

// The Trainer: Python's transformers.Trainer for the course's TF.js sequence classifiers.
// AdamW + linear warmup/decay, gradient clipping and accumulation, evaluation with computeMetrics,
// a log history, callbacks (early stopping), checkpoints with resume, a seed that makes runs
// repeatable, a progress bar and a live loss curve.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { Dataset, Row } from "../datasets/dataset";
import { LivePlot } from "../plot/plot";
import { progressBar } from "../progress";
import { permutation } from "../random";
import { lengthGroupedOrder } from "./length-grouped";
import type { TrainingArguments } from "./arguments";
import { trainingBackend } from "./backend";
import type { TrainerCallback, TrainerState } from "./callbacks";
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from "./checkpoint";
import { defaultCollator, disposeBatch, type CollatedBatch, type Collator, type ImageBatch, type ImageCollator } from "./collator";
import { HEADS, type HeadSpec } from "./heads";
import type { TrainableModel } from "./model";
import type { EncoderModel } from "./models/encoder";
import type { Gpt2LM } from "./models/gpt2";
import { onnxForward } from "./onnx-forward";
import { AdamW, clipByGlobalNorm } from "./optimizer";
import { savePretrained } from "./save";
import { linearSchedule } from "./schedule";

export interface EvalPrediction {
  /** Logits, one entry per example: [labels] per row, or [tokens][labels] for token classification. */
  predictions: any[];
  /** The labels: one per row, or one per token (-100 where a token is not scored). */
  labelIds: any[];
}

export type ComputeMetrics = (p: EvalPrediction) => Record<string, number>;

export interface TrainerInit {
  model: TrainableModel;
  args: TrainingArguments;
  trainDataset: Dataset;
  evalDataset?: Dataset;
  dataCollator?: Collator | ImageCollator;
  computeMetrics?: ComputeMetrics;
  callbacks?: TrainerCallback[];
  /** The tokenizer's folder, saved alongside the model by saveModel(). */
  tokenizerDir?: string;
}

export interface TrainOutput {
  globalStep: number;
  trainingLoss: number;
  metrics: Record<string, number>;
}

export class Trainer {
  readonly logHistory: Record<string, number>[] = [];
  readonly state: TrainerState = { globalStep: 0, epoch: 0 };
  private readonly tf: typeof TF;
  private readonly collate: Collator | ImageCollator;
  /** The model's head: what it learns from and how it is evaluated (lib/training/heads.ts). */
  private readonly head: HeadSpec;
  private plot?: LivePlot;

  constructor(private readonly init: TrainerInit) {
    this.tf = init.model.tf;
    this.head = HEADS[init.model.head];
    this.collate = init.dataCollator ?? defaultCollator(this.tf, init.model, init.args.maxLength);
    this.checkLabels(init.trainDataset, "training");
    if (init.evalDataset) this.checkLabels(init.evalDataset, "evaluation");
  }

  private checkLabels(ds: Dataset, what: string): void {
    const model = this.init.model as TrainableModel & { numLabels: number; config: { id2label: Record<number, string>; vocabSize: number } };
    // An image model (ViT) reads "pixel_values" (with a collator that stacks them) instead of token ids.
    if (!ds.columnNames.includes("input_ids") && !ds.columnNames.includes("pixel_values")) throw new Error(`the ${what} dataset has no "input_ids": tokenize it first with dataset.map(...)`);
    if (this.head.spanColumns) {
      for (const c of this.head.spanColumns) {
        if (!ds.columnNames.includes(c)) throw new Error(`the ${what} dataset has no "${c}" column (its columns: ${ds.columnNames.join(", ")}): question answering learns the answer's start and end tokens`);
      }
      return;
    }
    const column = this.head.labelColumn;
    if (!column) return; // a causal LM learns from its input ids themselves; the bare encoder has nothing to learn
    if (!ds.columnNames.includes(column)) {
      const hint = column === "label" ? `rename yours, e.g. dataset.renameColumn("labels", "label")` : `one label id per token, -100 for tokens not to score`;
      throw new Error(`the ${what} dataset has no "${column}" column (its columns: ${ds.columnNames.join(", ")}); ${hint}`);
    }
    const tokenLabels = this.head.labelIds === "vocabulary";
    const n = tokenLabels ? model.config.vocabSize : model.numLabels;
    ds.column(column).forEach((l, i) => {
      const values = column === "labels" ? (l as number[]) : [l as number];
      for (const v of values) {
        if (v === -100 && column === "labels") continue;
        if (!Number.isInteger(v) || v < 0 || v >= n) {
          const known = tokenLabels ? `token ids 0..${n - 1}` : `the model's labels 0..${n - 1} (id2label: ${JSON.stringify(model.config.id2label)})`;
          throw new Error(`row ${i} of the ${what} dataset has label ${JSON.stringify(v)}, which is not one of ${known}`);
        }
      }
    });
  }

  private lossOf(batch: CollatedBatch | ImageBatch, training: boolean, seed: number): TF.Scalar {
    const model = this.init.model;
    return model.loss(model.forward(batch, { training, dropoutSeed: seed }), batch);
  }

  /** Loss and metrics on a dataset (default: the evaluation dataset), keys prefixed "eval_". */
  async evaluate(dataset: Dataset | undefined = this.init.evalDataset): Promise<Record<string, number>> {
    if (!dataset) throw new Error("no evaluation dataset: pass evalDataset to the Trainer or a dataset to evaluate()");
    const { logits, labels, loss } = await this.run(dataset);
    const metrics: Record<string, number> = { eval_loss: loss };
    if (this.head.languageModel) metrics.eval_perplexity = Math.exp(loss);
    if (this.init.computeMetrics) for (const [k, v] of Object.entries(this.init.computeMetrics({ predictions: logits, labelIds: labels }))) metrics[`eval_${k}`] = v;
    return metrics;
  }

  /** Logits for every row (and metrics, when the rows have labels). */
  async predict(dataset: Dataset): Promise<{ predictions: any[]; labelIds?: any[]; metrics: Record<string, number> }> {
    const hasLabels = this.head.labelColumn !== undefined && dataset.columnNames.includes(this.head.labelColumn);
    const { logits, labels, loss } = await this.run(dataset);
    const metrics: Record<string, number> = hasLabels ? { test_loss: loss } : {};
    if (hasLabels && this.init.computeMetrics) for (const [k, v] of Object.entries(this.init.computeMetrics({ predictions: logits, labelIds: labels }))) metrics[`test_${k}`] = v;
    return { predictions: logits, labelIds: hasLabels ? labels : undefined, metrics };
  }

  private async run(dataset: Dataset): Promise<{ logits: any[]; labels: any[]; loss: number }> {
    const tf = this.tf;
    const model = this.init.model;
    const logits: any[] = [];
    const labels: any[] = [];
    let lossSum = 0;
    const size = this.init.args.evalBatchSize;
    const onnx = this.init.args.evalBackend === "onnxruntime" && this.head.onnxEvaluation ? await onnxForward(model as EncoderModel) : undefined;
    // A language model's logits ([batch, seq, vocab]) are too large to collect: its metric is the loss.
    const collect = this.head.predictions !== "none";
    // An error (a batch too long for the model, a failing metric) must not strand the batch's tensors nor the session.
    try {
      for (let start = 0; start < dataset.length; start += size) {
        const rows: Row[] = [];
        for (let i = start; i < Math.min(dataset.length, start + size); i++) rows.push(dataset.get(i));
        const batch = this.collate(rows);
        const made: TF.Tensor[] = []; // this batch's outputs, disposed whatever happens
        try {
          const fromOnnx = onnx ? await onnx(batch as CollatedBatch) : undefined;
          made.push(...([fromOnnx?.logits, fromOnnx?.startLogits, fromOnnx?.endLogits].filter(Boolean) as TF.Tensor[]));
          const out = tf.tidy(() => {
            const o = fromOnnx ?? model.forward(batch);
            const scored = this.head.spanColumns ? batch.startPositions !== undefined : batch.labels !== undefined;
            const l = this.head.predictions === "start-end" ? tf.stack([o.startLogits!, o.endLogits!], -1) : this.head.predictions === "logits" ? o.logits! : tf.zeros([rows.length]);
            return { l, loss: scored ? model.loss(o, batch) : tf.scalar(0) };
          });
          made.push(out.l, out.loss);
          if (collect) logits.push(...((await out.l.array()) as any[]));
          lossSum += (await out.loss.data())[0] * rows.length;
          if (batch.labels && collect) labels.push(...((await batch.labels.array()) as any[]));
        } finally {
          tf.dispose(made);
          disposeBatch(batch);
        }
      }
    } finally {
      await onnx?.release();
    }
    return { logits, labels, loss: lossSum / Math.max(1, dataset.length) };
  }

  private log(entry: Record<string, number>): void {
    this.logHistory.push(entry);
    if (!this.plot) return;
    const train = this.logHistory.filter((e) => e.loss !== undefined);
    const evals = this.logHistory.filter((e) => e.eval_loss !== undefined);
    this.plot.show({
      data: [
        { x: train.map((e) => e.step), y: train.map((e) => e.loss), name: "training loss", mode: "lines" },
        { x: evals.map((e) => e.step), y: evals.map((e) => e.eval_loss), name: "evaluation loss", mode: "lines+markers" },
      ],
      layout: { title: "Loss", xaxis: { title: "step" }, yaxis: { title: "loss" }, width: 640, height: 320 },
    });
  }

  private checkpointState(optimizer: AdamW) {
    return {
      global_step: this.state.globalStep, epoch: this.state.epoch, log_history: this.logHistory,
      best_metric: this.state.bestMetric, best_model_checkpoint: this.state.bestCheckpoint, optimizer_step: optimizer.step,
    };
  }

  /** Trains; with resumeFromCheckpoint (a folder, or true for the newest in outputDir) it continues a saved run. */
  async train(options: { resumeFromCheckpoint?: string | boolean } = {}): Promise<TrainOutput> {
    // AdamW's moments (twice the trained weights) and the gradients being summed are released however
    // training ends: finished, or stopped by an error (a failing metric or callback, a batch too long).
    // Frozen parameters get no gradient and no optimizer state.
    const optimizer = new AdamW(this.tf, this.init.model.trainableParameters(), { weightDecay: this.init.args.weightDecay });
    const held: HeldGradients = {};
    try {
      return await this.trainWith(optimizer, held, options);
    } finally {
      if (held.grads) this.tf.dispose([...held.grads.values()]);
      optimizer.dispose();
    }
  }

  private async trainWith(optimizer: AdamW, held: HeldGradients, options: { resumeFromCheckpoint?: string | boolean }): Promise<TrainOutput> {
    const tf = this.tf;
    const { model, args, trainDataset } = this.init;
    const backend = await trainingBackend();
    if (backend.tf !== tf) throw new Error("the model was built with another TensorFlow.js instance than the training backend's");
    console.log(`Training on ${backend.name}: ${backend.description}`);
    const n = trainDataset.length;
    const microPerEpoch = Math.ceil(n / args.batchSize);
    const lengths = args.groupByLength ? Array.from({ length: n }, (_, i) => rowLength(trainDataset.get(i))) : undefined;
    const stepsPerEpoch = Math.ceil(microPerEpoch / args.gradientAccumulationSteps); // the last group of an epoch may be short
    const totalSteps = args.maxSteps > 0 ? args.maxSteps : Math.ceil(args.numTrainEpochs * stepsPerEpoch);
    const warmup = args.warmupSteps || Math.ceil(args.warmupRatio * totalSteps);
    const lr = linearSchedule(args.learningRate, warmup, totalSteps);
    const names = new Map([...model.params].map(([name, v]) => [v.name, name]));

    const resume = options.resumeFromCheckpoint === true ? latestCheckpoint(args.outputDir) : options.resumeFromCheckpoint || undefined;
    if (options.resumeFromCheckpoint === true && !resume) throw new Error(`no checkpoint to resume from in ${args.outputDir}`);
    if (resume) {
      const saved = loadCheckpoint(tf, resume, model, optimizer);
      this.state.globalStep = saved.global_step;
      this.state.bestMetric = saved.best_metric;
      this.state.bestCheckpoint = saved.best_model_checkpoint;
      this.logHistory.push(...saved.log_history);
      console.log(`Resuming from ${resume} (step ${saved.global_step} of ${totalSteps})`);
    }
    if (args.plot) this.plot = new LivePlot({ data: [] });
    const bar = args.progress ? progressBar("Training", totalSteps, "items") : undefined;
    const started = Date.now();
    let tokens = 0;
    let lossSinceLog = 0;
    let stepsSinceLog = 0;
    let totalLoss = 0;
    let stop = false;
    const startEpoch = Math.floor(this.state.globalStep / stepsPerEpoch);
    let skipMicro = (this.state.globalStep - startEpoch * stepsPerEpoch) * args.gradientAccumulationSteps;

    const evaluateNow = async () => {
      const metrics = await this.evaluate();
      this.log({ step: this.state.globalStep, epoch: this.state.epoch, ...metrics });
      const value = metrics[args.metricForBestModel];
      if (value !== undefined && (this.state.bestMetric === undefined || (args.greaterIsBetter ? value > this.state.bestMetric : value < this.state.bestMetric))) {
        this.state.bestMetric = value;
        this.state.bestCheckpoint = path.join(args.outputDir, `checkpoint-${this.state.globalStep}`);
        if (args.loadBestModelAtEnd) await saveCheckpoint(this.state.bestCheckpoint, model, optimizer, this.checkpointState(optimizer));
      }
      for (const cb of this.init.callbacks ?? []) if (cb.onEvaluate?.(this.state, metrics)) stop = true;
    };

    for (let epoch = startEpoch; !stop && this.state.globalStep < totalSteps; epoch++) {
      const order = args.groupByLength ? lengthGroupedOrder(lengths!, args.batchSize, args.seed + epoch) : permutation(n, args.seed + epoch);
      let microLoss = 0;
      for (let micro = 0; micro < microPerEpoch && !stop && this.state.globalStep < totalSteps; micro++) {
        if (skipMicro > 0) {
          skipMicro--;
          continue;
        }
        const rows = order.slice(micro * args.batchSize, (micro + 1) * args.batchSize).map((i) => trainDataset.get(i));
        const batch = this.collate(rows);
        tokens += batch.realTokens;
        const seed = args.seed * 1_000_003 + epoch * 100_003 + micro;
        let step: { value: TF.Scalar; grads: TF.NamedTensorMap };
        try {
          step = tf.variableGrads(() => this.lossOf(batch, true, seed), model.trainableVariables);
        } finally {
          disposeBatch(batch);
        }
        const { value, grads } = step;
        microLoss += (await value.data())[0];
        value.dispose();
        const accumulated = held.grads;
        if (!accumulated) {
          held.grads = new Map(Object.entries(grads).map(([k, g]) => [names.get(k)!, g]));
        } else {
          for (const [k, g] of Object.entries(grads)) {
            const name = names.get(k)!;
            const sum = tf.add(accumulated.get(name)!, g);
            accumulated.get(name)!.dispose();
            g.dispose();
            accumulated.set(name, sum);
          }
        }
        if ((micro + 1) % args.gradientAccumulationSteps !== 0 && micro + 1 !== microPerEpoch) continue;
        // One optimizer step with the mean gradient of the accumulated micro-batches.
        const count = ((micro % args.gradientAccumulationSteps) + 1);
        const averaged = new Map([...held.grads!].map(([k, g]) => {
          const a = count > 1 ? tf.div(g, count) : g;
          if (a !== g) g.dispose();
          return [k, a];
        }));
        held.grads = averaged;
        const { grads: clipped, norm } = clipByGlobalNorm(tf, averaged, args.maxGradNorm);
        held.grads = clipped;
        const rate = lr(this.state.globalStep);
        optimizer.apply(clipped, rate);
        for (const g of clipped.values()) g.dispose();
        held.grads = undefined;
        this.state.globalStep++;
        this.state.epoch = epoch + (micro + 1) / microPerEpoch;
        const stepLoss = microLoss / count;
        microLoss = 0;
        lossSinceLog += stepLoss;
        stepsSinceLog++;
        totalLoss += stepLoss;
        for (const cb of this.init.callbacks ?? []) cb.onStep?.(this.state, stepLoss);
        const seconds = (Date.now() - started) / 1000;
        bar?.update(this.state.globalStep, totalSteps, `loss ${stepLoss.toFixed(3)} · ${Math.round(tokens / seconds)} tokens/s`);
        if (this.state.globalStep % args.loggingSteps === 0) {
          this.log({ step: this.state.globalStep, epoch: this.state.epoch, loss: lossSinceLog / stepsSinceLog, learning_rate: rate, grad_norm: norm });
          lossSinceLog = 0;
          stepsSinceLog = 0;
        }
        if (args.evalStrategy === "steps" && this.init.evalDataset && this.state.globalStep % args.evalSteps === 0) await evaluateNow();
        if (args.saveStrategy === "steps" && this.state.globalStep % args.saveSteps === 0) {
          await saveCheckpoint(path.join(args.outputDir, `checkpoint-${this.state.globalStep}`), model, optimizer, this.checkpointState(optimizer));
        }
      }
      if (held.grads) for (const g of held.grads.values()) g.dispose();
      held.grads = undefined;
      if (this.state.globalStep >= totalSteps || stop) this.state.epoch = Math.min(this.state.epoch, epoch + 1);
      if (args.evalStrategy === "epoch" && this.init.evalDataset && !stop) await evaluateNow();
      if (args.saveStrategy === "epoch") {
        await saveCheckpoint(path.join(args.outputDir, `checkpoint-${this.state.globalStep}`), model, optimizer, this.checkpointState(optimizer));
      }
    }
    if (args.loadBestModelAtEnd && this.state.bestCheckpoint && fs.existsSync(this.state.bestCheckpoint)) {
      loadCheckpoint(tf, this.state.bestCheckpoint, model, new AdamW(tf, new Map()));
      console.log(`Loaded the best model, from ${this.state.bestCheckpoint} (${args.metricForBestModel} = ${this.state.bestMetric})`);
    }
    const seconds = (Date.now() - started) / 1000;
    const doneSteps = Math.max(1, this.state.globalStep);
    bar?.finish(`${this.state.globalStep} steps in ${seconds.toFixed(1)} s`);
    this.plot?.finish(); // the loss chart becomes interactive
    const metrics = { train_runtime: seconds, train_steps_per_second: doneSteps / seconds, train_tokens_per_second: tokens / seconds, train_loss: totalLoss / doneSteps, epoch: this.state.epoch };
    this.logHistory.push({ step: this.state.globalStep, ...metrics });
    return { globalStep: this.state.globalStep, trainingLoss: metrics.train_loss, metrics };
  }

  /** Saves the trained model where pipeline() and Python transformers load it. */
  async saveModel(dir: string = this.init.args.outputDir): Promise<void> {
    await savePretrained(this.init.model as EncoderModel | Gpt2LM, dir, { tokenizerDir: this.init.tokenizerDir });
  }
}

/** The gradients summed for the next optimizer step, by parameter name (train() releases them if it stops early). */
interface HeldGradients {
  grads?: Map<string, TF.Tensor>;
}

/** A row's length for groupByLength: its token ids (an image row has none: all the same). */
function rowLength(row: Record<string, unknown>): number {
  const ids = row.input_ids;
  return Array.isArray(ids) ? ids.length : 0;
}

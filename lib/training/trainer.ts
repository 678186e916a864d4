// The Trainer: Python's transformers.Trainer for the course's TF.js models, every head of
// lib/training/heads.ts: the encoder's sequence and token classification, question answering and
// masked LM, GPT-2's causal LM, BART's sequence to sequence and the ViT's image classification.
// AdamW + linear warmup/decay, gradient clipping and accumulation, evaluation with computeMetrics,
// a log history, callbacks (early stopping), checkpoints with resume, a seed that makes runs
// repeatable, a progress bar and a live loss curve.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { Dataset, Row } from "../datasets/dataset";
import { LivePlot } from "../plot/plot";
import { progressBar, type ProgressBar } from "../progress-bar";
import { permutation } from "../random";
import { lengthGroupedOrder } from "./length-grouped";
import type { Strategy, TrainingArguments } from "./arguments";
import { trainingBackend } from "./backend";
import type { TrainerCallback, TrainerState } from "./callbacks";
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from "./checkpoint";
import { defaultCollator, disposeBatch, type CollatedBatch } from "./collator";
import { HEADS, type HeadSpec } from "./heads";
import type { BatchCollator, HeadOutput, TrainableModel, TrainingBatch } from "./model";
import type { EncoderModel } from "./models/encoder";
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

/** What the Trainer trains: a model and its data; Inputs and Output are the model's batch and forward output types. */
export interface TrainerInit<Inputs = unknown, Output extends HeadOutput = HeadOutput> {
  model: TrainableModel<Inputs, Output>;
  args: TrainingArguments;
  trainDataset: Dataset;
  evalDataset?: Dataset;
  /** Makes the model's batches from rows (default: the collator HEADS[model.head].collator names). */
  dataCollator?: BatchCollator<Inputs>;
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

export class Trainer<Inputs = unknown, Output extends HeadOutput = HeadOutput> {
  readonly logHistory: Record<string, number>[] = [];
  readonly state: TrainerState = { globalStep: 0, epoch: 0 };
  private readonly tf: typeof TF;
  private readonly collate: BatchCollator<Inputs>;
  /** The model's head: what it learns from and how it is evaluated (lib/training/heads.ts). */
  private readonly head: HeadSpec;
  private plot?: LivePlot;

  constructor(private readonly init: TrainerInit<Inputs, Output>) {
    this.tf = init.model.tf;
    this.head = HEADS[init.model.head];
    this.collate = init.dataCollator ?? defaultCollator(this.tf, init.model, init.args.maxLength);
    this.checkLabels(init.trainDataset, "training");
    if (init.evalDataset) this.checkLabels(init.evalDataset, "evaluation");
  }

  private checkLabels(ds: Dataset, what: string): void {
    const model = this.init.model;
    // An image model (ViT) reads "pixel_values" (with a collator that stacks them) instead of token ids.
    if (!ds.columnNames.includes("input_ids") && !ds.columnNames.includes("pixel_values"))
      throw new Error(`the ${what} dataset has no "input_ids": tokenize it first with dataset.map(...)`);
    if (this.head.spanColumns) {
      for (const c of this.head.spanColumns) {
        if (!ds.columnNames.includes(c))
          throw new Error(
            `the ${what} dataset has no "${c}" column (its columns: ${ds.columnNames.join(", ")}): question answering learns the answer's start and end tokens`,
          );
      }
      return;
    }
    const column = this.head.labelColumn;
    if (!column) return; // a causal LM learns from its input ids themselves; the bare encoder has nothing to learn
    if (!ds.columnNames.includes(column)) {
      const hint =
        column === "label"
          ? `rename yours, e.g. dataset.renameColumn("labels", "label")`
          : `one label id per token, -100 for tokens not to score`;
      throw new Error(
        `the ${what} dataset has no "${column}" column (its columns: ${ds.columnNames.join(", ")}); ${hint}`,
      );
    }
    const tokenLabels = this.head.labelIds === "vocabulary";
    const n = tokenLabels ? model.config.vocabSize : model.numLabels;
    if (n === undefined)
      throw new Error(
        `the model has no ${tokenLabels ? "config.vocabSize" : "numLabels"} to check the ${what} dataset's labels against`,
      );
    ds.column(column).forEach((l, i) => {
      const values = column === "labels" ? (l as number[]) : [l as number];
      for (const v of values) {
        if (v === -100 && column === "labels") continue;
        if (!Number.isInteger(v) || v < 0 || v >= n) {
          const known = tokenLabels
            ? `token ids 0..${n - 1}`
            : `the model's labels 0..${n - 1} (id2label: ${JSON.stringify(model.config.id2label)})`;
          throw new Error(
            `row ${i} of the ${what} dataset has label ${JSON.stringify(v)}, which is not one of ${known}`,
          );
        }
      }
    });
  }

  private lossOf(batch: TrainingBatch<Inputs>, training: boolean, seed: number): TF.Scalar {
    const model = this.init.model;
    return model.loss(model.forward(batch, { training, dropoutSeed: seed }), batch);
  }

  /** Loss and metrics on a dataset (default: the evaluation dataset), keys prefixed "eval_". */
  async evaluate(dataset: Dataset | undefined = this.init.evalDataset): Promise<Record<string, number>> {
    if (!dataset) throw new Error("no evaluation dataset: pass evalDataset to the Trainer or a dataset to evaluate()");
    const { logits, labels, loss } = await this.run(dataset);
    const metrics: Record<string, number> = { eval_loss: loss };
    if (this.head.languageModel) metrics.eval_perplexity = Math.exp(loss);
    if (this.init.computeMetrics)
      for (const [k, v] of Object.entries(this.init.computeMetrics({ predictions: logits, labelIds: labels })))
        metrics[`eval_${k}`] = v;
    return metrics;
  }

  /** Logits for every row (and metrics, when the rows have labels). */
  async predict(dataset: Dataset): Promise<{ predictions: any[]; labelIds?: any[]; metrics: Record<string, number> }> {
    const hasLabels = this.head.labelColumn !== undefined && dataset.columnNames.includes(this.head.labelColumn);
    const { logits, labels, loss } = await this.run(dataset);
    const metrics: Record<string, number> = hasLabels ? { test_loss: loss } : {};
    if (hasLabels && this.init.computeMetrics)
      for (const [k, v] of Object.entries(this.init.computeMetrics({ predictions: logits, labelIds: labels })))
        metrics[`test_${k}`] = v;
    return { predictions: logits, labelIds: hasLabels ? labels : undefined, metrics };
  }

  private async run(dataset: Dataset): Promise<{ logits: any[]; labels: any[]; loss: number }> {
    const tf = this.tf;
    const model = this.init.model;
    const logits: any[] = [];
    const labels: any[] = [];
    let lossSum = 0;
    const size = this.init.args.evalBatchSize;
    // Only the encoder's heads evaluate on ONNX Runtime (HEADS[head].onnxEvaluation).
    const onnx =
      this.init.args.evalBackend === "onnxruntime" && this.head.onnxEvaluation
        ? await onnxForward(model as unknown as EncoderModel)
        : undefined;
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
          const fromOnnx = onnx ? await onnx(batch as unknown as CollatedBatch) : undefined;
          made.push(...([fromOnnx?.logits, fromOnnx?.startLogits, fromOnnx?.endLogits].filter(Boolean) as TF.Tensor[]));
          const out = tf.tidy(() => {
            // The encoder's loss reads only the head's outputs, which the ONNX forward pass returns.
            const o = fromOnnx ? (fromOnnx as Output) : model.forward(batch);
            const scored = this.head.spanColumns ? batch.startPositions !== undefined : batch.labels !== undefined;
            const l =
              this.head.predictions === "start-end"
                ? tf.stack([o.startLogits!, o.endLogits!], -1)
                : this.head.predictions === "logits"
                  ? o.logits!
                  : tf.zeros([rows.length]);
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
        {
          x: evals.map((e) => e.step),
          y: evals.map((e) => e.eval_loss),
          name: "evaluation loss",
          mode: "lines+markers",
        },
      ],
      layout: { title: "Loss", xaxis: { title: "step" }, yaxis: { title: "loss" }, width: 640, height: 320 },
    });
  }

  private checkpointState(optimizer: AdamW) {
    return {
      global_step: this.state.globalStep,
      epoch: this.state.epoch,
      log_history: this.logHistory,
      best_metric: this.state.bestMetric,
      best_model_checkpoint: this.state.bestCheckpoint,
      optimizer_step: optimizer.step,
    };
  }

  /** Trains; with resumeFromCheckpoint (a folder, or true for the newest in outputDir) it continues a saved run. */
  async train(options: { resumeFromCheckpoint?: string | boolean } = {}): Promise<TrainOutput> {
    // AdamW's moments (twice the trained weights) and the gradients being summed are released however
    // training ends: finished, or stopped by an error (a failing metric or callback, a batch too long).
    // Frozen parameters get no gradient and no optimizer state.
    const optimizer = new AdamW(this.tf, this.init.model.trainableParameters(), {
      weightDecay: this.init.args.weightDecay,
    });
    const held: HeldGradients = {};
    try {
      const backend = await trainingBackend();
      if (backend.tf !== this.tf)
        throw new Error("the model was built with another TensorFlow.js instance than the training backend's");
      console.log(`Training on ${backend.name}: ${backend.description}`);
      const plan = this.plan();
      this.resume(options.resumeFromCheckpoint, plan, optimizer);
      const run = this.start(plan, optimizer, held);
      for (let epoch = run.startEpoch; !run.stop && this.state.globalStep < plan.totalSteps; epoch++)
        await this.trainEpoch(run, epoch);
      return this.finish(run);
    } finally {
      if (held.grads) this.tf.dispose([...held.grads.values()]);
      optimizer.dispose();
    }
  }

  /** The run's sizes: micro-batches per epoch, optimizer steps in all, the learning-rate schedule. */
  private plan(): TrainingPlan {
    const { model, args, trainDataset } = this.init;
    const n = trainDataset.length;
    const microPerEpoch = Math.ceil(n / args.batchSize);
    const lengths = args.groupByLength
      ? Array.from({ length: n }, (_, i) => rowLength(trainDataset.get(i)))
      : undefined;
    const stepsPerEpoch = Math.ceil(microPerEpoch / args.gradientAccumulationSteps); // the last group of an epoch may be short
    const totalSteps = args.maxSteps > 0 ? args.maxSteps : Math.ceil(args.numTrainEpochs * stepsPerEpoch);
    const warmup = args.warmupSteps || Math.ceil(args.warmupRatio * totalSteps);
    const names = new Map([...model.params].map(([name, v]) => [v.name, name]));
    return {
      microPerEpoch,
      lengths,
      stepsPerEpoch,
      totalSteps,
      lr: linearSchedule(args.learningRate, warmup, totalSteps),
      names,
    };
  }

  /** Continues a saved run: the weights, AdamW's moments, the step, the best metric and the log history. */
  private resume(from: string | boolean | undefined, plan: TrainingPlan, optimizer: AdamW): void {
    const { model, args } = this.init;
    const dir = from === true ? latestCheckpoint(args.outputDir) : from || undefined;
    if (from === true && !dir) throw new Error(`no checkpoint to resume from in ${args.outputDir}`);
    if (!dir) return;
    const saved = loadCheckpoint(this.tf, dir, model, optimizer);
    this.state.globalStep = saved.global_step;
    this.state.bestMetric = saved.best_metric;
    this.state.bestCheckpoint = saved.best_model_checkpoint;
    this.logHistory.push(...saved.log_history);
    console.log(`Resuming from ${dir} (step ${saved.global_step} of ${plan.totalSteps})`);
  }

  /** The live chart, the progress bar and the clock; where to start (after the micro-batches a resumed run already took). */
  private start(plan: TrainingPlan, optimizer: AdamW, held: HeldGradients): TrainingRun {
    const args = this.init.args;
    if (args.plot) this.plot = new LivePlot({ data: [] });
    const bar = args.progress ? progressBar("Training", plan.totalSteps, "items") : undefined;
    const startEpoch = Math.floor(this.state.globalStep / plan.stepsPerEpoch);
    return {
      ...plan,
      optimizer,
      held,
      bar,
      started: Date.now(),
      tokens: 0,
      lossSinceLog: 0,
      stepsSinceLog: 0,
      totalLoss: 0,
      stop: false,
      startEpoch,
      skipMicro: (this.state.globalStep - startEpoch * plan.stepsPerEpoch) * args.gradientAccumulationSteps,
    };
  }

  /** One pass over the training rows (seeded order): an optimizer step every gradientAccumulationSteps micro-batches. */
  private async trainEpoch(run: TrainingRun, epoch: number): Promise<void> {
    const args = this.init.args;
    const order = args.groupByLength
      ? lengthGroupedOrder(run.lengths!, args.batchSize, args.seed + epoch)
      : permutation(this.init.trainDataset.length, args.seed + epoch);
    let microLoss = 0;
    for (let micro = 0; micro < run.microPerEpoch && !run.stop && this.state.globalStep < run.totalSteps; micro++) {
      if (run.skipMicro > 0) {
        run.skipMicro--;
        continue;
      }
      microLoss += await this.accumulateGradients(run, order, epoch, micro);
      if ((micro + 1) % args.gradientAccumulationSteps !== 0 && micro + 1 !== run.microPerEpoch) continue;
      const count = (micro % args.gradientAccumulationSteps) + 1;
      this.step(run, epoch, micro, count, microLoss / count);
      microLoss = 0;
      await this.evaluateAndSaveWhenDue(run, "steps");
    }
    if (run.held.grads) for (const g of run.held.grads.values()) g.dispose();
    run.held.grads = undefined;
    if (this.state.globalStep >= run.totalSteps || run.stop) this.state.epoch = Math.min(this.state.epoch, epoch + 1);
    await this.evaluateAndSaveWhenDue(run, "epoch");
  }

  /** One micro-batch's forward and backward pass (dropout seeded by epoch and position); its gradients join the sum. Returns its loss. */
  private async accumulateGradients(run: TrainingRun, order: number[], epoch: number, micro: number): Promise<number> {
    const { model, args, trainDataset } = this.init;
    const tf = this.tf;
    const rows = order.slice(micro * args.batchSize, (micro + 1) * args.batchSize).map((i) => trainDataset.get(i));
    const batch = this.collate(rows);
    run.tokens += batch.realTokens;
    const seed = args.seed * 1_000_003 + epoch * 100_003 + micro;
    let pass: { value: TF.Scalar; grads: TF.NamedTensorMap };
    try {
      pass = tf.variableGrads(() => this.lossOf(batch, true, seed), model.trainableVariables);
    } finally {
      disposeBatch(batch);
    }
    const { value, grads } = pass;
    const loss = (await value.data())[0];
    value.dispose();
    const accumulated = run.held.grads;
    if (!accumulated) {
      run.held.grads = new Map(Object.entries(grads).map(([k, g]) => [run.names.get(k)!, g]));
    } else {
      for (const [k, g] of Object.entries(grads)) {
        const name = run.names.get(k)!;
        const sum = tf.add(accumulated.get(name)!, g);
        accumulated.get(name)!.dispose();
        g.dispose();
        accumulated.set(name, sum);
      }
    }
    return loss;
  }

  /** One optimizer step with the mean gradient of the `count` micro-batches summed, clipped; then the step's callbacks, progress and log. */
  private step(run: TrainingRun, epoch: number, micro: number, count: number, stepLoss: number): void {
    const tf = this.tf;
    const args = this.init.args;
    const averaged = new Map(
      [...run.held.grads!].map(([k, g]) => {
        const a = count > 1 ? tf.div(g, count) : g;
        if (a !== g) g.dispose();
        return [k, a];
      }),
    );
    run.held.grads = averaged;
    const { grads: clipped, norm } = clipByGlobalNorm(tf, averaged, args.maxGradNorm);
    run.held.grads = clipped;
    const rate = run.lr(this.state.globalStep);
    run.optimizer.apply(clipped, rate);
    for (const g of clipped.values()) g.dispose();
    run.held.grads = undefined;
    this.state.globalStep++;
    this.state.epoch = epoch + (micro + 1) / run.microPerEpoch;
    run.lossSinceLog += stepLoss;
    run.stepsSinceLog++;
    run.totalLoss += stepLoss;
    for (const cb of this.init.callbacks ?? []) cb.onStep?.(this.state, stepLoss);
    const seconds = (Date.now() - run.started) / 1000;
    run.bar?.update(
      this.state.globalStep,
      run.totalSteps,
      `loss ${stepLoss.toFixed(3)} · ${Math.round(run.tokens / seconds)} tokens/s`,
    );
    if (this.state.globalStep % args.loggingSteps === 0) {
      this.log({
        step: this.state.globalStep,
        epoch: this.state.epoch,
        loss: run.lossSinceLog / run.stepsSinceLog,
        learning_rate: rate,
        grad_norm: norm,
      });
      run.lossSinceLog = 0;
      run.stepsSinceLog = 0;
    }
  }

  /** Evaluates and saves a checkpoint when the strategies ask for it at this point: after a step ("steps", every evalSteps / saveSteps) or an epoch. */
  private async evaluateAndSaveWhenDue(run: TrainingRun, point: "steps" | "epoch"): Promise<void> {
    const args = this.init.args;
    const due = (strategy: Strategy, every: number) =>
      strategy === point && (point === "epoch" || this.state.globalStep % every === 0);
    if (due(args.evalStrategy, args.evalSteps) && this.init.evalDataset && !run.stop)
      await this.evaluateDuringTraining(run);
    if (due(args.saveStrategy, args.saveSteps)) {
      await saveCheckpoint(
        path.join(args.outputDir, `checkpoint-${this.state.globalStep}`),
        this.init.model,
        run.optimizer,
        this.checkpointState(run.optimizer),
      );
    }
  }

  /** An evaluation during training: logged, the best metric's checkpoint kept, and the callbacks asked whether to stop. */
  private async evaluateDuringTraining(run: TrainingRun): Promise<void> {
    const args = this.init.args;
    const metrics = await this.evaluate();
    this.log({ step: this.state.globalStep, epoch: this.state.epoch, ...metrics });
    const value = metrics[args.metricForBestModel];
    if (
      value !== undefined &&
      (this.state.bestMetric === undefined ||
        (args.greaterIsBetter ? value > this.state.bestMetric : value < this.state.bestMetric))
    ) {
      this.state.bestMetric = value;
      this.state.bestCheckpoint = path.join(args.outputDir, `checkpoint-${this.state.globalStep}`);
      if (args.loadBestModelAtEnd)
        await saveCheckpoint(
          this.state.bestCheckpoint,
          this.init.model,
          run.optimizer,
          this.checkpointState(run.optimizer),
        );
    }
    for (const cb of this.init.callbacks ?? []) if (cb.onEvaluate?.(this.state, metrics)) run.stop = true;
  }

  /** The best model loaded back (loadBestModelAtEnd), the bar and chart closed, the run's throughput and mean loss. */
  private finish(run: TrainingRun): TrainOutput {
    const tf = this.tf;
    const args = this.init.args;
    if (args.loadBestModelAtEnd && this.state.bestCheckpoint && fs.existsSync(this.state.bestCheckpoint)) {
      loadCheckpoint(tf, this.state.bestCheckpoint, this.init.model, new AdamW(tf, new Map()));
      console.log(
        `Loaded the best model, from ${this.state.bestCheckpoint} (${args.metricForBestModel} = ${this.state.bestMetric})`,
      );
    }
    const seconds = (Date.now() - run.started) / 1000;
    const doneSteps = Math.max(1, this.state.globalStep);
    run.bar?.finish(`${this.state.globalStep} steps in ${seconds.toFixed(1)} s`);
    this.plot?.finish(); // the loss chart becomes interactive
    const metrics = {
      train_runtime: seconds,
      train_steps_per_second: doneSteps / seconds,
      train_tokens_per_second: run.tokens / seconds,
      train_loss: run.totalLoss / doneSteps,
      epoch: this.state.epoch,
    };
    this.logHistory.push({ step: this.state.globalStep, ...metrics });
    return { globalStep: this.state.globalStep, trainingLoss: metrics.train_loss, metrics };
  }

  /** Saves the trained model where pipeline() and Python transformers load it. */
  async saveModel(dir: string = this.init.args.outputDir): Promise<void> {
    await savePretrained(this.init.model as unknown as Parameters<typeof savePretrained>[0], dir, {
      tokenizerDir: this.init.tokenizerDir,
    });
  }
}

/** The gradients summed for the next optimizer step, by parameter name (train() releases them if it stops early). */
interface HeldGradients {
  grads?: Map<string, TF.Tensor>;
}

/** A run's sizes and schedule (Trainer.plan). */
interface TrainingPlan {
  microPerEpoch: number;
  /** Each row's length, for groupByLength. */
  lengths?: number[];
  stepsPerEpoch: number;
  totalSteps: number;
  /** The learning rate at a step. */
  lr: (step: number) => number;
  /** Hugging Face parameter names by TF.js variable name (variableGrads keys its gradients by the latter). */
  names: Map<string, string>;
}

/** One call of train(): its plan, optimizer and summed gradients, and the counts its steps update. */
interface TrainingRun extends TrainingPlan {
  optimizer: AdamW;
  held: HeldGradients;
  bar?: ProgressBar;
  started: number;
  tokens: number;
  lossSinceLog: number;
  stepsSinceLog: number;
  totalLoss: number;
  /** A callback asked to stop (early stopping). */
  stop: boolean;
  startEpoch: number;
  /** Micro-batches of the first epoch a resumed run already trained on. */
  skipMicro: number;
}

/** A row's length for groupByLength: its token ids (an image row has none: all the same). */
function rowLength(row: Record<string, unknown>): number {
  const ids = row.input_ids;
  return Array.isArray(ids) ? ids.length : 0;
}

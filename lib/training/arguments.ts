// TrainingArguments: the Python Trainer's settings, camel-cased, with the same defaults where the
// course keeps them. Every number is checked, so a typo fails before training starts.
import { inKernel } from "../display";

export type Strategy = "no" | "steps" | "epoch";

export interface TrainingArguments {
  outputDir: string;
  numTrainEpochs: number;
  /** Stop after this many optimizer steps (overrides numTrainEpochs when > 0). */
  maxSteps: number;
  batchSize: number;
  evalBatchSize: number;
  learningRate: number;
  weightDecay: number;
  warmupSteps: number;
  warmupRatio: number;
  maxGradNorm: number;
  gradientAccumulationSteps: number;
  evalStrategy: Strategy;
  evalSteps: number;
  loggingSteps: number;
  saveStrategy: Strategy;
  saveSteps: number;
  seed: number;
  metricForBestModel: string;
  greaterIsBetter: boolean;
  loadBestModelAtEnd: boolean;
  /** Truncate sequences to this many tokens in the collator. */
  maxLength?: number;
  /**
   * Batch rows of similar length together (Python's `group_by_length`): much less padding, so a
   * faster epoch, where lengths vary a lot (short sentences); the order is still seeded random.
   */
  groupByLength: boolean;
  /** Draw a live loss curve (default: when running in a notebook). */
  plot: boolean;
  /** Show a progress bar (default true). */
  progress: boolean;
  /**
   * Where evaluate() and predict() run the model: "onnxruntime" (default; the model exported as
   * savePretrained writes it, several times faster on a CPU) for classification, token and QA heads,
   * or "tfjs" (the training backend). Language-model heads always evaluate on TensorFlow.js.
   */
  evalBackend: "onnxruntime" | "tfjs";
}

const POSITIVE: (keyof TrainingArguments)[] = [
  "numTrainEpochs",
  "batchSize",
  "evalBatchSize",
  "learningRate",
  "gradientAccumulationSteps",
  "evalSteps",
  "loggingSteps",
  "saveSteps",
];
const NON_NEGATIVE: (keyof TrainingArguments)[] = ["weightDecay", "warmupSteps", "warmupRatio", "maxGradNorm"];
const INTEGER: (keyof TrainingArguments)[] = [
  "batchSize",
  "evalBatchSize",
  "gradientAccumulationSteps",
  "evalSteps",
  "loggingSteps",
  "saveSteps",
  "warmupSteps",
  "seed",
];

export function trainingArguments(init: Partial<TrainingArguments> & { outputDir: string }): TrainingArguments {
  const metric = init.metricForBestModel ?? "eval_loss";
  const args: TrainingArguments = {
    numTrainEpochs: 3,
    maxSteps: -1,
    batchSize: 8,
    evalBatchSize: 32,
    learningRate: 5e-5,
    weightDecay: 0,
    warmupSteps: 0,
    warmupRatio: 0,
    maxGradNorm: 1,
    gradientAccumulationSteps: 1,
    evalStrategy: "no",
    evalSteps: 500,
    loggingSteps: 10,
    saveStrategy: "no",
    saveSteps: 500,
    seed: 42,
    metricForBestModel: metric,
    greaterIsBetter: !/loss/.test(metric),
    loadBestModelAtEnd: false,
    groupByLength: false,
    plot: inKernel(),
    progress: true,
    evalBackend: "onnxruntime",
    ...init,
  };
  for (const k of [...POSITIVE, ...NON_NEGATIVE, "maxSteps", "seed"] as (keyof TrainingArguments)[]) {
    const v = args[k];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new Error(`TrainingArguments.${k} must be a number, not ${JSON.stringify(v)}`);
  }
  for (const k of POSITIVE)
    if ((args[k] as number) <= 0) throw new Error(`TrainingArguments.${k} must be a positive number, not ${args[k]}`);
  for (const k of NON_NEGATIVE)
    if ((args[k] as number) < 0) throw new Error(`TrainingArguments.${k} cannot be negative (${args[k]})`);
  for (const k of INTEGER)
    if (!Number.isInteger(args[k])) throw new Error(`TrainingArguments.${k} must be a whole number, not ${args[k]}`);
  if (args.warmupRatio >= 1)
    throw new Error(
      `TrainingArguments.warmupRatio is a fraction of the training steps below 1, not ${args.warmupRatio}`,
    );
  for (const k of ["evalStrategy", "saveStrategy"] as const) {
    if (!["no", "steps", "epoch"].includes(args[k]))
      throw new Error(`TrainingArguments.${k} must be "no", "steps" or "epoch", not ${JSON.stringify(args[k])}`);
  }
  if (args.evalBackend !== "onnxruntime" && args.evalBackend !== "tfjs")
    throw new Error(
      `TrainingArguments.evalBackend must be "onnxruntime" or "tfjs", not ${JSON.stringify(args.evalBackend)}`,
    );
  if (args.loadBestModelAtEnd && args.evalStrategy === "no")
    throw new Error('loadBestModelAtEnd needs evaluation: set evalStrategy to "epoch" or "steps"');
  return args;
}

// What the Trainer needs of a model: EncoderModel (with its heads), Gpt2LM, Seq2SeqLM and VitModel
// provide it, each with its own batch (Inputs) and forward output (Output) types.
import type * as TF from "@tensorflow/tfjs-core";
import type { Row } from "../datasets/dataset";
import type { ModelHead } from "./heads";
import type { DropoutOptions } from "./models/parameters";
import type { NamedTensor } from "./safetensors";

/** What a head learns from: a label per row, a label per token (-100 = ignore), or an answer span. */
export interface Targets {
  labels?: TF.Tensor1D | TF.Tensor2D;
  startPositions?: TF.Tensor1D;
  endPositions?: TF.Tensor1D;
}

/** What the Trainer reads of a forward pass (HEADS[head].predictions): logits, or an answer span's start and end logits. */
export interface HeadOutput {
  logits?: TF.Tensor;
  startLogits?: TF.Tensor2D;
  endLogits?: TF.Tensor2D;
}

/** A batch as a collator makes it: the model's inputs, its targets, and how many tokens are not padding. */
export type TrainingBatch<Inputs> = Inputs & Targets & { realTokens: number };

/** Turns dataset rows into a model's training batch (the Trainer's dataCollator). */
export type BatchCollator<Inputs> = (rows: Row[]) => TrainingBatch<Inputs>;

export interface TrainableModel<Inputs = unknown, Output extends HeadOutput = HeadOutput> {
  tf: typeof TF;
  head: ModelHead;
  params: Map<string, TF.Variable>;
  /** The parameters that training updates (all but the frozen ones). */
  trainableVariables: TF.Variable[];
  trainableParameters(): Map<string, TF.Variable>;
  /** config.json as read; the Trainer checks label ids against the classes (id2label) or the vocabulary. */
  config: { raw: Record<string, unknown>; id2label?: Record<number, string>; vocabSize?: number };
  /** How many classes a classification head has. */
  numLabels?: number;
  forward(batch: Inputs, options?: DropoutOptions): Output;
  loss(output: Output, targets: Targets): TF.Scalar;
  weights(): Promise<Map<string, NamedTensor>>;
  /** Copies checkpoint tensors into the parameters; returns names the checkpoint lacked. */
  loadWeights(tensors: Map<string, NamedTensor>): string[];
  saveWeightsAndConfig(dir: string): Promise<void>;
}

// What the Trainer needs of a model: the encoder with its heads, GPT-2, BART and the ViT provide it.
import type * as TF from "@tensorflow/tfjs-core";
import type { ModelHead } from "./heads";
import type { NamedTensor } from "./safetensors";

export interface TrainableModel {
  tf: typeof TF;
  head: ModelHead;
  params: Map<string, TF.Variable>;
  /** The parameters that training updates (all but the frozen ones). */
  trainableVariables: TF.Variable[];
  trainableParameters(): Map<string, TF.Variable>;
  config: { raw: Record<string, unknown> };
  forward(batch: any, options?: { training?: boolean; dropoutSeed?: number }): any;
  loss(output: any, targets: any): TF.Scalar;
  weights(): Promise<Map<string, NamedTensor>>;
  /** Copies checkpoint tensors into the parameters; returns names the checkpoint lacked. */
  loadWeights(tensors: Map<string, NamedTensor>): string[];
  saveWeightsAndConfig(dir: string): Promise<void>;
}

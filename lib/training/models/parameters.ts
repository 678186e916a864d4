// A model's parameters: TF.js variables keyed by their Hugging Face names, and the base every course
// model shares (freezing, loading and reading weights, seeded dropout, fromPretrained's steps).
import type * as TF from "@tensorflow/tfjs-core";
import type { Checkpoint } from "../pretrained";
import type { NamedTensor } from "../safetensors";
import { dropout } from "./ops";

export type Init = "normal" | "zeros" | "ones";

/** Creates the variables; "normal" draws from N(0, std) with a seed per parameter (repeatable). */
export function createParameters(
  tf: typeof TF,
  specs: Iterable<[string, number[], Init, number]>,
  seed: number,
): Map<string, TF.Variable> {
  const params = new Map<string, TF.Variable>();
  let k = 0;
  for (const [name, shape, init, std] of specs) {
    const value =
      init === "ones"
        ? tf.ones(shape)
        : init === "zeros"
          ? tf.zeros(shape)
          : tf.randomNormal(shape, 0, std, "float32", seed * 7919 + k++);
    params.set(name, tf.variable(value, true)); // the Hugging Face name is the map key (tf names are global)
    value.dispose();
  }
  return params;
}

/** The parameters as float32 arrays, by name. */
async function readParameters(params: Map<string, TF.Variable>): Promise<Map<string, NamedTensor>> {
  const out = new Map<string, NamedTensor>();
  for (const [name, v] of params) out.set(name, { shape: v.shape, data: (await v.data()) as Float32Array });
  return out;
}

/** Which parameters to freeze: a part of their Hugging Face name, a pattern, or a test. */
export type ParameterMatch = string | RegExp | ((name: string) => boolean);

/** A forward pass in training draws dropout masks from its seed (the Trainer's: one per micro-batch). */
export interface DropoutOptions {
  training?: boolean;
  /** Seed for this call's dropout masks (training only). */
  dropoutSeed?: number;
}

/** What every model of the course has: its tensor library and its named parameters. */
export abstract class ParameterizedModel {
  private readonly frozen = new Set<string>();
  /** Dropout masks drawn so far in this forward pass. */
  private dropoutCalls = 0;

  constructor(
    readonly tf: typeof TF,
    readonly params: Map<string, TF.Variable>,
  ) {}

  /**
   * fromPretrained's steps, the same for every model: build it from the checkpoint's config.json, copy
   * the weights in. Returns the model and the parameters the checkpoint lacked (loadWeights decides
   * which may be missing).
   */
  protected static fromCheckpoint<M extends ParameterizedModel>(
    checkpoint: Checkpoint,
    build: (config: Record<string, unknown>) => M,
  ): { model: M; missing: string[] } {
    const model = build(checkpoint.config);
    return { model, missing: model.loadWeights(checkpoint.tensors) };
  }

  /** Copies checkpoint tensors into the parameters; returns the names the checkpoint lacked. */
  abstract loadWeights(tensors: Map<string, NamedTensor>): string[];

  /** Starts a forward pass: its dropout masks are numbered from 0, so a seed draws the same masks on every call. */
  protected startForward(): void {
    this.dropoutCalls = 0;
  }

  /** Dropout in training (the input unchanged otherwise): mask n of a pass is drawn with seed · 100003 + n. */
  protected dropout(x: TF.Tensor, rate: number, options: DropoutOptions): TF.Tensor {
    if (!options.training || rate <= 0) return x;
    return dropout(this.tf, x, rate, (options.dropoutSeed ?? 0) * 100003 + this.dropoutCalls++);
  }

  /** The variables training updates: every parameter that is not frozen. */
  get trainableVariables(): TF.Variable[] {
    return [...this.trainableParameters().values()];
  }

  /** The parameters training updates, by Hugging Face name. */
  trainableParameters(): Map<string, TF.Variable> {
    return new Map([...this.params].filter(([name]) => !this.frozen.has(name)));
  }

  /**
   * Freezes the parameters whose name matches: training leaves them as they are and computes no
   * gradient for them (the backward pass stops below the lowest trainable layer), so a step is
   * cheaper. E.g. `model.freeze("embeddings.")`, `model.freeze(/layer\.[0-2]\./)`. Returns the names frozen.
   */
  freeze(match: ParameterMatch): string[] {
    const test =
      typeof match === "string"
        ? (n: string) => n.includes(match)
        : match instanceof RegExp
          ? (n: string) => match.test(n)
          : match;
    const names = [...this.params.keys()].filter(test);
    if (names.length === 0)
      throw new Error(
        `freeze(${String(match)}) matches no parameter; names look like ${[...this.params.keys()].slice(0, 3).join(", ")}`,
      );
    for (const n of names) this.frozen.add(n);
    return names;
  }

  /** Makes every parameter trainable again. */
  unfreeze(): void {
    this.frozen.clear();
  }

  /**
   * Copies a checkpoint's tensors into the parameters `lookup` finds (under their own name or another:
   * unprefixed, tied, renamed). Throws naming a misshapen weight; returns the names it found none for.
   */
  protected copyWeights(lookup: (name: string) => NamedTensor | undefined): string[] {
    const missing: string[] = [];
    for (const [name, v] of this.params) {
      const t = lookup(name);
      if (!t) {
        missing.push(name);
        continue;
      }
      if (t.shape.join("x") !== v.shape.join("x")) {
        throw new Error(
          `weight ${name} has shape [${t.shape.join(", ")}] in the checkpoint but [${v.shape.join(", ")}] in a model built from its config.json: the weights and the config do not belong together`,
        );
      }
      const value = this.tf.tensor(t.data, t.shape, "float32");
      v.assign(value);
      value.dispose();
    }
    return missing;
  }

  /** Copies a checkpoint's tensors into every parameter; throws naming the first it lacks or a misshapen one. */
  protected copyAllWeights(lookup: (name: string) => NamedTensor | undefined, family: string): void {
    const [missing] = this.copyWeights(lookup);
    if (missing) throw new Error(`the checkpoint has no ${missing}: it is not a ${family} checkpoint of this config`);
  }

  /** The parameters as float32 arrays, by Hugging Face name. */
  weights(): Promise<Map<string, NamedTensor>> {
    return readParameters(this.params);
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

// A Vision Transformer (ViT) image classifier in TensorFlow.js: the same computation and parameter names
// as Hugging Face's ViTForImageClassification (patch embedding, [CLS] token, position embeddings,
// pre-LayerNorm encoder layers, final LayerNorm, a linear classifier on the [CLS] output), so its
// config.json + model.safetensors load in Python transformers and its ONNX export in transformers.js.
// Hand-written: TensorFlow.js has no ViT, and no library builds one from a Hugging Face config.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { Row } from "../../datasets/dataset";
import type { ImageCollator } from "../collator";
import type { Targets, TrainableModel } from "../model";
import { readCheckpointFolder } from "../pretrained";
import { writeSafetensors, type NamedTensor } from "../safetensors";
import type { EncoderConfig } from "./config";
import { crossEntropy, geluErf, layerNorm, linearOutIn, matmul, swapLast } from "./ops";
import { createParameters, ParameterizedModel, type DropoutOptions, type Init } from "./parameters";

/** A ViT's sizes: an encoder's (as config.ts reads BERT's), with an image and its patches instead of a vocabulary and positions. */
export type VitConfig = Omit<EncoderConfig, "modelType" | "vocabSize" | "maxPositions" | "typeVocabSize"> & {
  imageSize: number;
  patchSize: number;
  numChannels: number;
};

/** What the model takes: pixel values as the image processor makes them, [batch, channels, height, width]. */
export interface VitBatch {
  pixelValues: TF.Tensor4D;
}

export interface VitOutput {
  /** [batch, labels] */
  logits: TF.Tensor2D;
  /** [batch, 1 + patches, hidden]: the [CLS] position first. */
  lastHiddenState: TF.Tensor3D;
}

function num(raw: Record<string, unknown>, key: string): number {
  if (typeof raw[key] !== "number")
    throw new Error(`config.json has no number "${key}": it does not describe a complete ViT`);
  return raw[key] as number;
}

function vitConfig(raw: Record<string, unknown>): VitConfig {
  if (raw.model_type !== "vit") throw new Error(`model_type "${String(raw.model_type)}" is not "vit"`);
  const act = String(raw.hidden_act ?? "gelu");
  if (act !== "gelu") throw new Error(`activation "${act}" is not supported: the course's ViT uses "gelu"`);
  if (raw.qkv_bias === false)
    throw new Error("qkv_bias false is not supported: the course's ViT has query, key and value biases");
  const cfg: VitConfig = {
    imageSize: num(raw, "image_size"),
    patchSize: num(raw, "patch_size"),
    numChannels: (raw.num_channels as number) ?? 3,
    hiddenSize: num(raw, "hidden_size"),
    numLayers: num(raw, "num_hidden_layers"),
    numHeads: num(raw, "num_attention_heads"),
    intermediateSize: num(raw, "intermediate_size"),
    layerNormEps: (raw.layer_norm_eps as number) ?? 1e-12,
    dropout: (raw.hidden_dropout_prob as number) ?? 0,
    attentionDropout: (raw.attention_probs_dropout_prob as number) ?? 0,
    initializerRange: (raw.initializer_range as number) ?? 0.02,
    id2label: Object.fromEntries(
      Object.entries((raw.id2label as Record<string, string>) ?? {}).map(([k, v]) => [Number(k), v]),
    ),
    raw,
  };
  if (cfg.imageSize % cfg.patchSize !== 0)
    throw new Error(`image size ${cfg.imageSize} is not a multiple of the patch size ${cfg.patchSize}`);
  if (cfg.hiddenSize % cfg.numHeads !== 0)
    throw new Error(`hidden size ${cfg.hiddenSize} is not a multiple of the ${cfg.numHeads} attention heads`);
  if (Object.keys(cfg.id2label).length < 2)
    throw new Error("config.json needs id2label with two labels or more for image classification");
  return cfg;
}

/** Hugging Face's names of one encoder layer's parameters. */
export function vitLayerNames(i: number) {
  const l = `vit.encoder.layer.${i}`;
  return {
    normBefore: `${l}.layernorm_before`,
    query: `${l}.attention.attention.query`,
    key: `${l}.attention.attention.key`,
    value: `${l}.attention.attention.value`,
    attnOut: `${l}.attention.output.dense`,
    normAfter: `${l}.layernorm_after`,
    ffIn: `${l}.intermediate.dense`,
    ffOut: `${l}.output.dense`,
  };
}

export const VIT_NAMES = {
  cls: "vit.embeddings.cls_token",
  positions: "vit.embeddings.position_embeddings",
  patches: "vit.embeddings.patch_embeddings.projection",
  finalNorm: "vit.layernorm",
  classifier: "classifier",
} as const;

/** Every parameter with its shape and initialisation (normal(0, initializer_range) weights, as Hugging Face's _init_weights). */
function parameterShapes(cfg: VitConfig): [string, number[], Init][] {
  const H = cfg.hiddenSize;
  const I = cfg.intermediateSize;
  const P = cfg.patchSize;
  const patches = (cfg.imageSize / P) ** 2;
  const linear = (name: string, out: number, inp: number): [string, number[], Init][] => [
    [`${name}.weight`, [out, inp], "normal"],
    [`${name}.bias`, [out], "zeros"],
  ];
  const norm = (name: string): [string, number[], Init][] => [
    [`${name}.weight`, [H], "ones"],
    [`${name}.bias`, [H], "zeros"],
  ];
  const specs: [string, number[], Init][] = [
    [`${VIT_NAMES.cls}`, [1, 1, H], "normal"],
    [`${VIT_NAMES.positions}`, [1, patches + 1, H], "normal"],
    [`${VIT_NAMES.patches}.weight`, [H, cfg.numChannels, P, P], "normal"],
    [`${VIT_NAMES.patches}.bias`, [H], "zeros"],
  ];
  for (let i = 0; i < cfg.numLayers; i++) {
    const n = vitLayerNames(i);
    specs.push(
      ...norm(n.normBefore),
      ...linear(n.query, H, H),
      ...linear(n.key, H, H),
      ...linear(n.value, H, H),
      ...linear(n.attnOut, H, H),
    );
    specs.push(...norm(n.normAfter), ...linear(n.ffIn, I, H), ...linear(n.ffOut, H, I));
  }
  specs.push(...norm(VIT_NAMES.finalNorm), ...linear(VIT_NAMES.classifier, Object.keys(cfg.id2label).length, H));
  return specs;
}

export class VitModel extends ParameterizedModel implements TrainableModel<VitBatch, VitOutput> {
  readonly head = "image-classification" as const;

  constructor(
    tf: typeof TF,
    readonly config: VitConfig,
    params: Map<string, TF.Variable>,
  ) {
    super(tf, params);
  }

  get numLabels(): number {
    return Object.keys(this.config.id2label).length;
  }

  get numPatches(): number {
    return (this.config.imageSize / this.config.patchSize) ** 2;
  }

  static fromConfig(tf: typeof TF, raw: Record<string, unknown>, options: { seed?: number } = {}): VitModel {
    const cfg = vitConfig(raw);
    const specs = parameterShapes(cfg).map(
      ([name, shape, init]) => [name, shape, init, cfg.initializerRange] as [string, number[], Init, number],
    );
    return new VitModel(tf, cfg, createParameters(tf, specs, options.seed ?? 42));
  }

  /** Loads config.json + model.safetensors from a folder (as saveWeightsAndConfig writes them). */
  static fromPretrained(tf: typeof TF, dir: string): VitModel {
    return VitModel.fromCheckpoint(readCheckpointFolder(dir), (config) => VitModel.fromConfig(tf, config)).model;
  }

  loadWeights(tensors: Map<string, NamedTensor>): string[] {
    this.copyAllWeights((name) => tensors.get(name), "ViT");
    return [];
  }

  private p(name: string): TF.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`the model has no parameter ${name}`);
    return v;
  }

  private linear(x: TF.Tensor, name: string): TF.Tensor {
    return linearOutIn(this.tf, x, this.p(`${name}.weight`), this.p(`${name}.bias`));
  }

  private norm(x: TF.Tensor, name: string): TF.Tensor {
    return layerNorm(this.tf, x, this.p(`${name}.weight`), this.p(`${name}.bias`), this.config.layerNormEps);
  }

  /**
   * The image as a sequence of flattened patches [batch, patches, channels·P·P], row by row, each patch's
   * values in (channel, row, column) order: the order of the Conv2d weight [hidden, channels, P, P], so that
   * multiplying by the flattened weight is the stride-P convolution Hugging Face's patch embedding runs.
   */
  patches(pixelValues: TF.Tensor4D): TF.Tensor3D {
    const { imageSize: S, patchSize: P, numChannels: C } = this.config;
    const [B, channels, height, width] = pixelValues.shape;
    if (channels !== C || height !== S || width !== S)
      throw new Error(
        `pixel values of shape [${pixelValues.shape.join(", ")}]: this ViT takes [batch, ${C}, ${S}, ${S}] (what its image processor makes)`,
      );
    const g = S / P;
    // [B, C, g, P, g, P] -> [B, g, g, C, P, P], in two rank-5 transposes (backends support up to rank 5 or 6).
    const rows = pixelValues.reshape([B, C, g, P, S]).transpose([0, 2, 1, 3, 4]); // [B, g, C, P, S]
    const cells = rows.reshape([B * g, C, P, g, P]).transpose([0, 3, 1, 2, 4]); // [B·g, g, C, P, P]
    return cells.reshape([B, g * g, C * P * P]) as TF.Tensor3D;
  }

  forward(batch: VitBatch, options: DropoutOptions = {}): VitOutput {
    const tf = this.tf;
    const cfg = this.config;
    this.startForward();
    const B = batch.pixelValues.shape[0];
    const H = cfg.hiddenSize;
    const heads = cfg.numHeads;
    const dh = H / heads;
    const w = this.p(`${VIT_NAMES.patches}.weight`);
    const embedded = linearOutIn(
      tf,
      this.patches(batch.pixelValues),
      w.reshape([H, -1]),
      this.p(`${VIT_NAMES.patches}.bias`),
    );
    const cls = tf.tile(this.p(VIT_NAMES.cls), [B, 1, 1]);
    let x: TF.Tensor = this.dropout(
      tf.add(tf.concat([cls, embedded], 1), this.p(VIT_NAMES.positions)),
      cfg.dropout,
      options,
    );
    const S = this.numPatches + 1;
    const split = (t: TF.Tensor) => t.reshape([B, S, heads, dh]).transpose([0, 2, 1, 3]);
    for (let i = 0; i < cfg.numLayers; i++) {
      const n = vitLayerNames(i);
      const h = this.norm(x, n.normBefore);
      const q = split(this.linear(h, n.query));
      const k = split(this.linear(h, n.key));
      const v = split(this.linear(h, n.value));
      const probs = tf.softmax(tf.div(matmul(tf, q, swapLast(tf, k)), Math.sqrt(dh)), -1);
      const context = matmul(tf, this.dropout(probs, cfg.attentionDropout, options), v)
        .transpose([0, 2, 1, 3])
        .reshape([B, S, H]);
      x = tf.add(this.dropout(this.linear(context, n.attnOut), cfg.dropout, options), x);
      const ff = this.linear(geluErf(tf, this.linear(this.norm(x, n.normAfter), n.ffIn)), n.ffOut);
      x = tf.add(this.dropout(ff, cfg.dropout, options), x);
    }
    const last = this.norm(x, VIT_NAMES.finalNorm) as TF.Tensor3D;
    const first = last.slice([0, 0, 0], [B, 1, H]).reshape([B, H]);
    return { logits: this.linear(first, VIT_NAMES.classifier) as TF.Tensor2D, lastHiddenState: last };
  }

  loss(output: Pick<VitOutput, "logits">, targets: Targets): TF.Scalar {
    if (!targets.labels) throw new Error("image classification learns from labels: the batch has none");
    return crossEntropy(this.tf, output.logits, targets.labels);
  }

  /** config.json (with id2label / label2id) and model.safetensors, in the Hub's format. */
  async saveWeightsAndConfig(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    const labels = Object.entries(this.config.id2label);
    const config = {
      ...this.config.raw,
      model_type: "vit",
      architectures: ["ViTForImageClassification"],
      id2label: Object.fromEntries(labels.map(([k, v]) => [String(k), v])),
      label2id: Object.fromEntries(labels.map(([k, v]) => [v, Number(k)])),
    };
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config, null, 2) + "\n");
    writeSafetensors(path.join(dir, "model.safetensors"), await this.weights());
  }
}

/**
 * Stacks rows' `pixel_values` (the image processor's output, channels × height × width values each) into
 * the model's batch, with their `label` when every row has one: the Trainer's dataCollator for a ViT.
 */
export function imageCollator(tf: typeof TF, model: VitModel): ImageCollator {
  const { numChannels: C, imageSize: S } = model.config;
  const size = C * S * S;
  return (rows: Row[]) => {
    if (rows.length === 0) throw new Error("cannot collate an empty batch");
    const data = new Float32Array(rows.length * size);
    rows.forEach((r, i) => {
      const v = r.pixel_values as ArrayLike<number> | undefined;
      if (!v || v.length !== size)
        throw new Error(
          `row ${i} has ${v ? v.length : "no"} pixel_values; this ViT takes ${size} (${C} × ${S} × ${S}, what its image processor makes)`,
        );
      data.set(v, i * size);
    });
    const labeled = rows.every((r) => r.label !== undefined && r.label !== null);
    return {
      pixelValues: tf.tensor4d(data, [rows.length, C, S, S]),
      labels: labeled
        ? tf.tensor1d(
            rows.map((r) => Number(r.label)),
            "int32",
          )
        : undefined,
      realTokens: rows.length * (model.numPatches + 1),
    };
  };
}

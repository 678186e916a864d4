// GPT-2 (a causal language model) in TensorFlow.js, with Hugging Face's GPT2LMHeadModel
// parameter names: transformer.wte / wpe / h.{i}.{ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc,
// mlp.c_proj} / ln_f; the LM head is tied to the token embeddings.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { Targets, TrainableModel } from "../model";
import { readCheckpoint } from "../pretrained";
import { writeSafetensors, type NamedTensor } from "../safetensors";
import { MASK_VALUE } from "./encoder";
import { createParameters, ParameterizedModel, type DropoutOptions, type Init } from "./parameters";
import { crossEntropy, geluTanh, layerNorm, linearInOut, matmul, swapLast } from "./ops";

export interface Gpt2Config {
  vocabSize: number;
  nPositions: number;
  hidden: number;
  layers: number;
  heads: number;
  eps: number;
  dropout: number;
  attentionDropout: number;
  initializerRange: number;
  bosTokenId: number;
  eosTokenId: number;
  raw: Record<string, unknown>;
}

function gpt2Config(raw: Record<string, unknown>): Gpt2Config {
  if (raw.model_type !== "gpt2")
    throw new Error(`model_type "${String(raw.model_type)}" is not gpt2: the course's causal language model is GPT-2`);
  const act = String(raw.activation_function ?? "gelu_new");
  if (act !== "gelu_new") throw new Error(`activation "${act}" is not supported: GPT-2 uses "gelu_new"`);
  const need = (k: string) => {
    if (typeof raw[k] !== "number")
      throw new Error(`config.json has no ${k}: it does not describe a complete gpt2 model`);
    return raw[k] as number;
  };
  const cfg: Gpt2Config = {
    vocabSize: need("vocab_size"),
    nPositions: need("n_positions"),
    hidden: need("n_embd"),
    layers: need("n_layer"),
    heads: need("n_head"),
    eps: (raw.layer_norm_epsilon as number) ?? 1e-5,
    dropout: (raw.resid_pdrop as number) ?? 0.1,
    attentionDropout: (raw.attn_pdrop as number) ?? 0.1,
    initializerRange: (raw.initializer_range as number) ?? 0.02,
    bosTokenId: (raw.bos_token_id as number) ?? 50256,
    eosTokenId: (raw.eos_token_id as number) ?? 50256,
    raw,
  };
  if (cfg.hidden % cfg.heads !== 0) throw new Error(`n_embd ${cfg.hidden} is not a multiple of the ${cfg.heads} heads`);
  return cfg;
}

/** A small GPT-2 config for tests and models trained from scratch. */
export function tinyGpt2Config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_type: "gpt2",
    architectures: ["GPT2LMHeadModel"],
    vocab_size: 50257,
    n_positions: 256,
    n_embd: 64,
    n_layer: 2,
    n_head: 4,
    n_inner: null,
    activation_function: "gelu_new",
    layer_norm_epsilon: 1e-5,
    resid_pdrop: 0.1,
    embd_pdrop: 0.1,
    attn_pdrop: 0.1,
    initializer_range: 0.02,
    bos_token_id: 50256,
    eos_token_id: 50256,
    ...overrides,
  };
}

function gpt2Shapes(cfg: Gpt2Config): Map<string, [number[], Init, number]> {
  const H = cfg.hidden;
  const std = cfg.initializerRange;
  // GPT-2 scales the residual projections' initialisation by 1/sqrt(2 * layers).
  const projStd = std / Math.sqrt(2 * cfg.layers);
  const s = new Map<string, [number[], Init, number]>();
  s.set("transformer.wte.weight", [[cfg.vocabSize, H], "normal", std]);
  s.set("transformer.wpe.weight", [[cfg.nPositions, H], "normal", std]);
  const norm = (n: string) => {
    s.set(`${n}.weight`, [[H], "ones", 0]);
    s.set(`${n}.bias`, [[H], "zeros", 0]);
  };
  const conv = (n: string, inp: number, out: number, sd: number) => {
    s.set(`${n}.weight`, [[inp, out], "normal", sd]);
    s.set(`${n}.bias`, [[out], "zeros", 0]);
  };
  for (let i = 0; i < cfg.layers; i++) {
    const p = `transformer.h.${i}`;
    norm(`${p}.ln_1`);
    conv(`${p}.attn.c_attn`, H, 3 * H, std);
    conv(`${p}.attn.c_proj`, H, H, projStd);
    norm(`${p}.ln_2`);
    conv(`${p}.mlp.c_fc`, H, 4 * H, std);
    conv(`${p}.mlp.c_proj`, 4 * H, H, projStd);
  }
  norm("transformer.ln_f");
  return s;
}

export interface CausalBatch {
  inputIds: TF.Tensor2D;
  attentionMask: TF.Tensor2D;
}

export interface CausalOutput {
  /** Next-token logits [batch, seq, vocab]. */
  logits: TF.Tensor3D;
  lastHiddenState: TF.Tensor3D;
}

export class Gpt2LM extends ParameterizedModel implements TrainableModel<CausalBatch, CausalOutput> {
  readonly head = "causal-lm" as const;

  constructor(
    tf: typeof TF,
    readonly config: Gpt2Config,
    params: Map<string, TF.Variable>,
  ) {
    super(tf, params);
  }

  static fromConfig(tf: typeof TF, raw: Record<string, unknown>, options: { seed?: number } = {}): Gpt2LM {
    const cfg = gpt2Config(raw);
    const specs = [...gpt2Shapes(cfg)].map(
      ([name, [shape, init, std]]) => [name, shape, init, std] as [string, number[], Init, number],
    );
    return new Gpt2LM(tf, cfg, createParameters(tf, specs, options.seed ?? 42));
  }

  /** Loads config.json + model.safetensors from a folder or a Hub model id (through the course cache). */
  static async fromPretrained(tf: typeof TF, idOrDir: string, options: { revision?: string } = {}): Promise<Gpt2LM> {
    return Gpt2LM.fromCheckpoint(await readCheckpoint(idOrDir, options.revision), (config) =>
      Gpt2LM.fromConfig(tf, config),
    ).model;
  }

  /** Copies GPT-2 checkpoint tensors in (with or without the "transformer." prefix). */
  loadWeights(tensors: Map<string, NamedTensor>): string[] {
    this.copyAllWeights((name) => tensors.get(name) ?? tensors.get(name.replace(/^transformer\./, "")), "GPT-2");
    return [];
  }

  private p(name: string): TF.Variable {
    return this.params.get(name)!;
  }

  /** Next-token logits [batch, seq, vocab] for every position (right padding; no cache). */
  forward(batch: CausalBatch, options: DropoutOptions = {}): CausalOutput {
    const tf = this.tf;
    const cfg = this.config;
    this.startForward();
    const [B, S] = batch.inputIds.shape;
    if (S > cfg.nPositions)
      throw new Error(`sequences of ${S} tokens are longer than this model's ${cfg.nPositions} positions`);
    const H = cfg.hidden;
    const dh = H / cfg.heads;
    let x: TF.Tensor = tf.add(
      tf.gather(this.p("transformer.wte.weight"), batch.inputIds),
      tf.gather(this.p("transformer.wpe.weight"), tf.range(0, S, 1, "int32")),
    );
    x = this.dropout(x, cfg.dropout, options);
    // A query may attend to keys at or before it (causal) that are not padding.
    const causal = tf.lessEqual(tf.range(0, S, 1, "int32").reshape([1, S]), tf.range(0, S, 1, "int32").reshape([S, 1]));
    const allowed = tf.logicalAnd(
      causal.reshape([1, 1, S, S]),
      tf.cast(batch.attentionMask, "bool").reshape([B, 1, 1, S]),
    );
    const bias = tf.where(allowed, tf.zeros([1]), tf.fill([1], MASK_VALUE));
    const heads = (t: TF.Tensor) => t.reshape([B, S, cfg.heads, dh]).transpose([0, 2, 1, 3]);
    for (let i = 0; i < cfg.layers; i++) {
      const pre = `transformer.h.${i}`;
      const h = layerNorm(tf, x, this.p(`${pre}.ln_1.weight`), this.p(`${pre}.ln_1.bias`), cfg.eps);
      const qkv = linearInOut(tf, h, this.p(`${pre}.attn.c_attn.weight`), this.p(`${pre}.attn.c_attn.bias`));
      const [q, k, v] = tf.split(qkv, 3, -1).map(heads);
      const scores = tf.add(tf.div(matmul(tf, q, swapLast(tf, k)), Math.sqrt(dh)), bias);
      const probs = this.dropout(tf.softmax(scores, -1), cfg.attentionDropout, options);
      const context = matmul(tf, probs, v).transpose([0, 2, 1, 3]).reshape([B, S, H]);
      x = tf.add(
        x,
        this.dropout(
          linearInOut(tf, context, this.p(`${pre}.attn.c_proj.weight`), this.p(`${pre}.attn.c_proj.bias`)),
          cfg.dropout,
          options,
        ),
      );
      const h2 = layerNorm(tf, x, this.p(`${pre}.ln_2.weight`), this.p(`${pre}.ln_2.bias`), cfg.eps);
      const up = geluTanh(tf, linearInOut(tf, h2, this.p(`${pre}.mlp.c_fc.weight`), this.p(`${pre}.mlp.c_fc.bias`)));
      x = tf.add(
        x,
        this.dropout(
          linearInOut(tf, up, this.p(`${pre}.mlp.c_proj.weight`), this.p(`${pre}.mlp.c_proj.bias`)),
          cfg.dropout,
          options,
        ),
      );
    }
    x = layerNorm(tf, x, this.p("transformer.ln_f.weight"), this.p("transformer.ln_f.bias"), cfg.eps);
    const logits = matmul(tf, x.reshape([B * S, H]), tf.transpose(this.p("transformer.wte.weight"))).reshape([
      B,
      S,
      cfg.vocabSize,
    ]) as TF.Tensor3D;
    return { logits, lastHiddenState: x as TF.Tensor3D };
  }

  /** Next-token cross-entropy: position t predicts token t+1; labels of -100 (padding) are ignored. */
  loss(output: Pick<CausalOutput, "logits">, targets: Targets): TF.Scalar {
    const tf = this.tf;
    if (!targets.labels) throw new Error("a causal language model learns from labels (the input ids, -100 on padding)");
    // Shift the labels, not the logits: slicing [batch, seq, 50k] logits costs a copy each way.
    const [B, S] = targets.labels.shape as [number, number];
    const next = tf.concat([targets.labels.slice([0, 1], [B, S - 1]), tf.fill([B, 1], -100, "int32")], 1);
    return crossEntropy(tf, output.logits, next);
  }

  /** Greedy decoding: appends the most likely next token `maxNewTokens` times (stops at EOS). */
  async generate(ids: number[], options: { maxNewTokens: number }): Promise<number[]> {
    const tf = this.tf;
    const out = [...ids];
    for (let i = 0; i < options.maxNewTokens; i++) {
      const next = tf.tidy(() => {
        const input = tf.tensor2d([out], [1, out.length], "int32");
        const { logits } = this.forward({ inputIds: input, attentionMask: tf.onesLike(input) });
        return logits
          .slice([0, out.length - 1, 0], [1, 1, this.config.vocabSize])
          .reshape([-1])
          .argMax();
      });
      const token = (await next.data())[0];
      next.dispose();
      out.push(token);
      if (token === this.config.eosTokenId) break;
    }
    return out;
  }

  /** config.json, generation_config.json and model.safetensors (lm_head is tied, so not stored). */
  async saveWeightsAndConfig(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "config.json"),
      JSON.stringify({ ...this.config.raw, architectures: ["GPT2LMHeadModel"] }, null, 2) + "\n",
    );
    fs.writeFileSync(
      path.join(dir, "generation_config.json"),
      JSON.stringify({ bos_token_id: this.config.bosTokenId, eos_token_id: this.config.eosTokenId }, null, 2) + "\n",
    );
    writeSafetensors(path.join(dir, "model.safetensors"), await this.weights());
  }
}

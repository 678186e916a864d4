// BART (an encoder–decoder) in TensorFlow.js, with Hugging Face's BartForConditionalGeneration
// parameter names: model.shared (token embeddings, tied to both stacks and the LM head),
// model.{encoder,decoder}.embed_positions (learned, offset by 2), layernorm_embedding, post-LayerNorm
// layers (self_attn, encoder_attn in the decoder, fc1/fc2), and final_logits_bias. The same family
// as the course's summarization checkpoint (distilbart); Marian (translation) differs mainly in its
// sinusoidal positions.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { Targets, TrainableModel } from "../model";
import { readCheckpoint } from "../pretrained";
import { writeSafetensors, type NamedTensor } from "../safetensors";
import { MASK_VALUE } from "./encoder";
import { createParameters, ParameterizedModel, type DropoutOptions, type Init } from "./parameters";
import { crossEntropy, geluErf, layerNorm, linearOutIn, matmul, swapLast } from "./ops";

/** BART's learned positions start at index 2 (a fairseq legacy Hugging Face keeps). */
export const BART_POSITION_OFFSET = 2;

export interface BartConfig {
  vocabSize: number;
  maxPositions: number;
  dModel: number;
  encoderLayers: number;
  decoderLayers: number;
  heads: number;
  ffn: number;
  dropout: number;
  attentionDropout: number;
  initStd: number;
  embedScale: number;
  padTokenId: number;
  bosTokenId: number;
  eosTokenId: number;
  decoderStartTokenId: number;
  raw: Record<string, unknown>;
}

function bartConfig(raw: Record<string, unknown>): BartConfig {
  if (raw.model_type !== "bart")
    throw new Error(`model_type "${String(raw.model_type)}" is not bart: the course's encoder-decoder is BART`);
  const need = (k: string) => {
    if (typeof raw[k] !== "number")
      throw new Error(`config.json has no ${k}: it does not describe a complete bart model`);
    return raw[k] as number;
  };
  if ((raw.encoder_attention_heads ?? need("decoder_attention_heads")) !== raw.decoder_attention_heads)
    throw new Error("the course's BART uses the same number of attention heads in encoder and decoder");
  if ((raw.encoder_ffn_dim ?? need("decoder_ffn_dim")) !== raw.decoder_ffn_dim)
    throw new Error("the course's BART uses the same feed-forward size in encoder and decoder");
  const act = String(raw.activation_function ?? "gelu");
  if (act !== "gelu") throw new Error(`activation "${act}" is not supported: BART uses "gelu"`);
  const dModel = need("d_model");
  const cfg: BartConfig = {
    vocabSize: need("vocab_size"),
    maxPositions: need("max_position_embeddings"),
    dModel,
    encoderLayers: need("encoder_layers"),
    decoderLayers: need("decoder_layers"),
    heads: need("decoder_attention_heads"),
    ffn: need("decoder_ffn_dim"),
    dropout: (raw.dropout as number) ?? 0.1,
    attentionDropout: (raw.attention_dropout as number) ?? 0,
    initStd: (raw.init_std as number) ?? 0.02,
    embedScale: raw.scale_embedding ? Math.sqrt(dModel) : 1,
    padTokenId: (raw.pad_token_id as number) ?? 1,
    bosTokenId: (raw.bos_token_id as number) ?? 0,
    eosTokenId: (raw.eos_token_id as number) ?? 2,
    decoderStartTokenId: (raw.decoder_start_token_id as number) ?? 2,
    raw,
  };
  if (dModel % cfg.heads !== 0) throw new Error(`d_model ${dModel} is not a multiple of the ${cfg.heads} heads`);
  return cfg;
}

const ATTENTION = ["q_proj", "k_proj", "v_proj", "out_proj"];

function bartShapes(cfg: BartConfig): Map<string, [number[], Init, number]> {
  const D = cfg.dModel;
  const s = new Map<string, [number[], Init, number]>();
  const linear = (n: string, out: number, inp: number) => {
    s.set(`${n}.weight`, [[out, inp], "normal", cfg.initStd]);
    s.set(`${n}.bias`, [[out], "zeros", 0]);
  };
  const norm = (n: string) => {
    s.set(`${n}.weight`, [[D], "ones", 0]);
    s.set(`${n}.bias`, [[D], "zeros", 0]);
  };
  s.set("model.shared.weight", [[cfg.vocabSize, D], "normal", cfg.initStd]);
  for (const stack of ["encoder", "decoder"] as const) {
    s.set(`model.${stack}.embed_positions.weight`, [
      [cfg.maxPositions + BART_POSITION_OFFSET, D],
      "normal",
      cfg.initStd,
    ]);
    norm(`model.${stack}.layernorm_embedding`);
    const layers = stack === "encoder" ? cfg.encoderLayers : cfg.decoderLayers;
    for (let i = 0; i < layers; i++) {
      const p = `model.${stack}.layers.${i}`;
      for (const a of ATTENTION) linear(`${p}.self_attn.${a}`, D, D);
      norm(`${p}.self_attn_layer_norm`);
      if (stack === "decoder") {
        for (const a of ATTENTION) linear(`${p}.encoder_attn.${a}`, D, D);
        norm(`${p}.encoder_attn_layer_norm`);
      }
      linear(`${p}.fc1`, cfg.ffn, D);
      linear(`${p}.fc2`, D, cfg.ffn);
      norm(`${p}.final_layer_norm`);
    }
  }
  s.set("final_logits_bias", [[1, cfg.vocabSize], "zeros", 0]);
  return s;
}

export interface Seq2SeqBatch {
  inputIds: TF.Tensor2D;
  attentionMask: TF.Tensor2D;
  /** The labels shifted right behind decoder_start_token_id (padding where labels are -100). */
  decoderInputIds: TF.Tensor2D;
  labels?: TF.Tensor2D;
}

export interface Seq2SeqOutput {
  logits: TF.Tensor3D;
  encoderLastHiddenState: TF.Tensor3D;
}

export class Seq2SeqLM extends ParameterizedModel implements TrainableModel<Seq2SeqBatch, Seq2SeqOutput> {
  readonly head = "seq2seq-lm" as const;

  constructor(
    tf: typeof TF,
    readonly config: BartConfig,
    params: Map<string, TF.Variable>,
  ) {
    super(tf, params);
  }

  static fromConfig(tf: typeof TF, raw: Record<string, unknown>, options: { seed?: number } = {}): Seq2SeqLM {
    const cfg = bartConfig(raw);
    const specs = [...bartShapes(cfg)].map(
      ([name, [shape, init, std]]) => [name, shape, init, std] as [string, number[], Init, number],
    );
    return new Seq2SeqLM(tf, cfg, createParameters(tf, specs, options.seed ?? 42));
  }

  /** Loads config.json + model.safetensors from a folder or a Hub model id (through the course cache). */
  static async fromPretrained(tf: typeof TF, idOrDir: string, options: { revision?: string } = {}): Promise<Seq2SeqLM> {
    return Seq2SeqLM.fromCheckpoint(await readCheckpoint(idOrDir, options.revision), (config) =>
      Seq2SeqLM.fromConfig(tf, config),
    ).model;
  }

  /** Copies BART checkpoint tensors in; the embeddings may be stored under any of their tied names. */
  loadWeights(tensors: Map<string, NamedTensor>): string[] {
    const tied = ["model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight", "lm_head.weight"];
    this.copyAllWeights(
      (name) => [name, ...(name === "model.shared.weight" ? tied : [])].map((n) => tensors.get(n)).find(Boolean),
      "BART",
    );
    return [];
  }

  private p(name: string): TF.Variable {
    return this.params.get(name)!;
  }

  private linear(x: TF.Tensor, name: string): TF.Tensor {
    return linearOutIn(this.tf, x, this.p(`${name}.weight`), this.p(`${name}.bias`));
  }

  private norm(x: TF.Tensor, name: string): TF.Tensor {
    return layerNorm(this.tf, x, this.p(`${name}.weight`), this.p(`${name}.bias`), 1e-5);
  }

  /** Token + learned position embeddings, then layernorm_embedding. */
  private embed(ids: TF.Tensor2D, stack: "encoder" | "decoder"): TF.Tensor {
    const tf = this.tf;
    const S = ids.shape[1];
    if (S > this.config.maxPositions)
      throw new Error(
        `sequences of ${S} tokens are longer than this model's ${this.config.maxPositions} positions: truncate them`,
      );
    const tokens = tf.mul(tf.gather(this.p("model.shared.weight"), ids), this.config.embedScale);
    const positions = tf.gather(
      this.p(`model.${stack}.embed_positions.weight`),
      tf.range(BART_POSITION_OFFSET, S + BART_POSITION_OFFSET, 1, "int32"),
    );
    return this.norm(tf.add(tokens, positions), `model.${stack}.layernorm_embedding`);
  }

  /** Multi-head attention of queries from x over keys/values from kv, with an additive bias [B|1, 1, Sq|1, Sk]. */
  private attention(x: TF.Tensor, kv: TF.Tensor, bias: TF.Tensor, name: string, options: DropoutOptions): TF.Tensor {
    const tf = this.tf;
    const cfg = this.config;
    const [B, Sq] = x.shape;
    const Sk = kv.shape[1]!;
    const dh = cfg.dModel / cfg.heads;
    const heads = (t: TF.Tensor, S: number) => t.reshape([B!, S, cfg.heads, dh]).transpose([0, 2, 1, 3]);
    const q = heads(tf.mul(this.linear(x, `${name}.q_proj`), 1 / Math.sqrt(dh)), Sq!);
    const k = heads(this.linear(kv, `${name}.k_proj`), Sk);
    const v = heads(this.linear(kv, `${name}.v_proj`), Sk);
    const probs = this.dropout(
      tf.softmax(tf.add(matmul(tf, q, swapLast(tf, k)), bias), -1),
      cfg.attentionDropout,
      options,
    );
    return this.linear(matmul(tf, probs, v).transpose([0, 2, 1, 3]).reshape([B!, Sq!, cfg.dModel]), `${name}.out_proj`);
  }

  /** Post-LayerNorm residual block: norm(x + dropout(f(x))). */
  private residual(x: TF.Tensor, fx: TF.Tensor, normName: string, options: DropoutOptions): TF.Tensor {
    return this.norm(this.tf.add(x, this.dropout(fx, this.config.dropout, options)), normName);
  }

  private feedForward(x: TF.Tensor, p: string): TF.Tensor {
    return this.linear(geluErf(this.tf, this.linear(x, `${p}.fc1`)), `${p}.fc2`);
  }

  /** The encoder's last hidden state [batch, source, d_model]. */
  encode(inputIds: TF.Tensor2D, attentionMask: TF.Tensor2D, options: DropoutOptions = {}): TF.Tensor3D {
    const tf = this.tf;
    const [B, S] = inputIds.shape;
    const padBias = tf.mul(tf.sub(1, tf.cast(attentionMask, "float32")), MASK_VALUE).reshape([B, 1, 1, S]);
    let x = this.dropout(this.embed(inputIds, "encoder"), this.config.dropout, options);
    for (let i = 0; i < this.config.encoderLayers; i++) {
      const p = `model.encoder.layers.${i}`;
      x = this.residual(
        x,
        this.attention(x, x, padBias, `${p}.self_attn`, options),
        `${p}.self_attn_layer_norm`,
        options,
      );
      x = this.residual(x, this.feedForward(x, p), `${p}.final_layer_norm`, options);
    }
    return x as TF.Tensor3D;
  }

  /** Next-token logits [batch, target, vocab] for every decoder position (no cache). */
  decode(
    decoderInputIds: TF.Tensor2D,
    encoderHidden: TF.Tensor3D,
    attentionMask: TF.Tensor2D,
    options: DropoutOptions = {},
  ): TF.Tensor3D {
    const tf = this.tf;
    const cfg = this.config;
    const [B, T] = decoderInputIds.shape;
    const S = encoderHidden.shape[1];
    const crossBias = tf.mul(tf.sub(1, tf.cast(attentionMask, "float32")), MASK_VALUE).reshape([B, 1, 1, S]);
    const causal = tf.lessEqual(tf.range(0, T, 1, "int32").reshape([1, T]), tf.range(0, T, 1, "int32").reshape([T, 1]));
    const causalBias = tf.where(causal, tf.zeros([1]), tf.fill([1], MASK_VALUE)).reshape([1, 1, T, T]);
    let x = this.dropout(this.embed(decoderInputIds, "decoder"), cfg.dropout, options);
    for (let i = 0; i < cfg.decoderLayers; i++) {
      const p = `model.decoder.layers.${i}`;
      x = this.residual(
        x,
        this.attention(x, x, causalBias, `${p}.self_attn`, options),
        `${p}.self_attn_layer_norm`,
        options,
      );
      x = this.residual(
        x,
        this.attention(x, encoderHidden, crossBias, `${p}.encoder_attn`, options),
        `${p}.encoder_attn_layer_norm`,
        options,
      );
      x = this.residual(x, this.feedForward(x, p), `${p}.final_layer_norm`, options);
    }
    const logits = matmul(tf, x.reshape([B * T, cfg.dModel]), tf.transpose(this.p("model.shared.weight")));
    return tf.add(logits, this.p("final_logits_bias")).reshape([B, T, cfg.vocabSize]) as TF.Tensor3D;
  }

  forward(batch: Seq2SeqBatch, options: DropoutOptions = {}): Seq2SeqOutput {
    this.startForward();
    const encoderLastHiddenState = this.encode(batch.inputIds, batch.attentionMask, options);
    return {
      logits: this.decode(batch.decoderInputIds, encoderLastHiddenState, batch.attentionMask, options),
      encoderLastHiddenState,
    };
  }

  /** Cross-entropy of each target token (labels of -100 are padding and ignored). */
  loss(output: Pick<Seq2SeqOutput, "logits">, targets: Targets): TF.Scalar {
    if (!targets.labels)
      throw new Error("a sequence-to-sequence model learns from labels (the target token ids, -100 on padding)");
    return crossEntropy(this.tf, output.logits, targets.labels);
  }

  /**
   * Greedy decoding from decoder_start_token_id, forcing BOS first and EOS at the length limit, as
   * BART's generation config (forced_bos_token_id, forced_eos_token_id) makes generate() do.
   */
  async generate(inputIds: number[], options: { maxNewTokens: number }): Promise<number[]> {
    const tf = this.tf;
    const cfg = this.config;
    const input = tf.tensor2d([inputIds], [1, inputIds.length], "int32");
    const mask = tf.onesLike(input);
    const encoded = this.encode(input, mask);
    const out = [cfg.decoderStartTokenId, cfg.bosTokenId];
    for (let i = 1; i < options.maxNewTokens; i++) {
      const next = tf.tidy(() => {
        const logits = this.decode(tf.tensor2d([out], [1, out.length], "int32"), encoded, mask);
        return logits
          .slice([0, out.length - 1, 0], [1, 1, cfg.vocabSize])
          .reshape([-1])
          .argMax();
      });
      const token = i === options.maxNewTokens - 1 ? cfg.eosTokenId : (await next.data())[0];
      next.dispose();
      out.push(token);
      if (token === cfg.eosTokenId) break;
    }
    tf.dispose([input, mask, encoded]);
    return out;
  }

  /** config.json, generation_config.json and model.safetensors (the tied embeddings stored once, as model.shared.weight). */
  async saveWeightsAndConfig(dir: string): Promise<void> {
    const cfg = this.config;
    fs.mkdirSync(dir, { recursive: true });
    const config = {
      ...cfg.raw,
      architectures: ["BartForConditionalGeneration"],
      is_encoder_decoder: true,
      tie_word_embeddings: true,
    };
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config, null, 2) + "\n");
    const generation = {
      bos_token_id: cfg.bosTokenId,
      eos_token_id: cfg.eosTokenId,
      pad_token_id: cfg.padTokenId,
      decoder_start_token_id: cfg.decoderStartTokenId,
      forced_bos_token_id: cfg.bosTokenId,
      forced_eos_token_id: cfg.eosTokenId,
      max_length: cfg.maxPositions,
      no_repeat_ngram_size: 3, // as BART's summarization checkpoints: no phrase said twice
    };
    fs.writeFileSync(path.join(dir, "generation_config.json"), JSON.stringify(generation, null, 2) + "\n");
    writeSafetensors(path.join(dir, "model.safetensors"), await this.weights());
  }
}

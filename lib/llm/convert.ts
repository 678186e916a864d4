// GGUF -> a transformers.js model folder: config.json, generation_config.json, tokenizer.json,
// tokenizer_config.json and onnx/model.onnx (float32 weights, dequantized from the GGUF blocks exactly
// as Python transformers' GGUF loader does). Llama-architecture GGUFs with a byte-level BPE tokenizer.
//
//   await convertGgufToOnnx("SmolLM2-135M-Instruct.Q4_1.gguf", "out/smollm2");
//   const generator = await pipeline("text-generation", "out/smollm2");
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../atomic-write";
import { byteSize, dequantize } from "./dequantize";
import type { GgufFile } from "./gguf-read";
import { meta, readBytes, readGguf } from "./gguf-read";
import { ggufTokenizer } from "./gguf-tokenizer";
import type { LlamaConfig } from "./llama-onnx";
import { llamaOnnx } from "./llama-onnx";
import type { NBitsWeight } from "./matmul-nbits";
import { ggmlToNBits, isNBitsType } from "./matmul-nbits";

export interface ConvertResult {
  outDir: string;
  config: LlamaConfig;
  /** Files written, relative to outDir. */
  files: string[];
  seconds: number;
}

function llamaConfigFromGguf(file: GgufFile): LlamaConfig {
  const arch = meta<string>(file, "general.architecture");
  if (arch !== "llama") throw new Error(`GGUF architecture "${arch}" is not supported (only "llama")`);
  const k = (key: string) => meta<number>(file, `llama.${key}`);
  const hidden = k("embedding_length");
  const heads = k("attention.head_count");
  const vocab =
    file.metadata["llama.vocab_size"] !== undefined
      ? k("vocab_size")
      : meta<string[]>(file, "tokenizer.ggml.tokens").length;
  const headDim = hidden / heads;
  const ropeDims = file.metadata["llama.rope.dimension_count"];
  if (ropeDims !== undefined && Number(ropeDims) !== headDim)
    throw new Error(`partial rotary embeddings (${ropeDims} of ${headDim}) are not supported`);
  if (file.metadata["llama.rope.scaling.type"] !== undefined) throw new Error("rope scaling is not supported");
  return {
    vocabSize: vocab,
    hidden,
    intermediate: k("feed_forward_length"),
    layers: k("block_count"),
    heads,
    kvHeads: file.metadata["llama.attention.head_count_kv"] !== undefined ? k("attention.head_count_kv") : heads,
    headDim,
    ropeTheta: file.metadata["llama.rope.freq_base"] !== undefined ? k("rope.freq_base") : 10000,
    rmsEps: k("attention.layer_norm_rms_epsilon"),
    maxPositions: k("context_length"),
    tieWordEmbeddings: !file.tensors.has("output.weight"),
  };
}

/** transformers' parameter name -> the GGUF tensor name (llama.cpp's naming). */
function ggufName(name: string): string {
  const fixed: Record<string, string> = {
    "model.embed_tokens.weight": "token_embd.weight",
    "model.norm.weight": "output_norm.weight",
    "lm_head.weight": "output.weight",
  };
  if (fixed[name]) return fixed[name];
  const m = /^model\.layers\.(\d+)\.(.+)\.weight$/.exec(name);
  const parts: Record<string, string> = {
    input_layernorm: "attn_norm",
    post_attention_layernorm: "ffn_norm",
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
  };
  if (!m || !parts[m[2]]) throw new Error(`no GGUF tensor for ${name}`);
  return `blk.${m[1]}.${parts[m[2]]}.weight`;
}

/**
 * llama.cpp's converter permutes the rows of attn_q / attn_k for its rotary layout (pairs interleaved);
 * transformers' loader undoes it (modeling_gguf_pytorch_utils.py, LlamaTensorProcessor
 * `_reverse_permute_weights`): within each head, row 2*d + a moves to a*(head_dim/2) + d.
 */
export function unpermuteRows<T extends Float32Array | Uint8Array>(w: T, heads: number, cols: number): T {
  const rows = w.length / cols;
  const half = rows / heads / 2;
  const out = new (w.constructor as new (n: number) => T)(w.length);
  for (let h = 0; h < heads; h++)
    for (let d = 0; d < half; d++)
      for (let a = 0; a < 2; a++) {
        const from = (h * 2 * half + d * 2 + a) * cols;
        out.set(w.subarray(from, from + cols), (h * 2 * half + a * half + d) * cols);
      }
  return out;
}

/** Reads and dequantizes one tensor by transformers' name ([out, in] row-major), Q/K un-permuted. */
function ggufWeights(
  file: GgufFile,
  cfg: LlamaConfig,
): { weight: (name: string) => Float32Array; nbits: (name: string) => NBitsWeight | undefined; close: () => void } {
  const fd = fs.openSync(file.path, "r");
  const weight = (name: string) => {
    const t = file.tensors.get(ggufName(name));
    if (!t) throw new Error(`${file.path}: no tensor ${ggufName(name)} (for ${name})`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    const data = dequantize(readBytes(fd, t.offset, byteSize(t.type, count)), t.type, count);
    if (name.endsWith("q_proj.weight")) return unpermuteRows(data, cfg.heads, t.shape[0]);
    if (name.endsWith("k_proj.weight")) return unpermuteRows(data, cfg.kvHeads, t.shape[0]);
    return data;
  };
  /** The 4-bit blocks of a Q4_0 / Q4_1 tensor for MatMulNBits (undefined for other types), Q/K rows un-permuted. */
  const nbits = (name: string): NBitsWeight | undefined => {
    const t = file.tensors.get(ggufName(name));
    if (!t || t.shape.length !== 2 || !isNBitsType(t.type)) return undefined;
    const [cols, rows] = t.shape;
    const w = ggmlToNBits(readBytes(fd, t.offset, byteSize(t.type, rows * cols)), t.type, rows, cols);
    const heads = name.endsWith("q_proj.weight") ? cfg.heads : name.endsWith("k_proj.weight") ? cfg.kvHeads : 0;
    if (!heads) return w;
    const blocks = cols / 32;
    return {
      ...w,
      packed: unpermuteRows(w.packed, heads, blocks * 16),
      scales: unpermuteRows(w.scales, heads, blocks),
      zeroPoints: unpermuteRows(w.zeroPoints, heads, Math.ceil(blocks / 2)),
      mins: w.mins && unpermuteRows(w.mins, heads, blocks),
    };
  };
  return { weight, nbits, close: () => fs.closeSync(fd) };
}

/** The Hugging Face config.json of the converted model (LlamaForCausalLM). */
function hfConfig(file: GgufFile, cfg: LlamaConfig): Record<string, unknown> {
  const id = (key: string) =>
    file.metadata[`tokenizer.ggml.${key}`] === undefined ? null : Number(file.metadata[`tokenizer.ggml.${key}`]);
  return {
    architectures: ["LlamaForCausalLM"],
    model_type: "llama",
    vocab_size: cfg.vocabSize,
    hidden_size: cfg.hidden,
    intermediate_size: cfg.intermediate,
    num_hidden_layers: cfg.layers,
    num_attention_heads: cfg.heads,
    num_key_value_heads: cfg.kvHeads,
    head_dim: cfg.headDim,
    hidden_act: "silu",
    max_position_embeddings: cfg.maxPositions,
    rms_norm_eps: cfg.rmsEps,
    rope_theta: cfg.ropeTheta,
    rope_scaling: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: cfg.tieWordEmbeddings,
    bos_token_id: id("bos_token_id"),
    eos_token_id: id("eos_token_id"),
    pad_token_id: id("padding_token_id"),
    torch_dtype: "float32",
    "transformers.js_config": { dtype: "fp32" },
    // Where this folder came from (for the reader; transformers ignores unknown keys).
    gguf_source: {
      file: path.basename(file.path),
      name: file.metadata["general.name"] ?? null,
      file_type: file.metadata["general.file_type"] ?? null,
    },
  };
}

export interface ConvertOptions {
  /**
   * Which ONNX files to write (default ["fp32"]): "fp32" onnx/model.onnx, every weight dequantized to
   * float32 (what Python transformers computes with); "q4" onnx/model_q4.onnx, the GGUF's 4-bit linear
   * layers kept 4-bit as MatMulNBits (about a third of the size; load it with { dtype: "q4" }).
   */
  dtypes?: ("fp32" | "q4")[];
}

/** Converts a Llama GGUF into a transformers.js text-generation folder at `outDir`. */
export async function convertGgufToOnnx(
  ggufPath: string,
  outDir: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const dtypes = options.dtypes ?? ["fp32"];
  const start = performance.now();
  const file = await readGguf(ggufPath);
  const cfg = llamaConfigFromGguf(file);
  const tokenizer = ggufTokenizer(file);
  const config = hfConfig(file, cfg);
  const generation = {
    bos_token_id: config.bos_token_id,
    eos_token_id: config.eos_token_id,
    pad_token_id: config.pad_token_id,
  };

  fs.mkdirSync(path.join(outDir, "onnx"), { recursive: true });
  const files: [string, string | Uint8Array | (() => Uint8Array)][] = [
    ["config.json", JSON.stringify(config, null, 2) + "\n"],
    ["generation_config.json", JSON.stringify(generation, null, 2) + "\n"],
    ["tokenizer.json", JSON.stringify(tokenizer["tokenizer.json"])],
    ["tokenizer_config.json", JSON.stringify(tokenizer["tokenizer_config.json"], null, 2) + "\n"],
  ];
  // One graph at a time (each is built, written and dropped before the next).
  const graph = (q4: boolean) => () => {
    const { weight, nbits, close } = ggufWeights(file, cfg);
    try {
      return llamaOnnx(cfg, weight, q4 ? nbits : undefined);
    } finally {
      close();
    }
  };
  if (dtypes.includes("fp32")) files.push([path.join("onnx", "model.onnx"), graph(false)]);
  if (dtypes.includes("q4")) files.push([path.join("onnx", "model_q4.onnx"), graph(true)]);
  for (const [name, content] of files) {
    const data = typeof content === "function" ? content() : content;
    // An interrupted conversion never leaves a truncated file in place.
    writeFileAtomic(path.join(outDir, name), data);
  }
  return { outDir, config: cfg, files: files.map(([n]) => n), seconds: (performance.now() - start) / 1000 };
}

// Writes a Llama decoder (RMSNorm, rotary position embeddings, grouped-query attention, SwiGLU) as an
// ONNX graph with the course's writer (lib/training/onnx/graph.ts), in the layout transformers.js's
// LlamaForCausalLM runs: inputs input_ids, attention_mask [batch, past + new], position_ids and
// past_key_values.{i}.key / .value [batch, kv_heads, past, head_dim]; outputs logits and
// present.{i}.key / .value (past + new), so each generated token costs one new position.
// The arithmetic follows transformers' modeling_llama.py (eager attention) step for step.
import { MASK_VALUE } from "../training/models/encoder";
import { decoderInputs, presentOutputs } from "../training/onnx/decoder-cache";
import { FLOAT, GraphBuilder } from "../training/onnx/graph";
import type { NBitsWeight } from "./matmul-nbits";
import { concatRows } from "./matmul-nbits";

const BOOL = 9; // onnx.TensorProto.DataType.BOOL

export interface LlamaConfig {
  vocabSize: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  ropeTheta: number;
  rmsEps: number;
  maxPositions: number;
  tieWordEmbeddings: boolean;
}

/**
 * PyTorch-layout float32 weights by transformers' names ("model.layers.0.self_attn.q_proj.weight",
 * [out, in] row-major). Called once per name; the graph keeps its own copy.
 */
export type WeightSource = (name: string) => Float32Array;

/**
 * The same weights kept 4-bit for ONNX Runtime's MatMulNBits, where the source has them in 4-bit blocks
 * (undefined: use the float32 weight). Only the linear layers of the decoder blocks use it.
 */
export type NBitsSource = (name: string) => NBitsWeight | undefined;

/** `data` [rows, cols] row-major as its transpose [cols, rows]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c];
  }
  return out;
}

/** Several [out_i, in] weights side by side as one [in, sum(out_i)] MatMul operand (one MatMul for q, k, v). */
function fusedTransposed(parts: Float32Array[], inDim: number): Float32Array {
  const outs = parts.map((p) => p.length / inDim);
  const total = outs.reduce((a, b) => a + b, 0);
  const out = new Float32Array(inDim * total);
  let col0 = 0;
  parts.forEach((p, k) => {
    const rows = outs[k];
    for (let r = 0; r < rows; r++) {
      const base = r * inDim;
      for (let c = 0; c < inDim; c++) out[c * total + col0 + r] = p[base + c];
    }
    col0 += rows;
  });
  return out;
}

/** cos and sin of every position's rotary angles, [maxPositions, headDim] each (transformers' default rope). */
function ropeTables(cfg: LlamaConfig): { cos: Float32Array; sin: Float32Array } {
  const d = cfg.headDim;
  const half = d / 2;
  const fr = Math.fround;
  // inv_freq = 1 / base ** (arange(0, d, 2) / d), in float32 as transformers computes it.
  const invFreq = Array.from({ length: half }, (_, i) => fr(1 / fr(Math.pow(cfg.ropeTheta, fr((2 * i) / d)))));
  const cos = new Float32Array(cfg.maxPositions * d);
  const sin = new Float32Array(cfg.maxPositions * d);
  for (let p = 0; p < cfg.maxPositions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = fr(p * invFreq[i]);
      const c = Math.cos(angle),
        s = Math.sin(angle);
      cos[p * d + i] = cos[p * d + half + i] = c;
      sin[p * d + i] = sin[p * d + half + i] = s;
    }
  }
  return { cos, sin };
}

export function llamaOnnx(cfg: LlamaConfig, weight: WeightSource, nbits?: NBitsSource): Uint8Array {
  const g = new GraphBuilder();
  const H = cfg.hidden,
    dh = cfg.headDim,
    nq = cfg.heads,
    nkv = cfg.kvHeads,
    rep = nq / nkv;
  if (!Number.isInteger(rep)) throw new Error(`${nq} attention heads do not split into ${nkv} key/value groups`);
  const qDim = nq * dh,
    kvDim = nkv * dh;
  const int = (v: number[], dims: number[] = [v.length]) => g.constant(v, dims, "int64");
  const scalar = (v: number) => g.constant([v], []);
  /** x @ [W_1; W_2; ...]^T: one MatMul (float32) or MatMulNBits (4-bit) for weights sharing their input. */
  const linear = (x: string, names: string[], inDim: number, key: string) => {
    const blocks = nbits ? names.map(nbits) : [];
    if (nbits && blocks.every((b) => b !== undefined)) {
      const w = concatRows(blocks as NBitsWeight[]);
      const nb = w.cols / 32;
      const inputs = [
        x,
        g.bytes(`${key}.qweight`, w.packed, [w.rows, nb, 16]),
        g.weight(`${key}.scales`, w.scales, [w.scales.length]),
        g.bytes(`${key}.zero_points`, w.zeroPoints, [w.zeroPoints.length]),
      ];
      const y = g.node(
        "MatMulNBits",
        inputs,
        { K: w.cols, N: w.rows, bits: 4, block_size: 32 },
        undefined,
        "com.microsoft",
      );
      if (!w.mins) return y;
      // Q4_1's mins: + (block sums of x) @ mins^T (see matmul-nbits.ts).
      const sums = g.node("ReduceSum", [g.node("Reshape", [x, int([0, 0, nb, 32])]), int([-1])], { keepdims: 0 });
      return g.node("Add", [
        y,
        g.node("MatMul", [sums, g.weight(`${key}.mins_T`, transpose(w.mins, w.rows, nb), [nb, w.rows])]),
      ]);
    }
    const parts = names.map(weight);
    const out = parts.reduce((a, p) => a + p.length, 0) / inDim;
    return g.node("MatMul", [
      x,
      g.weight(
        `${key}.weight_T`,
        parts.length === 1 ? transpose(parts[0], out, inDim) : fusedTransposed(parts, inDim),
        [inDim, out],
      ),
    ]);
  };
  const norm = (x: string, name: string) => {
    const variance = g.node("ReduceMean", [g.node("Mul", [x, x])], { axes: [-1], keepdims: 1 });
    const inv = g.node("Reciprocal", [g.node("Sqrt", [g.node("Add", [variance, scalar(cfg.rmsEps)])])]);
    return g.node("Mul", [g.weight(name, weight(name), [H]), g.node("Mul", [x, inv])]);
  };

  const { ids, mask, positions, past } = decoderInputs(g, cfg.layers, nkv, dh);

  const embedding = g.weight("model.embed_tokens.weight", weight("model.embed_tokens.weight"), [cfg.vocabSize, H]);
  let x = g.node("Gather", [embedding, ids]);

  // Rotary tables gathered at the positions: [batch, 1, new, head_dim].
  const tables = ropeTables(cfg);
  const cos = g.node("Unsqueeze", [
    g.node("Gather", [g.weight("rope.cos", tables.cos, [cfg.maxPositions, dh]), positions]),
    int([1]),
  ]);
  const sin = g.node("Unsqueeze", [
    g.node("Gather", [g.weight("rope.sin", tables.sin, [cfg.maxPositions, dh]), positions]),
    int([1]),
  ]);
  const rope = (t: string) => {
    const first = g.node("Slice", [t, int([0]), int([dh / 2]), int([3])]);
    const second = g.node("Slice", [t, int([dh / 2]), int([dh]), int([3])]);
    const rotated = g.node("Concat", [g.node("Neg", [second]), first], { axis: 3 });
    return g.node("Add", [g.node("Mul", [t, cos]), g.node("Mul", [rotated, sin])]);
  };

  // Mask [batch, 1, 1, new, past + new]: a new token sees every earlier position that is not padding.
  const pastLen = g.node("Gather", [g.node("Shape", [past[0][0]]), int([2])], { axis: 0 });
  const total = g.node("Add", [pastLen, g.node("Gather", [g.node("Shape", [ids]), int([1])], { axis: 0 })]);
  const keyPos = g.node("Unsqueeze", [
    g.node("Range", [int([0], []), g.node("Squeeze", [total]), int([1], [])]),
    int([0]),
  ]);
  const queryPos = g.node("Unsqueeze", [
    g.node("Range", [g.node("Squeeze", [pastLen]), g.node("Squeeze", [total]), int([1], [])]),
    int([1]),
  ]);
  const causal = g.node("Unsqueeze", [g.node("LessOrEqual", [keyPos, queryPos]), int([0, 1, 2])]);
  const notPad = g.node("Cast", [g.node("Unsqueeze", [mask, int([1, 2, 3])])], { to: BOOL });
  const bias = g.node("Where", [g.node("And", [causal, notPad]), scalar(0), scalar(MASK_VALUE)]);

  const part = (t: string, from: number, to: number) => g.node("Slice", [t, int([from]), int([to]), int([2])]);
  const heads = (t: string, n: number) =>
    g.node("Transpose", [g.node("Reshape", [t, int([0, 0, n, dh])])], { perm: [0, 2, 1, 3] });
  const presents: [string, string][] = [];
  for (let i = 0; i < cfg.layers; i++) {
    const p = `model.layers.${i}`;
    const qkv = linear(
      norm(x, `${p}.input_layernorm.weight`),
      ["q", "k", "v"].map((n) => `${p}.self_attn.${n}_proj.weight`),
      H,
      `${p}.self_attn.qkv_proj`,
    );
    // Scaling q by 1/sqrt(head_dim) (a power of two here) before the product is exact.
    const q = g.node("Mul", [rope(heads(part(qkv, 0, qDim), nq)), scalar(1 / Math.sqrt(dh))]);
    const k = g.node("Concat", [past[i][0], rope(heads(part(qkv, qDim, qDim + kvDim), nkv))], { axis: 2 });
    const v = g.node("Concat", [past[i][1], heads(part(qkv, qDim + kvDim, qDim + 2 * kvDim), nkv)], { axis: 2 });
    presents.push([k, v]);
    // Grouped-query attention without copying keys: query heads [batch, kv, rep, new, dh] against
    // keys [batch, kv, 1, total, dh] (query head h uses key/value head floor(h / rep), as repeat_kv).
    const qGroups = g.node("Reshape", [q, int([0, nkv, rep, -1, dh])]);
    const kT = g.node("Unsqueeze", [g.node("Transpose", [k], { perm: [0, 1, 3, 2] }), int([2])]);
    const scores = g.node("Add", [g.node("MatMul", [qGroups, kT]), bias]);
    const ctx = g.node("MatMul", [g.node("Softmax", [scores], { axis: -1 }), g.node("Unsqueeze", [v, int([2])])]);
    const merged = g.node("Reshape", [
      g.node("Transpose", [g.node("Reshape", [ctx, int([0, nq, -1, dh])])], { perm: [0, 2, 1, 3] }),
      int([0, 0, qDim]),
    ]);
    x = g.node("Add", [x, linear(merged, [`${p}.self_attn.o_proj.weight`], qDim, `${p}.self_attn.o_proj`)]);

    const h = norm(x, `${p}.post_attention_layernorm.weight`);
    const I = cfg.intermediate;
    const gateUp = linear(h, [`${p}.mlp.gate_proj.weight`, `${p}.mlp.up_proj.weight`], H, `${p}.mlp.gate_up_proj`);
    const gate = part(gateUp, 0, I);
    const up = part(gateUp, I, 2 * I);
    const act = g.node("Mul", [g.node("Mul", [gate, g.node("Sigmoid", [gate])]), up]);
    x = g.node("Add", [x, linear(act, [`${p}.mlp.down_proj.weight`], I, `${p}.mlp.down_proj`)]);
  }
  x = norm(x, "model.norm.weight");

  // logits = x @ lm_head^T; a tied head reuses the embedding matrix through Gemm(transB) instead of a second copy.
  const head = cfg.tieWordEmbeddings
    ? embedding
    : g.weight("lm_head.weight", weight("lm_head.weight"), [cfg.vocabSize, H]);
  const flat = g.node("Gemm", [g.node("Reshape", [x, int([-1, H])]), head], { transB: 1 });
  const outShape = g.node(
    "Concat",
    [g.node("Slice", [g.node("Shape", [x]), int([0]), int([2])]), int([cfg.vocabSize])],
    { axis: 0 },
  );
  g.output(g.node("Reshape", [flat, outShape]), {
    name: "logits",
    elemType: FLOAT,
    dims: ["batch_size", "sequence_length", cfg.vocabSize],
  });
  presentOutputs(g, presents, nkv, dh);
  return g.build("LlamaForCausalLM");
}

// Writes a Seq2SeqLM (BART) as the two ONNX files transformers.js's encoder-decoder models load:
// - onnx/encoder_model.onnx: input_ids, attention_mask -> last_hidden_state;
// - onnx/decoder_model_merged.onnx: input_ids (the new decoder tokens), encoder_attention_mask,
//   encoder_hidden_states and past_key_values.{i}.decoder.key / .value [batch, heads, past, head_dim]
//   -> logits and present.{i}.decoder.key / .value (past + new). The cross-attention keys and values
//   are recomputed from encoder_hidden_states at each step (cheap at the stand-in's size), so the
//   decoder has no encoder cache inputs; transformers.js feeds only the inputs a session declares.
import { BART_POSITION_OFFSET, type Seq2SeqLM } from "../models/bart";
import { MASK_VALUE } from "../models/encoder";
import type { NamedTensor } from "../safetensors";
import { FLOAT, GraphBuilder, INT64, transposed } from "./graph";

const BOOL = 9; // onnx.TensorProto.DataType.BOOL

/** The ops both graphs share, over one builder and the model's weights. */
function bartOps(g: GraphBuilder, w: Map<string, NamedTensor>, model: Seq2SeqLM) {
  const cfg = model.config;
  const D = cfg.dModel;
  const dh = D / cfg.heads;
  const param = (name: string) => g.weight(name, w.get(name)!.data, w.get(name)!.shape);
  const int = (v: number[], dims: number[] = []) => g.constant(v, dims, "int64");
  const scalar = (v: number) => g.constant([v], []);
  const linear = (x: string, name: string) => {
    const t = w.get(`${name}.weight`)!;
    return g.node("Add", [
      g.node("MatMul", [x, g.weight(`${name}.weight_T`, transposed(t), [t.shape[1], t.shape[0]])]),
      param(`${name}.bias`),
    ]);
  };
  const norm = (x: string, name: string) =>
    g.node("LayerNormalization", [x, param(`${name}.weight`), param(`${name}.bias`)], { axis: -1, epsilon: 1e-5 });
  const toHeads = (t: string) =>
    g.node("Transpose", [g.node("Reshape", [t, int([0, 0, cfg.heads, dh], [4])])], { perm: [0, 2, 1, 3] });
  const length = (t: string, axis: number) => g.node("Gather", [g.node("Shape", [t]), int([axis])], { axis: 0 });
  /** Token + position embeddings (positions from `start`), then layernorm_embedding. */
  const embed = (ids: string, stack: "encoder" | "decoder", start: string) => {
    const positions = g.node("Range", [
      g.node("Add", [start, int([BART_POSITION_OFFSET])]),
      g.node("Add", [g.node("Add", [start, length(ids, 1)]), int([BART_POSITION_OFFSET])]),
      int([1]),
    ]);
    const tokens = g.node("Mul", [g.node("Gather", [param("model.shared.weight"), ids]), scalar(cfg.embedScale)]);
    return norm(
      g.node("Add", [tokens, g.node("Gather", [param(`model.${stack}.embed_positions.weight`), positions])]),
      `model.${stack}.layernorm_embedding`,
    );
  };
  /** softmax(q kᵀ / √dh + bias) v, merged back to [batch, seq, d_model] and projected. */
  const attend = (q: string, k: string, v: string, bias: string, name: string) => {
    const scores = g.node("Add", [
      g.node("MatMul", [
        g.node("Mul", [q, scalar(1 / Math.sqrt(dh))]),
        g.node("Transpose", [k], { perm: [0, 1, 3, 2] }),
      ]),
      bias,
    ]);
    const context = g.node("Transpose", [g.node("MatMul", [g.node("Softmax", [scores], { axis: -1 }), v])], {
      perm: [0, 2, 1, 3],
    });
    return linear(g.node("Reshape", [context, int([0, 0, D], [3])]), `${name}.out_proj`);
  };
  const gelu = (x: string) =>
    g.node("Mul", [
      g.node("Mul", [x, scalar(0.5)]),
      g.node("Add", [g.node("Erf", [g.node("Div", [x, scalar(Math.SQRT2)])]), scalar(1)]),
    ]);
  const feedForward = (x: string, p: string) => linear(gelu(linear(x, `${p}.fc1`)), `${p}.fc2`);
  /** An additive bias [batch, 1, 1, seq] from a 0/1 padding mask. */
  const padBias = (mask: string) =>
    g.node("Unsqueeze", [
      g.node("Mul", [g.node("Sub", [scalar(1), g.node("Cast", [mask], { to: FLOAT })]), scalar(MASK_VALUE)]),
      int([1, 2], [2]),
    ]);
  return { int, scalar, linear, norm, toHeads, length, embed, attend, feedForward, padBias, D, dh };
}

export async function exportBartEncoderOnnx(model: Seq2SeqLM): Promise<Uint8Array> {
  const cfg = model.config;
  const g = new GraphBuilder();
  const o = bartOps(g, await model.weights(), model);
  const dims = ["batch_size", "encoder_sequence_length"];
  const ids = g.input({ name: "input_ids", elemType: INT64, dims });
  const mask = g.input({ name: "attention_mask", elemType: INT64, dims });
  const bias = o.padBias(mask);
  let x = o.embed(ids, "encoder", o.int([0]));
  for (let i = 0; i < cfg.encoderLayers; i++) {
    const p = `model.encoder.layers.${i}`;
    const q = o.toHeads(o.linear(x, `${p}.self_attn.q_proj`));
    const k = o.toHeads(o.linear(x, `${p}.self_attn.k_proj`));
    const v = o.toHeads(o.linear(x, `${p}.self_attn.v_proj`));
    x = o.norm(g.node("Add", [x, o.attend(q, k, v, bias, `${p}.self_attn`)]), `${p}.self_attn_layer_norm`);
    x = o.norm(g.node("Add", [x, o.feedForward(x, p)]), `${p}.final_layer_norm`);
  }
  g.output(x, { name: "last_hidden_state", elemType: FLOAT, dims: [...dims, o.D] });
  return g.build("BartEncoder");
}

export async function exportBartDecoderOnnx(model: Seq2SeqLM): Promise<Uint8Array> {
  const cfg = model.config;
  const g = new GraphBuilder();
  const w = await model.weights();
  const o = bartOps(g, w, model);
  const ids = g.input({ name: "input_ids", elemType: INT64, dims: ["batch_size", "decoder_sequence_length"] });
  const encoderMask = g.input({
    name: "encoder_attention_mask",
    elemType: INT64,
    dims: ["batch_size", "encoder_sequence_length"],
  });
  const encoded = g.input({
    name: "encoder_hidden_states",
    elemType: FLOAT,
    dims: ["batch_size", "encoder_sequence_length", o.D],
  });
  const past = Array.from({ length: cfg.decoderLayers }, (_, i) =>
    ["key", "value"].map((kind) =>
      g.input({
        name: `past_key_values.${i}.decoder.${kind}`,
        elemType: FLOAT,
        dims: ["batch_size", cfg.heads, "past_decoder_sequence_length", o.dh],
      }),
    ),
  );

  // New tokens sit after the cached ones: positions and the causal mask start at the past length.
  const pastLen = o.length(past[0][0], 2);
  const total = g.node("Add", [pastLen, o.length(ids, 1)]);
  const keyPos = g.node("Unsqueeze", [g.node("Range", [o.int([0]), total, o.int([1])]), o.int([0], [1])]);
  const queryPos = g.node("Unsqueeze", [g.node("Range", [pastLen, total, o.int([1])]), o.int([1], [1])]);
  const causal = g.node("Unsqueeze", [g.node("LessOrEqual", [keyPos, queryPos]), o.int([0, 1], [2])]);
  const causalBias = g.node("Where", [g.node("Cast", [causal], { to: BOOL }), o.scalar(0), o.scalar(MASK_VALUE)]);
  const crossBias = o.padBias(encoderMask);

  let x = o.embed(ids, "decoder", pastLen);
  const presents: [string, string][] = [];
  for (let i = 0; i < cfg.decoderLayers; i++) {
    const p = `model.decoder.layers.${i}`;
    const q = o.toHeads(o.linear(x, `${p}.self_attn.q_proj`));
    const k = g.node("Concat", [past[i][0], o.toHeads(o.linear(x, `${p}.self_attn.k_proj`))], { axis: 2 });
    const v = g.node("Concat", [past[i][1], o.toHeads(o.linear(x, `${p}.self_attn.v_proj`))], { axis: 2 });
    presents.push([k, v]);
    x = o.norm(g.node("Add", [x, o.attend(q, k, v, causalBias, `${p}.self_attn`)]), `${p}.self_attn_layer_norm`);
    const cq = o.toHeads(o.linear(x, `${p}.encoder_attn.q_proj`));
    const ck = o.toHeads(o.linear(encoded, `${p}.encoder_attn.k_proj`));
    const cv = o.toHeads(o.linear(encoded, `${p}.encoder_attn.v_proj`));
    x = o.norm(
      g.node("Add", [x, o.attend(cq, ck, cv, crossBias, `${p}.encoder_attn`)]),
      `${p}.encoder_attn_layer_norm`,
    );
    x = o.norm(g.node("Add", [x, o.feedForward(x, p)]), `${p}.final_layer_norm`);
  }
  // The LM head is tied to the token embeddings the decoder already holds.
  const lmHead = g.transposedWeight("model.shared.weight");
  const bias = w.get("final_logits_bias")!;
  const logits = g.node("Add", [g.node("MatMul", [x, lmHead]), g.weight("final_logits_bias", bias.data, bias.shape)]);
  g.output(logits, { name: "logits", elemType: FLOAT, dims: ["batch_size", "decoder_sequence_length", cfg.vocabSize] });
  presents.forEach(([k, v], i) => {
    g.output(k, {
      name: `present.${i}.decoder.key`,
      elemType: FLOAT,
      dims: ["batch_size", cfg.heads, "total_decoder_sequence_length", o.dh],
    });
    g.output(v, {
      name: `present.${i}.decoder.value`,
      elemType: FLOAT,
      dims: ["batch_size", cfg.heads, "total_decoder_sequence_length", o.dh],
    });
  });
  return g.build("BartDecoder");
}

// Writes a Gpt2LM (GPT-2) as onnx/model.onnx in the layout transformers.js's generate() uses:
// inputs input_ids, attention_mask [batch, past + new], position_ids and past_key_values.{i}.key /
// .value [batch, heads, past, head_dim]; outputs logits and present.{i}.key / .value (past + new),
// so each generated token needs only one new position.
import type { Gpt2LM } from "../models/gpt2";
import { MASK_VALUE } from "../models/encoder";
import { decoderInputs, presentOutputs } from "./decoder-cache";
import { FLOAT, GraphBuilder } from "./graph";

const BOOL = 9; // onnx.TensorProto.DataType.BOOL

export async function exportGpt2Onnx(model: Gpt2LM): Promise<Uint8Array> {
  const cfg = model.config;
  const w = await model.weights();
  const g = new GraphBuilder();
  const H = cfg.hidden;
  const dh = H / cfg.heads;
  const param = (name: string) => g.weight(name, w.get(name)!.data, w.get(name)!.shape);
  const conv = (x: string, name: string) =>
    g.node("Add", [g.node("MatMul", [x, param(`${name}.weight`)]), param(`${name}.bias`)]);
  const norm = (x: string, name: string) =>
    g.node("LayerNormalization", [x, param(`${name}.weight`), param(`${name}.bias`)], { axis: -1, epsilon: cfg.eps });
  const int = (v: number[], dims: number[] = []) => g.constant(v, dims, "int64");
  const scalar = (v: number) => g.constant([v], []);

  const { ids, mask, positions, past } = decoderInputs(g, cfg.layers, cfg.heads, dh);

  let x = g.node("Add", [
    g.node("Gather", [param("transformer.wte.weight"), ids]),
    g.node("Gather", [param("transformer.wpe.weight"), positions]),
  ]);

  // Mask [batch, 1, new, past + new]: a new token sees every earlier position that is not padding.
  const pastLen = g.node("Gather", [g.node("Shape", [past[0][0]]), int([2])], { axis: 0 });
  const total = g.node("Add", [pastLen, g.node("Gather", [g.node("Shape", [ids]), int([1])], { axis: 0 })]);
  const keyPos = g.node("Unsqueeze", [g.node("Range", [int([0]), total, int([1])]), int([0], [1])]);
  const queryPos = g.node("Unsqueeze", [g.node("Range", [pastLen, total, int([1])]), int([1], [1])]);
  const causal = g.node("Unsqueeze", [g.node("LessOrEqual", [keyPos, queryPos]), int([0, 1], [2])]);
  const notPad = g.node("Cast", [g.node("Unsqueeze", [mask, int([1, 2], [2])])], { to: BOOL });
  const bias = g.node("Where", [g.node("And", [causal, notPad]), scalar(0), scalar(MASK_VALUE)]);

  const headShape = int([0, 0, cfg.heads, dh], [4]);
  const merged = int([0, 0, H], [3]);
  const toHeads = (t: string) => g.node("Transpose", [g.node("Reshape", [t, headShape])], { perm: [0, 2, 1, 3] });
  const third = (qkv: string, k: number) =>
    g.node("Slice", [qkv, int([k * H], [1]), int([(k + 1) * H], [1]), int([2], [1])]);
  const presents: [string, string][] = [];
  for (let i = 0; i < cfg.layers; i++) {
    const p = `transformer.h.${i}`;
    const qkv = conv(norm(x, `${p}.ln_1`), `${p}.attn.c_attn`);
    const q = toHeads(third(qkv, 0));
    const k = g.node("Concat", [past[i][0], toHeads(third(qkv, 1))], { axis: 2 });
    const v = g.node("Concat", [past[i][1], toHeads(third(qkv, 2))], { axis: 2 });
    presents.push([k, v]);
    const scores = g.node("Add", [
      g.node("Div", [g.node("MatMul", [q, g.node("Transpose", [k], { perm: [0, 1, 3, 2] })]), scalar(Math.sqrt(dh))]),
      bias,
    ]);
    const context = g.node("Reshape", [
      g.node("Transpose", [g.node("MatMul", [g.node("Softmax", [scores], { axis: -1 }), v])], { perm: [0, 2, 1, 3] }),
      merged,
    ]);
    x = g.node("Add", [x, conv(context, `${p}.attn.c_proj`)]);
    const up = conv(norm(x, `${p}.ln_2`), `${p}.mlp.c_fc`);
    const cube = g.node("Mul", [up, g.node("Mul", [up, up])]);
    const inner = g.node("Mul", [
      g.node("Add", [up, g.node("Mul", [cube, scalar(0.044715)])]),
      scalar(Math.sqrt(2 / Math.PI)),
    ]);
    const gelu = g.node("Mul", [g.node("Mul", [up, scalar(0.5)]), g.node("Add", [g.node("Tanh", [inner]), scalar(1)])]);
    x = g.node("Add", [x, conv(gelu, `${p}.mlp.c_proj`)]);
  }
  x = norm(x, "transformer.ln_f");
  // The LM head is tied to the token embeddings (stored once, above).
  const lmHead = g.transposedWeight("transformer.wte.weight");
  g.output(g.node("MatMul", [x, lmHead]), {
    name: "logits",
    elemType: FLOAT,
    dims: ["batch_size", "sequence_length", cfg.vocabSize],
  });
  presentOutputs(g, presents, cfg.heads, dh);
  return g.build("GPT2LMHeadModel");
}

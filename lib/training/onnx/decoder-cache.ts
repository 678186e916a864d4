// The inputs and cache outputs of a decoder-only language model's ONNX graph, named as transformers.js's
// generate() feeds and reads them: input_ids, attention_mask [batch, past + new], position_ids and
// past_key_values.{i}.key / .value [batch, kv_heads, past, head_dim] in; present.{i}.key / .value
// (past + new) out. GPT-2's export (export-gpt2.ts) and the Llama converter (lib/llm/llama-onnx.ts) use them.
import { FLOAT, type GraphBuilder, INT64 } from "./graph";

export interface DecoderInputs {
  ids: string;
  mask: string;
  positions: string;
  /** Per layer, the cached [key, value]. */
  past: [string, string][];
}

/** Declares the decoder's inputs in the order transformers.js lists them. */
export function decoderInputs(g: GraphBuilder, layers: number, kvHeads: number, headDim: number): DecoderInputs {
  const ids = g.input({ name: "input_ids", elemType: INT64, dims: ["batch_size", "sequence_length"] });
  const mask = g.input({ name: "attention_mask", elemType: INT64, dims: ["batch_size", "total_sequence_length"] });
  const positions = g.input({ name: "position_ids", elemType: INT64, dims: ["batch_size", "sequence_length"] });
  const past = Array.from({ length: layers }, (_, i) => {
    const cached = (kind: string) =>
      g.input({
        name: `past_key_values.${i}.${kind}`,
        elemType: FLOAT,
        dims: ["batch_size", kvHeads, "past_sequence_length", headDim],
      });
    return [cached("key"), cached("value")] as [string, string];
  });
  return { ids, mask, positions, past };
}

/** Declares each layer's [key, value] (the past and the new positions) as its present.{i} outputs. */
export function presentOutputs(g: GraphBuilder, presents: [string, string][], kvHeads: number, headDim: number): void {
  presents.forEach(([k, v], i) => {
    for (const [kind, from] of [
      ["key", k],
      ["value", v],
    ])
      g.output(from, {
        name: `present.${i}.${kind}`,
        elemType: FLOAT,
        dims: ["batch_size", kvHeads, "total_sequence_length", headDim],
      });
  });
}

// Writes an EncoderModel as onnx/model.onnx in the layout transformers.js loads: inputs
// input_ids, attention_mask (and token_type_ids for BERT) as int64 [batch_size, sequence_length];
// outputs by head: logits (sequence or token classification, masked LM) or start_logits and
// end_logits (question answering), plus last_hidden_state. The graph computes exactly what
// EncoderModel.forward computes (inference, no dropout).
import { MASK_VALUE, type EncoderModel } from "../models/encoder";
import { FLOAT, GraphBuilder, INT64, transposed } from "./graph";
import { onnxLayers } from "./layers";
export async function exportEncoderOnnx(model: EncoderModel): Promise<Uint8Array> {
  const cfg = model.config;
  const n = model.names;
  const w = await model.weights();
  const g = new GraphBuilder();
  const H = cfg.hiddenSize;
  const heads = cfg.numHeads;
  const dh = H / heads;
  const dims = ["batch_size", "sequence_length"];

  const { param, linear, norm, gelu } = onnxLayers(g, w, cfg.layerNormEps);

  const ids = g.input({ name: "input_ids", elemType: INT64, dims });
  const mask = g.input({ name: "attention_mask", elemType: INT64, dims });
  const types = n.tokenTypeEmbeddings ? g.input({ name: "token_type_ids", elemType: INT64, dims }) : undefined;

  // Embeddings: word + position (+ token type), then LayerNorm.
  const seqLen = g.node("Gather", [g.node("Shape", [ids]), g.constant([1], [], "int64")], { axis: 0 });
  const positions = g.node("Range", [g.constant([0], [], "int64"), seqLen, g.constant([1], [], "int64")]);
  let x = g.node("Add", [
    g.node("Gather", [param(`${n.wordEmbeddings}.weight`), ids]),
    g.node("Gather", [param(`${n.positionEmbeddings}.weight`), positions]),
  ]);
  if (types) x = g.node("Add", [x, g.node("Gather", [param(`${n.tokenTypeEmbeddings}.weight`), types])]);
  x = norm(x, n.embeddingNorm);

  // Padding mask as an additive bias [batch, 1, 1, seq].
  const inverted = g.node("Sub", [g.constant([1], []), g.node("Cast", [mask], { to: FLOAT })]);
  const bias = g.node("Unsqueeze", [
    g.node("Mul", [inverted, g.constant([MASK_VALUE], [])]),
    g.constant([1, 2], [2], "int64"),
  ]);
  const headShape = g.constant([0, 0, heads, dh], [4], "int64");
  const mergedShape = g.constant([0, 0, H], [3], "int64");
  const scale = g.constant([Math.sqrt(dh)], []);

  for (let i = 0; i < cfg.numLayers; i++) {
    const l = n.layer(i);
    const q = g.node("Transpose", [g.node("Reshape", [linear(x, l.query), headShape])], { perm: [0, 2, 1, 3] });
    const kT = g.node("Transpose", [g.node("Reshape", [linear(x, l.key), headShape])], { perm: [0, 2, 3, 1] });
    const v = g.node("Transpose", [g.node("Reshape", [linear(x, l.value), headShape])], { perm: [0, 2, 1, 3] });
    const scores = g.node("Add", [g.node("Div", [g.node("MatMul", [q, kT]), scale]), bias]);
    const probs = g.node("Softmax", [scores], { axis: -1 });
    const context = g.node("Reshape", [
      g.node("Transpose", [g.node("MatMul", [probs, v])], { perm: [0, 2, 1, 3] }),
      mergedShape,
    ]);
    x = norm(g.node("Add", [linear(context, l.attnOut), x]), l.attnNorm);
    x = norm(g.node("Add", [linear(gelu(linear(x, l.ffIn)), l.ffOut), x]), l.ffNorm);
  }

  const seqDims = ["batch_size", "sequence_length"];
  switch (model.head) {
    case "sequence-classification": {
      const first = g.node("Gather", [x, g.constant([0], [], "int64")], { axis: 1 });
      const pooled = n.pooler
        ? g.node("Tanh", [linear(first, n.pooler)])
        : g.node("Relu", [linear(first, n.preClassifier!)]);
      g.output(linear(pooled, n.classifier), {
        name: "logits",
        elemType: FLOAT,
        dims: ["batch_size", model.numLabels],
      });
      break;
    }
    case "token-classification":
      g.output(linear(x, n.classifier), { name: "logits", elemType: FLOAT, dims: [...seqDims, model.numLabels] });
      break;
    case "question-answering": {
      const spans = linear(x, n.qaOutputs);
      g.output(g.node("Gather", [spans, g.constant([0], [], "int64")], { axis: 2 }), {
        name: "start_logits",
        elemType: FLOAT,
        dims: seqDims,
      });
      g.output(g.node("Gather", [spans, g.constant([1], [], "int64")], { axis: 2 }), {
        name: "end_logits",
        elemType: FLOAT,
        dims: seqDims,
      });
      break;
    }
    case "masked-lm": {
      const t = norm(gelu(linear(x, n.mlmTransform)), n.mlmNorm);
      const embeddings = w.get(`${n.wordEmbeddings}.weight`)!;
      const decoder = g.weight("mlm_decoder.weight_T", transposed(embeddings), [
        embeddings.shape[1],
        embeddings.shape[0],
      ]);
      g.output(g.node("Add", [g.node("MatMul", [t, decoder]), param(n.mlmBias)]), {
        name: "logits",
        elemType: FLOAT,
        dims: [...seqDims, cfg.vocabSize],
      });
      break;
    }
  }
  g.output(x, { name: "last_hidden_state", elemType: FLOAT, dims: ["batch_size", "sequence_length", H] });
  return g.build(n.architectures[model.head]);
}

// Writes a VitModel as onnx/model.onnx in the layout transformers.js's image-classification pipeline
// loads: input pixel_values float [batch_size, channels, height, width] (what its image processor
// makes), output logits [batch_size, labels]. The graph computes what VitModel.forward computes
// (inference, no dropout); the patch embedding is ONNX's own Conv with stride = patch size, as in
// Hugging Face's ViT, so the export is an independent check of VitModel.patches.
import * as fs from "fs";
import * as path from "path";
import { VIT_NAMES, vitLayerNames, type VitModel } from "../models/vit";
import { FLOAT, GraphBuilder } from "./graph";
import { onnxLayers } from "./layers";

export async function exportVitOnnx(model: VitModel): Promise<Uint8Array> {
  const cfg = model.config;
  const w = await model.weights();
  const g = new GraphBuilder();
  const H = cfg.hiddenSize;
  const heads = cfg.numHeads;
  const dh = H / heads;
  const P = cfg.patchSize;

  const { param, linear, norm, gelu } = onnxLayers(g, w, cfg.layerNormEps);

  const pixels = g.input({
    name: "pixel_values",
    elemType: FLOAT,
    dims: ["batch_size", cfg.numChannels, cfg.imageSize, cfg.imageSize],
  });

  // Patch embedding: Conv [batch, hidden, g, g] -> [batch, hidden, patches] -> [batch, patches, hidden].
  const conv = g.node("Conv", [pixels, param(`${VIT_NAMES.patches}.weight`), param(`${VIT_NAMES.patches}.bias`)], {
    kernel_shape: [P, P],
    strides: [P, P],
  });
  const embedded = g.node("Transpose", [g.node("Reshape", [conv, g.constant([0, H, -1], [3], "int64")])], {
    perm: [0, 2, 1],
  });
  // [CLS] repeated over the batch, in front of the patches, then the position embeddings.
  const batch = g.node("Slice", [
    g.node("Shape", [pixels]),
    g.constant([0], [1], "int64"),
    g.constant([1], [1], "int64"),
  ]);
  const clsShape = g.node("Concat", [batch, g.constant([1, H], [2], "int64")], { axis: 0 });
  const cls = g.node("Expand", [param(VIT_NAMES.cls), clsShape]);
  let x = g.node("Add", [g.node("Concat", [cls, embedded], { axis: 1 }), param(VIT_NAMES.positions)]);

  const headShape = g.constant([0, 0, heads, dh], [4], "int64");
  const mergedShape = g.constant([0, 0, H], [3], "int64");
  const scale = g.constant([Math.sqrt(dh)], []);
  for (let i = 0; i < cfg.numLayers; i++) {
    const n = vitLayerNames(i);
    const h = norm(x, n.normBefore);
    const q = g.node("Transpose", [g.node("Reshape", [linear(h, n.query), headShape])], { perm: [0, 2, 1, 3] });
    const kT = g.node("Transpose", [g.node("Reshape", [linear(h, n.key), headShape])], { perm: [0, 2, 3, 1] });
    const v = g.node("Transpose", [g.node("Reshape", [linear(h, n.value), headShape])], { perm: [0, 2, 1, 3] });
    const probs = g.node("Softmax", [g.node("Div", [g.node("MatMul", [q, kT]), scale])], { axis: -1 });
    const context = g.node("Reshape", [
      g.node("Transpose", [g.node("MatMul", [probs, v])], { perm: [0, 2, 1, 3] }),
      mergedShape,
    ]);
    x = g.node("Add", [linear(context, n.attnOut), x]);
    x = g.node("Add", [linear(gelu(linear(norm(x, n.normAfter), n.ffIn)), n.ffOut), x]);
  }
  const first = g.node("Gather", [norm(x, VIT_NAMES.finalNorm), g.constant([0], [], "int64")], { axis: 1 });
  g.output(linear(first, VIT_NAMES.classifier), {
    name: "logits",
    elemType: FLOAT,
    dims: ["batch_size", model.numLabels],
  });
  return g.build("ViTForImageClassification");
}

/**
 * The folder transformers.js's pipeline("image-classification", dir) loads and Python transformers too:
 * config.json, model.safetensors, onnx/model.onnx and the image processor's preprocessor_config.json.
 */
export async function saveVitPretrained(
  model: VitModel,
  dir: string,
  preprocessor: Record<string, unknown>,
): Promise<void> {
  await model.saveWeightsAndConfig(dir);
  fs.writeFileSync(path.join(dir, "preprocessor_config.json"), JSON.stringify(preprocessor, null, 2) + "\n");
  const file = path.join(dir, "onnx", "model.onnx");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, await exportVitOnnx(model));
  fs.renameSync(`${file}.tmp`, file);
}

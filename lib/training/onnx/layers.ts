// The layers the course's encoder exporters write the same way: a named weight, a PyTorch Linear
// ([out, in], stored transposed for MatMul), a LayerNorm over the last axis, and GELU with erf.
import type { NamedTensor } from "../safetensors";
import { GraphBuilder, transposed } from "./graph";

export function onnxLayers(g: GraphBuilder, weights: Map<string, NamedTensor>, layerNormEps: number) {
  const param = (name: string): string => {
    const t = weights.get(name);
    if (!t) throw new Error(`the model has no parameter ${name}`);
    return g.weight(name, t.data, t.shape);
  };
  const linear = (x: string, name: string): string => {
    const t = weights.get(`${name}.weight`);
    if (!t) throw new Error(`the model has no parameter ${name}.weight`);
    const wt = g.weight(`${name}.weight_T`, transposed(t), [t.shape[1], t.shape[0]]);
    return g.node("Add", [g.node("MatMul", [x, wt]), param(`${name}.bias`)]);
  };
  const norm = (x: string, name: string): string =>
    g.node("LayerNormalization", [x, param(`${name}.weight`), param(`${name}.bias`)], {
      axis: -1,
      epsilon: layerNormEps,
    });
  const gelu = (x: string): string =>
    g.node("Mul", [
      g.node("Mul", [x, g.constant([0.5], [])]),
      g.node("Add", [g.node("Erf", [g.node("Div", [x, g.constant([Math.SQRT2], [])])]), g.constant([1], [])]),
    ]);
  return { param, linear, norm, gelu };
}

// A small ONNX graph builder over onnx-proto (the generated protobuf classes of the ONNX schema):
// the course writes its own ONNX files because TensorFlow.js has no ONNX exporter.
import { onnx } from "onnx-proto";
import type { NamedTensor } from "../safetensors";

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
const UINT8 = onnx.TensorProto.DataType.UINT8;

type Attr = number | number[] | string;

export interface ValueInfo {
  name: string;
  elemType: number;
  /** Numbers are fixed sizes, strings are named dynamic dimensions ("batch_size"). */
  dims: (number | string)[];
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  private valueInfo(v: ValueInfo): onnx.IValueInfoProto {
    return {
      name: v.name,
      type: {
        tensorType: {
          elemType: v.elemType,
          shape: { dim: v.dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
        },
      },
    };
  }

  input(v: ValueInfo): string {
    this.inputs.push(this.valueInfo(v));
    return v.name;
  }

  output(from: string, v: ValueInfo): void {
    this.node("Identity", [from], {}, v.name);
    this.outputs.push(this.valueInfo(v));
  }

  /** A float32 weight (stored little-endian in raw_data). */
  weight(name: string, data: Float32Array, dims: number[]): string {
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: bytes });
    return name;
  }

  /**
   * The transpose of a weight already in the graph, computed by the graph: a tied LM head reads the
   * token embeddings this way instead of storing them a second time (ONNX Runtime folds it once, on load).
   */
  transposedWeight(name: string): string {
    if (!this.initializers.some((t) => t.name === name))
      throw new Error(`the graph has no weight ${name} to transpose: add it first`);
    return this.node("Transpose", [name], { perm: [1, 0] });
  }

  /** A uint8 weight (packed 4-bit blocks for com.microsoft MatMulNBits). */
  bytes(name: string, data: Uint8Array, dims: number[]): string {
    this.initializers.push({ name, dims, dataType: UINT8, rawData: data.slice() });
    return name;
  }

  /** A constant tensor: float32 or int64. */
  constant(values: number[], dims: number[], type: "float" | "int64" = "float"): string {
    const name = `const_${this.counter++}`;
    if (type === "float") this.initializers.push({ name, dims, dataType: FLOAT, floatData: values });
    else this.initializers.push({ name, dims, dataType: INT64, int64Data: values });
    return name;
  }

  /** Adds a node and returns the name of its (first) output; `domain` "com.microsoft" for ONNX Runtime's contrib ops. */
  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string, domain?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.counter++}`;
    const attribute: onnx.IAttributeProto[] = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === "string")
        return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v };
      return Number.isInteger(v) && !String(v).includes(".") && name !== "epsilon" && name !== "alpha"
        ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
        : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v };
    });
    this.nodes.push({
      opType: op,
      input: inputs,
      output: [out],
      name: `${op}_${this.nodes.length}`,
      attribute,
      ...(domain ? { domain } : {}),
    });
    return out;
  }

  /** The serialised model (IR 8, default opset 17). */
  build(name: string, opset = 17): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: "hf-course-ts",
      opsetImport: [
        { domain: "", version: opset },
        ...(this.nodes.some((n) => n.domain === "com.microsoft") ? [{ domain: "com.microsoft", version: 1 }] : []),
      ],
      graph: { name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** A 2-D weight [rows, cols] as its transpose [cols, rows] (for MatMul(x, W^T) with PyTorch's [out, in]). */
export function transposed(t: NamedTensor): Float32Array {
  const [rows, cols] = t.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[r * cols + c];
  return out;
}

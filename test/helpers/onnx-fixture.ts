// A small real ONNX model (y = x · W, W seeded) for tests that move model files around: ONNX
// Runtime loads it and computes with it, so a damaged download cannot pass for a good one.
import { onnx } from "onnx-proto";

export function matmulModel(inputs = 8, outputs = 4, seed = 1): Uint8Array {
  let s = seed;
  const rand = () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32 - 0.5;
  const weights = new Float32Array(inputs * outputs).map(rand);
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "hf-course-ts tests",
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "matmul",
      node: [{ opType: "MatMul", input: ["x", "W"], output: ["y"], name: "matmul" }],
      initializer: [
        {
          name: "W",
          dims: [inputs, outputs],
          dataType: onnx.TensorProto.DataType.FLOAT,
          rawData: new Uint8Array(weights.buffer),
        },
      ],
      input: [
        {
          name: "x",
          type: {
            tensorType: {
              elemType: onnx.TensorProto.DataType.FLOAT,
              shape: { dim: [{ dimValue: 1 }, { dimValue: inputs }] },
            },
          },
        },
      ],
      output: [
        {
          name: "y",
          type: {
            tensorType: {
              elemType: onnx.TensorProto.DataType.FLOAT,
              shape: { dim: [{ dimValue: 1 }, { dimValue: outputs }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

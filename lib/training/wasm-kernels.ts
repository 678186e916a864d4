// Kernels the WebAssembly backend lacks, written in JavaScript over its heap.
// UnsortedSegmentSum is what the gradient of tf.gather (an embedding lookup) needs: the rows of the
// upstream gradient are summed into the rows of the embedding table they were gathered from.
import type * as TF from "@tensorflow/tfjs";

interface WasmBackend {
  typedArrayFromHeap(t: TF.TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
}

export function registerWasmKernels(tf: typeof TF): void {
  if (tf.getKernel("UnsortedSegmentSum", "wasm")) return;
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: TF.TensorInfo; segmentIds: TF.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const wasm = backend as unknown as WasmBackend;
      const values = wasm.typedArrayFromHeap(x);
      const ids = wasm.typedArrayFromHeap(segmentIds);
      const rows = ids.length;
      const inner = rows === 0 ? 0 : values.length / rows;
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
      const sums = wasm.typedArrayFromHeap(out);
      sums.fill(0);
      for (let r = 0; r < rows; r++) {
        const id = ids[r];
        if (id < 0 || id >= numSegments) continue; // TensorFlow drops out-of-range ids
        const from = r * inner;
        const to = id * inner;
        for (let j = 0; j < inner; j++) sums[to + j] += values[from + j];
      }
      return out;
    },
  });
}

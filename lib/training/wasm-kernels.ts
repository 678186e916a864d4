// Kernels for the WebAssembly training backend, written in JavaScript over its heap:
// - UnsortedSegmentSum, which the backend lacks and the gradient of tf.gather (an embedding
//   lookup) needs: rows of the upstream gradient are summed into the rows they were gathered from;
// - Identity without a copy (tensors share memory by reference count, as the cpu backend does):
//   TF.js clones every tensor it saves for the backward pass, and the backend copied each one;
// - GatherV2 along the first axis as whole-row copies (the backend's generic gather took ~6 ms to
//   look up 2,048 embedding rows);
// - BatchMatMul over XNNPACK per matrix (wasm-batch-matmul.ts).
// Measured with bench/profile-training.ts; every other case goes to the backend's own kernel.
import type * as TF from "@tensorflow/tfjs-core";
import { batchMatMulPerMatrix } from "./wasm-batch-matmul";

/** The parts of tfjs-backend-wasm's BackendWasm these kernels use. */
export interface WasmBackend {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: unknown): { id: number; memoryOffset: number } };
  typedArrayFromHeap(t: TF.TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  incRef(dataId: unknown): void;
}

// Every kernel here allocates its output before it takes any view of the heap: growing the
// WebAssembly memory detaches the typed arrays taken before it.

export type KernelArgs = { inputs: TF.NamedTensorInfoMap; backend: unknown; attrs?: TF.NamedAttrMap };

/** Replaces a wasm kernel; `fast` returns undefined for the cases the original should handle. */
function override(
  tf: typeof TF,
  name: string,
  fast: (args: KernelArgs, backend: WasmBackend) => TF.TensorInfo | undefined,
): void {
  const original = tf.getKernel(name, "wasm");
  if (!original || (original as { course?: boolean }).course) return;
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({
    ...original,
    course: true,
    kernelFunc: (args: KernelArgs) => fast(args, args.backend as WasmBackend) ?? original.kernelFunc(args as never),
  } as unknown as TF.KernelConfig);
}

function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TF.TensorInfo {
  const { x, segmentIds } = inputs as { x: TF.TensorInfo; segmentIds: TF.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const wasm = backend as WasmBackend;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  // Allocate first, then take views: allocating can grow the WebAssembly memory, which detaches
  // every view taken before it (length 0: nothing read, no error).
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const values = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
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
}

function gatherRows({ inputs, attrs }: KernelArgs, backend: WasmBackend): TF.TensorInfo | undefined {
  const { x, indices } = inputs as { x: TF.TensorInfo; indices: TF.TensorInfo };
  const { axis, batchDims } = attrs as { axis: number; batchDims: number };
  if (
    (axis !== 0 && axis !== -x.shape.length) ||
    batchDims !== 0 ||
    x.dtype === "string" ||
    indices.dtype !== "int32" ||
    x.shape.length === 0
  )
    return undefined;
  const rows = x.shape[0];
  const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views only after the allocation above (it can grow the memory and detach earlier views).
  const table = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(indices);
  const target = backend.typedArrayFromHeap(out);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < rows)) throw new Error(`GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
    target.set(table.subarray(id * width, (id + 1) * width), i * width);
  }
  return out;
}

function shareIdentity({ inputs }: KernelArgs, backend: WasmBackend): TF.TensorInfo | undefined {
  const { x } = inputs as { x: TF.TensorInfo };
  if (x.dtype === "string") return undefined;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function registerWasmKernels(tf: typeof TF): void {
  override(tf, "BatchMatMul", batchMatMulPerMatrix);
  override(tf, "Identity", shareIdentity);
  override(tf, "GatherV2", gatherRows);
  if (!tf.getKernel("UnsortedSegmentSum", "wasm"))
    tf.registerKernel({
      kernelName: "UnsortedSegmentSum",
      backendName: "wasm",
      kernelFunc: unsortedSegmentSum as never,
    });
}

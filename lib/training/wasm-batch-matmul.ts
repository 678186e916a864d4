// A faster BatchMatMul for the WebAssembly backend when there is more than one matrix to multiply
// (attention: [batch, heads, seq, dim] @ [batch, heads, dim, seq]).
//
// Why: tfjs-backend-wasm sends a single matrix product (batch 1, no transpose) to XNNPACK, but any
// batched product to a scalar triple loop that runs ~2 GFLOP/s, which made attention most of a
// training step (measured with `tf.profile`, see bench/profile-training.ts). Here each matrix of the
// batch goes to XNNPACK on its own: the backend is handed views (tensor ids registered at offsets
// into the inputs' and the output's heap memory), so nothing is copied. Products with a transpose
// or a broadcast batch keep the backend's own kernel. No maintained package offers this.
import type * as TF from "@tensorflow/tfjs-core";
import type { KernelArgs, WasmBackend } from "./wasm-kernels";

type BatchMatMulCall = (...args: unknown[]) => void;

// The backend's exported BatchMatMul (one per backend instance), wrapped as its own kernel wraps it.
const exported = new WeakMap<object, BatchMatMulCall>();

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/** The product matrix by matrix through XNNPACK; undefined for the cases the backend's kernel keeps. */
export function batchMatMulPerMatrix({ inputs, attrs }: KernelArgs, backend: WasmBackend): TF.TensorInfo | undefined {
  const { a, b } = inputs as { a: TF.TensorInfo; b: TF.TensorInfo };
  const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  const batch = product(a.shape.slice(0, -2));
  const sameBatch = a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  if (
    transposeA ||
    transposeB ||
    batch <= 1 ||
    !sameBatch ||
    product(a.shape) * product(b.shape) === 0 ||
    a.dtype !== "float32" ||
    b.dtype !== "float32"
  )
    return undefined;
  let call = exported.get(backend);
  if (!call) {
    call = backend.wasm.cwrap("BatchMatMul", null, [
      "number",
      "array",
      "number",
      "number",
      "array",
      "number",
      "number",
      "number",
      "number",
    ]);
    exported.set(backend, call);
  }
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], "float32");
  // Offsets, not views, and read after the allocation: they stay valid when the memory grows.
  const base = [a, b, out].map((t) => backend.dataIdMap.get(t.dataId).memoryOffset);
  const sizes = [m * k, k * n, m * n];
  const shapes = [shapeBytes([1, m, k]), shapeBytes([1, k, n])];
  for (let i = 0; i < batch; i++) {
    // Three views for this matrix; disposing a view frees no memory (the heap belongs to JS) but
    // drops the XNNPACK operator cached on it.
    const ids = sizes.map((size, j) => {
      const id = backend.dataIdNextNumber++;
      backend.wasm.tfjs.registerTensor(id, size, base[j] + i * size * 4);
      return id;
    });
    call(ids[0], shapes[0], 3, ids[1], shapes[1], 3, false, false, ids[2]);
    for (const id of ids) backend.wasm.tfjs.disposeData(id);
  }
  return out;
}

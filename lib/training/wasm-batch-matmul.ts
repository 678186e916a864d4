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

interface WasmModule {
  cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
  tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
}

interface WasmBackend {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: unknown): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
}

const prepared = new WeakMap<object, (...args: unknown[]) => void>();

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

export function registerBatchMatMul(tf: typeof TF): void {
  const original = tf.getKernel("BatchMatMul", "wasm");
  if (!original || (original as { course?: boolean }).course) return;
  tf.unregisterKernel("BatchMatMul", "wasm");
  const setup = (backend: unknown) => {
    if (prepared.has(backend as object)) return;
    original.setupFunc?.(backend as never); // the backend's own kernel still handles the other cases
    const call = (backend as WasmBackend).wasm.cwrap("BatchMatMul", null, ["number", "array", "number", "number", "array", "number", "number", "number", "number"]);
    prepared.set(backend as object, call);
  };
  const config = {
    kernelName: "BatchMatMul",
    backendName: "wasm",
    course: true,
    setupFunc: setup,
    kernelFunc: (args: { inputs: TF.NamedTensorInfoMap; backend: unknown; attrs?: TF.NamedAttrMap }) => {
      setup(args.backend);
      const { a, b } = args.inputs as { a: TF.TensorInfo; b: TF.TensorInfo };
      const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
      const batchA = product(a.shape.slice(0, -2));
      const batchB = product(b.shape.slice(0, -2));
      const same = a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
      if (transposeA || transposeB || batchA <= 1 || !same || product(a.shape) * product(b.shape) === 0 || a.dtype !== "float32" || b.dtype !== "float32") {
        return original.kernelFunc(args as never);
      }
      const backend = args.backend as WasmBackend;
      const call = prepared.get(backend)!;
      const [m, k] = a.shape.slice(-2);
      const n = b.shape[b.shape.length - 1];
      const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], "float32");
      const base = [a, b, out].map((t) => backend.dataIdMap.get(t.dataId).memoryOffset);
      const sizes = [m * k, k * n, m * n];
      const shapes = [shapeBytes([1, m, k]), shapeBytes([1, k, n])];
      for (let i = 0; i < batchB; i++) {
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
    },
  };
  tf.registerKernel(config as unknown as TF.KernelConfig);
}

// Threads for TensorFlow.js's WebAssembly backend under Node.
//
// tfjs-backend-wasm ships a threaded SIMD build but starts it only in browsers: under Node its
// WASM_HAS_MULTITHREAD_SUPPORT flag is false (tensorflow/tfjs#3830), and its loader hands Emscripten
// its worker and main scripts as blob: URLs, which Node's worker_threads cannot start. The
// Emscripten build itself supports Node workers. So, before the backend starts, this:
// 1. turns the flag on and sets the thread count;
// 2. writes the worker script (with the main script's path in place of the blob it is sent) and the
//    main script (the package's own wasm-out file) to the course cache, and serves those paths for
//    the blobs tfjs creates;
// 3. reports two logical CPUs per core while the module starts: the backend caps its thread pool at
//    emscripten_num_logical_cores() / 2 (it assumes two hardware threads per core), which would
//    leave a 2-vCPU machine with one thread.
// No maintained package does this (tensorflow/tfjs#8059 proposed worker_threads for Node).
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import { writeFileAtomic } from "../atomic-write";
import { settings } from "../settings";

interface WasmPackage {
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}

const MAIN_SCRIPT = "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js";

/** Writes the threaded build's scripts once per package version; returns the folder. */
function scriptsDir(): { main: string; worker: string } {
  const version = (require("@tensorflow/tfjs-backend-wasm/package.json") as { version: string }).version;
  const dir = path.join(settings.cacheDir, "tfjs-wasm-threads", version);
  const main = path.join(dir, "tfjs-backend-wasm-threaded-simd.js");
  const worker = path.join(dir, "tfjs-backend-wasm-threaded-simd.worker.js");
  if (!fs.existsSync(main)) {
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(main, fs.readFileSync(require.resolve(MAIN_SCRIPT)));
  }
  return { main, worker };
}

/**
 * Starts the wasm backend with `threads` threads (1: the single-threaded SIMD build, as tfjs does
 * under Node). Returns the number of threads the backend runs.
 */
export async function startWasmBackend(tf: typeof TF, threads: number = settings.wasmThreads): Promise<number> {
  const wasm = require("@tensorflow/tfjs-backend-wasm") as WasmPackage;
  if (threads <= 1) {
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
    return 1;
  }
  const { main, worker } = scriptsDir();
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL;
  const os = require("os") as { cpus: () => unknown[] }; // the module object Emscripten reads (not an import copy)
  const realCpus = os.cpus;
  // The blobs tfjs makes while the backend starts keep their text, so they can be written as files.
  class TextBlob extends RealBlob {
    readonly text_: string;
    constructor(parts: string[], options?: BlobPropertyBag) {
      super(parts, options);
      this.text_ = parts.join("");
    }
  }
  URL.createObjectURL = (blob: Blob) => {
    if (!(blob instanceof TextBlob)) return realCreate(blob);
    // The worker receives the main script as a Blob it cannot import under Node: give it the file.
    writeFileAtomic(worker, `URL.createObjectURL = () => ${JSON.stringify(main)};\n${blob.text_}`);
    return worker;
  };
  globalThis.Blob = TextBlob as typeof Blob;
  os.cpus = () => [...realCpus(), ...realCpus()];
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasm.setThreadsCount(threads);
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
  } finally {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreate;
    os.cpus = realCpus;
  }
  // The thread pool's workers wait on shared memory, not on messages: they must not keep Node's
  // event loop (a script, a test run) alive once the main thread is done.
  const pthreads = (
    tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: Worker[]; unusedWorkers: Worker[] } } }
  ).wasm.PThread;
  for (const w of [...(pthreads?.runningWorkers ?? []), ...(pthreads?.unusedWorkers ?? [])])
    (w as unknown as { unref?: () => void }).unref?.();
  return wasm.getThreadsCount();
}

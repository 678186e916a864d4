// Where a pretrained checkpoint's files are: a folder as given, or a Hub model id downloaded (once,
// checked, resumable) into the course cache. The course trains from safetensors weights.
import * as fs from "fs";
import { settings } from "../settings";
import { HubError } from "../hub/errors";
import { checkSnapshot, fetchSnapshot, listRepoFiles, modelDir } from "../models/snapshot";

const CHECKPOINT_FILES = ["config.json", "model.safetensors", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt"];
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

export async function checkpointDir(idOrDir: string, revision = "main"): Promise<string> {
  if (fs.existsSync(idOrDir) && fs.statSync(idOrDir).isDirectory()) return idOrDir;
  if (!HUB_ID.test(idOrDir)) throw new Error(`${idOrDir} is neither a folder nor a Hub model id such as "google-bert/bert-base-uncased"`);
  const cached = await checkSnapshot(idOrDir);
  if (cached.ok && cached.record?.revision === revision && cached.record.files["model.safetensors"] && cached.record.files["config.json"]) return modelDir(idOrDir);
  if (settings.offline) throw new HubError(`${idOrDir} is not in the course cache and offline mode is on (HF_HUB_OFFLINE=1): load it once while online.`);
  const listing = await listRepoFiles(idOrDir, revision);
  if (!listing.has("model.safetensors")) {
    throw new HubError(`${idOrDir} has no model.safetensors at ${revision}: the course loads weights in the safetensors format (PyTorch .bin files cannot be read safely in JavaScript).`);
  }
  const files = CHECKPOINT_FILES.filter((f) => listing.has(f)).map((f) => ({ path: f, ...listing.get(f)! }));
  await fetchSnapshot({ id: idOrDir, revision, task: "training checkpoint", dtype: "fp32" }, files);
  return modelDir(idOrDir);
}

// The learner's environment, checked line by line for notebooks/00-setup.ipynb.
import * as fs from "fs";
import * as path from "path";
import { folderBytes } from "../folder-bytes";
import { formatAmount } from "../progress-bar";
import { settings } from "../settings";
import { checkHub } from "../hub/reachability";
import { trainingBackend } from "../training/backend";

export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckRow {
  item: string;
  value: string;
  status: CheckStatus;
  /** What to do when it is not ok. */
  advice?: string;
}

const MIN_NODE = [20, 19];
/** Free space below which the check warns: a safety margin for downloads, not a measured size (decimal GB, as everywhere). */
const FREE_SPACE_MARGIN = 2e9;

/** Free bytes on the disk that holds `dir` (or its nearest existing parent). */
function freeBytes(dir: string): number {
  let d = path.resolve(dir);
  while (!fs.existsSync(d)) d = path.dirname(d);
  const s = fs.statfsSync(d);
  return s.bavail * s.bsize;
}

function checkNode(version = process.versions.node): CheckRow {
  const [major, minor] = version.split(".").map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    item: "Node.js",
    value: `v${version}`,
    status: ok ? "ok" : "fail",
    advice: ok ? undefined : "install Node.js 20.19 or newer (nodejs.org), then run npm install again",
  };
}

function checkKernel(): CheckRow {
  const tslab = require("tslab") as { versions: { tslab: string; typescript: string } };
  return {
    item: "Kernel",
    value: `tslab ${tslab.versions.tslab} (TypeScript ${tslab.versions.typescript})`,
    status: "ok",
  };
}

export function checkCache(): CheckRow[] {
  const dir = settings.cacheDir;
  let writable = true;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  const used = folderBytes(dir);
  const free = freeBytes(dir);
  return [
    {
      item: "Cache folder",
      value: `${dir} (${formatAmount(used, "bytes")} used)`,
      status: writable ? "ok" : "fail",
      advice: writable ? undefined : "set HF_COURSE_CACHE to a folder you can write to",
    },
    {
      item: "Free disk space",
      value: formatAmount(free, "bytes"),
      status: free > FREE_SPACE_MARGIN ? "ok" : "warn",
      advice:
        free > FREE_SPACE_MARGIN
          ? undefined
          : "less than 2 GB free: downloads may fail; free some space or point HF_COURSE_CACHE elsewhere",
    },
  ];
}

async function checkBackend(): Promise<CheckRow> {
  try {
    const b = await trainingBackend();
    return { item: "Training backend", value: `${b.name}: ${b.description}`, status: b.name === "cpu" ? "warn" : "ok" };
  } catch (err) {
    return { item: "Training backend", value: "none", status: "fail", advice: (err as Error).message };
  }
}

async function checkOnline(): Promise<CheckRow[]> {
  const hub = await checkHub();
  return [
    {
      item: "Hugging Face Hub",
      value: hub.message,
      status: hub.online ? "ok" : "warn",
      advice: hub.online ? undefined : "fine: the course runs offline on its bundled models",
    },
    {
      item: "HF_TOKEN",
      value: settings.hasToken ? "set (hidden)" : "not set",
      status: "ok",
      advice: settings.hasToken ? undefined : "only needed for gated or private models",
    },
  ];
}

/** Every check, in the order the setup notebook explains them. */
export async function checkEnvironment(): Promise<CheckRow[]> {
  return [checkNode(), checkKernel(), await checkBackend(), ...checkCache(), ...(await checkOnline())];
}

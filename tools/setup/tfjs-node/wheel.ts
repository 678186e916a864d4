// libtensorflow from TensorFlow's own wheel on PyPI: the C API and its runtime are inside
// tensorflow-cpu's Python extension, which pip can fetch where Google's storage host (tfjs-node's
// own download) cannot be reached. One job: fetch the pinned wheel, check it, unpack what tfjs-node
// needs (two shared libraries and the C headers).
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { SetupError } from "../jupyter-env";

/** The wheel: tensorflow-cpu 2.9.1 is the libtensorflow tfjs-node 4.22 links against. */
export const TENSORFLOW_WHEEL = {
  project: "tensorflow-cpu",
  version: "2.9.1",
  /** tfjs-node's scripts/deps-constants.js LIBTENSORFLOW_VERSION this matches. */
  libtensorflowVersion: "2.9.1",
  /** Any Python version works (only the C libraries are used); this one has a 2.9.1 wheel. */
  pythonVersion: "3.10",
  platform: "manylinux2014_x86_64",
  filename: "tensorflow_cpu-2.9.1-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
  sha256: "6666ddeae45e1f41da788cb4bdea3435aba16edb0bc17b7ac00631c7c9eb052e",
  bytes: 207_453_921,
} as const;

/** Where each needed file of the wheel goes, relative to the unpacked folder. */
export const WHEEL_FILES = {
  /** The C and eager C API (TF_*, TFE_*) with the kernels: 467 MB. */
  api: { from: "tensorflow/python/_pywrap_tensorflow_internal.so", to: "lib/_pywrap_tensorflow_internal.so" },
  framework: { from: "tensorflow/libtensorflow_framework.so.2", to: "lib/libtensorflow_framework.so.2" },
  /** tfjs-node's binding includes tensorflow/c/c_api.h and tensorflow/c/eager/c_api.h (and what they include). */
  headers: {
    from: ["tensorflow/include/tensorflow/c/", "tensorflow/include/tensorflow/core/platform/ctstring"],
    to: "include",
  },
} as const;

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    fs.createReadStream(file)
      .on("error", reject)
      .on("data", (c) => hash.update(c))
      .on("end", () => resolve(hash.digest("hex")));
  });
}

function run(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => reject(new SetupError(`${what} could not start: ${err.message}`)));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new SetupError(`${what} failed (exit code ${code}); see pip's lines above.`)),
    );
  });
}

/**
 * Downloads the pinned wheel with pip into `dir` (pip's progress bar shows) and checks its sha256.
 * pip uses the user's pip configuration (index, mirror, proxy, certificates).
 */
export async function fetchTensorflowWheel(python: string, dir: string, log: (line: string) => void): Promise<string> {
  const w = TENSORFLOW_WHEEL;
  const file = path.join(dir, w.filename);
  if (!(fs.existsSync(file) && fs.statSync(file).size === w.bytes)) {
    fs.mkdirSync(dir, { recursive: true });
    log(`Downloading ${w.project}==${w.version} with pip (${(w.bytes / 1e6).toFixed(0)} MB, once) ...`);
    await run(
      python,
      [
        "-m",
        "pip",
        "download",
        "--disable-pip-version-check",
        "--progress-bar",
        "on",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        w.pythonVersion,
        "--platform",
        w.platform,
        "--dest",
        dir,
        `${w.project}==${w.version}`,
      ],
      `pip download ${w.project}==${w.version}`,
    );
  }
  if (!fs.existsSync(file))
    throw new SetupError(
      `pip did not produce ${w.filename} in ${dir}: the package index may list another build of ${w.project}==${w.version}.`,
    );
  log(`Checking its sha256 ...`);
  const got = await sha256File(file);
  if (got !== w.sha256) {
    fs.rmSync(file, { force: true });
    throw new SetupError(
      `${w.filename} has sha256 ${got}, not the pinned ${w.sha256}: the download was deleted; run npm run setup again (if it repeats, your package index serves a different file).`,
    );
  }
  return file;
}

/** Unpacks the two libraries and the C headers from the wheel (a zip) into `dest`/lib and `dest`/include. */
export function unpackLibtensorflow(python: string, wheel: string, dest: string): void {
  const f = WHEEL_FILES;
  // Python's zipfile: the wheel is a zip and Python is here anyway (pip fetched it).
  const script = `
import os, shutil, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
files = {${JSON.stringify(f.api.from)}: ${JSON.stringify(f.api.to)}, ${JSON.stringify(f.framework.from)}: ${JSON.stringify(f.framework.to)}}
headers = ${JSON.stringify(f.headers.from)}
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name in files:
            out = os.path.join(dest, files.pop(name))
        elif any(name.startswith(h) for h in headers) and name.endswith(".h"):
            out = os.path.join(dest, ${JSON.stringify(f.headers.to)}, name[len("tensorflow/include/"):])
        else:
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        if name.endswith(".so") or ".so." in name:
            os.chmod(out, 0o755)
if files:
    sys.exit("missing from the wheel: " + ", ".join(files))
`;
  const r = spawnSync(python, ["-c", script, wheel, dest], { encoding: "utf8" });
  if (r.status !== 0)
    throw new SetupError(
      `Unpacking ${path.basename(wheel)} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`,
    );
  for (const h of ["tensorflow/c/c_api.h", "tensorflow/c/eager/c_api.h", "tensorflow/core/platform/ctstring.h"]) {
    if (!fs.existsSync(path.join(dest, f.headers.to, h)))
      throw new SetupError(`The wheel has no ${h}: it is not the TensorFlow build this route expects.`);
  }
}

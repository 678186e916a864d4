// tfjs-node (native TensorFlow for training) without Google's download host: libtensorflow from
// TensorFlow's wheel on PyPI (./wheel.ts, ./shim.ts), the addon built from tfjs-node's sources
// (./addon.ts). The results are kept in the course cache, so after `npm ci` empties node_modules
// the next setup only links them back (no download, no compiler).
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { copyFileAtomic, writeFolderAtomic } from "../../../lib/atomic-write";
import { settings } from "../../../lib/settings";
import { findPython, SetupError, venvDir } from "../jupyter-env";
import { addonPath, buildAddon } from "./addon";
import { buildShim } from "./shim";
import { fetchTensorflowWheel, TENSORFLOW_WHEEL, unpackLibtensorflow } from "./wheel";

export const TFJS_NODE = "@tensorflow/tfjs-node";

export type Probe = { ok: true; backend: string } | { ok: false; reason: string };

/** Loads tfjs-node in a fresh Node process from the project and runs one op: does it work here? */
export function probeTfjsNode(projectDir: string): Probe {
  const code = `const tf = require(${JSON.stringify(TFJS_NODE)}); const y = tf.tensor1d([1, 2]).add(1).dataSync(); if (y[1] !== 3) throw new Error("1 + 2 != 3"); console.log(tf.getBackend());`;
  const r = spawnSync(process.execPath, ["-e", code], {
    cwd: projectDir,
    encoding: "utf8",
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" },
    timeout: 120_000,
  });
  if (r.status === 0) return { ok: true, backend: r.stdout.trim().split("\n").pop() ?? "" };
  const text = `${r.stderr}\n${r.stdout}`;
  const line =
    text.match(/^(?:Error|TypeError): .*$/m)?.[0] ??
    text
      .trim()
      .split("\n")
      .find((l) => /error|cannot|not found/i.test(l)) ??
    (r.error ? String(r.error) : `exit code ${r.status}`);
  return { ok: false, reason: line.trim() };
}

/** tfjs-node's folder in the project, or undefined when npm dropped it (its install script failed). */
export function tfjsNodeDir(projectDir: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${TFJS_NODE}/package.json`, { paths: [projectDir] }));
  } catch {
    return undefined;
  }
}

/** The version the lockfile pins (else package.json's range). */
export function lockedTfjsNodeVersion(projectDir: string): string {
  const lock = path.join(projectDir, "package-lock.json");
  const locked = fs.existsSync(lock)
    ? JSON.parse(fs.readFileSync(lock, "utf8")).packages?.[`node_modules/${TFJS_NODE}`]?.version
    : undefined;
  if (locked) return locked;
  const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8"));
  return pkg.optionalDependencies?.[TFJS_NODE] ?? pkg.dependencies?.[TFJS_NODE] ?? "4.22.0";
}

/** `npm install --no-save --ignore-scripts`: the package's JavaScript without its failing download. */
function installPackage(projectDir: string, version: string, log: (line: string) => void): Promise<void> {
  log(
    `npm dropped ${TFJS_NODE} (its install script needs Google's host): installing ${TFJS_NODE}@${version} without its install script ...`,
  );
  const npm =
    process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
      ? [process.execPath, process.env.npm_execpath]
      : ["npm"];
  const args = [
    ...npm.slice(1),
    "install",
    "--no-save",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    `${TFJS_NODE}@${version}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(npm[0], args, {
      cwd: projectDir,
      stdio: ["ignore", "inherit", "inherit"],
      shell: process.platform === "win32",
    });
    child.on("error", (err) => reject(new SetupError(`npm could not start: ${err.message}`)));
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(
            new SetupError(
              `npm install ${TFJS_NODE}@${version} --ignore-scripts failed (exit code ${code}); see the lines above.`,
            ),
          ),
    );
  });
}

/** The libtensorflow tfjs-node expects (scripts/deps-constants.js), which this route must match. */
export function expectedLibtensorflow(packageDir: string): string | undefined {
  const f = path.join(packageDir, "scripts", "deps-constants.js");
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8").match(/LIBTENSORFLOW_VERSION\s*=\s*'([^']+)'/)?.[1] : undefined;
}

/** Cache folders: one for libtensorflow (+ shim and headers), one per tfjs-node version and N-API for the addon. */
export function cachePaths(tfjsNodeVersion: string, napi: number, cacheDir = settings.cacheDir) {
  const root = path.join(cacheDir, "tfjs-node");
  return {
    root,
    wheels: path.join(root, "wheels"),
    libtensorflow: path.join(root, `libtensorflow-${TENSORFLOW_WHEEL.version}-pypi-linux-x64`),
    addon: path.join(root, `tfjs-node-${tfjsNodeVersion}-napi-v${napi}-linux-x64`, "tfjs_binding.node"),
  };
}

const COMPLETE = "complete.json";

/** Fetches, unpacks and shims libtensorflow into the cache (once). */
async function ensureLibtensorflow(
  projectDir: string,
  dir: string,
  wheels: string,
  log: (line: string) => void,
): Promise<void> {
  if (fs.existsSync(path.join(dir, COMPLETE))) return;
  const venvPython = path.join(venvDir(projectDir), "bin", "python");
  const python = fs.existsSync(venvPython) ? venvPython : findPython();
  const wheel = await fetchTensorflowWheel(python, wheels, log);
  await writeFolderAtomic(dir, (partial) => {
    log(`Unpacking libtensorflow (its C API, 510 MB) into ${dir} ...`);
    unpackLibtensorflow(python, wheel, partial);
    log("Linking a libtensorflow.so.2 for it (gcc) ...");
    buildShim(path.join(partial, "lib"));
    fs.writeFileSync(
      path.join(partial, COMPLETE),
      JSON.stringify(
        { wheel: TENSORFLOW_WHEEL.filename, sha256: TENSORFLOW_WHEEL.sha256, date: new Date().toISOString() },
        null,
        1,
      ) + "\n",
    );
  });
  fs.rmSync(wheel, { force: true }); // 207 MB no longer needed (pip keeps its own cache)
}

/** Puts the cached libraries into tfjs-node's deps/ (hard links where possible: no second copy) and the headers. */
function linkDeps(cached: string, packageDir: string): void {
  const deps = path.join(packageDir, "deps");
  fs.rmSync(deps, { recursive: true, force: true });
  fs.mkdirSync(path.join(deps, "lib"), { recursive: true });
  for (const name of fs.readdirSync(path.join(cached, "lib"))) {
    const from = path.join(cached, "lib", name);
    const to = path.join(deps, "lib", name);
    const st = fs.lstatSync(from);
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else if (name.includes(".so")) {
      try {
        fs.linkSync(from, to);
      } catch {
        fs.copyFileSync(from, to);
      }
    }
  }
  fs.cpSync(path.join(cached, "include"), path.join(deps, "include"), { recursive: true });
}

/**
 * Makes `require("@tensorflow/tfjs-node")` work from TensorFlow's PyPI wheel. Returns what it did;
 * throws SetupError with what to do when a step fails.
 */
export async function installTfjsNodeFromPypi(
  projectDir: string,
  log: (line: string) => void = console.log,
): Promise<"already" | "linked" | "built"> {
  if (probeTfjsNode(projectDir).ok) return "already";
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new SetupError(
      `Building tfjs-node from TensorFlow's PyPI wheel is set up for Linux x86-64 only (this is ${process.platform}-${process.arch}); training uses WebAssembly.`,
    );
  }
  let packageDir = tfjsNodeDir(projectDir);
  const version = lockedTfjsNodeVersion(projectDir);
  if (!packageDir) {
    await installPackage(projectDir, version, log);
    packageDir = tfjsNodeDir(projectDir);
    if (!packageDir)
      throw new SetupError(`npm installed ${TFJS_NODE}@${version}, yet it cannot be resolved from ${projectDir}.`);
  }
  const installed = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")).version as string;
  const wanted = expectedLibtensorflow(packageDir);
  if (wanted !== TENSORFLOW_WHEEL.libtensorflowVersion) {
    throw new SetupError(
      `${TFJS_NODE}@${installed} links against libtensorflow ${wanted ?? "(unknown)"}, and this route provides ${TENSORFLOW_WHEEL.libtensorflowVersion} (tensorflow-cpu on PyPI): pin ${TFJS_NODE} to 4.22.0 or update TENSORFLOW_WHEEL in tools/setup/tfjs-node/wheel.ts.`,
    );
  }
  const { file: addon, napi } = addonPath(packageDir);
  const cache = cachePaths(installed, napi);
  await ensureLibtensorflow(projectDir, cache.libtensorflow, cache.wheels, log);
  linkDeps(cache.libtensorflow, packageDir);
  let did: "linked" | "built" = "linked";
  if (fs.existsSync(cache.addon)) {
    log(`Using the addon built before (${cache.addon}).`);
    fs.mkdirSync(path.dirname(addon), { recursive: true });
    fs.copyFileSync(cache.addon, addon);
  } else {
    await buildAddon(packageDir, log);
    fs.mkdirSync(path.dirname(cache.addon), { recursive: true });
    copyFileAtomic(addon, cache.addon);
    did = "built";
  }
  const probe = probeTfjsNode(projectDir);
  if (!probe.ok)
    throw new SetupError(
      `${TFJS_NODE} was built from the PyPI wheel but does not load: ${probe.reason}. Delete ${cache.root} and run npm run setup again; if it repeats, please report this line.`,
    );
  return did;
}

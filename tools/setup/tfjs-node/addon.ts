// Builds tfjs-node's native addon (tfjs_binding.node) from its sources with node-gyp, against the
// Node.js headers installed with Node (node-gyp would otherwise download them from nodejs.org).
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SetupError } from "../jupyter-env";

const exists = (f: string | undefined): f is string => Boolean(f) && fs.existsSync(f as string);

/** node-gyp as npm ships it (npm passes its path to scripts), else a node-gyp the project can resolve. */
export function findNodeGyp(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.npm_config_node_gyp,
    env.npm_execpath &&
      path.resolve(path.dirname(env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    path.resolve(
      process.execPath,
      "..",
      "..",
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
  ];
  for (const c of candidates) if (exists(c)) return c;
  try {
    return require.resolve("node-gyp/bin/node-gyp.js");
  } catch {
    throw new SetupError(
      "node-gyp was not found (npm normally ships it): run `npm install -g node-gyp`, then npm run setup again.",
    );
  }
}

/** A folder with include/node/{node_api.h,common.gypi} for this Node, or undefined (node-gyp then downloads them). */
export function findNodeHeaders(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.npm_config_nodedir, path.resolve(process.execPath, "..", ".."), "/usr", "/usr/local"];
  for (const dir of candidates) {
    if (!dir) continue;
    const inc = path.join(dir, "include", "node");
    if (!exists(path.join(inc, "node_api.h")) || !exists(path.join(inc, "common.gypi"))) continue;
    // The headers must be this Node's (node_version.h names it).
    const version = fs.existsSync(path.join(inc, "node_version.h"))
      ? fs.readFileSync(path.join(inc, "node_version.h"), "utf8")
      : "";
    const major = version.match(/#define NODE_MAJOR_VERSION (\d+)/)?.[1];
    if (major === process.versions.node.split(".")[0]) return dir;
  }
  return undefined;
}

/** Where node-pre-gyp (and so tfjs-node) looks for the addon: lib/napi-v<N>/tfjs_binding.node. */
export function addonPath(packageDir: string): { file: string; napi: number } {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    binary: { module_name: string; module_path: string; napi_versions: number[] };
  };
  const here = Number(process.versions.napi);
  const napi = Math.max(...pkg.binary.napi_versions.filter((v) => v <= here));
  if (!Number.isFinite(napi))
    throw new SetupError(
      `This Node.js (N-API ${here}) is older than any N-API version tfjs-node supports (${pkg.binary.napi_versions.join(", ")}).`,
    );
  const dir = path.resolve(packageDir, pkg.binary.module_path.replace("{napi_build_version}", String(napi)));
  return { file: path.join(dir, `${pkg.binary.module_name}.node`), napi };
}

/** `node-gyp rebuild` in the tfjs-node package (its deps/ must hold lib/ and include/); returns the addon. */
export function buildAddon(packageDir: string, log: (line: string) => void): Promise<string> {
  const nodeGyp = findNodeGyp();
  const headers = findNodeHeaders();
  const { file, napi } = addonPath(packageDir);
  const args = [
    nodeGyp,
    "rebuild",
    "--loglevel=warn",
    `--jobs=${Math.max(1, os.availableParallelism?.() ?? os.cpus().length)}`,
    `--module_name=${path.basename(file, ".node")}`,
    `--module_path=${path.dirname(file)}`,
    `--napi_build_version=${napi}`,
  ];
  if (headers) args.push(`--nodedir=${headers}`);
  log(
    `Building tfjs-node's addon with node-gyp (${headers ? `Node headers from ${path.join(headers, "include", "node")}` : "node-gyp downloads the Node headers"}) ...`,
  );
  // --no-as-needed: the addon must keep libtensorflow.so.2 (the shim) even though the TF_* symbols
  // it uses are defined one library further (Ubuntu's linker drops such a library by default).
  const env = { ...process.env, LDFLAGS: `${process.env.LDFLAGS ?? ""} -Wl,--no-as-needed`.trim() };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: packageDir, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => reject(new SetupError(`node-gyp could not start: ${err.message}`)));
    child.on("exit", (code) => {
      if (code !== 0) {
        const hint = headers
          ? ""
          : " It had to download the Node.js headers: install them (Debian/Ubuntu: sudo apt install libnode-dev) or set npm_config_nodedir.";
        return reject(
          new SetupError(
            `Building tfjs-node's addon failed (node-gyp exit code ${code}); see the lines above.${hint} It needs python3, make and g++ (Debian/Ubuntu: sudo apt install g++ make).`,
          ),
        );
      }
      if (!fs.existsSync(file)) return reject(new SetupError(`node-gyp finished but ${file} is missing.`));
      resolve(file);
    });
  });
}

// `npm start` builds the course library (lib/ → lib/dist/, what notebooks import as "hf-course")
// only when a source is newer than the last build, and says so; a clone that is up to date starts at once.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SetupError } from "./jupyter-env";

function newest(dir: string, keep: (file: string) => boolean, skip: (dir: string) => boolean = () => false): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip(full)) latest = Math.max(latest, newest(full, keep, skip));
    } else if (keep(full)) latest = Math.max(latest, fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Why lib/dist must be rebuilt ("no build yet", "lib/ changed since the last build"), or undefined when it is current. */
export function staleBuild(projectDir: string): string | undefined {
  const lib = path.join(projectDir, "lib");
  const dist = path.join(lib, "dist");
  const stamp = path.join(dist, "index.js");
  if (!fs.existsSync(stamp)) return "there is no build yet";
  const built = newest(dist, (f) => f.endsWith(".js"));
  const sources = newest(
    lib,
    (f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.endsWith(".json"),
    (d) => d === dist || path.basename(d) === "node_modules",
  );
  const config = Math.max(
    ...[path.join(projectDir, "tsconfig.json"), path.join(lib, "tsconfig.json")]
      .filter(fs.existsSync)
      .map((f) => fs.statSync(f).mtimeMs),
  );
  return Math.max(sources, config) > built ? "lib/ changed since the last build" : undefined;
}

/**
 * Builds lib/ into lib/dist/ with the project's TypeScript, then removes what an earlier build left of
 * modules that no longer exist (tsc only adds and overwrites: a moved or deleted module's old output
 * would stay importable by path). Returns the files removed, relative to lib/dist/.
 */
export function buildLib(projectDir: string): string[] {
  const tsc = path.join(
    path.dirname(require.resolve("typescript/package.json", { paths: [projectDir] })),
    "bin",
    "tsc",
  );
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(projectDir, "lib")], {
    cwd: projectDir,
    stdio: "inherit",
  });
  if (r.status !== 0)
    throw new SetupError(
      `Building the course library failed (tsc -p lib, exit code ${r.status}); see the errors above.`,
    );
  return pruneOrphanOutputs(path.join(projectDir, "lib"));
}

/** Deletes each file of lib/dist/ whose source (X.ts for X.js, X.d.ts and their maps) is gone; returns them. */
export function pruneOrphanOutputs(lib: string): string[] {
  const dist = path.join(lib, "dist");
  const removed: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dist, rel), { withFileTypes: true })) {
      const file = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        if (fs.readdirSync(path.join(dist, file)).length === 0) fs.rmdirSync(path.join(dist, file));
        continue;
      }
      const source = file.replace(/\.map$/, "").replace(/(\.d\.ts|\.js)$/, ".ts");
      if (source === file || fs.existsSync(path.join(lib, source))) continue;
      fs.unlinkSync(path.join(dist, file));
      removed.push(file.split(path.sep).join("/"));
    }
  };
  if (fs.existsSync(dist)) walk("");
  return removed.sort();
}

/** Builds lib/ when stale (buildLib), printing what it does; silent when current. */
export function buildIfStale(projectDir: string, log: (line: string) => void = console.log): void {
  const why = staleBuild(projectDir);
  if (!why) return;
  log(`Building the course library (lib/ → lib/dist/: ${why}; about 30 s) ...`);
  const started = Date.now();
  const removed = buildLib(projectDir);
  log(
    `Built in ${Math.round((Date.now() - started) / 1000)} s.` +
      (removed.length ? ` Removed ${removed.length} file(s) of modules that no longer exist.` : ""),
  );
}

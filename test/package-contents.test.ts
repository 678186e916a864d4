// The package a learner's notebooks import (lib/, built into lib/dist by `npm run build`) holds the
// course and none of the maintainers' tools. lib/ is built here as `npm run build` builds it, into a
// scratch folder (lib/dist is left alone), and what it emits is compared with tools/. A lib/ file that
// imported tools/ fails this build (tools/ is outside the package's rootDir); layers.test.ts names it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { PROJECT, scratchDir } from "./helpers/notebooks";

/** Every file below `dir`, as a path relative to it with forward slashes. */
function filesUnder(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

// What the maintainers' tree holds, by the path it would have in the package: the zoo, the notebook
// runner and Jupyter client, JupyterLab setup, the exercise builder and the grader, the mirror writer.
const MAINTAINERS_CODE = [
  /^(zoo|notebook|jupyter|setup)\//,
  /^grading\/(build|release|source|grade|grade-all|gradebook|sandbox|guard|markers)\./,
  /^datasets\/(mirror|write-parquet|source|source-datasets)\./,
  /^models\/(pin-models|seed-real-checkpoints)\./,
];

test("the built package holds none of the maintainers' code: no zoo, exercise builder, grader, notebook runner or mirror writer", { timeout: 300_000 }, () => {
  const out = scratchDir("lib-dist");
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(PROJECT, "lib"), "--outDir", out], { cwd: PROJECT, encoding: "utf8" });
  assert.equal(tsc.status, 0, `tsc -p lib failed:\n${tsc.stdout}${tsc.stderr}`);
  const built = filesUnder(out);
  for (const entry of ["index.js", "index.d.ts", "grading/check-answer.js", "kernel/tslab-kernel.js"]) assert.ok(built.includes(entry), `the build emitted ${entry}`);

  // Each emitted file comes from a lib/ source of the same path.
  const strays = built.filter((f) => !fs.existsSync(path.join(PROJECT, "lib", f.replace(/(\.d\.ts|\.js)$/, ".ts"))));
  assert.deepEqual(strays, [], "emitted files with no lib/ source");

  // No module of tools/ is in it under its own path (tools/zoo/build.ts would be zoo/build.js), nor anything named like one.
  const tools = new Set(filesUnder(path.join(PROJECT, "tools")).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")));
  assert.deepEqual(built.filter((f) => tools.has(f.replace(/(\.d\.ts|\.js)$/, ""))), [], "modules of tools/ in the package");
  assert.deepEqual(built.filter((f) => MAINTAINERS_CODE.some((p) => p.test(f))), [], "maintainers' code in the package");
});

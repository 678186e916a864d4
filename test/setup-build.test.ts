// npm start builds lib/ only when it is stale; a build leaves no output of a deleted module.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { pruneOrphanOutputs, staleBuild } from "../tools/setup/build";
import { scratchDir } from "./helpers/notebooks";

test("the library build is stale when there is none or a source is newer than it, current otherwise", () => {
  const dir = scratchDir("setup-build");
  const write = (rel: string, when: number) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, "x");
    fs.utimesSync(f, when / 1000, when / 1000);
  };
  const t0 = Date.now() - 60_000;
  write("tsconfig.json", t0);
  write("lib/tsconfig.json", t0);
  write("lib/index.ts", t0);
  write("lib/plot/svg.ts", t0);
  assert.equal(staleBuild(dir), "there is no build yet");
  write("lib/dist/index.js", t0 + 1000);
  write("lib/dist/plot/svg.js", t0 + 1000);
  assert.equal(staleBuild(dir), undefined, "built after every source: nothing to do");
  write("lib/plot/svg.ts", t0 + 2000);
  assert.equal(staleBuild(dir), "lib/ changed since the last build");
  write("lib/dist/plot/svg.js", t0 + 3000);
  assert.equal(staleBuild(dir), undefined);
  write("lib/dist/index.d.ts", t0 + 4000); // declaration files are outputs, not sources
  assert.equal(staleBuild(dir), undefined);
});

test("the build removes the outputs of a module whose source is gone, and keeps every other", () => {
  const lib = path.join(scratchDir("setup-prune"), "lib");
  const touch = (rel: string) => {
    fs.mkdirSync(path.dirname(path.join(lib, rel)), { recursive: true });
    fs.writeFileSync(path.join(lib, rel), "x");
  };
  for (const rel of ["index.ts", "plot/svg.ts", "data.json"]) touch(rel);
  const kept = ["index.js", "index.d.ts", "index.js.map", "plot/svg.js", "plot/svg.d.ts"];
  const orphans = ["zoo/build.js", "zoo/build.d.ts", "progress.js", "progress.d.ts.map"];
  for (const rel of [...kept, ...orphans]) touch(path.join("dist", rel));
  assert.deepEqual(pruneOrphanOutputs(lib), [...orphans].sort());
  for (const rel of kept) assert.ok(fs.existsSync(path.join(lib, "dist", rel)), `${rel} kept`);
  assert.ok(!fs.existsSync(path.join(lib, "dist", "zoo")), "an emptied folder goes too");
  assert.deepEqual(pruneOrphanOutputs(lib), [], "nothing left to remove");
});

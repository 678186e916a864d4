// npm test's launcher (scripts/test.ts) keeps each test file's stdout for the runner's binary results:
// a file that prints the course's "ℹ …" notices between tests (as resolveModel does) must still pass.
// Without test/helpers/console-on-stderr.cjs, Node 20's runner fails such a file with "Unable to
// deserialize cloned data" (a CI run lost llm-offline.test.ts to it); this fixture fails every time.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..");

test("a test file printing ℹ notices between tests passes through npm test's launcher, notices shown", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "launcher-"));
  const file = path.join(dir, "notices.test.mjs");
  const worker = path.join(dir, "worker.cjs");
  fs.writeFileSync(worker, `console.log("ℹ from a worker");\n`);
  fs.writeFileSync(
    file,
    `import { test } from "node:test";
import { Worker } from "node:worker_threads";
for (let i = 0; i < 50; i++)
  test("t" + i, async () => { await new Promise((r) => setTimeout(r, 2)); console.log("ℹ notice " + i); });
// A worker thread started from a file inherits the preload (tfjs's WebAssembly backend starts some): it must load there too.
test("worker", () => new Promise((resolve, reject) => {
  const w = new Worker(${JSON.stringify(worker)});
  w.on("error", reject);
  w.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("worker exit " + code))));
}));
`,
  );
  // Without NODE_TEST_CONTEXT (set for this file's own process), the launcher runs as npm test does.
  const env: NodeJS.ProcessEnv = { ...process.env, HF_HUB_OFFLINE: "1" };
  delete env.NODE_TEST_CONTEXT;
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "test.ts"), file], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    const out = r.stdout + r.stderr;
    assert.doesNotMatch(out, /Unable to deserialize/);
    assert.equal(r.status, 0, out.slice(-2000));
    assert.match(out, /# pass 51\b/);
    assert.match(out, /ℹ notice 49/, "the notices still reach the log");
    assert.match(out, /ℹ from a worker/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

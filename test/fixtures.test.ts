// The repository is self-contained: the tests and scripts read nothing beside it (no ../shared),
// every path test/fixtures/index.ts names exists and is tracked by git, and every fixture file is
// accounted for in test/fixtures/SOURCES.md.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { ALL_PATHS, FIXTURES, PROJECT, SOURCES_MD } from "./fixtures";

const rel = (p: string) => path.relative(PROJECT, p).split(path.sep).join("/");

function filesUnder(dir: string, keep: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : filesUnder(p, keep);
    return keep(p) ? [p] : [];
  });
}

/** Files git tracks under a path (empty when git or the repository is missing: then the test says so). */
function tracked(p: string): string[] {
  return execFileSync("git", ["ls-files", "--", rel(p)], { cwd: PROJECT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

test("no test, script or library file reads a folder beside the repository (../shared)", () => {
  // Built from parts so that this file does not match itself.
  const word = ["sha", "red"].join("");
  const outside = [
    new RegExp(`["'\`]${word}["'\`]`), // path.join(..., "shared", ...)
    new RegExp(`\\.\\./${word}\\b`), // "../shared/..."
    new RegExp(`/work/${word}\\b`),
    /PROJECT,\s*["']\.\.["']/, // path.resolve(PROJECT, "..", ...)
  ];
  const code = [
    ...filesUnder(path.join(PROJECT, "test"), (f) => /\.(ts|py|sh)$/.test(f)),
    ...filesUnder(path.join(PROJECT, "scripts"), (f) => f.endsWith(".ts")),
    ...filesUnder(path.join(PROJECT, "lib"), (f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
    ...filesUnder(path.join(PROJECT, "tools"), (f) => f.endsWith(".ts")),
    path.join(PROJECT, ".ci", "run"),
    path.join(PROJECT, "package.json"),
  ].filter((f) => f !== __filename);
  const hits: string[] = [];
  for (const file of code) {
    fs.readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (outside.some((re) => re.test(line))) hits.push(`${rel(file)}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
  }
  assert.deepEqual(hits, [], "read fixtures through test/fixtures/index.ts (files inside the repository) instead");
});

test("every path test/fixtures/index.ts names exists inside the repository and is tracked by git", () => {
  assert.ok(ALL_PATHS.length > 5);
  for (const p of ALL_PATHS) {
    assert.ok(!rel(p).startsWith(".."), `${p} is outside the repository`);
    assert.ok(fs.existsSync(p), `${rel(p)} does not exist`);
    const onDisk = fs.statSync(p).isDirectory() ? filesUnder(p, () => true).map(rel) : [rel(p)];
    const inGit = new Set(tracked(p));
    assert.ok(inGit.size > 0, `${rel(p)} is not tracked by git (git add it, or the tests fail on a fresh clone)`);
    for (const f of onDisk) assert.ok(inGit.has(f), `${f} is not tracked by git`);
  }
});

test("every fixture file is tracked, recorded in SOURCES.md by its sha256, and the fixtures stay small", () => {
  const sources = fs.readFileSync(SOURCES_MD, "utf8");
  const files = filesUnder(FIXTURES, () => true);
  const inGit = new Set(tracked(FIXTURES));
  let bytes = 0;
  for (const f of files) {
    assert.ok(inGit.has(rel(f)), `${rel(f)} is not tracked by git`);
    bytes += fs.statSync(f).size;
    if (f === SOURCES_MD || f.endsWith(".ts")) continue;
    const sha = createHash("sha256").update(fs.readFileSync(f)).digest("hex");
    assert.ok(
      sources.includes(sha),
      `${rel(f)} (sha256 ${sha}) is not in SOURCES.md: say where it comes from and under which licence`,
    );
  }
  assert.ok(bytes < 10e6, `test/fixtures/ holds ${(bytes / 1e6).toFixed(1)} MB: keep it under 10 MB (take a subset)`);
});

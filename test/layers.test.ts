// Two trees: lib/ is the package notebooks import ("hf-course"), tools/ the maintainers' code beside it
// (the zoo builders, the mirror writer, the exercise builder, the grader, the notebook runner, setup).
// tools/ imports lib/, never the other way: lib/ builds into lib/dist alone, so a learner's package
// holds no build system, and a lib/ file that imported tools/ would fail to compile or run there.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { PROJECT, scratchDir } from "./helpers/notebooks";

// `from "x"`, `import("x")`, `require("x")`, also when an import spans several lines.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : tsFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** `file: specifier` for every relative import in <root>/lib that resolves outside lib/ (into tools/ or anywhere else). */
function importsLeavingLib(root: string): string[] {
  const lib = path.join(root, "lib");
  const found: string[] = [];
  for (const file of tsFiles(lib)) {
    for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      if (!spec.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(lib + path.sep))
        found.push(`${path.relative(root, file).split(path.sep).join("/")}: ${spec}`);
    }
  }
  return found;
}

test("no file of lib/ imports tools/ (or anything else outside lib/)", () => {
  assert.deepEqual(
    importsLeavingLib(PROJECT),
    [],
    "lib/ is the learner's package: move what these files need into lib/, or the importer into tools/",
  );
});

test("the check sees a planted import of tools/ in lib/", () => {
  const root = scratchDir("layers");
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write("lib/a.ts", 'import { gradeAll } from "../tools/grading/grade-all";\nimport { b } from "./deep/b";\n');
  write("lib/deep/b.ts", 'export const b = require("../../tools/zoo/recipes");\n');
  write(
    "lib/c.ts",
    'import {\n  x,\n} from "../tools/x";\nexport async function f() {\n  return import("../tools/y");\n}\n',
  );
  write("lib/d.ts", 'import * as fs from "fs";\nimport { settings } from "./settings";\n');
  assert.deepEqual(importsLeavingLib(root).sort(), [
    "lib/a.ts: ../tools/grading/grade-all",
    "lib/c.ts: ../tools/x",
    "lib/c.ts: ../tools/y",
    "lib/deep/b.ts: ../../tools/zoo/recipes",
  ]);
});

test("the package exports its three entries and the grader's answer collector only: a learner's import of an internal module is refused", () => {
  const exported = JSON.parse(fs.readFileSync(path.join(PROJECT, "lib", "package.json"), "utf8")).exports;
  assert.deepEqual(Object.keys(exported), [
    ".",
    "./training",
    "./transformers",
    "./dist/grading/check-answer",
    "./package.json",
  ]);
  for (const internal of [
    "hf-course/dist/index.js",
    "hf-course/dist/grading/hash",
    "hf-course/dist/checks/00-setup.js",
    "hf-course/dist/models/manifest",
  ]) {
    assert.throws(
      () => require.resolve(internal, { paths: [PROJECT] }),
      { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" },
      internal,
    );
  }
});

// The package a learner's notebooks import (lib/, built into lib/dist by `npm run build`) holds the
// course and none of the maintainers' tools. lib/ is built here as `npm run build` builds it, into a
// scratch folder (lib/dist is left alone), and what it emits is compared with tools/. A lib/ file that
// imported tools/ fails this build (tools/ is outside the package's rootDir); layers.test.ts names it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as ts from "typescript";
import { PROJECT, scratchDir } from "./helpers/notebooks";

/** Every file below `dir`, as a path relative to it with forward slashes. */
function filesUnder(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}

// What the maintainers' tree holds, by the path it would have in the package: the zoo, the notebook
// runner and Jupyter client, JupyterLab setup, the exercise builder and the grader, the mirror writer.
const MAINTAINERS_CODE = [
  /^(zoo|notebook|jupyter|setup)\//,
  /^grading\/(build|release|source|grade|grade-all|gradebook|sandbox|guard|markers)\./,
  /^datasets\/(mirror|write-parquet|source|source-datasets)\./,
  /^models\/(pin-models|seed-real-checkpoints)\./,
];

let builtOnce: string | undefined;
/** lib/ built as `npm run build` builds it, once for this file, into a scratch folder. */
function buildLib(): string {
  if (builtOnce) return builtOnce;
  const out = scratchDir("lib-dist");
  const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(PROJECT, "lib"), "--outDir", out],
    { cwd: PROJECT, encoding: "utf8" },
  );
  assert.equal(tsc.status, 0, `tsc -p lib failed:\n${tsc.stdout}${tsc.stderr}`);
  return (builtOnce = out);
}

test(
  "the built package holds none of the maintainers' code: no zoo, exercise builder, grader, notebook runner or mirror writer",
  { timeout: 300_000 },
  () => {
    const out = buildLib();
    const built = filesUnder(out);
    for (const entry of ["index.js", "index.d.ts", "grading/check-answer.js", "kernel/tslab-kernel.js"])
      assert.ok(built.includes(entry), `the build emitted ${entry}`);

    // Each emitted file comes from a lib/ source of the same path.
    const strays = built.filter((f) => !fs.existsSync(path.join(PROJECT, "lib", f.replace(/(\.d\.ts|\.js)$/, ".ts"))));
    assert.deepEqual(strays, [], "emitted files with no lib/ source");

    // No module of tools/ is in it under its own path (tools/zoo/build.ts would be zoo/build.js), nor anything named like one.
    const tools = new Set(
      filesUnder(path.join(PROJECT, "tools"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => f.replace(/\.ts$/, "")),
    );
    assert.deepEqual(
      built.filter((f) => tools.has(f.replace(/(\.d\.ts|\.js)$/, ""))),
      [],
      "modules of tools/ in the package",
    );
    assert.deepEqual(
      built.filter((f) => MAINTAINERS_CODE.some((p) => p.test(f))),
      [],
      "maintainers' code in the package",
    );
  },
);

/** The declaration files TypeScript reads to type-check `import … from <entry>`, as tslab compiles a cell. */
function declarationsRead(entryDts: string): string[] {
  const program = ts.createProgram([entryDts], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  return program.getSourceFiles().map((f) => f.fileName);
}

// A cell's imports are type-checked before it runs, and every declaration file they reach is parsed:
// TensorFlow.js's and transformers.js's (~430 and ~490 files) took ~1.5 s of a learner's first cell.
// So "hf-course" reaches neither; "hf-course/training" and "hf-course/transformers" carry them.
const HEAVY_TYPES = /node_modules\/(@tensorflow\/tfjs-core|@huggingface\/transformers|@huggingface\/tokenizers)\//;

test(
  "the package's entries: \"hf-course\" type-checks without TensorFlow.js's or transformers.js's declarations; its subpaths resolve to built files",
  { timeout: 300_000 },
  () => {
    const out = buildLib();
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT, "lib", "package.json"), "utf8"));
    // Node resolves subpaths through "exports"; tslab's TypeScript (Node 10 resolution) through "typesVersions".
    for (const [subpath, target] of Object.entries(
      manifest.exports as Record<string, string | { types: string; default: string }>,
    )) {
      for (const file of typeof target === "string" ? [target] : [target.types, target.default]) {
        const built = file.replace(/^\.\/dist\//, "");
        if (file.startsWith("./dist/"))
          assert.ok(
            fs.existsSync(path.join(out, built)),
            `exports["${subpath}"] names ${file}, which the build does not emit`,
          );
      }
    }
    for (const [subpath, [file]] of Object.entries(manifest.typesVersions["*"] as Record<string, string[]>)) {
      assert.equal(
        (manifest.exports[`./${subpath}`] as { types: string }).types,
        `./${file}`,
        `typesVersions and exports agree on hf-course/${subpath}`,
      );
    }

    const main = declarationsRead(path.join(out, "index.d.ts"));
    assert.deepEqual(
      main.filter((f) => HEAVY_TYPES.test(f)).slice(0, 5),
      [],
      'declarations "hf-course" brings into a cell',
    );
    assert.ok(main.length < 400, `"hf-course" reaches ${main.length} declaration files`);
    // The subpaths do carry them (so the check above looks at the right thing).
    assert.ok(
      declarationsRead(path.join(out, "training", "index.d.ts")).some((f) => /@tensorflow\/tfjs-core/.test(f)),
      "hf-course/training's types name TensorFlow.js's",
    );
    assert.ok(
      declarationsRead(path.join(out, "transformers-env.d.ts")).some((f) => /@huggingface\/transformers/.test(f)),
      "hf-course/transformers's types name transformers.js's",
    );
  },
);

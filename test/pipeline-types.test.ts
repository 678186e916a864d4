// pipeline()'s types, as a notebook cell sees them: compiled by tslab's own TypeScript (the kernel's
// compiler, not the project's) against the built "hf-course" declarations. The course's per-task types
// (lib/models/pipeline-types.ts) must give what transformers.js's own declarations give for the same
// call, and must reject what the course refuses at run time.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { staleBuild } from "../tools/setup/build";
import { PROJECT } from "./helpers/notebooks";

const ts: typeof import("typescript") = require("@tslab/typescript-for-tslab");

/**
 * Diagnostics of `source` compiled as a file of the project's root (so "hf-course" resolves as in a
 * notebook): the source's own, or with `inDist` those of lib/dist's declarations (skipLibCheck off).
 */
function diagnostics(
  source: string,
  strict: boolean,
  inDist = false,
): { line: number; code: number; text: string; file: string }[] {
  const file = probeFile;
  const dist = path.join(PROJECT, "lib", "dist") + path.sep;
  const reported = (f: string) => (inDist ? f.startsWith(dist) : f === file);
  // tslab's options where they matter for types (converter.ts): ESNext modules, Node10 resolution, ES2022
  // without the DOM, not strict.
  const options: import("typescript").CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    esModuleInterop: true,
    skipLibCheck: !inDist,
    noEmit: true,
    strict: strict,
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === file ? source : readFile(f));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => path.resolve(f) === file || fileExists(f);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && reported(path.resolve(d.file.fileName)))
    .map((d) => ({
      file: path.relative(PROJECT, d.file!.fileName),
      line: d.file!.getLineAndCharacterOfPosition(d.start!).line + 1,
      code: d.code,
      text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
}

const probeFile = path.join(PROJECT, `pipeline-types-probe-${process.pid}.ts`);

test("hf-course's declarations are built from today's sources, and tslab's TypeScript reads them without an error", () => {
  assert.equal(staleBuild(PROJECT), undefined, "lib/dist is older than lib/: run npm run build");
  assert.ok(fs.existsSync(path.join(PROJECT, "lib", "dist", "models", "pipeline-types.d.ts")));
  // A type TypeScript 5.0 cannot read would be an error here, and silently `any` in a cell (skipLibCheck).
  const found = diagnostics(`import { pipeline } from "hf-course";\nexport const p = pipeline;`, false, true);
  assert.deepEqual(
    found.map((d) => `${d.file}:${d.line}: ${d.text}`),
    [],
  );
});

// Each row: a task and the arguments of one call; both pipelines are called alike and their results compared.
// "narrower": every result of ours is one of theirs; "describes": theirs has every member ours names.
const CALLS: [task: string, args: string, relation: "same" | "narrower" | "describes"][] = [
  ["text-classification", `"a"`, "same"],
  ["text-classification", `["a", "b"]`, "same"],
  ["text-classification", `["a", "b"], { top_k: 2 }`, "same"],
  ["sentiment-analysis", `"a"`, "same"],
  ["zero-shot-classification", `"a", ["x", "y"]`, "same"],
  ["zero-shot-classification", `["a", "b"], ["x", "y"]`, "same"],
  ["text-generation", `"a", { max_new_tokens: 4 }`, "same"],
  ["text-generation", `["a", "b"]`, "same"],
  // The course's chat messages have text content only (transformers.js also allows content parts).
  ["text-generation", `[{ role: "user", content: "a" }]`, "narrower"],
  ["fill-mask", `"a [MASK]", { top_k: 2 }`, "same"],
  ["fill-mask", `["a [MASK]"]`, "same"],
  ["token-classification", `"a"`, "same"],
  ["token-classification", `"a", { aggregation_strategy: "simple" }`, "same"],
  ["token-classification", `["a"], { aggregation_strategy: "simple" }`, "same"],
  ["question-answering", `"q", "c"`, "same"],
  ["question-answering", `"q", "c", { top_k: 2 }`, "same"],
  ["question-answering", `["q"], ["c"]`, "same"],
  ["summarization", `"a", { max_new_tokens: 4 }`, "same"],
  ["translation", `"a"`, "same"],
  ["text2text-generation", `"a"`, "same"],
  // The course's tensor type names the members a lesson reads: transformers.js's Tensor has them all.
  ["feature-extraction", `["a"], { pooling: "mean", normalize: true }`, "describes"],
  ["image-classification", `"digit.png", { top_k: 3 }`, "same"],
  ["image-classification", `["digit.png"]`, "same"],
  ["automatic-speech-recognition", `new Float32Array(16)`, "same"],
  ["automatic-speech-recognition", `[new Float32Array(16)]`, "same"],
];

test(
  "each task's call gives what transformers.js's own types give for the same arguments",
  { timeout: 120_000 },
  () => {
    const lines = [
      `import { pipeline, type Pipeline } from "hf-course";`,
      `import type { AllTasks } from "@huggingface/transformers";`,
      // any on either side would agree with everything: it never does here.
      `type IsAny<T> = 0 extends 1 & T ? true : false;`,
      `type Typed<A, B, R> = IsAny<A> extends true ? false : IsAny<B> extends true ? false : R;`,
      `type Same<A, B> = Typed<A, B, [A] extends [B] ? ([B] extends [A] ? true : false) : false>;`,
      `type Narrower<A, B> = Typed<A, B, [A] extends [B] ? true : false>;`,
      `type Describes<A, B> = Typed<A, B, [B] extends [A] ? true : false>;`,
      `declare function agree<T extends true>(): void;`,
      `export async function probe() {`,
    ];
    CALLS.forEach(([task, args, relation], i) => {
      lines.push(
        `  const ours${i} = await (null as unknown as Pipeline<"${task}">)(${args});`,
        `  const theirs${i} = await (null as unknown as AllTasks["${task}"])(${args});`,
        `  agree<${{ same: "Same", narrower: "Narrower", describes: "Describes" }[relation]}<typeof ours${i}, typeof theirs${i}>>(); // ${task}(${args})`,
      );
    });
    lines.push(`}`);
    const found = diagnostics(lines.join("\n"), true);
    assert.deepEqual(
      found.map((d) => `${lines[d.line - 1].split("// ")[1] ?? lines[d.line - 1]}: ${d.text}`),
      [],
      "the course's type and transformers.js's differ for these calls",
    );
  },
);

test(
  "in a cell, a pipeline's results are typed and Python's keyword form is a type error",
  { timeout: 120_000 },
  () => {
    const cell = [
      `import { pipeline } from "hf-course";`,
      `const classifier = await pipeline("sentiment-analysis");`,
      `const first = (await classifier("I love this"))[0];`,
      `const label: string = first.label;`,
      `const wrong: number = first.label;`,
      `const qa = await pipeline("question-answering");`,
      `const answer: string = (await qa("Where?", "Here.")).answer;`,
      `await qa({ question: "Where?", context: "Here." });`,
      `const llm = await pipeline("text-generation");`,
      `const reply: string = (await llm([{ role: "user", content: "Hi" }]))[0].generated_text.at(-1).content;`,
      `const entities = await (await pipeline("token-classification"))("Sylvain", { aggregation_strategy: "simple" });`,
      `const group: string = entities[0].entity_group;`,
      // Python's way to ask for every label's score; null is typed any in a cell (not strict).
      `const everyLabel: { label: string; score: number }[] = (await classifier(["good", "bad"], { top_k: null }))[0];`,
      `const extractor = await pipeline("feature-extraction");`,
      `const [u, v] = (await extractor(["a", "b"], { pooling: "mean", normalize: true })).tolist();`,
      `const cosine: number = u.reduce((s: number, x: number, i: number) => s + x * v[i], 0);`,
      // A pipeline of no named task takes any call.
      `async function run(p: import("hf-course").Pipeline, text: string) { return p(text); }`,
      `export {};`,
    ];
    const found = diagnostics(cell.join("\n"), false);
    assert.deepEqual(
      found.map((d) => [d.line, d.code]),
      [
        [5, 2322], // a label is a string, not a number
        [8, 2554], // qa takes the question and the context as two arguments
      ],
      found.map((d) => `line ${d.line}: ${d.text}`).join("\n"),
    );
  },
);

// The course's task aliases are transformers.js's own (TASK_ALIASES is not exported at runtime: read
// from the library's type declarations), and an alias gets the same course model as its task.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { canonicalTask, defaultModel, TASK_ALIASES } from "../lib/models/manifest";
import { PROJECT } from "./helpers/notebooks";

test("TASK_ALIASES is transformers.js's table", () => {
  const dts = fs.readFileSync(
    path.join(PROJECT, "node_modules", "@huggingface", "transformers", "types", "pipelines", "index.d.ts"),
    "utf8",
  );
  const body = /export const TASK_ALIASES: Readonly<\{([^}]*)\}>/.exec(dts)?.[1];
  assert.ok(body, "transformers.js's declarations no longer hold TASK_ALIASES: find where its aliases went");
  const theirs = Object.fromEntries(
    [...body.matchAll(/'?([\w-]+)'?:\s*"([\w-]+)"/g)].map(([, alias, task]) => [alias, task]),
  );
  assert.deepEqual({ ...TASK_ALIASES }, theirs);
});

test("an alias and its task get the same course model; other names stand for themselves", () => {
  assert.equal(canonicalTask("sentiment-analysis"), "text-classification");
  assert.equal(canonicalTask("fill-mask"), "fill-mask");
  assert.equal(defaultModel("text-classification").id, defaultModel("sentiment-analysis").id);
  assert.equal(defaultModel("sentiment-analysis").task, "sentiment-analysis");
});

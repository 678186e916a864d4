// The Python reference environment (.venv-reference, from test/reference-requirements.txt) that .ci/run
// creates: torch, transformers, scikit-learn, seqeval, sacrebleu, rouge-score, tokenizers. Tests that
// compare the course against these references skip on a laptop without it, and fail in CI without it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT } from "./notebooks";

export const REFERENCE_PYTHON =
  process.env.HF_COURSE_REFERENCE_PYTHON ?? path.join(PROJECT, ".venv-reference", "bin", "python");

/** `skip` option for node:test: a reason on a machine without the reference venv, false in CI or where it exists. */
export const referenceSkip: string | false =
  !fs.existsSync(REFERENCE_PYTHON) && !process.env.CI
    ? `no reference Python at ${REFERENCE_PYTHON} (.ci/run creates it)`
    : false;

/** Runs a Python script in the reference venv with `input` as JSON on stdin; returns its stdout parsed as JSON. */
export function runReference<T = unknown>(script: string, input: unknown): T {
  const r = spawnSync(REFERENCE_PYTHON, ["-c", script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`reference Python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

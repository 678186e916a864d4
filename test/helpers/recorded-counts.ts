// What test/fixtures/SOURCES.md records of the datasets (rows per file, MRPC's labels), and a dataset's
// label counts to compare with it: the expected numbers come from there, not from the tests.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { Dataset } from "../../lib/datasets/dataset";
import { SOURCES_MD } from "../fixtures";

const SOURCES = fs.readFileSync(SOURCES_MD, "utf8");

/** Rows of a file as SOURCES.md's tables record them: | `path` | source | rows | size | sha | */
export function recordedRows(file: string): number {
  const line = SOURCES.split("\n").find((l) => l.startsWith(`| \`${file}\``));
  assert.ok(line, `SOURCES.md lists ${file}`);
  return Number(line.split("|")[3].trim());
}

/** A label-distribution row of SOURCES.md's MRPC table: | split | n0 | n1 | */
export function recordedMrpcLabels(split: string): [number, number] {
  const section = SOURCES.slice(SOURCES.indexOf("## 1. GLUE MRPC"), SOURCES.indexOf("## 2."));
  const line = section.split("\n").find((l) => l.startsWith(`| ${split} |`))!;
  const [, , a, b] = line.split("|").map((s) => s.trim());
  return [Number(a), Number(b)];
}

export function labelCounts(ds: Dataset): number[] {
  const counts: number[] = [];
  for (const l of ds.column("label") as number[]) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

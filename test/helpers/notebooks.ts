// Builds small notebooks for tests, inside the project (so `import ... from "hf-course"` resolves).
import * as fs from "fs";
import * as path from "path";
import { NOTEBOOK_KERNEL_METADATA } from "../../lib/kernel/kernelspec";
import type { Cell, Notebook } from "../../tools/notebook/nbformat";

export const PROJECT = path.resolve(__dirname, "..", "..");
export const OUTPUT = path.join(PROJECT, "test-output");

/** A fresh folder under test-output/ for one test file. */
export function scratchDir(name: string): string {
  const dir = path.join(OUTPUT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Cells are code unless they start with "# " (markdown). */
export function makeNotebook(dir: string, name: string, cells: string[]): string {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: structuredClone(NOTEBOOK_KERNEL_METADATA),
    cells: cells.map((source, i): Cell =>
      source.startsWith("# ")
        ? { cell_type: "markdown", id: `c${i}`, metadata: {}, source }
        : { cell_type: "code", id: `c${i}`, metadata: {}, source, execution_count: null, outputs: [] },
    ),
  };
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

/** All text a code cell printed (stdout and stderr) and the text/plain of its rich outputs. */
export function cellText(nb: Notebook, index: number): string {
  const cell = nb.cells[index];
  if (cell.cell_type !== "code") return "";
  return cell.outputs
    .map((o) =>
      o.output_type === "stream" ? o.text : o.output_type === "error" ? o.evalue : String(o.data["text/plain"] ?? ""),
    )
    .join("");
}

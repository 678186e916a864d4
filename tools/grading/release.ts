// From one exercise source to two notebooks: the student version (solution regions stubbed,
// hidden tests removed, check cells locked) and the solution version (everything, markers removed).
import * as path from "path";
import { toLines, type Cell, type Notebook } from "../notebook/nbformat";
import { studentSolution, studentTests, withoutMarkers } from "./markers";
import type { SourceCell } from "./source";
import { NOTEBOOK_KERNEL_METADATA } from "../../lib/kernel/kernelspec";

/** The metadata the grader finds an exercise's cells by. */
export interface ExerciseCellMetadata {
  exercise: string;
  role: "solution" | "tests";
}

export function exerciseOf(cell: Cell): ExerciseCellMetadata | undefined {
  const m = (cell.metadata as { hf_course?: ExerciseCellMetadata } | undefined)?.hf_course;
  return m && typeof m === "object" && typeof m.exercise === "string" && (m.role === "solution" || m.role === "tests")
    ? m
    : undefined;
}

function toCell(c: SourceCell, text: string, index: number): Cell {
  const id = c.exercise ? `${c.exercise.replace(/[^A-Za-z0-9_-]/g, "-")}-${c.role}` : `cell-${index}`;
  if (c.kind === "markdown") return { cell_type: "markdown", id, metadata: {}, source: toLines(text) };
  const metadata: Record<string, unknown> = c.exercise ? { hf_course: { exercise: c.exercise, role: c.role } } : {};
  // JupyterLab honours these: the checks cannot be edited or deleted by accident.
  if (c.role === "tests") Object.assign(metadata, { editable: false, deletable: false });
  return { cell_type: "code", id, metadata, source: toLines(text), execution_count: null, outputs: [] };
}

export function releaseNotebooks(cells: SourceCell[], name: string): { exercise: Notebook; solution: Notebook } {
  const where = (c: SourceCell) => `${name}, ${c.exercise} ${c.role} cell`;
  const nb = (f: (c: SourceCell) => string): Notebook => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: structuredClone(NOTEBOOK_KERNEL_METADATA),
    cells: cells.map((c, i) => toCell(c, f(c), i)),
  });
  return {
    exercise: nb((c) =>
      c.role === "solution"
        ? studentSolution(c.text, where(c))
        : c.role === "tests"
          ? studentTests(c.text, where(c))
          : c.text,
    ),
    solution: nb((c) => (c.role ? withoutMarkers(c.text) : c.text)),
  };
}

/** exercises/source/01-pipelines.ts -> "01-pipelines" (the name of both notebooks). */
export function notebookName(sourceFile: string): string {
  return path.basename(sourceFile).replace(/\.ts$/, "");
}

// Grades one submission, as nbgrader's autograder does: the learner's solution cells are kept, every
// check cell is replaced by the source's own (hidden tests included, so edited or deleted checks
// change nothing), and the result runs in a fresh kernel with per-cell and whole-notebook timeouts.
// A cell that loops or kills the kernel costs only its own exercise: the kernel is restarted and
// the cells that worked are run again. The submission file is only read.
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { readNotebook, sourceText, toLines, type Cell, type CodeCell, type Notebook } from "../notebook/nbformat";
import { firstErrorLines, runNotebook, type CellStatus, type RunResult } from "../notebook/runner";
import type { Status } from "./exercise";
import { withoutMarkers } from "./markers";
import { findExercise } from "./registry";
import { exerciseOf, NOTEBOOK_METADATA } from "./release";
import { RESULT_MIME, type CheckRecord } from "./render";
import type { SourceCell } from "./source";

export interface ExerciseGrade {
  student: string;
  exercise: string;
  title: string;
  points: number;
  maxPoints: number;
  status: Status;
  message: string;
}

export interface GradeOptions {
  /** The project (its node_modules resolve "hf-course" for the kernel). */
  project: string;
  cellTimeoutMs: number;
  notebookTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  onCell?: (cell: number, cells: number, firstLine: string) => void;
}

interface Plan {
  notebook: Notebook;
  /** Per exercise: where its solution and check cells sit in the graded notebook. */
  cells: Map<string, { solution?: number; tests: number[] }>;
  notes: Map<string, string>;
}

/** The check cell as the grader runs it: `check` taken from the course inside a block, so a learner's own `check` cannot stand in. */
function guardedTests(text: string): string {
  return `{\nconst { check } = require("hf-course") as typeof import("hf-course");\n${withoutMarkers(text)}\n}\n`;
}

function plan(submission: Notebook | undefined, source: SourceCell[]): Plan {
  const exercises = [...new Set(source.filter((c) => c.exercise).map((c) => c.exercise!))];
  const testsOf = (id: string) => source.filter((c) => c.exercise === id && c.role === "tests");
  const cells: Cell[] = [];
  const where = new Map<string, { solution?: number; tests: number[] }>(exercises.map((e) => [e, { tests: [] }]));
  const notes = new Map<string, string>();
  const code = (text: string, metadata: Record<string, unknown> = {}): CodeCell => ({ cell_type: "code", metadata, source: toLines(text), execution_count: null, outputs: [] });
  for (const cell of submission?.cells ?? []) {
    const meta = exerciseOf(cell);
    if (meta?.role === "tests") continue; // the source's own checks replace them
    if (meta?.role === "solution" && where.has(meta.exercise)) {
      const slot = where.get(meta.exercise)!;
      if (slot.solution !== undefined) {
        notes.set(meta.exercise, "the exercise's cell appears more than once: the first copy was graded");
        continue;
      }
      slot.solution = cells.push(code(sourceText(cell), cell.metadata)) - 1;
      for (const t of testsOf(meta.exercise)) slot.tests.push(cells.push(code(guardedTests(t.text), { hf_course: { exercise: meta.exercise, role: "tests" } })) - 1);
      continue;
    }
    cells.push(structuredClone(cell));
  }
  return { notebook: { nbformat: 4, nbformat_minor: 5, metadata: NOTEBOOK_METADATA, cells }, cells: where, notes };
}

function records(cell: Cell | undefined): CheckRecord[] {
  if (!cell || cell.cell_type !== "code") return [];
  return (cell as CodeCell).outputs.flatMap((o) => (o.output_type === "display_data" && o.data[RESULT_MIME] ? [o.data[RESULT_MIME] as CheckRecord] : []));
}

function failureMessage(run: RunResult, index: number): string | undefined {
  return run.failures.find((f) => f.cell === index + 1)?.message;
}

/** The line a learner needs from a cell's error: "Error: boom" rather than where the kernel evaluated it. */
export function errorSummary(text: string): string {
  const lines = firstErrorLines(text, 12).split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^([A-Z]\w*)?(Error|Exception)\b/.test(l)) ?? lines.slice(0, 3).join(" ");
}

const STATUS_OF_CELL: Partial<Record<CellStatus, Status>> = { timeout: "timeout", died: "crashed", error: "error" };

export async function gradeSubmission(file: string, student: string, source: SourceCell[], options: GradeOptions): Promise<ExerciseGrade[]> {
  const exercises = [...new Set(source.filter((c) => c.exercise).map((c) => c.exercise!))].map((id) => findExercise(id)!);
  let submission: Notebook | undefined;
  let unreadable = "";
  try {
    submission = readNotebook(file);
  } catch (err) {
    unreadable = (err as Error).message;
  }
  const p = plan(submission, source);
  const grade = (id: string, status: Status, message: string): ExerciseGrade => {
    const e = findExercise(id)!;
    return { student, exercise: id, title: e.title, points: status === "pass" ? e.points : 0, maxPoints: e.points, status, message };
  };
  if (!submission) return exercises.map((e) => grade(e.id, "missing", `the submission could not be read: ${unreadable}`));

  const workDir = path.join(options.project, ".grading", `${process.pid}-${randomBytes(4).toString("hex")}`);
  fs.mkdirSync(workDir, { recursive: true });
  const copy = path.join(workDir, path.basename(file));
  fs.writeFileSync(copy, JSON.stringify(p.notebook));
  let run: RunResult;
  try {
    run = await runNotebook(copy, {
      cellTimeoutMs: options.cellTimeoutMs, notebookTimeoutMs: options.notebookTimeoutMs, continueOnError: true, replayAfterRestart: true,
      env: { ...options.env, HF_COURSE_GRADING: "1" },
      onProgress: (e) => e.kind === "cell-start" && options.onCell?.(e.cell, e.cells, e.firstLine),
    });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  return exercises.map((e) => {
    const slot = p.cells.get(e.id)!;
    const note = p.notes.get(e.id);
    const withNote = (m: string) => (note ? `${m} (${note})` : m);
    if (slot.solution === undefined) return grade(e.id, "missing", "the exercise's cell was deleted from the notebook: nothing to grade");
    const results = slot.tests.flatMap((t) => records(run.executed.cells[t]));
    const expected = slot.tests.length;
    const solutionStatus = run.cellStatus[slot.solution];
    if (results.length > 0) {
      const bad = results.find((r) => r.status !== "pass");
      if (!bad && results.length >= expected) return grade(e.id, "pass", withNote(results.map((r) => r.message).join("; ")));
      if (bad) return grade(e.id, bad.status, withNote(`${bad.hidden ? "hidden checks: " : ""}${bad.message}`));
    }
    // No verdict from the checks: say why, from the learner's cell first.
    if (solutionStatus !== "ok") {
      const why = failureMessage(run, slot.solution) ?? "the cell did not run";
      return grade(e.id, STATUS_OF_CELL[solutionStatus] ?? "error", withNote(`your cell failed: ${errorSummary(why)}`));
    }
    const testCell = slot.tests.find((t) => run.cellStatus[t] !== "ok");
    const status = testCell !== undefined ? STATUS_OF_CELL[run.cellStatus[testCell]] ?? "error" : "error";
    const why = testCell !== undefined ? failureMessage(run, testCell) ?? "it did not run" : "the checks gave no result";
    return grade(e.id, status, withNote(`the checks could not run: ${errorSummary(why)}`));
  });
}

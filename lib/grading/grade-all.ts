// Grades a set of submissions unattended: each in its own fresh kernel, one after the other, with
// progress, the course's checks guarded between submissions, and the gradebook rewritten (by the
// grader alone) after each one, so an interrupted run keeps what it graded.
import * as path from "path";
import { sourceFiles } from "./build";
import { gradeSubmission, type ExerciseGrade, type GradeOptions } from "./grade";
import { ChecksGuard } from "./guard";
import { writeFeedback, writeGradebook, totals } from "./gradebook";
import { readNotebook } from "../notebook/nbformat";
import { exerciseOf, notebookName } from "./release";
import { readSource, type SourceCell } from "./source";

export interface GradeAllOptions extends GradeOptions {
  outDir: string;
  /** The exercise notebook to grade against (e.g. "01-pipelines"); found from the submission when not given. */
  exercises?: string;
  log?: (line: string) => void;
}

/** The source a submission answers: named, or the one whose exercise ids its cells carry. */
function sourceFor(file: string, sources: Map<string, SourceCell[]>, named?: string): [string, SourceCell[]] {
  if (named) {
    const s = sources.get(named);
    if (!s) throw new Error(`no exercises called ${named}; there are: ${[...sources.keys()].join(", ")}`);
    return [named, s];
  }
  let ids: string[] = [];
  try {
    ids = readNotebook(file).cells.map((c) => exerciseOf(c)?.exercise).filter((x): x is string => Boolean(x));
  } catch {
    // unreadable: matched by file name below
  }
  for (const [name, cells] of sources) {
    if (ids.some((id) => cells.some((c) => c.exercise === id)) || path.basename(file, ".ipynb") === name) return [name, cells];
  }
  throw new Error(`${file}: cannot tell which exercises it answers (no exercise cells left): name them with --exercises`);
}

/** alice.ipynb -> "alice"; alice/01-pipelines.ipynb -> "alice". */
export function studentName(file: string, sourceNames: string[]): string {
  const base = path.basename(file, ".ipynb");
  return sourceNames.includes(base) ? path.basename(path.dirname(path.resolve(file))) : base;
}

export async function gradeAll(files: string[], options: GradeAllOptions): Promise<ExerciseGrade[]> {
  const log = options.log ?? ((l: string) => console.log(l));
  const sources = new Map(sourceFiles(options.project).map((f) => [notebookName(f), readSource(f)]));
  const guard = new ChecksGuard([path.join(options.project, "lib", "dist"), path.join(options.project, "lib", "checks"), path.join(options.project, "lib", "grading"), path.join(options.project, "exercises", "source")]);
  const rows: ExerciseGrade[] = [];
  for (const [i, file] of files.entries()) {
    const started = Date.now();
    const student = studentName(file, [...sources.keys()]);
    const prefix = `[${i + 1}/${files.length}] ${student}`;
    let grades: ExerciseGrade[];
    try {
      const [name, source] = sourceFor(file, sources, options.exercises);
      log(`${prefix}: grading ${file} against ${name}`);
      grades = await gradeSubmission(file, student, source, { ...options, onCell: (cell, cells, first) => log(`${prefix}: cell ${cell}/${cells}  ${first.slice(0, 60)}`) });
    } catch (err) {
      log(`${prefix}: not graded: ${(err as Error).message}`);
      continue;
    }
    const tampered = guard.restore();
    if (tampered.length > 0) {
      const what = tampered.map((f) => path.relative(options.project, f)).slice(0, 3).join(", ");
      grades = grades.map((g) => ({ ...g, points: 0, status: "error", message: `not graded: the submission changed the course's checks (${what}); they were restored` }));
    }
    rows.push(...grades);
    writeGradebook(options.outDir, rows);
    writeFeedback(options.outDir, student, grades);
    const [t] = totals(grades);
    log(`${prefix}: ${t.points}/${t.maxPoints} points, ${t.passed}/${t.exercises} exercises pass (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  writeGradebook(options.outDir, rows);
  return rows;
}

// Grades one submission, as nbgrader's autograder does: the learner's solution cells are kept, every
// check cell is replaced by the source's own (hidden tests included, so edited or deleted checks
// change nothing), and the result runs in a fresh kernel, in a sandbox (./sandbox.ts), with per-cell
// and whole-notebook timeouts. A cell that loops or kills the kernel costs only its own exercise:
// the kernel is restarted and the cells that worked are run again. The submission file is only read.
//
// The kernel does not judge anything: in the graded notebook, `check(id, answer)` sends the answer
// (for a code task: what the learner's function returns on each of the grader's inputs, serialised)
// and the grader judges it here, in its own process, with its own copy of the checks. The grader
// knows every check call each exercise must make (visible and hidden); one that sends nothing (the
// code exited, looped, hung) fails, and more than one message for the same call means the
// submission forged them: 0 for that exercise.
import * as v8 from "v8";
import { readNotebook, sourceText, toLines, type Cell, type CodeCell, type Notebook } from "../notebook/nbformat";
import { firstErrorLines, runNotebook, type CellStatus, type RunResult } from "../notebook/runner";
import { ANSWER_MIME, type AnswerRecord, type AnswerType } from "../../lib/grading/check-answer";
import { fail, NOT_DONE_YET, type Exercise, type Outcome, type Status, type Verdict } from "../../lib/grading/exercise";
import { withoutMarkers } from "./markers";
import { findExercise } from "../../lib/grading/registry";
import { exerciseOf } from "./release";
import { NOTEBOOK_KERNEL_METADATA } from "../../lib/kernel/kernelspec";
import { Sandbox } from "./sandbox";
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
  /** Folders the kernel must not see (the other submissions, the output folder). */
  hide?: string[];
}

/** One check call a tests cell makes: check("ch1.q1", f) or check("ch1.q1", f, { hidden: true }). */
export interface CheckCall {
  exercise: string;
  hidden: boolean;
}

interface Plan {
  notebook: Notebook;
  /** Per exercise: where its solution and check cells sit in the graded notebook, and the calls they make. */
  cells: Map<string, { solution?: number; tests: number[]; calls: CheckCall[]; testsInSubmission: boolean }>;
  notes: Map<string, string>;
}

const CHECK_CALL = /\bcheck\(\s*"([^"]+)"\s*,[^;]*?(\{\s*hidden:\s*true\s*\})?\s*\)\s*;/g;

/** The check calls of a tests cell of the source (hidden ones included). */
export function checkCalls(text: string): CheckCall[] {
  return [...withoutMarkers(text).matchAll(CHECK_CALL)].map((m) => ({ exercise: m[1], hidden: Boolean(m[2]) }));
}

const callKey = (c: CheckCall) => `${c.exercise}|${c.hidden}`;

/** The check cell as the grader runs it: `check` is the collector, given the grader's inputs for each call. */
function graderTests(text: string, calls: CheckCall[]): string {
  const inputs: Record<string, string> = {};
  for (const c of calls) {
    const list = findExercise(c.exercise)?.inputs(c.hidden);
    if (list) inputs[callKey(c)] = v8.serialize(list).toString("base64");
  }
  return [
    "{",
    `const __hfInputs: Record<string, string> = ${JSON.stringify(inputs)};`,
    'const check = (id: string, answer: unknown, options: { hidden?: boolean } = {}) => (require("hf-course/dist/grading/check-answer") as typeof import("hf-course/dist/grading/check-answer")).collectAnswer(id, answer, Boolean(options.hidden), __hfInputs[`${id}|${Boolean(options.hidden)}`]);',
    withoutMarkers(text),
    "}",
    "",
  ].join("\n");
}

/** A submitted cell in the shape the runner needs (a cell without metadata or with odd fields is repaired). */
function normalised(cell: Cell): Cell {
  const source = Array.isArray(cell.source)
    ? cell.source.filter((l) => typeof l === "string").join("")
    : typeof cell.source === "string"
      ? cell.source
      : "";
  const metadata = cell.metadata && typeof cell.metadata === "object" ? cell.metadata : {};
  if (cell.cell_type === "code")
    return { cell_type: "code", metadata, source: toLines(source), execution_count: null, outputs: [] };
  return { cell_type: cell.cell_type === "raw" ? "raw" : "markdown", metadata, source: toLines(source) };
}

function plan(submission: Notebook | undefined, source: SourceCell[]): Plan {
  const exercises = [...new Set(source.filter((c) => c.exercise).map((c) => c.exercise!))];
  const testsOf = (id: string) => source.filter((c) => c.exercise === id && c.role === "tests");
  const cells: Cell[] = [];
  const where = new Map(
    exercises.map((e) => [
      e,
      {
        tests: [] as number[],
        calls: testsOf(e).flatMap((t) => checkCalls(t.text)),
        testsInSubmission: false,
        solution: undefined as number | undefined,
      },
    ]),
  );
  const notes = new Map<string, string>();
  const code = (text: string, metadata: Record<string, unknown> = {}): CodeCell => ({
    cell_type: "code",
    metadata,
    source: toLines(text),
    execution_count: null,
    outputs: [],
  });
  for (const raw of submission?.cells ?? []) {
    if (!raw || typeof raw !== "object") continue;
    const cell = normalised(raw);
    const meta = exerciseOf(cell);
    if (meta?.role === "tests") {
      // the source's own checks replace them
      const slot = where.get(meta.exercise);
      if (slot) slot.testsInSubmission = true;
      continue;
    }
    if (meta?.role === "solution" && where.has(meta.exercise) && cell.cell_type === "code") {
      const slot = where.get(meta.exercise)!;
      if (slot.solution !== undefined) {
        notes.set(meta.exercise, "the exercise's cell appears more than once: the first copy was graded");
        continue;
      }
      slot.solution = cells.push(code(sourceText(cell), cell.metadata)) - 1;
      for (const t of testsOf(meta.exercise))
        slot.tests.push(
          cells.push(
            code(graderTests(t.text, checkCalls(t.text)), { hf_course: { exercise: meta.exercise, role: "tests" } }),
          ) - 1,
        );
      continue;
    }
    cells.push(cell);
  }
  return {
    notebook: { nbformat: 4, nbformat_minor: 5, metadata: structuredClone(NOTEBOOK_KERNEL_METADATA), cells },
    cells: where,
    notes,
  };
}

/** The collector's messages in a cell, checked for shape (anything else is ignored). */
function answerRecords(cell: Cell | undefined): AnswerRecord[] {
  if (!cell || cell.cell_type !== "code") return [];
  return (cell as CodeCell).outputs.flatMap((o) => {
    if (o.output_type !== "display_data" && o.output_type !== "execute_result") return [];
    const r = o.data[ANSWER_MIME] as AnswerRecord | undefined;
    const ok =
      r &&
      typeof r === "object" &&
      typeof r.exercise === "string" &&
      typeof r.hidden === "boolean" &&
      typeof r.payload === "string" &&
      (r.part === "answer" || (Number.isInteger(r.part) && (r.part as number) >= 0));
    return ok ? [r] : [];
  });
}

function unpack(payload: string): unknown {
  try {
    return v8.deserialize(Buffer.from(payload, "base64"));
  } catch {
    return undefined;
  }
}

interface CellFate {
  status: CellStatus;
  why?: string;
}

const STATUS_OF_CELL: Partial<Record<CellStatus, Status>> = {
  timeout: "timeout",
  died: "crashed",
  error: "error",
  skipped: "error",
};

type Graded = Omit<Verdict, "status"> & { status: Status };

/** The verdict of one check call from what the kernel sent, judged here by the grader's own checks. */
async function judgeCall(e: Exercise, call: CheckCall, records: AnswerRecord[], fate: CellFate): Promise<Graded> {
  const mine = records.filter((r) => r.exercise === call.exercise && r.hidden === call.hidden);
  const parts = new Map<string, AnswerRecord[]>();
  for (const r of mine) parts.set(String(r.part), [...(parts.get(String(r.part)) ?? []), r]);
  const inputs = e.inputs(call.hidden);
  const forged = [...parts.entries()].find(
    ([k, rs]) => rs.length > 1 || (k !== "answer" && (!inputs || Number(k) >= inputs.length)),
  );
  if (forged)
    return {
      status: "forged",
      message: "the submission's code sent results of its own for this check: the exercise gets 0",
    };
  const dead = (what: string): Graded => {
    const status = STATUS_OF_CELL[fate.status] ?? "error";
    const why =
      fate.status === "ok" ? "the check ended without a result" : fate.why ? errorSummary(fate.why) : "it did not run";
    return { status, message: `${what}: ${why}` };
  };
  const start = parts.get("answer")?.[0];
  if (!start) return dead("the checks could not run");
  const answer = unpack(start.payload) as { type?: AnswerType; shown?: unknown; value?: unknown } | undefined;
  const shown = typeof answer?.shown === "string" ? answer.shown.slice(0, 400) : "an answer the checks cannot read";
  switch (answer?.type) {
    case "undefined":
      return {
        status: "not-done",
        message: `${NOT_DONE_YET}: write your answer in the cell above, run it, then run this cell again`,
      };
    case "promise":
      return fail("this is a Promise, not its result", {
        got: "a Promise",
        hint: "put await before the call that made it",
      });
    case "value":
      return inputs
        ? fail(`expected a function, got ${shown}`, {
            hint: "pass the function itself: check(id, myFunction), without calling it",
          })
        : e.judgeValue(answer.value);
    case "function":
      if (!inputs) return fail(`expected a value, got ${shown}`);
      break;
    default:
      return fail(`${shown} is not an answer the checks can read`);
  }
  for (let i = 0; i < inputs.length; i++) {
    const got = parts.get(String(i))?.[0];
    if (!got) return dead(`${call.hidden ? "hidden " : ""}case ${i + 1} of ${inputs.length}: your code did not return`);
    const outcome = unpack(got.payload) as Outcome | undefined;
    const valid =
      outcome &&
      typeof outcome === "object" &&
      ("value" in outcome ||
        typeof (outcome as { threw?: unknown }).threw === "string" ||
        typeof (outcome as { unserialisable?: unknown }).unserialisable === "string");
    let verdict: Verdict | undefined;
    try {
      verdict = await e.judgeCase(i, call.hidden, valid ? outcome : { unserialisable: "something unreadable" });
    } catch (err) {
      verdict = {
        status: "error",
        message: `case ${i + 1}: the check failed on your output (${(err as Error).message.split("\n")[0]})`,
      };
    }
    if (verdict) return verdict;
  }
  return e.allPassed(call.hidden);
}

function failureMessage(run: RunResult, index: number): string | undefined {
  return run.failures.find((f) => f.cell === index + 1)?.message;
}

/** The line a learner needs from a cell's error: "Error: boom" rather than where the kernel evaluated it. */
export function errorSummary(text: string): string {
  if (/ran out of memory/.test(text)) return text.split("\n")[0];
  const lines = firstErrorLines(text, 12)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /^([A-Z]\w*)?(Error|Exception)\b/.test(l)) ?? lines.slice(0, 3).join(" ");
}

export async function gradeSubmission(
  file: string,
  student: string,
  source: SourceCell[],
  options: GradeOptions,
): Promise<ExerciseGrade[]> {
  const exercises = [...new Set(source.filter((c) => c.exercise).map((c) => c.exercise!))].map((id) =>
    findExercise(id)!,
  );
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
    return {
      student,
      exercise: id,
      title: e.title,
      points: status === "pass" ? e.points : 0,
      maxPoints: e.points,
      status,
      message,
    };
  };
  if (!submission)
    return exercises.map((e) => grade(e.id, "missing", `the submission could not be read: ${unreadable}`));

  const sandbox = new Sandbox({ project: options.project, hide: options.hide });
  let run: RunResult;
  try {
    const copy = sandbox.writeFile("submission.ipynb", JSON.stringify(p.notebook));
    run = await runNotebook(copy, {
      cellTimeoutMs: options.cellTimeoutMs,
      notebookTimeoutMs: options.notebookTimeoutMs,
      continueOnError: true,
      replayAfterRestart: true,
      kernel: {
        cleanEnv: sandbox.level !== "none",
        wrap: (argv) => sandbox.wrap(argv),
        onSpawn: (pid) => sandbox.started(pid),
        connectionDir: sandbox.dir,
        owner: sandbox.uid !== undefined ? { uid: sandbox.uid, gid: sandbox.uid } : undefined,
        env: sandbox.env({ ...options.env, HF_COURSE_GRADING: "1" }),
      },
      onKernelEnd: () => sandbox.sweep(),
      onProgress: (e) => e.kind === "cell-start" && options.onCell?.(e.cell, e.cells, e.firstLine),
    });
  } finally {
    sandbox.dispose();
  }

  const grades: ExerciseGrade[] = [];
  for (const e of exercises) {
    const slot = p.cells.get(e.id)!;
    const note = p.notes.get(e.id);
    const withNote = (m: string) => (note ? `${m} (${note})` : m);
    if (slot.solution === undefined) {
      grades.push(
        grade(
          e.id,
          "missing",
          slot.testsInSubmission
            ? "the exercise's cell was deleted from the notebook: nothing to grade"
            : "the notebook has no cell for this exercise (deleted, or its cell lost the metadata that names it): nothing to grade",
        ),
      );
      continue;
    }
    const solutionStatus = run.cellStatus[slot.solution];
    if (solutionStatus !== "ok") {
      const why =
        failureMessage(run, slot.solution) ?? (solutionStatus === "skipped" ? "not run" : "the cell did not run");
      grades.push(
        grade(
          e.id,
          STATUS_OF_CELL[solutionStatus] ?? "error",
          withNote(/^not run\b/.test(why) ? `your cell was ${why}` : `your cell failed: ${errorSummary(why)}`),
        ),
      );
      continue;
    }
    const passed: string[] = [];
    let bad: Graded | undefined;
    let badHidden = false;
    for (const [k, t] of slot.tests.entries()) {
      const cellCalls = checkCalls(source.filter((c) => c.exercise === e.id && c.role === "tests")[k].text);
      const records = answerRecords(run.executed.cells[t]);
      const fate: CellFate = { status: run.cellStatus[t], why: failureMessage(run, t) };
      for (const call of cellCalls) {
        const verdict = await judgeCall(e, call, records, fate);
        if (verdict.status === "pass") passed.push(verdict.message);
        else if (!bad || verdict.status === "forged") {
          bad = verdict;
          badHidden = call.hidden;
        }
      }
    }
    if (slot.calls.length === 0)
      bad = { status: "error", message: "the exercise has no checks (a mistake in the course: tell the instructor)" };
    if (bad) grades.push(grade(e.id, bad.status, withNote(`${badHidden ? "hidden checks: " : ""}${bad.message}`)));
    else grades.push(grade(e.id, "pass", withNote(passed.join("; "))));
  }
  return grades;
}

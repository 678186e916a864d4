// check(id, answer): runs an exercise's checks on the learner's answer and shows the result in the
// cell. It never throws for a wrong answer, a missing one or one that crashes: every outcome is a
// result with a message (and a hint where one helps). Passing results count in progress().
import { displayBundle, type Bundle } from "../display";
import { fail, type Verdict } from "./exercise";
import { NOT_DONE_YET } from "./markers";
import { recordProgress } from "./progress";
import { EXERCISES, findExercise } from "./registry";
import { resultBundle, type CheckRecord } from "./render";

/** Longest a check may wait on the learner's (async) code. */
export const CHECK_TIMEOUT_MS = 120_000;

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0].slice(0, 300);
}

async function verdictOf(id: string, answer: unknown, hidden: boolean): Promise<Verdict> {
  const exercise = findExercise(id)!;
  if (answer === undefined) return { status: "not-done", message: `${NOT_DONE_YET}: write your answer in the cell above, run it, then run this cell again` };
  if (answer instanceof Promise) return fail("this is a Promise, not its result", { got: "a Promise", hint: "put await before the call that made it" });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve({ status: "error", message: `your code did not finish within ${CHECK_TIMEOUT_MS / 1000} s` }), CHECK_TIMEOUT_MS);
    });
    return await Promise.race([exercise.check(answer, { hidden }), timeout]);
  } catch (err) {
    if (firstLine(err).includes(NOT_DONE_YET)) return { status: "not-done", message: `${NOT_DONE_YET}: replace the "throw" in the cell above with your code, run it, then run this cell again` };
    return { status: "error", message: `your code threw an error: ${firstLine(err)}`, hint: "run your cell on its own to see the whole error" };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks an answer; `hidden` runs the grader's hidden checks. Shows the result; never throws. */
export async function check(id: string, answer: unknown, options: { hidden?: boolean } = {}): Promise<void> {
  const hidden = Boolean(options.hidden);
  const exercise = findExercise(id);
  if (!exercise) {
    const known = EXERCISES.filter((e) => e.id.split(".")[0] === id.split(".")[0]).map((e) => e.id);
    const verdict: Verdict = { status: "error", message: `there is no exercise "${id}"${known.length ? `; this chapter's exercises are ${known.join(", ")}` : ""}` };
    displayBundle(resultBundle({ exercise: id, title: "", hidden, status: "error", message: verdict.message, points: 0 }, verdict) as Bundle);
    return;
  }
  const verdict = await verdictOf(id, answer, hidden);
  const record: CheckRecord = { exercise: id, title: exercise.title, hidden, status: verdict.status, message: verdict.message, points: verdict.status === "pass" ? exercise.points : 0 };
  displayBundle(resultBundle(record, verdict) as Bundle);
  if (!hidden && process.env.HF_COURSE_GRADING !== "1") {
    try {
      recordProgress(id, verdict.status);
    } catch {
      // progress is a convenience: a read-only cache must not break the check
    }
  }
}

// check(id, answer): runs an exercise's checks on the learner's answer and shows the result in the
// cell. It never throws for a wrong answer, a missing one or one that crashes: every outcome is a
// result with a message (and a hint where one helps). Passing results count in progress().
import * as v8 from "v8";
import { displayBundle, type Bundle } from "../display";
import { fail, firstLine, NOT_DONE_YET, show, type Outcome, type Verdict } from "./exercise";
import { recordProgress } from "./exercise-progress";
import { EXERCISES, findExercise } from "./registry";
import { resultBundle, type CheckRecord } from "./render";

/** Longest a check may wait on the learner's (async) code. */
export const CHECK_TIMEOUT_MS = 120_000;

async function verdictOf(id: string, answer: unknown, hidden: boolean): Promise<Verdict> {
  const exercise = findExercise(id)!;
  if (answer === undefined)
    return {
      status: "not-done",
      message: `${NOT_DONE_YET}: write your answer in the cell above, run it, then run this cell again`,
    };
  if (answer instanceof Promise)
    return fail("this is a Promise, not its result", {
      got: "a Promise",
      hint: "put await before the call that made it",
    });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<Verdict>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: "error", message: `your code did not finish within ${CHECK_TIMEOUT_MS / 1000} s` }),
        CHECK_TIMEOUT_MS,
      );
    });
    return await Promise.race([exercise.check(answer, { hidden }), timeout]);
  } catch (err) {
    if (firstLine(err).includes(NOT_DONE_YET))
      return {
        status: "not-done",
        message: `${NOT_DONE_YET}: replace the "throw" in the cell above with your code, run it, then run this cell again`,
      };
    return {
      status: "error",
      message: `your code threw an error: ${firstLine(err)}`,
      hint: "run your cell on its own to see the whole error",
    };
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
    const verdict: Verdict = {
      status: "error",
      message: `there is no exercise "${id}"${known.length ? `; this chapter's exercises are ${known.join(", ")}` : ""}`,
    };
    displayBundle(
      resultBundle(
        { exercise: id, title: "", hidden, status: "error", message: verdict.message, points: 0 },
        verdict,
      ) as Bundle,
    );
    return;
  }
  const verdict = await verdictOf(id, answer, hidden);
  const record: CheckRecord = {
    exercise: id,
    title: exercise.title,
    hidden,
    status: verdict.status,
    message: verdict.message,
    points: verdict.status === "pass" ? exercise.points : 0,
  };
  displayBundle(resultBundle(record, verdict) as Bundle);
  if (!hidden && process.env.HF_COURSE_GRADING !== "1") {
    try {
      recordProgress(id, verdict.status);
    } catch {
      // progress is a convenience: a read-only cache must not break the check
    }
  }
}

/** How the grader's kernel sends an answer out (the grader judges it in its own process). */
export const ANSWER_MIME = "application/vnd.hf-course.answer+json";
/** Largest serialised value sent to the grader. */
export const MAX_ANSWER_BYTES = 16_000_000;

export type AnswerType = "undefined" | "promise" | "function" | "value" | "unserialisable";

/** One message from the kernel: the answer itself (part "answer") or what the function gave on input `part`. */
export interface AnswerRecord {
  exercise: string;
  hidden: boolean;
  part: "answer" | number;
  /** base64 of v8.serialize({ type, shown, value }) for the answer, of an Outcome for a case. */
  payload: string;
}

function pack(x: unknown): string | undefined {
  try {
    const bytes = v8.serialize(x);
    return bytes.length <= MAX_ANSWER_BYTES ? bytes.toString("base64") : undefined;
  } catch {
    return undefined;
  }
}

/** Sends a record and gives the kernel time to put it on the wire (code that then blocks or exits must not swallow it). */
async function send(record: Omit<AnswerRecord, "payload">, payload: string): Promise<void> {
  const what =
    record.part === "answer"
      ? "the answer"
      : `what it gives on ${record.hidden ? "hidden " : ""}input ${record.part + 1}`;
  displayBundle({
    "text/plain": `${record.exercise}: ${what} went to the grader`,
    [ANSWER_MIME]: { ...record, payload },
  } as unknown as Bundle);
  await new Promise((resolve) => setTimeout(resolve, 25));
}

/**
 * The grader's stand-in for check() (in the kernel): sends the answer, or for a code task what the
 * learner's function returns on each of the grader's inputs, to the grader, which judges it outside
 * the kernel. Nothing here decides a grade, so nothing here is worth forging.
 */
export async function collectAnswer(id: string, answer: unknown, hidden: boolean, inputs?: string): Promise<void> {
  const record = { exercise: id, hidden };
  const type: AnswerType =
    answer === undefined
      ? "undefined"
      : answer instanceof Promise
        ? "promise"
        : typeof answer === "function"
          ? "function"
          : "value";
  const shown = show(answer);
  await send(
    { ...record, part: "answer" },
    (type === "value" ? pack({ type, shown, value: answer }) : undefined) ??
      pack({ type: type === "value" ? "unserialisable" : type, shown })!,
  );
  if (type !== "function" || !inputs) return;
  const cases = v8.deserialize(Buffer.from(inputs, "base64")) as unknown[][];
  for (const [i, input] of cases.entries()) {
    let outcome: Outcome;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`your code did not finish within ${CHECK_TIMEOUT_MS / 1000} s`)),
          CHECK_TIMEOUT_MS,
        );
      });
      outcome = { value: await Promise.race([(answer as (...a: unknown[]) => unknown)(...input), timeout]) };
    } catch (err) {
      outcome = { threw: firstLine(err) };
    } finally {
      clearTimeout(timer);
    }
    const value = "value" in outcome ? outcome.value : undefined;
    await send({ ...record, part: i }, pack(outcome) ?? pack({ unserialisable: show(value) })!);
  }
}

// What an exercise is, and the three kinds the course's chapters define: code tasks (a function
// checked on visible and hidden inputs), predict-the-output (compared with a salted hash) and
// multiple-choice questions (an explanation for every choice).
import { matchesHash } from "./hash";

/** What an answer stub throws (the exercise builder writes it into each solution region): the check then says "not done". */
export const NOT_DONE_YET = "not done yet";

export type VerdictStatus = "pass" | "fail" | "not-done" | "error";
/** What the grader adds: the exercise's cell was deleted, it ran too long, or the kernel died. */
export type Status = VerdictStatus | "missing" | "timeout" | "crashed" | "forged";

export interface Verdict {
  status: VerdictStatus;
  message: string;
  expected?: string;
  got?: string;
  hint?: string;
}

export interface Exercise {
  id: string;
  title: string;
  points: number;
  kind: "code" | "predict" | "choice";
  /** Runs the visible checks, or with `hidden` the ones only the grader runs (in the learner's kernel). */
  check(answer: unknown, options: { hidden: boolean }): Promise<Verdict>;
  /** A code task's inputs (visible or hidden); undefined for an exercise answered with a value. */
  inputs(hidden: boolean): unknown[][] | undefined;
  /** The verdict on a value answer (predict, choice), from the value alone. */
  judgeValue(value: unknown): Promise<Verdict>;
  /** The verdict on a code task's case `index` (of `inputs(hidden)`), from what the function gave; undefined when right. */
  judgeCase(index: number, hidden: boolean, outcome: Outcome): Promise<Verdict | undefined>;
  /** The verdict once every case is right. */
  allPassed(hidden: boolean): Verdict;
}

/** What a learner's function did on one input: returned a value, threw, or returned something that cannot leave the kernel. */
export type Outcome = { value: unknown } | { threw: string } | { unserialisable: string };

const pass = (message: string): Verdict => ({ status: "pass", message });
export const fail = (message: string, detail: Omit<Verdict, "status" | "message"> = {}): Verdict => ({
  status: "fail",
  message,
  ...detail,
});

/** A short, readable rendering of any answer for "expected … got …". */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (value instanceof Promise) return "a Promise (not awaited)";
  try {
    const text = JSON.stringify(value, (_, v) =>
      typeof v === "bigint" ? Number(v) : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
    );
    if (text === undefined) return String(value);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

export interface CodeCase<In extends unknown[]> {
  input: In;
  /** Only the grader runs it. */
  hidden?: boolean;
  /** Returns undefined when the output is right, else what was wrong. */
  expect: (output: unknown) => Promise<Omit<Verdict, "status"> | undefined> | Omit<Verdict, "status"> | undefined;
}

/** A code task: the answer is a function, called on each (visible or hidden) input. */
export function codeExercise<In extends unknown[]>(spec: {
  id: string;
  title: string;
  points: number;
  cases: CodeCase<In>[];
}): Exercise {
  const casesOf = (hidden: boolean) => spec.cases.filter((c) => Boolean(c.hidden) === hidden);
  const exercise: Exercise = {
    id: spec.id,
    title: spec.title,
    points: spec.points,
    kind: "code",
    inputs: (hidden) => casesOf(hidden).map((c) => structuredClone(c.input)),
    async judgeValue(value) {
      return notAFunction(value);
    },
    async judgeCase(i, hidden, outcome) {
      const cases = casesOf(hidden);
      const c = cases[i];
      const where = `${hidden ? "hidden " : ""}case ${i + 1} of ${cases.length} (input ${c.input.map(show).join(", ")})`;
      if ("threw" in outcome) {
        if (outcome.threw.includes(NOT_DONE_YET))
          return {
            status: "not-done",
            message: `${NOT_DONE_YET}: replace the "throw" in the cell above with your code, run it, then run this cell again`,
          };
        return {
          status: "error",
          message: `${where}: your code threw an error: ${outcome.threw}`,
          hint: "run your cell on its own to see the whole error",
        };
      }
      if ("unserialisable" in outcome)
        return {
          status: "fail",
          message: `${where}: it returned ${outcome.unserialisable}, which is not a value the checks can read`,
          got: outcome.unserialisable,
        };
      const problem = await c.expect(outcome.value);
      return problem ? { status: "fail", ...problem, message: `${where}: ${problem.message}` } : undefined;
    },
    allPassed: (hidden) =>
      pass(`${casesOf(hidden).length} ${hidden ? "hidden " : ""}case${casesOf(hidden).length === 1 ? "" : "s"} passed`),
    async check(answer, { hidden }) {
      if (typeof answer !== "function") return notAFunction(answer);
      for (const [i, input] of exercise.inputs(hidden)!.entries()) {
        let outcome: Outcome;
        try {
          outcome = { value: await (answer as (...a: unknown[]) => unknown)(...input) };
        } catch (err) {
          outcome = { threw: firstLine(err) };
        }
        const verdict = await exercise.judgeCase(i, hidden, outcome);
        if (verdict) return verdict;
      }
      return exercise.allPassed(hidden);
    },
  };
  return exercise;
}

/** The first line of an error's message (what a learner needs, without the stack). */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0].slice(0, 300);
}

function notAFunction(answer: unknown): Verdict {
  return fail(`expected a function, got ${show(answer)}`, {
    hint: "pass the function itself: check(id, myFunction), without calling it",
  });
}

/** What value exercises share: no inputs, no cases; the verdict comes from the value. */
function valueExercise(
  base: Pick<Exercise, "id" | "title" | "points" | "kind">,
  judge: (value: unknown) => Verdict,
): Exercise {
  return {
    ...base,
    inputs: () => undefined,
    judgeValue: async (value) => judge(value),
    judgeCase: async () => undefined,
    allPassed: () => pass("passed"),
    check: async (answer) => judge(answer),
  };
}

/** Predict the output: the answer is compared with a salted hash of the expected value. */
export function predictExercise(spec: {
  id: string;
  title: string;
  points: number;
  hash: string;
  hint: string;
  normalize?: (answer: unknown) => unknown;
}): Exercise {
  return valueExercise({ id: spec.id, title: spec.title, points: spec.points, kind: "predict" }, (answer) => {
    if (spec.normalize === numberAnswer && typeof answer !== "number")
      return fail(`${show(answer)} is not a number`, {
        got: show(answer),
        hint: 'answer with a number, not a string: 3, not "3"',
      });
    const value = spec.normalize ? spec.normalize(answer) : answer;
    return matchesHash(value, spec.hash)
      ? pass(`right: ${show(value)}`)
      : fail(`${show(value)} is not what the code gives`, { got: show(value), hint: spec.hint });
  });
}

/**
 * A multiple-choice question like the course's quizzes: the right choice is stored as a salted hash.
 * With `selectAll`, the answer is an array of letters (every right choice, e.g. ["a", "c"]), hashed as
 * the sorted letters joined by commas ("a,c").
 */
export function choiceExercise(spec: {
  id: string;
  title: string;
  points: number;
  choices: Record<string, { text: string; why: string }>;
  hash: string;
  selectAll?: boolean;
}): Exercise {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(spec.choices, key);
  const letters = Object.keys(spec.choices)
    .map((k) => `"${k}"`)
    .join(", ");
  return valueExercise({ id: spec.id, title: spec.title, points: spec.points, kind: "choice" }, (answer) => {
    if (spec.selectAll) {
      if (!Array.isArray(answer) || answer.some((k) => typeof k !== "string"))
        return fail(`${show(answer)} is not an array of letters`, {
          got: show(answer),
          hint: `select every right choice: an array of letters among ${letters}, e.g. ["a", "c"]`,
        });
      const keys = [...new Set(answer.map((k: string) => k.trim().toLowerCase()))].sort();
      const unknown = keys.filter((k) => !has(k));
      if (unknown.length > 0 || keys.length === 0)
        return fail(
          `${show(answer)}: ${unknown.length ? `${unknown.map((k) => `"${k}"`).join(", ")} is not one of the choices ${letters}` : "no choice selected"}`,
          { hint: "select every right choice (an array of letters)" },
        );
      const whys = keys.map((k) => `(${k}) ${spec.choices[k].text}: ${spec.choices[k].why}`).join(" ");
      return matchesHash(keys.join(","), spec.hash)
        ? pass(`right: ${whys}`)
        : fail(`not quite: ${whys}`, {
            hint: "some right choices are missing or some wrong ones are selected: read the explanations and try again",
          });
    }
    const key = typeof answer === "string" ? answer.trim().toLowerCase() : "";
    const choice = has(key) ? spec.choices[key] : undefined;
    if (!choice)
      return fail(`${show(answer)} is not one of the choices ${letters}`, {
        hint: "answer with the letter of a choice",
      });
    return matchesHash(key, spec.hash)
      ? pass(`right: (${key}) ${choice.text}. ${choice.why}`)
      : fail(`(${key}) ${choice.text}: not quite. ${choice.why}`, {
          hint: "read the explanation and try another choice",
        });
  });
}

/** Marks a predict-the-output exercise whose answer is a number: "4" (a string) is refused, not counted as 4. */
export const numberAnswer = (a: unknown): unknown => a;

/** Predict-the-output answers typed as text: "[2, 5, 5]" counts as the array. */
export const jsonAnswer = (a: unknown): unknown => {
  if (typeof a !== "string") return a;
  try {
    return JSON.parse(a);
  } catch {
    return a;
  }
};

/** A case's expectation: the output equals (as JSON, whatever the key order) a value, or what `expected()` computes when the case runs. */
export function expectSame(expected: unknown, hint: string, message = "not what was expected") {
  return async (out: unknown) => {
    const value = typeof expected === "function" ? await (expected as () => unknown)() : expected;
    return sameStructure(out, value) ? undefined : { message, expected: show(value), got: show(out), hint };
  };
}

/** Objects with their keys sorted, at every depth (so that key order does not matter). */
const keysSorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(keysSorted)
    : v && typeof v === "object" && !ArrayBuffer.isView(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, keysSorted((v as Record<string, unknown>)[k])]),
        )
      : v;

/** Equal as values (as JSON), whatever the order of the objects' keys. */
function sameStructure(a: unknown, b: unknown): boolean {
  return JSON.stringify(keysSorted(a)) === JSON.stringify(keysSorted(b));
}

/** A case's expectation: a number within 1e-9 of the expected one. */
export function expectClose(expected: number, hint: string) {
  return (out: unknown) =>
    typeof out === "number" && Math.abs(out - expected) < 1e-9
      ? undefined
      : { message: "not the expected number", expected: show(expected), got: show(out), hint };
}

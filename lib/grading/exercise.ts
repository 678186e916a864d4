// What an exercise is, and the three kinds the course's chapters define: code tasks (a function
// checked on visible and hidden inputs), predict-the-output (compared with a salted hash) and
// multiple-choice questions (an explanation for every choice).
import { canonical, matchesHash } from "./hash";

export type VerdictStatus = "pass" | "fail" | "not-done" | "error";
/** What the grader adds: the exercise's cell was deleted, it ran too long, or the kernel died. */
export type Status = VerdictStatus | "missing" | "timeout" | "crashed";

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
  /** Runs the visible checks, or with `hidden` the ones only the grader runs. */
  check(answer: unknown, options: { hidden: boolean }): Promise<Verdict>;
}

export const pass = (message: string): Verdict => ({ status: "pass", message });
export const fail = (message: string, detail: Omit<Verdict, "status" | "message"> = {}): Verdict => ({ status: "fail", message, ...detail });

/** A short, readable rendering of any answer for "expected … got …". */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (value instanceof Promise) return "a Promise (not awaited)";
  try {
    const text = JSON.stringify(value, (_, v) => (typeof v === "bigint" ? Number(v) : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
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
export function codeExercise<In extends unknown[]>(spec: { id: string; title: string; points: number; cases: CodeCase<In>[] }): Exercise {
  return {
    id: spec.id, title: spec.title, points: spec.points, kind: "code",
    async check(answer, { hidden }) {
      if (typeof answer !== "function") return fail(`expected a function, got ${show(answer)}`, { hint: "pass the function itself: check(id, myFunction), without calling it" });
      const cases = spec.cases.filter((c) => Boolean(c.hidden) === hidden);
      for (const [i, c] of cases.entries()) {
        const output = await (answer as (...a: In) => unknown)(...c.input);
        const problem = await c.expect(output);
        if (problem) return { status: "fail", ...problem, message: `${hidden ? "hidden" : ""} case ${i + 1} of ${cases.length} (input ${c.input.map(show).join(", ")}): ${problem.message}`.trim() };
      }
      return pass(`${cases.length} ${hidden ? "hidden " : ""}case${cases.length === 1 ? "" : "s"} passed`);
    },
  };
}

/** Predict the output: the answer is compared with a salted hash of the expected value. */
export function predictExercise(spec: { id: string; title: string; points: number; hash: string; hint: string; normalize?: (answer: unknown) => unknown }): Exercise {
  return {
    id: spec.id, title: spec.title, points: spec.points, kind: "predict",
    async check(answer) {
      const value = spec.normalize ? spec.normalize(answer) : answer;
      return matchesHash(value, spec.hash) ? pass(`right: ${show(value)}`) : fail(`${show(value)} is not what the code gives`, { got: show(value), hint: spec.hint });
    },
  };
}

/** A multiple-choice question like the course's quizzes: the right choice is stored as a salted hash. */
export function choiceExercise(spec: { id: string; title: string; points: number; choices: Record<string, { text: string; why: string }>; hash: string }): Exercise {
  return {
    id: spec.id, title: spec.title, points: spec.points, kind: "choice",
    async check(answer) {
      const key = typeof answer === "string" ? answer.trim().toLowerCase() : "";
      const choice = spec.choices[key];
      if (!choice) return fail(`${show(answer)} is not one of the choices ${Object.keys(spec.choices).map((k) => `"${k}"`).join(", ")}`, { hint: "answer with the letter of a choice" });
      return matchesHash(key, spec.hash) ? pass(`right: (${key}) ${choice.text}. ${choice.why}`) : fail(`(${key}) ${choice.text}: not quite. ${choice.why}`, { hint: "read the explanation and try another choice" });
    },
  };
}

/** Predict-the-output answers typed as text: "4" counts as 4. */
export const numberAnswer = (a: unknown): unknown => (typeof a === "string" && a.trim() !== "" && !Number.isNaN(Number(a)) ? Number(a) : a);

/** Predict-the-output answers typed as text: "[2, 5, 5]" counts as the array. */
export const jsonAnswer = (a: unknown): unknown => {
  if (typeof a !== "string") return a;
  try {
    return JSON.parse(a);
  } catch {
    return a;
  }
};

/** A case's expectation: the output equals (as JSON) a value, or what `expected()` computes when the case runs. */
export function expectSame(expected: unknown, hint: string, message = "not what was expected") {
  return async (out: unknown) => {
    const value = typeof expected === "function" ? await (expected as () => unknown)() : expected;
    return JSON.stringify(out) === JSON.stringify(value) ? undefined : { message, expected: show(value), got: show(out), hint };
  };
}

/** A case's expectation: a number within 1e-9 of the expected one. */
export function expectClose(expected: number, hint: string) {
  return (out: unknown) => (typeof out === "number" && Math.abs(out - expected) < 1e-9 ? undefined : { message: "not the expected number", expected: show(expected), got: show(out), hint });
}

export { canonical };

// Chapter 0's exercises: a short sample that shows the three kinds of exercise and how checking
// works, without any model (00-setup is about the environment). Hidden values are salted hashes
// (make one with: npm run exercises -- hash <value>).
import { type Exercise, choiceExercise, codeExercise, numberAnswer, predictExercise, show } from "../grading/exercise";

export const CHAPTER_00: readonly Exercise[] = [
  codeExercise<[number[]]>({
    id: "ch0.q1",
    title: "Softmax",
    points: 2,
    cases: [
      { input: [[1, 2, 3]], expect: (out) => closeTo(out, softmax([1, 2, 3])) },
      { input: [[0, 0]], expect: (out) => closeTo(out, [0.5, 0.5]) },
      {
        input: [[1000, 1000]],
        hidden: true,
        expect: (out) => closeTo(out, [0.5, 0.5], "subtract the largest value before exp: exp(1000) is Infinity"),
      },
      { input: [[-5, 5, 0, 2]], hidden: true, expect: (out) => closeTo(out, softmax([-5, 5, 0, 2])) },
    ],
  }),
  predictExercise({
    id: "ch0.q2",
    title: "Predict: a softmax by hand",
    points: 1,
    hash: "sha256:2640ac062e9bc547:8b45f4105498c70fdb940fe7452b1a4c9a79ec369edad82c78313d78a820e2e2",
    hint: "what is exp(Math.log(3))? Each probability is its exp divided by the sum of all the exps (answer with a number)",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch0.q3",
    title: "What does a softmax return?",
    points: 1,
    choices: {
      a: {
        text: "numbers between 0 and 1 that sum to 1",
        why: "softmax turns any scores into a probability distribution.",
      },
      b: { text: "the index of the largest score", why: "that is argmax; softmax keeps one number per score." },
      c: { text: "the scores sorted from largest to smallest", why: "softmax keeps the order of its inputs." },
      d: {
        text: "the scores divided by their sum",
        why: "That fails for negative scores (and for scores summing to 0); softmax takes exp first, so every result is positive.",
      },
    },
    hash: "sha256:e6d31cc701369867:00506171eb57f41bcb97a3583626dcc5b6a8e81190b4185825c78f0c3a606567",
  }),
];

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function closeTo(out: unknown, expected: number[], hint?: string) {
  if (!Array.isArray(out) || out.some((x) => typeof x !== "number"))
    return {
      message: `expected an array of numbers, got ${show(out)}`,
      expected: show(expected),
      got: show(out),
      hint,
    };
  if (out.length !== expected.length)
    return {
      message: `expected ${expected.length} numbers, got ${out.length}`,
      expected: show(expected),
      got: show(out),
      hint,
    };
  if (out.some((x, i) => !(Math.abs(x - expected[i]) < 1e-6)))
    return {
      message: "the numbers are not the softmax of the input",
      expected: show(expected.map((x) => +x.toFixed(6))),
      got: show(out),
      hint,
    };
  return undefined;
}

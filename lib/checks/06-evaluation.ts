// Chapter 6's exercises (evaluation): each metric written by hand and checked against the course's
// own metrics (which are tested against scikit-learn, seqeval and the SQuAD script) on visible and
// hidden inputs.
import { confusionMatrix, getEntities, perplexityFromNll, precisionRecallF1, squad } from "../metrics";
import { type Exercise, choiceExercise, codeExercise, expectClose, expectSame, numberAnswer, predictExercise, show } from "../grading/exercise";

const same = expectSame;
const close = expectClose;

function closeObject(expected: Record<string, number>, hint: string) {
  return (out: unknown) => {
    const ok = !!out && typeof out === "object" && Object.entries(expected).every(([k, v]) => typeof (out as Record<string, unknown>)[k] === "number" && Math.abs((out as Record<string, number>)[k] - v) < 1e-9);
    return ok ? undefined : { message: "not the expected values", expected: show(expected), got: show(out), hint };
  };
}

const prf = (p: number[], r: number[]) => {
  const m = precisionRecallF1(p, r, { average: "binary", positiveLabel: 1 });
  return { precision: m.precision, recall: m.recall, f1: m.f1 };
};
const f1Of = (prediction: string, answer: string) => squad([{ id: "q", prediction_text: prediction }], [{ id: "q", answers: { text: [answer] } }]).f1 / 100;

export const CHAPTER_06: readonly Exercise[] = [
  codeExercise<[number[], number[]]>({
    id: "ch6.q1",
    title: "Precision, recall and F1",
    points: 2,
    cases: [
      { input: [[1, 1, 0, 1, 0], [1, 0, 0, 1, 1]], expect: closeObject(prf([1, 1, 0, 1, 0], [1, 0, 0, 1, 1]), "precision = TP / predicted positives, recall = TP / actual positives, F1 = their harmonic mean") },
      { input: [[0, 0, 0, 1], [1, 1, 0, 1]], hidden: true, expect: closeObject(prf([0, 0, 0, 1], [1, 1, 0, 1]), "label 1 is the positive class") },
    ],
  }),
  codeExercise<[number[], number[]]>({
    id: "ch6.q2",
    title: "A confusion matrix",
    points: 2,
    cases: [
      { input: [[1, 0, 1, 1], [1, 1, 0, 1]], expect: same(confusionMatrix([1, 0, 1, 1], [1, 1, 0, 1], [0, 1]), "row = the true label, column = the predicted label: [[TN, FP], [FN, TP]]") },
      { input: [[0, 0, 0], [1, 0, 1]], hidden: true, expect: same(confusionMatrix([0, 0, 0], [1, 0, 1], [0, 1]), "a 2 × 2 matrix even when a label is never predicted") },
    ],
  }),
  codeExercise<[string[]]>({
    id: "ch6.q3",
    title: "Entities from IOB2 tags",
    points: 2,
    cases: [
      { input: [["B-PER", "I-PER", "O", "B-LOC"]], expect: same(getEntities(["B-PER", "I-PER", "O", "B-LOC"]), "{ type, start, end } with end the index of the entity's last tag") },
      { input: [["O", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "O", "B-MISC"]], hidden: true, expect: same(getEntities(["O", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "O", "B-MISC"]), "a B- tag always starts a new entity") },
    ],
  }),
  codeExercise<[string, string]>({
    id: "ch6.q4",
    title: "SQuAD's F1 for one answer",
    points: 2,
    cases: [
      { input: ["the Denver Broncos", "Denver Broncos"], expect: close(f1Of("the Denver Broncos", "Denver Broncos"), "normalise both (lower case, no punctuation, no a/an/the), then F1 over the words they share") },
      { input: ["Santa Clara, California", "Levi's Stadium in Santa Clara"], hidden: true, expect: close(f1Of("Santa Clara, California", "Levi's Stadium in Santa Clara"), "count shared words with their multiplicity") },
      { input: ["Paris", "London"], hidden: true, expect: close(0, "no shared word: 0") },
    ],
  }),
  codeExercise<[number[]]>({
    id: "ch6.q5",
    title: "Perplexity from token losses",
    points: 2,
    cases: [
      { input: [[2.1, 3.4, 0.5]], expect: close(perplexityFromNll([2.1, 3.4, 0.5]), "exp of the mean negative log-likelihood") },
      { input: [[Math.log(4), Math.log(4)]], hidden: true, expect: close(perplexityFromNll([Math.log(4), Math.log(4)]), "a model that hesitates between 4 tokens has perplexity 4") },
    ],
  }),
  predictExercise({
    id: "ch6.q6",
    title: "Predict: the accuracy of always answering 1",
    points: 1,
    hash: "sha256:839d4b776c3c3531:ef4705fb81e93012f3c8f22fe03c208c03cf33bcc11681c58926704520dbab03",
    hint: "the share of the labels that are 1",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch6.q7",
    title: "What do learning curves show when a model overfits?",
    points: 1,
    choices: {
      a: { text: "both losses stay high", why: "That is underfitting: the model has not learned the task yet." },
      b: { text: "the training loss keeps falling while the validation loss rises", why: "It learns its training examples by heart instead of what generalises." },
      c: { text: "both losses fall together", why: "That is healthy training: keep going." },
    },
    hash: "sha256:327feae96e6d3563:0265e74346f585c0d3ee0d9b7be778816a1165410cef76910afe745d311773a0",
  }),
  choiceExercise({
    id: "ch6.q8",
    title: "The F1 of always answering the majority class on MRPC",
    points: 1,
    choices: {
      a: { text: "0: a model that learned nothing has no F1", why: "F1 is computed on the positive class; a constant positive answer finds every positive pair." },
      b: { text: "high, about 0.81", why: "Recall is 1 and precision is the share of positives (0.684): F1 = 2·0.684/(1+0.684) ≈ 0.81. F1 guards against a *negative* majority class, not a positive one." },
      c: { text: "about 0.34", why: "F1 is not a fixed fraction of accuracy: work out precision and recall of the constant answer." },
      d: { text: "it cannot be computed", why: "Precision is defined as long as something is predicted positive, and here everything is." },
    },
    hash: "sha256:e7f42f7bf27fb663:93cc35183c113a548f01c21984f53448daed548d9b4f73c9be5b0a5bc942e49d",
  }),
];

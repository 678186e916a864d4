// Chapter 6's exercises (evaluation): each metric written by hand and checked against the course's
// own metrics (which are tested against scikit-learn, seqeval and the SQuAD script) on visible and
// hidden inputs.
import { confusionMatrix, getEntities, perplexityFromNll, precisionRecallF1, squad } from "../metrics";
import {
  type Exercise,
  choiceExercise,
  codeExercise,
  expectClose,
  expectSame,
  numberAnswer,
  predictExercise,
  show,
} from "../grading/exercise";

const same = expectSame;
const close = expectClose;

function closeObject(expected: Record<string, number>, hint: string) {
  return (out: unknown) => {
    const ok =
      !!out &&
      typeof out === "object" &&
      Object.entries(expected).every(
        ([k, v]) =>
          typeof (out as Record<string, unknown>)[k] === "number" &&
          Math.abs((out as Record<string, number>)[k] - v) < 1e-9,
      );
    return ok ? undefined : { message: "not the expected values", expected: show(expected), got: show(out), hint };
  };
}

const prf = (p: number[], r: number[]) => {
  const m = precisionRecallF1(p, r, { average: "binary", positiveLabel: 1 });
  return { precision: m.precision, recall: m.recall, f1: m.f1 };
};
const f1Of = (prediction: string, answer: string) =>
  squad([{ id: "q", prediction_text: prediction }], [{ id: "q", answers: { text: [answer] } }]).f1 / 100;

export const CHAPTER_06: readonly Exercise[] = [
  codeExercise<[number[], number[]]>({
    id: "ch6.q1",
    title: "Precision, recall and F1",
    points: 2,
    cases: [
      {
        input: [
          [1, 1, 0, 1, 0],
          [1, 0, 0, 1, 1],
        ],
        expect: closeObject(
          prf([1, 1, 0, 1, 0], [1, 0, 0, 1, 1]),
          "precision: how many of the predicted positives are right; recall: how many of the actual positives were found; F1 combines the two (not with their plain average)",
        ),
      },
      {
        input: [
          [0, 0, 0, 1],
          [1, 1, 0, 1],
        ],
        hidden: true,
        expect: closeObject(prf([0, 0, 0, 1], [1, 1, 0, 1]), "label 1 is the positive class"),
      },
    ],
  }),
  codeExercise<[number[], number[]]>({
    id: "ch6.q2",
    title: "A confusion matrix",
    points: 2,
    cases: [
      {
        input: [
          [1, 0, 1, 1],
          [1, 1, 0, 1],
        ],
        expect: same(
          confusionMatrix([1, 0, 1, 1], [1, 1, 0, 1], [0, 1]),
          "row = the true label, column = the predicted label: [[TN, FP], [FN, TP]]",
        ),
      },
      {
        input: [
          [0, 0, 0],
          [1, 0, 1],
        ],
        hidden: true,
        expect: same(
          confusionMatrix([0, 0, 0], [1, 0, 1], [0, 1]),
          "a 2 × 2 matrix even when a label is never predicted",
        ),
      },
    ],
  }),
  codeExercise<[string[]]>({
    id: "ch6.q3",
    title: "Entities from IOB2 tags",
    points: 2,
    cases: [
      {
        input: [["B-PER", "I-PER", "O", "B-LOC"]],
        expect: same(
          getEntities(["B-PER", "I-PER", "O", "B-LOC"]),
          "{ type, start, end } with end the index of the entity's last tag",
        ),
      },
      {
        input: [["O", "I-PER", "I-PER", "B-LOC", "I-ORG"]],
        expect: same(
          getEntities(["O", "I-PER", "I-PER", "B-LOC", "I-ORG"]),
          "an I-X that does not continue an entity of type X starts one",
        ),
      },
      {
        input: [["O", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "O", "B-MISC"]],
        hidden: true,
        expect: same(
          getEntities(["O", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "O", "B-MISC"]),
          "a B- tag always starts a new entity",
        ),
      },
      {
        input: [["I-LOC", "B-PER", "I-LOC", "I-LOC", "O", "O", "I-MISC"]],
        hidden: true,
        expect: same(
          getEntities(["I-LOC", "B-PER", "I-LOC", "I-LOC", "O", "O", "I-MISC"]),
          "an I-X after an entity of another type, or after O, starts a new entity of type X",
        ),
      },
      {
        input: [["B-PER", "I-PER", "I-PER"]],
        hidden: true,
        expect: same(getEntities(["B-PER", "I-PER", "I-PER"]), "an entity that runs to the last tag ends there"),
      },
      { input: [["O", "O"]], hidden: true, expect: same(getEntities(["O", "O"]), "no entity: an empty array") },
    ],
  }),
  codeExercise<[string, string]>({
    id: "ch6.q4",
    title: "SQuAD's F1 for one answer",
    points: 2,
    cases: [
      {
        input: ["the Denver Broncos", "Denver Broncos"],
        expect: close(
          f1Of("the Denver Broncos", "Denver Broncos"),
          "normalise both first; then F1 over the words they share",
        ),
      },
      {
        input: ["Levi's Stadium", "levis stadium"],
        expect: close(
          f1Of("Levi's Stadium", "levis stadium"),
          "punctuation is deleted, not replaced by a space: Levi's becomes levis",
        ),
      },
      {
        input: ["Santa Clara, California", "Levi's Stadium in Santa Clara"],
        hidden: true,
        expect: close(
          f1Of("Santa Clara, California", "Levi's Stadium in Santa Clara"),
          "count shared words with their multiplicity",
        ),
      },
      {
        input: ["state-of-the-art model", "the state of the art model"],
        hidden: true,
        expect: close(
          f1Of("state-of-the-art model", "the state of the art model"),
          "remove punctuation before the articles: state-of-the-art becomes one word, stateoftheart",
        ),
      },
      {
        input: ["New York, New York", "new york"],
        hidden: true,
        expect: close(
          f1Of("New York, New York", "new york"),
          "a shared word counts as many times as it appears in both",
        ),
      },
      { input: ["Paris", "London"], hidden: true, expect: close(0, "no shared word: 0") },
    ],
  }),
  codeExercise<[number[]]>({
    id: "ch6.q5",
    title: "Perplexity from token losses",
    points: 2,
    cases: [
      {
        input: [[2.1, 3.4, 0.5]],
        expect: close(
          perplexityFromNll([2.1, 3.4, 0.5]),
          "a loss is a negative log: undo the log of the average loss per token",
        ),
      },
      {
        input: [[Math.log(4), Math.log(4)]],
        hidden: true,
        expect: close(
          perplexityFromNll([Math.log(4), Math.log(4)]),
          "a model that hesitates between 4 tokens has perplexity 4",
        ),
      },
    ],
  }),
  predictExercise({
    id: "ch6.q6",
    title: "Predict: seqeval's F1 when an entity is cut short",
    points: 1,
    hash: "sha256:7e5bbda428ecd0fe:0da63ada4baa225eb9b403559083c37cb11480eec9357df3db0a50983594f47c",
    hint: "seqeval scores entities, not tags: list the entities of each sequence and count the ones that match exactly (a number)",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch6.q7",
    title: "What do learning curves show when a model overfits?",
    points: 1,
    choices: {
      a: { text: "both losses stay high", why: "That is underfitting: the model has not learned the task yet." },
      b: {
        text: "the training loss keeps falling while the validation loss rises",
        why: "It learns its training examples by heart instead of what generalises.",
      },
      c: { text: "both losses fall together", why: "That is healthy training: keep going." },
      d: {
        text: "the validation loss is lower than the training loss",
        why: "That happens with dropout (active only in training) or an easy validation set; it is not overfitting.",
      },
    },
    hash: "sha256:327feae96e6d3563:0265e74346f585c0d3ee0d9b7be778816a1165410cef76910afe745d311773a0",
  }),
  choiceExercise({
    id: "ch6.q8",
    title: "The F1 of always answering the majority class on MRPC",
    points: 1,
    choices: {
      a: {
        text: "0: a model that learned nothing has no F1",
        why: "F1 is computed on the positive class; a constant positive answer finds every positive pair.",
      },
      b: {
        text: "high, about 0.81",
        why: "Recall is 1 and precision is the share of positives (0.684): F1 = 2·0.684/(1+0.684) ≈ 0.81. F1 guards against a *negative* majority class, not a positive one.",
      },
      c: {
        text: "about 0.34",
        why: "F1 is not a fixed fraction of accuracy: work out precision and recall of the constant answer.",
      },
      d: {
        text: "it cannot be computed",
        why: "Precision is defined as long as something is predicted positive, and here everything is.",
      },
    },
    hash: "sha256:e7f42f7bf27fb663:93cc35183c113a548f01c21984f53448daed548d9b4f73c9be5b0a5bc942e49d",
  }),
  // Review
  choiceExercise({
    id: "ch6.q9",
    title: "Review: which metrics compare a generated text with reference texts? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: { text: "BLEU", why: "n-gram precision against the references, with a brevity penalty (translation)." },
      b: { text: "ROUGE", why: "n-gram and longest-common-subsequence overlap with the references (summarization)." },
      c: { text: "accuracy", why: "Accuracy compares labels, not texts." },
      d: { text: "perplexity", why: "Perplexity needs only the model and the text: how surprised the model is by it." },
    },
    hash: "sha256:38be93a93ed67522:9b93a4a2cb5ed111d93fa783c3bd065955f573d487c212f9536f5848b697949b",
  }),
  choiceExercise({
    id: "ch6.q10",
    title: "Review: a spam filter: 2 % of the mails are spam. What is wrong with reporting its accuracy alone?",
    points: 1,
    choices: {
      a: {
        text: "nothing: accuracy is the fraction of right answers",
        why: "It is, and a filter that never flags anything gets 0.98.",
      },
      b: {
        text: "a filter that lets every spam through scores 0.98: report precision and recall on the spam class",
        why: "On imbalanced data, the metrics of the rare class (or F1, or a confusion matrix) show what accuracy hides.",
      },
      c: { text: "accuracy cannot be computed for two classes", why: "It can; it is just uninformative here." },
      d: {
        text: "accuracy is always lower than F1",
        why: "Either can be higher; here F1 on spam would be 0 while accuracy is 0.98.",
      },
    },
    hash: "sha256:5e8d127e7ff43226:7c2e3d3085d7e5ec1d0e0603dc49b7b8911528d37956793f63c3e79c320c9049",
  }),
  choiceExercise({
    id: "ch6.q11",
    title: "Review: what does a lower perplexity mean?",
    points: 1,
    choices: {
      a: {
        text: "the model gave the text's tokens a higher probability: it is less surprised by it",
        why: "Perplexity is exp(mean NLL): as if the model hesitated between that many tokens at each step.",
      },
      b: { text: "the text is shorter", why: "It is a mean per token: length alone does not change it." },
      c: {
        text: "the model generates more varied text",
        why: "Perplexity is measured on a given text; it says nothing about sampling.",
      },
      d: {
        text: "the tokenizer made fewer tokens",
        why: "Perplexities of models with different tokenizers are not comparable, but fewer tokens do not make it lower per se.",
      },
    },
    hash: "sha256:e872a062b755dcea:7c5272ace9256cda6ed95014f012b3879a7476cd77fd6192f34b874c610afa54",
  }),
];

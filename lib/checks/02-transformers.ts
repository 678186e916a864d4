// Chapter 2's exercises (transformer architectures): attention by hand, checked against the course's
// own computation on visible and hidden matrices, and concept questions.
import { type Exercise, choiceExercise, codeExercise, jsonAnswer, predictExercise, show } from "../grading/exercise";

type Matrix = number[][];

const softmaxRows = (a: Matrix): Matrix =>
  a.map((row) => {
    const top = Math.max(...row);
    const e = row.map((x) => Math.exp(x - top));
    const s = e.reduce((x, y) => x + y, 0);
    return e.map((x) => x / s);
  });
const matmul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
const attention = (q: Matrix, k: Matrix, v: Matrix): Matrix =>
  matmul(
    softmaxRows(
      matmul(
        q,
        k[0].map((_, j) => k.map((r) => r[j])),
      ).map((r) => r.map((s) => s / Math.sqrt(q[0].length))),
    ),
    v,
  );

function matrixClose(expected: Matrix, hint: string) {
  return (out: unknown) => {
    const ok =
      Array.isArray(out) &&
      out.length === expected.length &&
      out.every(
        (row, i) =>
          Array.isArray(row) &&
          row.length === expected[i].length &&
          row.every((x, j) => x === expected[i][j] || (typeof x === "number" && Math.abs(x - expected[i][j]) < 1e-6)),
      );
    const round = (m: Matrix) => m.map((r) => r.map((x) => (Number.isFinite(x) ? +x.toFixed(4) : x)));
    return ok
      ? undefined
      : {
          message: "the matrix is not right",
          expected: show(round(expected)).replace(/null/g, "-Infinity"),
          got: Array.isArray(out) ? show(out).replace(/null/g, "-Infinity") : show(out),
          hint,
        };
  };
}

const mask = (n: number): Matrix =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j <= i ? 0 : -Infinity)));
const A: Matrix = [
  [1, 2, 3],
  [0, 0, 0],
  [-1, 5, 1],
];
const Q: Matrix = [
  [1, 0],
  [0, 1],
  [1, 1],
];
const K: Matrix = [
  [1, 1],
  [0, 2],
  [1, 0],
];
const V: Matrix = [
  [1, 2],
  [3, 4],
  [5, 6],
];
const Q2: Matrix = [
  [0.5, -1, 2],
  [1, 0, 0],
];
const K2: Matrix = [
  [1, 0, 1],
  [0, 1, 0],
  [2, 1, 0],
  [0, 0, 1],
];
const V2: Matrix = [
  [1, 0],
  [0, 1],
  [1, 1],
  [2, -1],
];

export const CHAPTER_02: readonly Exercise[] = [
  codeExercise<[Matrix]>({
    id: "ch2.q1",
    title: "Softmax of each row",
    points: 2,
    cases: [
      { input: [A], expect: matrixClose(softmaxRows(A), "each row: exp(x - max) / sum of exp(row - max)") },
      {
        input: [
          [
            [1000, 1000],
            [-1000, 0],
          ],
        ],
        hidden: true,
        expect: matrixClose(
          softmaxRows([
            [1000, 1000],
            [-1000, 0],
          ]),
          "subtract each row's largest value before exp",
        ),
      },
    ],
  }),
  codeExercise<[number]>({
    id: "ch2.q2",
    title: "A causal mask",
    points: 2,
    cases: [
      {
        input: [3],
        expect: matrixClose(
          mask(3),
          "row i, column j: 0 when j <= i (the token itself and earlier ones), -Infinity after",
        ),
      },
      { input: [1], hidden: true, expect: matrixClose(mask(1), "a single token sees itself") },
      { input: [5], hidden: true, expect: matrixClose(mask(5), "0 when j <= i, -Infinity otherwise") },
    ],
  }),
  codeExercise<[Matrix, Matrix, Matrix]>({
    id: "ch2.q3",
    title: "Scaled dot-product attention",
    points: 3,
    cases: [
      {
        input: [Q, K, V],
        expect: matrixClose(
          attention(Q, K, V),
          "score every query against every key, scale the scores by the size of the vectors, turn each row into weights, and mix the values with them",
        ),
      },
      {
        input: [Q2, K2, V2],
        hidden: true,
        expect: matrixClose(
          attention(Q2, K2, V2),
          "Q and K may have a different number of rows: the weights are [queries × keys]",
        ),
      },
    ],
  }),
  predictExercise({
    id: "ch2.q4",
    title: "Predict: the shape of one sentence's attention weights",
    points: 1,
    hash: "sha256:1ebf9b1345969889:36a20cf7edfeb5e28578efd700fef3bf51c2bca6227c66e11e21990cd8b8fb73",
    hint: "which tokens does each query token attend to, and how many heads does each of them have? Answer as an array, e.g. [1, 2, 3]",
    normalize: jsonAnswer,
  }),
  choiceExercise({
    id: "ch2.q5",
    title: "Which family suits translation?",
    points: 1,
    choices: {
      a: { text: "encoder-only", why: "An encoder understands a text but has no decoder to write a new one." },
      b: {
        text: "decoder-only",
        why: "A decoder-only model can be prompted to translate, but the classic translation models read the whole source first.",
      },
      c: {
        text: "encoder-decoder",
        why: "The encoder reads the whole source sentence; the decoder writes the translation token by token (Marian, T5, BART).",
      },
      d: {
        text: "any family, if it has a classification head",
        why: "A classification head outputs one label, not a new sentence.",
      },
    },
    hash: "sha256:71c522d7a49a9664:468bc845f62d8c4cc46968391c3fb571fcd9eeceb62379a39706e635e50e4bc7",
  }),
  choiceExercise({
    id: "ch2.q6",
    title: "How is BERT pretrained?",
    points: 1,
    choices: {
      a: {
        text: "by predicting the next word from the words before it",
        why: "That is causal language modelling, how GPT models are pretrained.",
      },
      b: {
        text: "by predicting hidden words from the words on both sides",
        why: "Masked language modelling: BERT's encoder sees the whole sentence.",
      },
      c: {
        text: "by translating between languages",
        why: "The first Transformer was trained on translation; BERT learns from raw text.",
      },
      d: {
        text: "by classifying the sentiment of movie reviews",
        why: "That is a fine-tuning task; pretraining needs no labels, only raw text.",
      },
    },
    hash: "sha256:ba5d6e5290d5bcc7:99ac49e8b9048ee572584e1a9f4a5fd17a20ce141e17abb89a3caea8aa72342d",
  }),
  choiceExercise({
    id: "ch2.q7",
    title: "What is bert-base-uncased?",
    points: 1,
    choices: {
      a: { text: "a checkpoint", why: "It is one set of trained weights for the BERT architecture." },
      b: { text: "an architecture", why: "The architecture is BERT; bert-base-uncased is weights trained for it." },
      c: {
        text: "a head",
        why: "A head is the small task-specific layer on top; bert-base-uncased has none for a task.",
      },
      d: {
        text: "a tokenizer",
        why: "The checkpoint comes with its tokenizer, but the name is the name of the trained weights.",
      },
    },
    hash: "sha256:b3b42ef4f7c4c7b3:e029781b1ae8548859086d9fd519a9a7d7f3628f2e9dbbe89ae617f00c9613f2",
  }),
  // Review
  choiceExercise({
    id: "ch2.q8",
    title: "Review: which of these models are decoder-only? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: { text: "GPT-2", why: "A stack of decoder blocks with a causal mask, pretrained to predict the next token." },
      b: { text: "BERT", why: "Encoder-only: it sees the whole sentence at once." },
      c: { text: "SmolLM2 (and Llama)", why: "Today's chat models are decoder-only, like GPT." },
      d: { text: "T5", why: "Encoder-decoder: an encoder reads the input, a decoder writes the output." },
    },
    hash: "sha256:f1be88a75755f317:7e64a38b51f86d40851496f0f84f1b4c92253ed66bde691c2e6852d376cdeed3",
  }),
  choiceExercise({
    id: "ch2.q9",
    title: "Review: why divide the scores by √d in attention?",
    points: 1,
    choices: {
      a: { text: "so that the weights of each row sum to 1", why: "That is what the softmax does." },
      b: {
        text: "so that the dot products do not grow with the vector size and saturate the softmax",
        why: "A dot product of d terms grows like √d; unscaled, the softmax puts nearly all the weight on one token and its gradients vanish.",
      },
      c: { text: "to hide the tokens that come later", why: "That is the causal mask (-Infinity before the softmax)." },
      d: { text: "to make it faster", why: "It is one more operation; it changes the values, not the cost." },
    },
    hash: "sha256:5231633b4309fe29:aec431b224112559127d6bc8a49ec2417d3db0a03cfb2384bac86f9bfe0cba52",
  }),
  choiceExercise({
    id: "ch2.q10",
    title: "Review: what is multi-head attention?",
    points: 1,
    choices: {
      a: {
        text: "several attentions in parallel, each on its own projection of the vectors, their outputs joined",
        why: "Each head can attend to a different relation (the next word, the subject of a verb…).",
      },
      b: {
        text: "attention repeated in every layer",
        why: "That is the stack of layers; each layer has several heads.",
      },
      c: {
        text: "one attention per sentence of the batch",
        why: "The batch is a separate dimension; heads split the hidden size.",
      },
      d: {
        text: "a model with several classification heads",
        why: "A model's head (chapter 4) is not an attention head.",
      },
    },
    hash: "sha256:c0a7047e9fdf39cf:a970f4d7dc2fa5acff0ea0a104a870e4975032b98a888414aa6bb4d98fc953a0",
  }),
];

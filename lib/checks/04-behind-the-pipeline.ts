// Chapter 4's exercises (behind the pipeline). The hand-made classifier is checked against the
// sentiment pipeline itself on the same texts (labels equal, scores within 1e-4), online or offline.
import { pipeline, type Pipeline } from "../models/pipeline";
import {
  type Exercise,
  choiceExercise,
  codeExercise,
  expectSame,
  jsonAnswer,
  numberAnswer,
  predictExercise,
  show,
} from "../grading/exercise";

let classifier: Promise<Pipeline> | undefined;
const sentiment = () => (classifier ??= pipeline("sentiment-analysis"));

/**
 * What classify(texts, model) must give when the model's logits are multiplied by t (the check cell
 * passes `scaledModel(t)`): the label and score of softmax(t × logits). An answer that never reads the
 * logits of the model it is given (e.g. one that calls pipeline()) fails for t ≠ 1.
 */
async function scaledClassification(texts: string[], t: number): Promise<{ label: string; score: number }[]> {
  const clf = (await sentiment()) as unknown as {
    tokenizer: (t: string[], o: object) => object;
    model: ((i: object) => Promise<{ logits: { tolist(): number[][] } }>) & {
      config: { id2label: Record<number, string> };
    };
  };
  const { logits } = await clf.model(clf.tokenizer(texts, { padding: true, truncation: true }));
  return logits.tolist().map((row) => {
    const z = row.map((x) => x * t);
    const top = Math.max(...z);
    const e = z.map((x) => Math.exp(x - top));
    const sum = e.reduce((a, b) => a + b, 0);
    const best = z.indexOf(top);
    return { label: clf.model.config.id2label[best], score: e[best] / sum };
  });
}

function sameAsModel(texts: string[], t: number) {
  return async (out: unknown) => {
    const expected = await scaledClassification(texts, t);
    const ok =
      Array.isArray(out) &&
      out.length === expected.length &&
      out.every(
        (r, i) =>
          r &&
          r.label === expected[i].label &&
          typeof r.score === "number" &&
          Math.abs(r.score - expected[i].score) < 1e-4,
      );
    return ok
      ? undefined
      : {
          message: `not what the model you were given gives${t === 1 ? "" : ` (its logits are multiplied by ${t} here)`}`,
          expected: show(expected),
          got: show(out),
          hint: "run the model you are given (not a pipeline) on the tokenizer's output, softmax each row of its logits, and take the best label from that model's config.id2label",
        };
  };
}

const argmaxLabels = (logits: number[][], id2label: Record<number, string>) =>
  logits.map((row) => id2label[row.indexOf(Math.max(...row))]);
const masks = (ids: number[][], pad: number) => ids.map((r) => r.map((t) => (t === pad ? 0 : 1)));

const same = expectSame;

export const CHAPTER_04: readonly Exercise[] = [
  codeExercise<[number[][], Record<number, string>]>({
    id: "ch4.q1",
    title: "Labels from logits",
    points: 2,
    cases: [
      {
        input: [
          [
            [-1.2, 2.3],
            [3.1, -0.4],
          ],
          { 0: "NEGATIVE", 1: "POSITIVE" },
        ],
        expect: same(
          argmaxLabels(
            [
              [-1.2, 2.3],
              [3.1, -0.4],
            ],
            { 0: "NEGATIVE", 1: "POSITIVE" },
          ),
          "where is each row's largest logit, and what does id2label call that position?",
        ),
      },
      {
        input: [
          [
            [0.1, 0.5, -2],
            [4, 4.5, 5],
            [-1, -3, -2],
          ],
          { 0: "contradiction", 1: "neutral", 2: "entailment" },
        ],
        hidden: true,
        expect: same(
          argmaxLabels(
            [
              [0.1, 0.5, -2],
              [4, 4.5, 5],
              [-1, -3, -2],
            ],
            { 0: "contradiction", 1: "neutral", 2: "entailment" },
          ),
          "works for any number of labels",
        ),
      },
    ],
  }),
  codeExercise<[number[][], number]>({
    id: "ch4.q2",
    title: "An attention mask from padded ids",
    points: 2,
    cases: [
      {
        input: [
          [
            [101, 2023, 102],
            [101, 102, 0],
          ],
          0,
        ],
        expect: same(
          masks(
            [
              [101, 2023, 102],
              [101, 102, 0],
            ],
            0,
          ),
          "1 for every real token, 0 for every padding id",
        ),
      },
      {
        input: [
          [
            [0, 5, 2, 1, 1],
            [0, 9, 9, 9, 2],
          ],
          1,
        ],
        hidden: true,
        expect: same(
          masks(
            [
              [0, 5, 2, 1, 1],
              [0, 9, 9, 9, 2],
            ],
            1,
          ),
          "the padding id is the one you are given",
        ),
      },
    ],
  }),
  codeExercise<[string[], number]>({
    id: "ch4.q3",
    title: "The sentiment pipeline, by hand",
    points: 3,
    cases: [
      {
        input: [["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"], 1],
        expect: sameAsModel(["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"], 1),
      },
      {
        input: [["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"], 0.5],
        expect: sameAsModel(["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"], 0.5),
      },
      {
        input: [
          ["A wonderful, heartfelt film.", "Dull.", "It was fine, I guess, but far too long for what it had to say."],
          2,
        ],
        hidden: true,
        expect: sameAsModel(
          ["A wonderful, heartfelt film.", "Dull.", "It was fine, I guess, but far too long for what it had to say."],
          2,
        ),
      },
      {
        input: [
          ["A wonderful, heartfelt film.", "Dull.", "It was fine, I guess, but far too long for what it had to say."],
          -1,
        ],
        hidden: true,
        expect: sameAsModel(
          ["A wonderful, heartfelt film.", "Dull.", "It was fine, I guess, but far too long for what it had to say."],
          -1,
        ),
      },
    ],
  }),
  predictExercise({
    id: "ch4.q4",
    title: "Predict: the shape of last_hidden_state",
    points: 1,
    hash: "sha256:888eff3d316a212f:82db9a9d9ea15a68e536c0ffda8738244d02de3dcbc770a3f2964c9ae9989905",
    hint: "[batch size, sequence length, hidden size]",
    normalize: jsonAnswer,
  }),
  predictExercise({
    id: "ch4.q5",
    title: "Predict: the score the pipeline reports",
    points: 1,
    hash: "sha256:dfa0719cf78788ee:bbfca1e1b6bcdb7551e60d27f4daef00912729ed76e6c3e30372bce6b7e43846",
    hint: "the pipeline reports a probability, not a logit: which function turns the two logits into probabilities, and which of the two does it report? (a number, rounded to 2 decimals)",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch4.q6",
    title: "Why pass the attention mask with a padded batch?",
    points: 1,
    choices: {
      a: {
        text: "it makes the model faster",
        why: "The padded positions are still computed; the mask only stops other tokens from attending to them.",
      },
      b: {
        text: "so that padding does not change the real tokens' results",
        why: "Without it, the tokens attend to the [PAD] tokens too, and a padded text gets other logits than alone.",
      },
      c: { text: "the tokenizer needs it to decode", why: "Decoding uses the ids only." },
      d: { text: "it tells the model which sentence each token belongs to", why: "That is token_type_ids." },
    },
    hash: "sha256:f0d0f081a8669def:793980bd5770bd84a32c52aa9341adad078fb58fb561e1c215ec89735aff603d",
  }),
  choiceExercise({
    id: "ch4.q7",
    title: "What does a model's head do?",
    points: 1,
    choices: {
      a: {
        text: "it turns the body's hidden states into the output a task needs",
        why: "E.g. one logit per label from the [CLS] vector, for sequence classification.",
      },
      b: { text: "it splits the text into tokens", why: "That is the tokenizer, before the model." },
      c: {
        text: "it is the first layer of the transformer",
        why: "The head sits on top of the body, after its last layer.",
      },
      d: {
        text: "it chooses which checkpoint to download",
        why: "AutoModel… and from_pretrained choose the weights; the head is part of the model.",
      },
    },
    hash: "sha256:15c5d6624efc9fb3:61343a5c0cdbb4be9c7839f9100b6ed4826d613df98939f4a2b132bacff427fb",
  }),
  // Review
  choiceExercise({
    id: "ch4.q8",
    title: "Review: do the logits and the probabilities pick the same label?",
    points: 1,
    choices: {
      a: {
        text: "no: softmax can change which value is the largest",
        why: "exp is increasing and every value is divided by the same sum: the order stays.",
      },
      b: { text: "only for two labels", why: "The order is kept whatever the number of labels." },
      c: {
        text: "yes, always: softmax keeps the order of the values",
        why: "argmax(logits) = argmax(softmax(logits)); softmax is needed for the score, not for the label.",
      },
      d: {
        text: "only when the attention mask is passed",
        why: "The mask changes the logits of a padded text, not how softmax orders them.",
      },
    },
    hash: "sha256:1e4706cc06dd870a:767d6795a1e3bd70ba4ee1fb732e0411e9746406d6ddadea5f4217bb7cf87ede",
  }),
  choiceExercise({
    id: "ch4.q9",
    title: "Review: what is in a model's config.json? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: { text: "the labels (id2label)", why: "That is how the pipeline names a logit's index." },
      b: {
        text: "the architecture's sizes: hidden size, layers, attention heads",
        why: "Enough to build the model before its weights are loaded.",
      },
      c: {
        text: "the trained weights",
        why: "They are in model.safetensors (or onnx/model.onnx), next to config.json.",
      },
      d: { text: "the tokenizer's vocabulary", why: "That is in tokenizer.json (or vocab.txt)." },
    },
    hash: "sha256:638a1e882a6d2348:52681b8bdc82e64ae1c338f54d99ac4bca1ee71238c37348d3b0cdb09a58031e",
  }),
  choiceExercise({
    id: "ch4.q10",
    title: "Review: AutoModel or AutoModelForSequenceClassification?",
    points: 1,
    choices: {
      a: {
        text: "they give the same outputs",
        why: "Only the second has a head: the first stops at the hidden states.",
      },
      b: {
        text: "AutoModel gives the body's hidden states; the other adds a head with one logit per label",
        why: "Same body, same checkpoint; the class decides which head sits on top.",
      },
      c: {
        text: "AutoModel is for PyTorch, the other for ONNX",
        why: "Both load the same files in transformers.js; they differ by their head.",
      },
      d: {
        text: "AutoModelForSequenceClassification has no tokenizer, AutoModel has one",
        why: "Neither holds a tokenizer: AutoTokenizer loads it.",
      },
    },
    hash: "sha256:262ec316a011c957:d3ccc7c9d4efe395de7489a0e116edd94bb22449352aee08f67775c74434fe33",
  }),
];

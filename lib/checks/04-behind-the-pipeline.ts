// Chapter 4's exercises (behind the pipeline). The hand-made classifier is checked against the
// sentiment pipeline itself on the same texts (labels equal, scores within 1e-4), online or offline.
import { pipeline, type Pipeline } from "../models/pipeline";
import { type Exercise, choiceExercise, codeExercise, expectSame, jsonAnswer, numberAnswer, predictExercise, show } from "../grading/exercise";

let classifier: Promise<Pipeline> | undefined;
const sentiment = () => (classifier ??= pipeline("sentiment-analysis"));

function sameAsPipeline(texts: string[]) {
  return async (out: unknown) => {
    const expected = (await (await sentiment())(texts)) as { label: string; score: number }[];
    const ok = Array.isArray(out) && out.length === expected.length && out.every((r, i) => r && r.label === expected[i].label && typeof r.score === "number" && Math.abs(r.score - expected[i].score) < 1e-4);
    return ok ? undefined : { message: "not what the sentiment pipeline gives", expected: show(expected), got: show(out), hint: "tokenize with padding and truncation, run AutoModelForSequenceClassification, softmax each row of logits, take the best label from config.id2label" };
  };
}

const argmaxLabels = (logits: number[][], id2label: Record<number, string>) => logits.map((row) => id2label[row.indexOf(Math.max(...row))]);
const masks = (ids: number[][], pad: number) => ids.map((r) => r.map((t) => (t === pad ? 0 : 1)));

const same = expectSame;

export const CHAPTER_04: readonly Exercise[] = [
  codeExercise<[number[][], Record<number, string>]>({
    id: "ch4.q1",
    title: "Labels from logits",
    points: 2,
    cases: [
      { input: [[[-1.2, 2.3], [3.1, -0.4]], { 0: "NEGATIVE", 1: "POSITIVE" }], expect: same(argmaxLabels([[-1.2, 2.3], [3.1, -0.4]], { 0: "NEGATIVE", 1: "POSITIVE" }), "the label of each row is id2label[index of its largest logit]") },
      { input: [[[0.1, 0.5, -2], [4, 4.5, 5], [-1, -3, -2]], { 0: "contradiction", 1: "neutral", 2: "entailment" }], hidden: true, expect: same(argmaxLabels([[0.1, 0.5, -2], [4, 4.5, 5], [-1, -3, -2]], { 0: "contradiction", 1: "neutral", 2: "entailment" }), "works for any number of labels") },
    ],
  }),
  codeExercise<[number[][], number]>({
    id: "ch4.q2",
    title: "An attention mask from padded ids",
    points: 2,
    cases: [
      { input: [[[101, 2023, 102], [101, 102, 0]], 0], expect: same(masks([[101, 2023, 102], [101, 102, 0]], 0), "1 for every real token, 0 for every padding id") },
      { input: [[[0, 5, 2, 1, 1], [0, 9, 9, 9, 2]], 1], hidden: true, expect: same(masks([[0, 5, 2, 1, 1], [0, 9, 9, 9, 2]], 1), "the padding id is the one you are given") },
    ],
  }),
  codeExercise<[string[]]>({
    id: "ch4.q3",
    title: "The sentiment pipeline, by hand",
    points: 3,
    cases: [
      { input: [["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]], expect: sameAsPipeline(["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]) },
      { input: [["A wonderful, heartfelt film.", "Dull.", "It was fine, I guess, but far too long for what it had to say."]], hidden: true, expect: sameAsPipeline(["A wonderful, heartfelt film.", "Dull.", "It was fine, I guess, but far too long for what it had to say."]) },
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
    title: "Predict: how many logits per text for a binary classifier?",
    points: 1,
    hash: "sha256:1297e6d8ea7a787b:739ebe3a77468697f3282f5bc7c31c6718826530814c1f5a6366ec041538f0b3",
    hint: "one logit per label in id2label",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch4.q6",
    title: "Why pass the attention mask with a padded batch?",
    points: 1,
    choices: {
      a: { text: "it makes the model faster", why: "The padded positions are still computed; the mask only stops other tokens from attending to them." },
      b: { text: "so that padding does not change the real tokens' results", why: "Without it, the tokens attend to the [PAD] tokens too, and a padded text gets other logits than alone." },
      c: { text: "the tokenizer needs it to decode", why: "Decoding uses the ids only." },
    },
    hash: "sha256:f0d0f081a8669def:793980bd5770bd84a32c52aa9341adad078fb58fb561e1c215ec89735aff603d",
  }),
  choiceExercise({
    id: "ch4.q7",
    title: "What does a model's head do?",
    points: 1,
    choices: {
      a: { text: "it turns the body's hidden states into the output a task needs", why: "E.g. one logit per label from the [CLS] vector, for sequence classification." },
      b: { text: "it splits the text into tokens", why: "That is the tokenizer, before the model." },
      c: { text: "it is the first layer of the transformer", why: "The head sits on top of the body, after its last layer." },
    },
    hash: "sha256:15c5d6624efc9fb3:61343a5c0cdbb4be9c7839f9100b6ed4826d613df98939f4a2b132bacff427fb",
  }),
];

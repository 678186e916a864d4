// Chapter 1's exercises (pipelines). The model checks are semantic, so they hold for the pinned Hub
// checkpoints and for the offline stand-ins alike: a plainly positive text is POSITIVE; a function
// that wraps a pipeline must give what the pipeline itself gives on the same input.
import { pipeline, type Pipeline } from "../models/pipeline";
import type { Task } from "../models/manifest";
import { type Exercise, choiceExercise, codeExercise, expectSame, numberAnswer, predictExercise, show } from "../grading/exercise";

// One pipeline per task for all checks of a kernel session (loading is the slow part).
const loaded = new Map<Task, Promise<Pipeline>>();
const shared = (task: Task) => loaded.get(task) ?? loaded.set(task, pipeline(task)).get(task)!;

const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

function labels(expected: string[]) {
  return (out: unknown) => {
    if (!isStringArray(out)) return { message: `expected an array of labels (strings), got ${show(out)}`, expected: show(expected), got: show(out), hint: "map each result to its .label" };
    if (out.length !== expected.length) return { message: `expected one label per text (${expected.length}), got ${out.length}`, expected: show(expected), got: show(out) };
    if (out.some((l, i) => l !== expected[i])) return { message: "the labels are not the pipeline's", expected: show(expected), got: show(out), hint: "pass the texts to the sentiment-analysis pipeline and keep each result's label" };
    return undefined;
  };
}

const same = (reference: () => Promise<unknown>, hint: string) => expectSame(reference, hint, "not what the pipeline gives");

function closeTo(expected: number) {
  return (out: unknown) =>
    typeof out === "number" && Math.abs(out - expected) < 1e-6 ? undefined : { message: "not the cosine similarity", expected: show(+expected.toFixed(6)), got: show(out), hint: "dot(a, b) / (|a| × |b|), where |a| = Math.hypot(...a)" };
}

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) / (Math.hypot(...a) * Math.hypot(...b));

async function topLabel(text: string, candidates: string[]): Promise<string> {
  return ((await (await shared("zero-shot-classification"))(text, candidates)) as { labels: string[] }).labels[0];
}

async function topFill(template: string): Promise<string> {
  const unmasker = await shared("fill-mask");
  const out = (await unmasker(template.replace("___", (unmasker as unknown as { tokenizer: { mask_token: string } }).tokenizer.mask_token), { top_k: 1 })) as { token_str: string }[];
  return out[0].token_str;
}

async function persons(text: string): Promise<string[]> {
  const out = (await (await shared("token-classification"))(text, { aggregation_strategy: "simple" })) as { entity_group: string; word: string }[];
  return out.filter((e) => e.entity_group === "PER").map((e) => e.word);
}

export const CHAPTER_01: readonly Exercise[] = [
  codeExercise<[string[]]>({
    id: "ch1.q1",
    title: "Sentiment of a batch of texts",
    points: 2,
    cases: [
      { input: [["This movie is wonderful, I loved every minute of it.", "A dull, boring and painful mess of a film."]], expect: labels(["POSITIVE", "NEGATIVE"]) },
      { input: [["What a great and beautiful story.", "The worst film I have ever seen, awful.", "A truly delightful and funny movie."]], hidden: true, expect: labels(["POSITIVE", "NEGATIVE", "POSITIVE"]) },
    ],
  }),
  predictExercise({
    id: "ch1.q2",
    title: "Predict: how many results for three texts?",
    points: 1,
    hash: "sha256:ccab816a02e109a2:757e9b7c12730d473e46d34748763d6f3146e8acdff6dbf36da936a016c225ca",
    hint: "a pipeline given a list returns one result per text",
    normalize: numberAnswer,
  }),
  codeExercise<[string, string[]]>({
    id: "ch1.q3",
    title: "The best zero-shot label",
    points: 2,
    cases: [
      { input: ["What a wonderful, moving film.", ["positive", "negative"]], expect: same(() => topLabel("What a wonderful, moving film.", ["positive", "negative"]), "the pipeline sorts its labels by score: take the first") },
      { input: ["I did not like this book at all, it was dull.", ["negative", "positive"]], hidden: true, expect: same(() => topLabel("I did not like this book at all, it was dull.", ["negative", "positive"]), "the pipeline sorts its labels by score: take the first") },
    ],
  }),
  codeExercise<[string]>({
    id: "ch1.q4",
    title: "Fill the blank with the model's own mask token",
    points: 2,
    cases: [
      { input: ["The capital of France is ___ ."], expect: same(() => topFill("The capital of France is ___ ."), "replace ___ with unmasker.tokenizer.mask_token, ask for top_k: 1 and return its token_str") },
      { input: ["The game was released in ___ ."], hidden: true, expect: same(() => topFill("The game was released in ___ ."), "replace ___ with unmasker.tokenizer.mask_token") },
    ],
  }),
  codeExercise<[number[], number[]]>({
    id: "ch1.q5",
    title: "Cosine similarity",
    points: 2,
    cases: [
      { input: [[1, 0], [0, 1]], expect: closeTo(0) },
      { input: [[1, 2, 3], [2, 4, 6]], expect: closeTo(1) },
      { input: [[3, 4], [4, 3]], hidden: true, expect: closeTo(cosine([3, 4], [4, 3])) },
      { input: [[0.5, -1, 2, 0.1], [-0.2, 0.3, 1.5, 2]], hidden: true, expect: closeTo(cosine([0.5, -1, 2, 0.1], [-0.2, 0.3, 1.5, 2])) },
    ],
  }),
  choiceExercise({
    id: "ch1.q6",
    title: "Which pipeline points at a span of a given text?",
    points: 1,
    choices: {
      a: { text: "text-generation", why: "A generator writes new text after a prompt; it is not given a text to point into." },
      b: { text: "question-answering", why: "Extractive question answering returns the span of the context that answers the question." },
      c: { text: "summarization", why: "A summarizer writes a new, shorter text; it does not point at a span." },
    },
    hash: "sha256:4463c6eec0496b4f:ccbca95f72b110b26e13cc693a3d2a70ab4d61764cd55ee84fcdac5447bb1d8d",
  }),
  choiceExercise({
    id: "ch1.q7",
    title: "Where does a model's bias come from?",
    points: 1,
    choices: {
      a: { text: "the tokenizer treats 'man' and 'woman' differently", why: "Both are ordinary tokens; the tokenizer only turns words into ids." },
      b: { text: "the pipeline adds randomness to the answers", why: "fill-mask is not sampled: the same input gives the same scores every time." },
      c: { text: "it learned the patterns of its training text, prejudices included", why: "A model learns which words go together in the text it is trained on, and repeats it." },
    },
    hash: "sha256:24e97c98d10a831f:e4839dfd41646f5978b2978eb4d89af9b354880a2670e0b3a713416446f2d506",
  }),
  codeExercise<[string]>({
    id: "ch1.q8",
    title: "The people named in a text",
    points: 2,
    cases: [
      { input: ["Yesterday, John Smith met the president in Paris."], expect: same(() => persons("Yesterday, John Smith met the president in Paris."), 'use aggregation_strategy: "simple" and keep the words whose entity_group is "PER"') },
      { input: ["My name is Sylvain and I work at Hugging Face in Brooklyn."], hidden: true, expect: same(() => persons("My name is Sylvain and I work at Hugging Face in Brooklyn."), 'keep the words whose entity_group is "PER"') },
    ],
  }),
];

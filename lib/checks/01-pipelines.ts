// Chapter 1's exercises (pipelines). The model checks are semantic, so they hold for the pinned Hub
// checkpoints and for the offline stand-ins alike: a plainly positive text is POSITIVE; a function
// that wraps a pipeline must give what the pipeline itself gives on the same input.
import { pipeline, type Pipeline } from "../models/pipeline";
import type { ChatMessage } from "../models/pipeline-types";
import { autoTokenizer } from "../models/auto";
import type { Task } from "../models/manifest";
import {
  type Exercise,
  choiceExercise,
  codeExercise,
  expectSame,
  numberAnswer,
  predictExercise,
  show,
} from "../grading/exercise";

// One pipeline per task for all checks of a kernel session (loading is the slow part).
const loaded = new Map<Task, Promise<Pipeline>>();
function shared<T extends Task>(task: T): Promise<Pipeline<T>> {
  if (!loaded.has(task)) loaded.set(task, pipeline(task) as Promise<Pipeline>);
  return loaded.get(task) as Promise<Pipeline<T>>;
}

const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");

function labels(expected: string[]) {
  return (out: unknown) => {
    if (!isStringArray(out))
      return {
        message: `expected an array of labels (strings), got ${show(out)}`,
        expected: show(expected),
        got: show(out),
        hint: "map each result to its .label",
      };
    if (out.length !== expected.length)
      return {
        message: `expected one label per text (${expected.length}), got ${out.length}`,
        expected: show(expected),
        got: show(out),
      };
    if (out.some((l, i) => l !== expected[i]))
      return {
        message: "the labels are not the pipeline's",
        expected: show(expected),
        got: show(out),
        hint: "pass the texts to the sentiment-analysis pipeline and keep each result's label",
      };
    return undefined;
  };
}

// The chat model of the lesson "How LLMs are made and used": only its tokenizer is loaded for ch1.q12.
const LLM = "HuggingFaceTB/SmolLM2-135M-Instruct";
let llmTokenizer: ReturnType<typeof autoTokenizer> | undefined;
async function templateOf(messages: ChatMessage[]): Promise<string> {
  const tokenizer = (await (llmTokenizer ??= autoTokenizer(LLM))) as unknown as {
    apply_chat_template(m: ChatMessage[], o: object): string;
  };
  return tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
}

function samePrompt(messages: ChatMessage[]) {
  return async (out: unknown) => {
    const expected = await templateOf(messages);
    if (out === expected) return undefined;
    if (typeof out !== "string")
      return { message: `expected the prompt as a string, got ${show(out)}`, expected: show(expected), got: show(out) };
    const at = [...expected].findIndex((ch, i) => out[i] !== ch);
    const where =
      at < 0
        ? `it goes on after the template's end`
        : `it differs from the template at character ${at}: ${show(expected.slice(Math.max(0, at - 10), at + 20))} expected, ${show(out.slice(Math.max(0, at - 10), at + 20))} written`;
    return {
      message: `not the string the chat template builds: ${where}`,
      expected: show(expected),
      got: show(out),
      hint: "each message is <|im_start|>ROLE, a newline, CONTENT, <|im_end|>, a newline; the prompt ends with the start of the assistant's turn (<|im_start|>assistant and a newline)",
    };
  };
}

// ch1.q14 is judged on the model's behaviour, grader-side: the learner's messages go to SmolLM2 (greedy,
// 32 new tokens) and its reply must contain the fact. (The kernel needs no model: grading runs it here.)
let llmPipeline: Promise<Pipeline<"text-generation">> | undefined;
async function replyTo(messages: ChatMessage[]): Promise<string> {
  const chat = await (llmPipeline ??= pipeline("text-generation", LLM));
  const out = await chat(messages, { max_new_tokens: 32, do_sample: false });
  return out[0].generated_text.at(-1)!.content;
}

function answersWith(fact: string, system: string, question: string) {
  return async (out: unknown) => {
    const isMessage = (m: unknown): m is ChatMessage =>
      !!m &&
      typeof m === "object" &&
      typeof (m as ChatMessage).role === "string" &&
      typeof (m as ChatMessage).content === "string";
    if (!Array.isArray(out) || out.length === 0 || !out.every(isMessage))
      return {
        message: `expected a list of messages ({ role, content }), got ${show(out)}`,
        got: show(out),
        hint: '[{ role: "system", content: system }, { role: "user", content: question }]',
      };
    if (out[0].role !== "system" || out[0].content !== system)
      return {
        message: "the first message is not the system prompt",
        got: show(out),
        hint: '{ role: "system", content: system } comes first',
      };
    const last = out[out.length - 1];
    if (last.role !== "user" || !last.content.includes(question))
      return {
        message: "the conversation does not end with the user's question",
        got: show(out),
        hint: '{ role: "user", content: question } comes last: the model answers the last user message',
      };
    const reply = await replyTo(out);
    if (!reply.toLowerCase().includes(fact.toLowerCase()))
      return {
        message: `the model's reply does not contain "${fact}": ${show(reply)}`,
        got: show(out),
        hint: "keep the question as it is and the system prompt as given",
      };
    return undefined;
  };
}

const same = (reference: () => Promise<unknown>, hint: string) =>
  expectSame(reference, hint, "not what the pipeline gives");

function closeTo(expected: number) {
  return (out: unknown) =>
    typeof out === "number" && Math.abs(out - expected) < 1e-6
      ? undefined
      : {
          message: "not the cosine similarity",
          expected: show(+expected.toFixed(6)),
          got: show(out),
          hint: "[1, 2, 3] and [2, 4, 6] point the same way and must give 1: what must the dot product be divided by? (Math.hypot(...a) is the length of a)",
        };
}

const cosine = (a: number[], b: number[]) =>
  a.reduce((s, x, i) => s + x * b[i], 0) / (Math.hypot(...a) * Math.hypot(...b));

async function topLabel(text: string, candidates: string[]): Promise<string> {
  return (await (await shared("zero-shot-classification"))(text, candidates)).labels[0];
}

async function topFill(template: string): Promise<string> {
  const unmasker = await shared("fill-mask");
  const out = await unmasker(template.replace("___", unmasker.tokenizer.mask_token as string), { top_k: 1 });
  return out[0].token_str;
}

async function persons(text: string): Promise<string[]> {
  const out = await (await shared("token-classification"))(text, { aggregation_strategy: "simple" });
  return out.filter((e) => e.entity_group === "PER").map((e) => e.word);
}

export const CHAPTER_01: readonly Exercise[] = [
  codeExercise<[string[]]>({
    id: "ch1.q1",
    title: "Sentiment of a batch of texts",
    points: 2,
    cases: [
      {
        input: [["This movie is wonderful, I loved every minute of it.", "A dull, boring and painful mess of a film."]],
        expect: labels(["POSITIVE", "NEGATIVE"]),
      },
      {
        input: [
          [
            "What a great and beautiful story.",
            "The worst film I have ever seen, awful.",
            "A truly delightful and funny movie.",
          ],
        ],
        hidden: true,
        expect: labels(["POSITIVE", "NEGATIVE", "POSITIVE"]),
      },
    ],
  }),
  predictExercise({
    id: "ch1.q2",
    title: "Predict: what do the zero-shot scores add up to?",
    points: 1,
    hash: "sha256:341d0208752fc46e:c2d14c924db024ef2536f52fbff39cac6008e308b448994a0b246c8aa610e987",
    hint: "how does the pipeline turn one entailment logit per label into scores? (answer with a number)",
    normalize: numberAnswer,
  }),
  codeExercise<[string, string[]]>({
    id: "ch1.q3",
    title: "The best zero-shot label",
    points: 2,
    cases: [
      // The right label is not always first (nor last) among the candidates: `return labels[0]` must fail.
      {
        input: ["What a wonderful, moving film.", ["negative", "positive"]],
        expect: same(
          () => topLabel("What a wonderful, moving film.", ["negative", "positive"]),
          "the pipeline's result lists the labels sorted by score, not in the order you gave them",
        ),
      },
      {
        input: ["I did not like this book at all, it was dull.", ["positive", "negative"]],
        hidden: true,
        expect: same(
          () => topLabel("I did not like this book at all, it was dull.", ["positive", "negative"]),
          "the result's labels are sorted by score",
        ),
      },
      {
        input: ["What a wonderful, moving film.", ["sad", "happy", "angry"]],
        hidden: true,
        expect: same(
          () => topLabel("What a wonderful, moving film.", ["sad", "happy", "angry"]),
          "the result's labels are sorted by score",
        ),
      },
    ],
  }),
  codeExercise<[string]>({
    id: "ch1.q4",
    title: "Fill the blank with the model's own mask token",
    points: 2,
    cases: [
      {
        input: ["The capital of France is ___ ."],
        expect: same(
          () => topFill("The capital of France is ___ ."),
          "replace ___ with unmasker.tokenizer.mask_token, ask for top_k: 1 and return its token_str",
        ),
      },
      {
        input: ["The game was released in ___ ."],
        hidden: true,
        expect: same(() => topFill("The game was released in ___ ."), "replace ___ with unmasker.tokenizer.mask_token"),
      },
    ],
  }),
  codeExercise<[number[], number[]]>({
    id: "ch1.q5",
    title: "Cosine similarity",
    points: 2,
    cases: [
      {
        input: [
          [1, 0],
          [0, 1],
        ],
        expect: closeTo(0),
      },
      {
        input: [
          [1, 2, 3],
          [2, 4, 6],
        ],
        expect: closeTo(1),
      },
      {
        input: [
          [3, 4],
          [4, 3],
        ],
        hidden: true,
        expect: closeTo(cosine([3, 4], [4, 3])),
      },
      {
        input: [
          [0.5, -1, 2, 0.1],
          [-0.2, 0.3, 1.5, 2],
        ],
        hidden: true,
        expect: closeTo(cosine([0.5, -1, 2, 0.1], [-0.2, 0.3, 1.5, 2])),
      },
    ],
  }),
  choiceExercise({
    id: "ch1.q6",
    title: "Which pipeline points at a span of a given text?",
    points: 1,
    choices: {
      a: {
        text: "text-generation",
        why: "A generator writes new text after a prompt; it is not given a text to point into.",
      },
      b: {
        text: "question-answering",
        why: "Extractive question answering returns the span of the context that answers the question.",
      },
      c: { text: "summarization", why: "A summarizer writes a new, shorter text; it does not point at a span." },
      d: {
        text: "fill-mask",
        why: "fill-mask proposes tokens for a blank; it does not answer a question about a text.",
      },
    },
    hash: "sha256:4463c6eec0496b4f:ccbca95f72b110b26e13cc693a3d2a70ab4d61764cd55ee84fcdac5447bb1d8d",
  }),
  choiceExercise({
    id: "ch1.q7",
    title: "Where does a model's bias come from?",
    points: 1,
    choices: {
      a: {
        text: "the tokenizer treats 'man' and 'woman' differently",
        why: "Both are ordinary tokens; the tokenizer only turns words into ids.",
      },
      b: {
        text: "the pipeline adds randomness to the answers",
        why: "fill-mask is not sampled: the same input gives the same scores every time.",
      },
      c: {
        text: "it learned the patterns of its training text, prejudices included",
        why: "A model learns which words go together in the text it is trained on, and repeats it.",
      },
      d: {
        text: "the model was fine-tuned to prefer some jobs for each word",
        why: "A pretrained fill-mask model is not fine-tuned on jobs: it only learned to fill blanks in ordinary text.",
      },
    },
    hash: "sha256:24e97c98d10a831f:e4839dfd41646f5978b2978eb4d89af9b354880a2670e0b3a713416446f2d506",
  }),
  codeExercise<[string]>({
    id: "ch1.q8",
    title: "The people named in a text",
    points: 2,
    cases: [
      {
        input: ["Yesterday, John Smith met the president in Paris."],
        expect: same(
          () => persons("Yesterday, John Smith met the president in Paris."),
          'use aggregation_strategy: "simple" and keep the words whose entity_group is "PER"',
        ),
      },
      {
        input: ["My name is Sylvain and I work at Hugging Face in Brooklyn."],
        hidden: true,
        expect: same(
          () => persons("My name is Sylvain and I work at Hugging Face in Brooklyn."),
          'keep the words whose entity_group is "PER"',
        ),
      },
    ],
  }),
  codeExercise<[ChatMessage[]]>({
    id: "ch1.q12",
    title: "Build the chat prompt from messages",
    points: 2,
    cases: [
      {
        input: [
          [
            { role: "system", content: "You are a helpful assistant." },
            { role: "user", content: "What is the capital of France?" },
          ],
        ],
        expect: samePrompt([
          { role: "system", content: "You are a helpful assistant." },
          { role: "user", content: "What is the capital of France?" },
        ]),
      },
      {
        input: [
          [
            { role: "system", content: "Answer briefly." },
            { role: "user", content: "Hi!" },
            { role: "assistant", content: "Hello! How can I help?" },
            { role: "user", content: "Name a colour." },
          ],
        ],
        hidden: true,
        expect: samePrompt([
          { role: "system", content: "Answer briefly." },
          { role: "user", content: "Hi!" },
          { role: "assistant", content: "Hello! How can I help?" },
          { role: "user", content: "Name a colour." },
        ]),
      },
    ],
  }),
  choiceExercise({
    id: "ch1.q13",
    title: "Which generation settings give the same answer every run? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: {
        text: "{ do_sample: false }",
        why: "Greedy decoding takes the likeliest token at every step: no randomness.",
      },
      b: {
        text: "{ do_sample: true, top_k: 1 }",
        why: "Sampling from the single likeliest token always draws that token: it is greedy decoding in disguise.",
      },
      c: {
        text: "{ do_sample: true, temperature: 0.1 }",
        why: "A low temperature makes the likeliest token very likely, but the others keep a small chance: two runs can differ.",
      },
      d: {
        text: "{ do_sample: true, top_p: 0.9 }",
        why: "top_p keeps every token of the likeliest 90% of the probability and draws among them: runs differ.",
      },
    },
    hash: "sha256:a2c02877524612c5:8f19544d8e6b32070f185aa26ec51f94ddc5057f539f57bb61bc0865a5c12e27",
  }),
  codeExercise<[string, string]>({
    id: "ch1.q14",
    title: "A factual answer with a system prompt",
    points: 2,
    cases: [
      {
        input: ["You are a geography teacher. Answer in one short sentence.", "What is the capital of France?"],
        expect: answersWith(
          "Paris",
          "You are a geography teacher. Answer in one short sentence.",
          "What is the capital of France?",
        ),
      },
      {
        input: ["You are a geography teacher. Answer in one short sentence.", "What is the capital of Japan?"],
        hidden: true,
        expect: answersWith(
          "Tokyo",
          "You are a geography teacher. Answer in one short sentence.",
          "What is the capital of Japan?",
        ),
      },
      {
        input: ["You are a geography teacher. Answer in one short sentence.", "What is the capital of Italy?"],
        hidden: true,
        expect: answersWith(
          "Rome",
          "You are a geography teacher. Answer in one short sentence.",
          "What is the capital of Italy?",
        ),
      },
    ],
  }),
  // Review
  choiceExercise({
    id: "ch1.q9",
    title: "Review: what does pipeline() do for you? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: {
        text: "it picks a default model for the task when you name none",
        why: 'pipeline("sentiment-analysis") loads the course\'s pinned checkpoint for that task.',
      },
      b: {
        text: "it tokenizes the text",
        why: "Preprocessing: text to ids (and attention mask) with the checkpoint's own tokenizer.",
      },
      c: {
        text: "it fine-tunes the model on your texts",
        why: "A pipeline only runs the model (inference); fine-tuning is chapter 5.",
      },
      d: {
        text: "it turns the model's logits into labels and scores",
        why: "Postprocessing: softmax and id2label, as chapter 4 does by hand.",
      },
    },
    hash: "sha256:79e4cdb78b7b6857:b79197662e821d0a37730fed8d1191c75b8d459adaafb36808958cb77bb8e572",
  }),
  choiceExercise({
    id: "ch1.q10",
    title: "Review: how can zero-shot classification use labels it was never trained on?",
    points: 1,
    choices: {
      a: { text: "it was trained on every possible label", why: "No dataset has every label you might invent." },
      b: {
        text: 'it asks, for each label, whether the text entails a sentence like "This example is {label}."',
        why: "The model was fine-tuned on natural language inference (MNLI); each label becomes a hypothesis, and the entailment scores rank them.",
      },
      c: {
        text: "it compares the spelling of each label with the words of the text",
        why: 'A label that appears nowhere in the text can still win ("sports" for a match report).',
      },
      d: {
        text: "it generates a label and picks the closest candidate",
        why: "The zero-shot pipeline generates nothing: it scores each candidate you give.",
      },
    },
    hash: "sha256:9fae7197fb81fdad:ac7a42c2d98600e22346a51cc7f33a762655b7302b1a548fa5e2784aec0bf378",
  }),
  choiceExercise({
    id: "ch1.q11",
    title: 'Review: what does aggregation_strategy: "simple" change in the NER pipeline?',
    points: 1,
    choices: {
      a: {
        text: "it uses a smaller, simpler model",
        why: "The model is the same; only the postprocessing of its per-token predictions changes.",
      },
      b: {
        text: "it keeps only the persons",
        why: "Every entity type is kept; exercise 8 filters the persons itself.",
      },
      c: {
        text: "it groups the tokens of one entity into one result with an entity_group",
        why: "Without it you get one result per token (B-PER, I-PER…), sub-word pieces included.",
      },
      d: {
        text: "it lowercases the entities",
        why: "The words are those of the text; aggregation only groups tokens.",
      },
    },
    hash: "sha256:546a8f5fe16d11f7:c38b31457ab992418f6123b83c8860808f9bbc7bf7f3c7db867606da31816ee9",
  }),
];

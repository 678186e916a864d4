import { readPins } from "./pins";

// Every checkpoint the course uses, pinned: the course never relies on a transformers.js default
// (v4 changed several of them, e.g. text-generation and fill-mask). One row per checkpoint.
export type Task =
  | "sentiment-analysis"
  | "text-classification"
  | "zero-shot-classification"
  | "text-generation"
  | "fill-mask"
  | "token-classification"
  | "question-answering"
  | "summarization"
  | "translation"
  | "text2text-generation"
  | "feature-extraction";

export type Dtype = "fp32" | "fp16" | "q8";

// Commits recorded by `npm run models -- pin` (id -> commit sha). A pinned checkpoint downloads
// exactly that commit; one not pinned yet follows "main".
const PINS = readPins();

export interface CourseModel {
  /** Hub id (transformers.js ONNX layout). */
  id: string;
  /** Git revision to download: the commit in pins.json, or "main" until it is pinned. */
  revision: string;
  task: Task;
  dtype: Dtype;
  /** Folder under data/models/ of the course-trained model used when the Hub is out of reach. */
  standIn: string;
  /** Where the course uses it. */
  usedIn: string;
}

const MODELS: readonly Omit<CourseModel, "revision">[] = [
  { id: "Xenova/distilbert-base-uncased-finetuned-sst-2-english", task: "sentiment-analysis", dtype: "fp32", standIn: "sentiment", usedIn: "ch1 pipelines, ch4 behind the pipeline" },
  { id: "Xenova/mobilebert-uncased-mnli", task: "zero-shot-classification", dtype: "fp32", standIn: "zero-shot", usedIn: "ch1 zero-shot classification" },
  { id: "Xenova/gpt2", task: "text-generation", dtype: "fp32", standIn: "text-generation", usedIn: "ch1 text generation, ch2 causal language modelling" },
  { id: "Xenova/distilroberta-base", task: "fill-mask", dtype: "fp32", standIn: "fill-mask", usedIn: "ch1 fill-mask" },
  { id: "Xenova/bert-base-uncased", task: "fill-mask", dtype: "fp32", standIn: "fill-mask", usedIn: "ch1 bias and limitations, ch2 masked language modelling" },
  { id: "Xenova/bert-base-NER", task: "token-classification", dtype: "fp32", standIn: "ner", usedIn: "ch1 named-entity recognition" },
  { id: "Xenova/distilbert-base-cased-distilled-squad", task: "question-answering", dtype: "fp32", standIn: "question-answering", usedIn: "ch1 question answering" },
  { id: "Xenova/distilbart-cnn-6-6", task: "summarization", dtype: "q8", standIn: "text2text", usedIn: "ch1 summarization" },
  { id: "Xenova/opus-mt-fr-en", task: "translation", dtype: "q8", standIn: "text2text", usedIn: "ch1 translation" },
  { id: "Xenova/flan-t5-small", task: "text2text-generation", dtype: "q8", standIn: "text2text", usedIn: "ch1 text2text generation" },
  { id: "Xenova/all-MiniLM-L6-v2", task: "feature-extraction", dtype: "fp32", standIn: "feature-extraction", usedIn: "ch1 feature extraction and sentence similarity" },
];

export const COURSE_MODELS: readonly CourseModel[] = MODELS.map((m) => ({ ...m, revision: PINS[m.id] ?? "main" }));

/** The course's checkpoint for a task (the first row for it). */
export function defaultModel(task: Task): CourseModel {
  const row = COURSE_MODELS.find((m) => m.task === task || (task === "text-classification" && m.task === "sentiment-analysis"));
  if (!row) throw new Error(`The course has no model for the task "${task}". Tasks: ${[...new Set(COURSE_MODELS.map((m) => m.task))].join(", ")}.`);
  return row;
}

export function findModel(id: string): CourseModel | undefined {
  return COURSE_MODELS.find((m) => m.id === id);
}

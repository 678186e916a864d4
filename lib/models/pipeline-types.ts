// What each task's pipeline takes and gives, as the course's own small types: transformers.js v4
// declares the same (types/pipelines/*.d.ts; test/pipeline-types.test.ts checks ours against them),
// but importing its declarations would bring ~1,000 files into the type check of every cell that
// imports "hf-course". Written here for that reason; keep them in step with transformers.js's.
import type { DigitPicture } from "../datasets/digits";
import type { Task } from "./manifest";

/** One chat message, as text-generation and a chat template take it. */
export interface ChatMessage {
  role: string;
  content: string;
}
export type Chat = ChatMessage[];

/** Generation settings (transformers.js's GenerationConfig): the common ones named, any other passed on. */
export interface GenerationOptions {
  max_new_tokens?: number;
  min_new_tokens?: number;
  max_length?: number;
  do_sample?: boolean;
  temperature?: number;
  top_k?: number;
  top_p?: number;
  num_beams?: number;
  repetition_penalty?: number;
  no_repeat_ngram_size?: number;
  [option: string]: unknown;
}

/** An image as transformers.js takes it: a URL, a file path, or a RawImage (e.g. digitImage's). */
export type ImageInput = string | URL | DigitPicture;
/** Audio as transformers.js takes it: a URL, a file path, or the samples at the model's sampling rate. */
export type AudioInput = string | URL | Float32Array | Float64Array;

/** A transformers.js Tensor, by the members a lesson reads (e.g. feature-extraction's embeddings). */
export interface PipelineTensor {
  dims: number[];
  type: string;
  data: ArrayLike<number | bigint>;
  size: number;
  /** Nested arrays of numbers, as deep as dims (any, as in transformers.js: a cell destructures it freely). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tolist(): any[];
}

export interface Label {
  label: string;
  score: number;
}
export interface ZeroShotResult {
  sequence: string;
  labels: string[];
  scores: number[];
}
export interface FillMaskResult {
  sequence: string;
  score: number;
  token: number;
  token_str: string;
}
/** A token's entity (aggregation_strategy "none", the default). */
export interface TokenEntity {
  word: string;
  score: number;
  entity: string;
  index: number;
  entity_group?: undefined;
  start?: number;
  end?: number;
}
/** A group of tokens with one entity (aggregation_strategy "simple"). */
export interface GroupedEntity {
  word: string;
  score: number;
  entity_group: string;
  entity?: undefined;
  index?: undefined;
  start?: number;
  end?: number;
}
export interface Answer {
  answer: string;
  score: number;
  start?: number;
  end?: number;
}
export interface Transcription {
  text: string;
  chunks?: { timestamp: [number, number]; text: string }[];
}

/** A call without options (the default of the options' type parameter). */
type NoOptions = Record<never, never>;
/** true when options ask for more than one answer per input (top_k other than 1). */
// (top_k: null asks for every label; a cell's type check is not strict, where null is typed any.)
type AsksTopK<O> = O extends { top_k: infer K } ? (IsAny<K> extends true ? true : 1 extends K ? false : true) : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
type Entities<O> = O extends { aggregation_strategy: "simple" } ? GroupedEntity[] : TokenEntity[];
/** One result per input: an array of inputs gives an array of results. */
type PerInput<Q, R> = Q extends readonly unknown[] ? R[] : R;

export interface TaskCalls {
  "text-classification": <Q extends string | string[], const O extends { top_k?: number | null } = NoOptions>(
    texts: Q,
    options?: O,
  ) => Promise<Q extends string[] ? (AsksTopK<O> extends true ? Label[][] : Label[]) : Label[]>;
  "zero-shot-classification": <Q extends string | string[]>(
    texts: Q,
    candidateLabels: string | string[],
    options?: { hypothesis_template?: string; multi_label?: boolean },
  ) => Promise<PerInput<Q, ZeroShotResult>>;
  "text-generation": <Q extends string | Chat | string[] | Chat[]>(
    texts: Q,
    options?: GenerationOptions & { return_full_text?: boolean; add_special_tokens?: boolean },
  ) => Promise<
    Q extends string
      ? { generated_text: string }[]
      : Q extends Chat
        ? { generated_text: Chat }[]
        : Q extends string[]
          ? { generated_text: string }[][]
          : { generated_text: Chat }[][]
  >;
  "fill-mask": <Q extends string | string[]>(
    texts: Q,
    options?: { top_k?: number },
  ) => Promise<PerInput<Q, FillMaskResult[]>>;
  "token-classification": <
    Q extends string | string[],
    const O extends { ignore_labels?: string[]; aggregation_strategy?: "none" | "simple" } = NoOptions,
  >(
    texts: Q,
    options?: O,
  ) => Promise<PerInput<Q, Entities<O>>>;
  "question-answering": <Q extends string | string[], const O extends { top_k?: number } = NoOptions>(
    question: Q,
    context: Q,
    options?: O,
  ) => Promise<PerInput<Q, AsksTopK<O> extends true ? Answer[] : Answer>>;
  summarization: (texts: string | string[], options?: GenerationOptions) => Promise<{ summary_text: string }[]>;
  translation: (texts: string | string[], options?: GenerationOptions) => Promise<{ translation_text: string }[]>;
  "text2text-generation": (
    texts: string | string[],
    options?: GenerationOptions,
  ) => Promise<{ generated_text: string }[]>;
  "feature-extraction": (
    texts: string | string[],
    options?: {
      pooling?: "none" | "mean" | "cls" | "first_token" | "eos" | "last_token";
      normalize?: boolean;
      quantize?: boolean;
      precision?: "binary" | "ubinary";
    },
  ) => Promise<PipelineTensor>;
  "image-classification": <Q extends ImageInput | ImageInput[]>(
    images: Q,
    options?: { top_k?: number | null },
  ) => Promise<PerInput<Q, Label[]>>;
  "automatic-speech-recognition": <Q extends AudioInput | AudioInput[]>(
    audio: Q,
    options?: GenerationOptions & { return_timestamps?: boolean | "word"; chunk_length_s?: number; language?: string },
  ) => Promise<PerInput<Q, Transcription>>;
}

/** The task a course task name calls: sentiment-analysis is text-classification (transformers.js's alias). */
type CallOf<T extends Task> = T extends "sentiment-analysis"
  ? TaskCalls["text-classification"]
  : TaskCalls[Exclude<T, "sentiment-analysis">];

/** A pipeline of any task (Pipeline with no task named): callable with anything; its result is unknown. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTaskCall = (...args: any[]) => Promise<unknown>;

/**
 * A pipeline of task T: call it with inputs (and options) as in transformers.js. Its tokenizer, model
 * and processor are transformers.js's objects, left untyped for the reason at the top of this file.
 */
export type Pipeline<T extends Task = Task> = ([Task] extends [T] ? AnyTaskCall : CallOf<T>) & {
  /** The pipeline's tokenizer (e.g. tokenizer.mask_token, tokenizer.apply_chat_template). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tokenizer: any;
  /** The pipeline's model (e.g. model.config, model(inputs).logits). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: any;
  /** An image or speech pipeline's processor (e.g. processor(image).pixel_values, processor.feature_extractor.config). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  processor: any;
  task: string;
  dispose(): Promise<void>;
};

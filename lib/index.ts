// The course library, as notebooks import it, in three entries:
//   "hf-course"               pipelines, datasets, tokenizers, metrics, plots, exercises (this file)
//   "hf-course/training"      training on TensorFlow.js and saving (lib/training/index.ts)
//   "hf-course/transformers"  transformers.js itself, set up by settings (lib/transformers-env.ts)
// Training and transformers.js have entries of their own because their types are large (~430 and
// ~490 declaration files): a cell that imports from "hf-course" alone does not type-check them.

// Settings and environment
export { settings, settingsFromEnv, redactToken, type CourseSettings } from "./settings";
export { checkHub, type HubStatus } from "./hub/reachability";
export { checkEnvironment, type CheckRow } from "./environment/environment";
export { showChecks, checksText } from "./environment/report";

// Models and pipelines (transformers.js, pinned checkpoints, offline stand-ins)
export { pipeline, pipelineIfAvailable, type Pipeline } from "./models/pipeline";
export type { ChatMessage } from "./models/pipeline-types";
export { autoTokenizer, locateModel, type Tokenizer } from "./models/auto";
export { resolveModel } from "./models/resolve";
export { COURSE_MODELS, defaultModel, type CourseModel, type Task } from "./models/manifest";
export { ensurePypiCheckpoint } from "./models/pypi";
export { ensureRealEncoder, REAL_ENCODER } from "./models/real-encoder";

// Datasets
export { loadDataset, type LoadOptions } from "./datasets/load";
export { Dataset, type Row, type Batch } from "./datasets/dataset";
export { DatasetDict, datasetDict, type DatasetDictWithSplits } from "./datasets/dataset-dict";
export { readDigits, digitsSplit, digitImage, DIGITS_HELD_OUT, type Digit, type DigitPicture } from "./datasets/digits";
export { speechSample, decodeWav } from "./audio/speech-sample";

// Tokenizer training
export {
  trainWordPieceTokenizer,
  trainByteLevelBpeTokenizer,
  trainBartTokenizer,
  writeTokenizer,
} from "./tokenizers/train-tokenizer";
export { trainBpe, trainWordPiece } from "./tokenizers/train-merges";
export { bertNormalize, bertPreTokenize, byteLevelPreTokenize } from "./tokenizers/pre-tokenize";

// Metrics (evaluate.load(name))
export * as evaluate from "./metrics";

// Display
export { plot, livePlot, LivePlot, figureBundle } from "./plot/plot";
export type { Figure, Trace, Layout, TextPosition } from "./plot/figure";
export { showDiagram, renderDiagram, type Diagram, type DiagramBox } from "./plot/diagram";
export { patchGridFigure, patchSequenceFigure, imagePatches } from "./plot/image-patches";
export { displayBundle } from "./display";
export { progressBar } from "./progress-bar";

// Exercises: check(id, answer) and progress()
export { check, progress } from "./grading";

// The course library, as notebooks import it: `import { pipeline, loadDataset, plot } from "hf-course";`

// Settings and environment
export { settings, settingsFromEnv, redactToken, type CourseSettings } from "./settings";
export { checkHub, type HubStatus } from "./hub/reachability";
export { checkEnvironment, type CheckRow } from "./environment/environment";
export { showChecks, checksText } from "./environment/report";

// Models and pipelines (transformers.js, pinned checkpoints, offline stand-ins)
export { transformers } from "./transformers-env";
export { pipeline, pipelineIfAvailable, type Pipeline } from "./models/pipeline";
export { autoTokenizer, locateModel, type Tokenizer } from "./models/auto";
export { resolveModel } from "./models/resolve";
export { COURSE_MODELS, defaultModel, type CourseModel, type Task } from "./models/manifest";
export { ensurePypiCheckpoint } from "./models/pypi";
export { ensureRealEncoder, REAL_ENCODER } from "./models/real-encoder";

// Datasets
export { loadDataset, type LoadOptions } from "./datasets/load";
export { Dataset, type Row, type Batch } from "./datasets/dataset";
export { DatasetDict, datasetDict, type DatasetDictWithSplits } from "./datasets/dataset-dict";
export { readDigits, digitsSplit, digitImage, DIGITS_HELD_OUT, type Digit } from "./datasets/digits";
export { speechSample, decodeWav } from "./audio/speech-sample";

// Tokenizer training
export { trainWordPieceTokenizer, trainByteLevelBpeTokenizer, trainBartTokenizer, writeTokenizer } from "./tokenizers/train-tokenizer";
export { trainBpe, trainWordPiece } from "./tokenizers/train-merges";
export { bertNormalize, bertPreTokenize, byteLevelPreTokenize } from "./tokenizers/pre-tokenize";

// Training (TensorFlow.js) and saving
export { trainingBackend, nativeBackendInstalled, type TrainingBackend } from "./training/backend";
export { compareBackendSpeeds, type BackendSpeed } from "./training/speed";
export { EncoderModel, type EncoderBatch } from "./training/models/encoder";
export { Gpt2LM, tinyGpt2Config } from "./training/models/gpt2";
export type { HeadKind } from "./training/heads";
export { bertConfig, distilbertConfig } from "./training/models/config";
export { trainingArguments, type TrainingArguments } from "./training/arguments";
export { Trainer, type EvalPrediction, type ComputeMetrics } from "./training/trainer";
export { earlyStopping } from "./training/callbacks";
export { dataCollatorWithPadding } from "./training/collator";
export { AdamW } from "./training/optimizer";
export { linearSchedule } from "./training/schedule";
export { savePretrained } from "./training/save";
export { fineTuningCheckpoint, checkpointDir } from "./training/pretrained";
export { tokenizeAndAlignLabels } from "./training/align-words";
export { questionAnsweringFeatures } from "./training/qa-features";
export { Seq2SeqLM } from "./training/models/bart";
export { VitModel, imageCollator } from "./training/models/vit";
export { saveVitPretrained } from "./training/onnx/export-vit";

// Metrics (evaluate.load(name))
export * as evaluate from "./metrics";

// Display
export { plot, livePlot, LivePlot, figureBundle } from "./plot/plot";
export type { Figure, Trace, Layout, TextPosition } from "./plot/figure";
export { showDiagram, renderDiagram, type Diagram, type DiagramBox } from "./plot/diagram";
export { patchGridFigure, patchSequenceFigure, imagePatches } from "./plot/image-patches";
export { displayBundle } from "./display";
export { progressBar } from "./progress";

// Exercises: check(id, answer) and progress()
export { check, progress } from "./grading";

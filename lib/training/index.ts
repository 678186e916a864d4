// The course library's training half, as notebooks import it:
// `import { Trainer, trainingArguments, EncoderModel } from "hf-course/training";`
// An entry of its own because its types bring TensorFlow.js's (~430 declaration files): a notebook
// that only runs pipelines does not type-check them, and its first cell answers sooner.

// Backends
export { trainingBackend, nativeBackendInstalled, type TrainingBackend } from "./backend";
export { compareBackendSpeeds, type BackendSpeed } from "./speed";

// Models
export { EncoderModel, type EncoderBatch } from "./models/encoder";
export { Gpt2LM, tinyGpt2Config } from "./models/gpt2";
export { Seq2SeqLM } from "./models/bart";
export { VitModel, imageCollator } from "./models/vit";
export type { HeadKind } from "./heads";
export { bertConfig, distilbertConfig } from "./models/config";

// Training
export { trainingArguments, type TrainingArguments } from "./arguments";
export { Trainer, type EvalPrediction, type ComputeMetrics } from "./trainer";
export { earlyStopping } from "./callbacks";
export { dataCollatorWithPadding } from "./collator";
export { AdamW } from "./optimizer";
export { linearSchedule } from "./schedule";
export { fineTuningCheckpoint, checkpointDir } from "./pretrained";
export { tokenizeAndAlignLabels } from "./align-words";
export { questionAnsweringFeatures } from "./qa-features";

// Saving (safetensors + ONNX, read back by pipeline())
export { savePretrained } from "./save";
export { saveVitPretrained } from "./onnx/export-vit";

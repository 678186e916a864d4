// The course's metrics: `evaluate.load(name)` as load(name), plus the functions behind it.
export { load, METRIC_NAMES, type Metric } from "./load";
export { accuracy, argmax, confusionMatrix, perLabel, precisionRecallF1, type Average, type PRF } from "./classification";
export { getEntities, seqeval } from "./seqeval";
export { squad, normalizeAnswer } from "./squad";
export { bleu, tokenize13a } from "./bleu";
export { rouge, rougeL, rougeN } from "./rouge";
export { perplexity, perplexityFromNll } from "./perplexity";

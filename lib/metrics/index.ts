// The course's metrics: `evaluate.load(name)` as load(name), plus the functions behind it.
export { load, METRIC_NAMES, type Metric } from "./load";
export {
  accuracy,
  argmax,
  confusionMatrix,
  labelsOf,
  perLabel,
  precisionRecallF1,
  type Average,
  type Label,
  type PRF,
} from "./classification";
export { getEntities, getEntitiesStrict, seqeval } from "./seqeval";
export { squad, normalizeAnswer } from "./squad";
export { bleu, tokenize13a } from "./bleu";
export { rouge, rougeL, rougeLsum, rougeN, rougeTokens } from "./rouge";
export { porterStem } from "./porter";
export { perplexity, perplexityFromNll } from "./perplexity";

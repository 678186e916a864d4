// The heads the course trains, in one table (as transformers.js keeps its tasks in one): per head,
// what it learns from, how the Trainer's default collator builds its batches, its loss, how evaluation
// reports it, what ONNX outputs its export has and the Python class name it is saved under. The
// Trainer, the collator, the models and the exporters read this table instead of comparing names.

/** The heads on top of the BERT-family encoder (EncoderModel); "base" is the bare encoder (BertModel). */
export type HeadKind = "sequence-classification" | "token-classification" | "question-answering" | "masked-lm" | "base";

/** Every head the course trains: the encoder's, GPT-2's, BART's and the ViT's. */
export type ModelHead = HeadKind | "causal-lm" | "seq2seq-lm" | "image-classification";

export interface HeadSpec {
  /**
   * The dataset column of labels: "label" holds one class per row, "labels" one id per token (-100 where
   * a token is not scored). None for question answering (spanColumns), a causal language model (it
   * learns from its input ids) and the bare encoder (nothing to learn).
   */
  labelColumn?: "label" | "labels";
  /** What a label id names: one of the model's classes (id2label) or a token of the vocabulary. */
  labelIds?: "classes" | "vocabulary";
  /** Question answering learns the answer's first and last tokens from these two columns. */
  spanColumns?: readonly ["start_positions", "end_positions"];
  /**
   * How the Trainer's default collator builds a batch: "padding" (ids padded to the batch's longest,
   * the label column as it is), "causal-lm" (the labels are the input ids), "seq2seq" (the decoder's
   * inputs are the labels shifted right behind decoder_start_token_id), "images" (pixel values stacked).
   */
  collator: "padding" | "causal-lm" | "seq2seq" | "images";
  /** The training loss: cross-entropy on the labels, on the span's start and end, on the next token, or none. */
  loss: "cross-entropy" | "span cross-entropy" | "next-token cross-entropy" | "none";
  /** A language model: evaluation reports its loss and perplexity; its logits ([batch, seq, vocab]) are not collected. */
  languageModel: boolean;
  /** What evaluate() and predict() collect per row: the logits, the start and end logits stacked on the last axis, or nothing. */
  predictions: "logits" | "start-end" | "none";
  /** The head's outputs in its ONNX export (encoders also output last_hidden_state, GPT-2 and BART their caches). */
  onnxOutputs: readonly string[];
  /** evaluate() and predict() may run it on ONNX Runtime (TrainingArguments.evalBackend): the encoder's classification heads. */
  onnxEvaluation: boolean;
  /** The Python class name after the family's prefix: Bert + ForSequenceClassification. */
  architecture: string;
  /** Python's base model class itself (BertModel): no head on top, and its checkpoint names the weights without the family's prefix ("bert."). */
  baseModel: boolean;
}

export const HEADS: Readonly<Record<ModelHead, HeadSpec>> = {
  "sequence-classification": {
    labelColumn: "label",
    labelIds: "classes",
    collator: "padding",
    loss: "cross-entropy",
    languageModel: false,
    predictions: "logits",
    onnxOutputs: ["logits"],
    onnxEvaluation: true,
    architecture: "ForSequenceClassification",
    baseModel: false,
  },
  "token-classification": {
    labelColumn: "labels",
    labelIds: "classes",
    collator: "padding",
    loss: "cross-entropy",
    languageModel: false,
    predictions: "logits",
    onnxOutputs: ["logits"],
    onnxEvaluation: true,
    architecture: "ForTokenClassification",
    baseModel: false,
  },
  "question-answering": {
    spanColumns: ["start_positions", "end_positions"],
    collator: "padding",
    loss: "span cross-entropy",
    languageModel: false,
    predictions: "start-end",
    onnxOutputs: ["start_logits", "end_logits"],
    onnxEvaluation: true,
    architecture: "ForQuestionAnswering",
    baseModel: false,
  },
  "masked-lm": {
    labelColumn: "labels",
    labelIds: "vocabulary",
    collator: "padding",
    loss: "cross-entropy",
    languageModel: true,
    predictions: "none",
    onnxOutputs: ["logits"],
    onnxEvaluation: false,
    architecture: "ForMaskedLM",
    baseModel: false,
  },
  base: {
    collator: "padding",
    loss: "none",
    languageModel: false,
    predictions: "none",
    onnxOutputs: [],
    onnxEvaluation: false,
    architecture: "Model",
    baseModel: true,
  },
  "causal-lm": {
    collator: "causal-lm",
    loss: "next-token cross-entropy",
    languageModel: true,
    predictions: "none",
    onnxOutputs: ["logits"],
    onnxEvaluation: false,
    architecture: "LMHeadModel",
    baseModel: false,
  },
  "seq2seq-lm": {
    labelColumn: "labels",
    labelIds: "vocabulary",
    collator: "seq2seq",
    loss: "cross-entropy",
    languageModel: true,
    predictions: "none",
    onnxOutputs: ["logits"],
    onnxEvaluation: false,
    architecture: "ForConditionalGeneration",
    baseModel: false,
  },
  "image-classification": {
    labelColumn: "label",
    labelIds: "classes",
    collator: "images",
    loss: "cross-entropy",
    languageModel: false,
    predictions: "logits",
    onnxOutputs: ["logits"],
    onnxEvaluation: false,
    architecture: "ForImageClassification",
    baseModel: false,
  },
};

/** The encoder's heads, in the order the course lists them. */
export const ENCODER_HEADS: readonly HeadKind[] = [
  "sequence-classification",
  "token-classification",
  "question-answering",
  "masked-lm",
  "base",
];

/** Python class names by encoder head, for a family's prefix ("Bert" -> BertForSequenceClassification, …, BertModel). */
export function encoderArchitectures(family: string): Record<HeadKind, string> {
  return Object.fromEntries(ENCODER_HEADS.map((h) => [h, family + HEADS[h].architecture])) as Record<HeadKind, string>;
}

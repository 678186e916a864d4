// Hugging Face parameter names of each encoder, so weights load from and save to the Hub's
// checkpoints unchanged (and Python transformers can read what the course saves).
import { encoderArchitectures, ENCODER_HEADS, type HeadKind } from "../heads";
import type { EncoderConfig, EncoderType } from "./config";

export interface LayerNames {
  query: string;
  key: string;
  value: string;
  attnOut: string;
  attnNorm: string;
  ffIn: string;
  ffOut: string;
  ffNorm: string;
}

export interface EncoderNames {
  /** "bert." / "distilbert.": the encoder's prefix inside a model with a head. */
  prefix: string;
  wordEmbeddings: string;
  positionEmbeddings: string;
  tokenTypeEmbeddings?: string;
  embeddingNorm: string;
  layer(i: number): LayerNames;
  /** BERT's pooler (tanh over the first token); DistilBERT has a pre-classifier instead. */
  pooler?: string;
  preClassifier?: string;
  classifier: string;
  /** Start and end logits of an answer span. */
  qaOutputs: string;
  /** Masked-LM head: dense + GELU + LayerNorm, then the (tied) word embeddings plus a bias. */
  mlmTransform: string;
  mlmNorm: string;
  mlmBias: string;
  /** Python class names by head, as config.json's "architectures" lists them. */
  architectures: Record<HeadKind, string>;
}

const BERT: EncoderNames = {
  prefix: "bert.",
  wordEmbeddings: "bert.embeddings.word_embeddings",
  positionEmbeddings: "bert.embeddings.position_embeddings",
  tokenTypeEmbeddings: "bert.embeddings.token_type_embeddings",
  embeddingNorm: "bert.embeddings.LayerNorm",
  layer: (i) => {
    const p = `bert.encoder.layer.${i}`;
    return {
      query: `${p}.attention.self.query`,
      key: `${p}.attention.self.key`,
      value: `${p}.attention.self.value`,
      attnOut: `${p}.attention.output.dense`,
      attnNorm: `${p}.attention.output.LayerNorm`,
      ffIn: `${p}.intermediate.dense`,
      ffOut: `${p}.output.dense`,
      ffNorm: `${p}.output.LayerNorm`,
    };
  },
  pooler: "bert.pooler.dense",
  classifier: "classifier",
  qaOutputs: "qa_outputs",
  mlmTransform: "cls.predictions.transform.dense",
  mlmNorm: "cls.predictions.transform.LayerNorm",
  mlmBias: "cls.predictions.bias",
  architectures: encoderArchitectures("Bert"),
};

const DISTILBERT: EncoderNames = {
  prefix: "distilbert.",
  wordEmbeddings: "distilbert.embeddings.word_embeddings",
  positionEmbeddings: "distilbert.embeddings.position_embeddings",
  embeddingNorm: "distilbert.embeddings.LayerNorm",
  layer: (i) => {
    const p = `distilbert.transformer.layer.${i}`;
    return {
      query: `${p}.attention.q_lin`,
      key: `${p}.attention.k_lin`,
      value: `${p}.attention.v_lin`,
      attnOut: `${p}.attention.out_lin`,
      attnNorm: `${p}.sa_layer_norm`,
      ffIn: `${p}.ffn.lin1`,
      ffOut: `${p}.ffn.lin2`,
      ffNorm: `${p}.output_layer_norm`,
    };
  },
  preClassifier: "pre_classifier",
  classifier: "classifier",
  qaOutputs: "qa_outputs",
  mlmTransform: "vocab_transform",
  mlmNorm: "vocab_layer_norm",
  mlmBias: "vocab_projector.bias",
  architectures: encoderArchitectures("DistilBert"),
};

export function encoderNames(type: EncoderType): EncoderNames {
  return type === "bert" ? BERT : DISTILBERT;
}

import type { Init } from "./parameters";

/** The head a config.json's "architectures" names (sequence classification when it names none). */
export function headOf(cfg: EncoderConfig): HeadKind {
  const arch = (cfg.raw.architectures as string[] | undefined)?.[0] ?? "";
  const names = encoderNames(cfg.modelType).architectures;
  return ENCODER_HEADS.find((h) => names[h] === arch) ?? "sequence-classification";
}

/** Every parameter of an encoder with this head: name -> [shape, initialisation]. */
export function parameterShapes(cfg: EncoderConfig, head: HeadKind, numLabels: number): Map<string, [number[], Init]> {
  const n = encoderNames(cfg.modelType);
  const H = cfg.hiddenSize;
  const shapes = new Map<string, [number[], Init]>();
  const linear = (name: string, out: number, inp: number) => {
    shapes.set(`${name}.weight`, [[out, inp], "normal"]); // PyTorch layout: [out, in]
    shapes.set(`${name}.bias`, [[out], "zeros"]);
  };
  const norm = (name: string) => {
    shapes.set(`${name}.weight`, [[H], "ones"]);
    shapes.set(`${name}.bias`, [[H], "zeros"]);
  };
  shapes.set(`${n.wordEmbeddings}.weight`, [[cfg.vocabSize, H], "normal"]);
  shapes.set(`${n.positionEmbeddings}.weight`, [[cfg.maxPositions, H], "normal"]);
  if (n.tokenTypeEmbeddings) shapes.set(`${n.tokenTypeEmbeddings}.weight`, [[cfg.typeVocabSize, H], "normal"]);
  norm(n.embeddingNorm);
  for (let i = 0; i < cfg.numLayers; i++) {
    const l = n.layer(i);
    for (const q of [l.query, l.key, l.value, l.attnOut]) linear(q, H, H);
    norm(l.attnNorm);
    linear(l.ffIn, cfg.intermediateSize, H);
    linear(l.ffOut, H, cfg.intermediateSize);
    norm(l.ffNorm);
  }
  switch (head) {
    case "sequence-classification":
      if (n.pooler) linear(n.pooler, H, H);
      if (n.preClassifier) linear(n.preClassifier, H, H);
      linear(n.classifier, numLabels, H);
      break;
    case "token-classification":
      linear(n.classifier, numLabels, H);
      break;
    case "question-answering":
      linear(n.qaOutputs, 2, H);
      break;
    case "masked-lm":
      linear(n.mlmTransform, H, H);
      norm(n.mlmNorm);
      shapes.set(n.mlmBias, [[cfg.vocabSize], "zeros"]); // the decoder's weight is the word embeddings (tied)
      break;
    case "base":
      if (n.pooler) linear(n.pooler, H, H); // BertModel keeps its pooler
      break;
  }
  return shapes;
}

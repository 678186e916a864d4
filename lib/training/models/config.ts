// A Hugging Face config.json for the encoders the course trains, read into one shape.
export type EncoderType = "bert" | "distilbert";

export interface EncoderConfig {
  modelType: EncoderType;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  /** 0 for DistilBERT, which has no token types. */
  typeVocabSize: number;
  layerNormEps: number;
  dropout: number;
  attentionDropout: number;
  initializerRange: number;
  id2label: Record<number, string>;
  /** The config.json as read (kept so savePretrained writes back everything it had). */
  raw: Record<string, unknown>;
}

const SUPPORTED: readonly EncoderType[] = ["bert", "distilbert"];

function num(raw: Record<string, unknown>, ...keys: string[]): number {
  for (const k of keys) if (typeof raw[k] === "number") return raw[k] as number;
  throw new Error(
    `config.json has no ${keys.join(" / ")}: it does not describe a complete ${String(raw.model_type)} model`,
  );
}

export function encoderConfig(raw: Record<string, unknown>): EncoderConfig {
  const type = raw.model_type as EncoderType;
  if (!SUPPORTED.includes(type)) {
    throw new Error(
      `model_type "${String(raw.model_type)}" is not an architecture the course can train: it trains ${SUPPORTED.join(" and ")} encoders`,
    );
  }
  const act = String(raw.hidden_act ?? raw.activation ?? "gelu");
  if (act !== "gelu") throw new Error(`activation "${act}" is not supported: the course's encoders use "gelu"`);
  const id2label = Object.fromEntries(
    Object.entries((raw.id2label as Record<string, string>) ?? { 0: "LABEL_0", 1: "LABEL_1" }).map(([k, v]) => [
      Number(k),
      v,
    ]),
  );
  const distil = type === "distilbert";
  const cfg: EncoderConfig = {
    modelType: type,
    vocabSize: num(raw, "vocab_size"),
    hiddenSize: num(raw, distil ? "dim" : "hidden_size"),
    numLayers: num(raw, distil ? "n_layers" : "num_hidden_layers"),
    numHeads: num(raw, distil ? "n_heads" : "num_attention_heads"),
    intermediateSize: num(raw, distil ? "hidden_dim" : "intermediate_size"),
    maxPositions: num(raw, "max_position_embeddings"),
    typeVocabSize: distil ? 0 : num(raw, "type_vocab_size"),
    layerNormEps: distil ? 1e-12 : ((raw.layer_norm_eps as number) ?? 1e-12),
    dropout: (raw[distil ? "dropout" : "hidden_dropout_prob"] as number) ?? 0.1,
    attentionDropout: (raw[distil ? "attention_dropout" : "attention_probs_dropout_prob"] as number) ?? 0.1,
    initializerRange: (raw.initializer_range as number) ?? 0.02,
    id2label,
    raw,
  };
  if (cfg.hiddenSize % cfg.numHeads !== 0)
    throw new Error(`hidden size ${cfg.hiddenSize} is not a multiple of the ${cfg.numHeads} attention heads`);
  return cfg;
}

/** A small BERT config for tests and for models trained from scratch. */
export function bertConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_type: "bert",
    architectures: ["BertForSequenceClassification"],
    vocab_size: 30522,
    hidden_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 128,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    initializer_range: 0.02,
    pad_token_id: 0,
    ...overrides,
  };
}

/** A small DistilBERT config for tests and models trained from scratch. */
export function distilbertConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_type: "distilbert",
    architectures: ["DistilBertForSequenceClassification"],
    vocab_size: 30522,
    dim: 64,
    n_layers: 2,
    n_heads: 4,
    hidden_dim: 128,
    max_position_embeddings: 512,
    activation: "gelu",
    dropout: 0.1,
    attention_dropout: 0.1,
    initializer_range: 0.02,
    pad_token_id: 0,
    ...overrides,
  };
}

// The offline model zoo: one recipe per stand-in, trained by `npm run zoo` with the course's own
// tokenizer trainer and Trainer, and shipped in data/models/<name>/. Each recipe says how big the
// model is and how long it trains; its builder (lib/zoo/builders/) says where the data comes from
// (a source datasets folder with `npm run zoo -- --source DIR`, else the Hub); the card records what it measured.
import type { Task } from "../models/manifest";

export interface ZooRecipe {
  name: string;
  task: Task;
  description: string;
  tokenizer: { kind: "wordpiece" | "byte-bpe"; vocabSize: number; lowercase?: boolean };
  model: Record<string, unknown>;
  training: { steps: number; batchSize: number; learningRate: number; maxLength: number; trainRows: number };
  seed: number;
  /** Built from another stand-in's weights (feature extraction reuses the fill-mask encoder). */
  from?: string;
}

const SMALL_BERT = { model_type: "bert", hidden_size: 96, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 192, max_position_embeddings: 128, type_vocab_size: 2 };

export const ZOO: readonly ZooRecipe[] = [
  {
    name: "sentiment",
    task: "sentiment-analysis",
    description: "binary sentiment (NEGATIVE / POSITIVE), trained on GLUE SST-2",
    tokenizer: { kind: "wordpiece", vocabSize: 4000 },
    model: { ...SMALL_BERT, architectures: ["BertForSequenceClassification"], id2label: { 0: "NEGATIVE", 1: "POSITIVE" } },
    training: { steps: 700, batchSize: 32, learningRate: 1e-3, maxLength: 64, trainRows: 30000 },
    seed: 42,
  },
  {
    name: "text-generation",
    task: "text-generation",
    description: "a small GPT-2 language model, trained on WikiText-2",
    tokenizer: { kind: "byte-bpe", vocabSize: 3000 },
    model: { model_type: "gpt2", architectures: ["GPT2LMHeadModel"], n_embd: 96, n_layer: 2, n_head: 4, n_positions: 128 },
    training: { steps: 900, batchSize: 16, learningRate: 2e-3, maxLength: 64, trainRows: 20000 },
    seed: 42,
  },
  {
    name: "ner",
    task: "token-classification",
    description: "named entities (PER, ORG, LOC, MISC in IOB2 tags), trained on CoNLL-2003 with a cased tokenizer",
    tokenizer: { kind: "wordpiece", vocabSize: 6000, lowercase: false },
    model: { ...SMALL_BERT, architectures: ["BertForTokenClassification"] },
    training: { steps: 900, batchSize: 32, learningRate: 2e-3, maxLength: 64, trainRows: 14041 },
    seed: 42,
  },
  {
    name: "question-answering",
    task: "question-answering",
    description: "extractive question answering (an answer span in the context), trained on SQuAD v1.1",
    tokenizer: { kind: "wordpiece", vocabSize: 6000 },
    model: { ...SMALL_BERT, max_position_embeddings: 256, architectures: ["BertForQuestionAnswering"] },
    training: { steps: 900, batchSize: 16, learningRate: 1.5e-3, maxLength: 192, trainRows: 20000 },
    seed: 42,
  },
  {
    name: "fill-mask",
    task: "fill-mask",
    description: "a small BERT masked language model ([MASK] filling), trained on WikiText-2",
    tokenizer: { kind: "wordpiece", vocabSize: 5000 },
    model: { ...SMALL_BERT, architectures: ["BertForMaskedLM"] },
    training: { steps: 900, batchSize: 32, learningRate: 2e-3, maxLength: 64, trainRows: 28800 },
    seed: 42,
  },
  {
    name: "feature-extraction",
    task: "feature-extraction",
    description: "sentence features: the fill-mask stand-in's encoder without its masked-LM head (BertModel), mean-pooled by the pipeline",
    tokenizer: { kind: "wordpiece", vocabSize: 5000 },
    model: { ...SMALL_BERT, architectures: ["BertModel"] },
    training: { steps: 0, batchSize: 32, learningRate: 0, maxLength: 64, trainRows: 0 },
    seed: 42,
    from: "fill-mask",
  },
  {
    name: "zero-shot",
    task: "zero-shot-classification",
    description: "an NLI-style classifier (contradiction / entailment) for the zero-shot pipeline: the sentiment stand-in fine-tuned on premise-hypothesis pairs built from GLUE SST-2 (no NLI data is available to the course's build)",
    tokenizer: { kind: "wordpiece", vocabSize: 4000 },
    model: { ...SMALL_BERT, architectures: ["BertForSequenceClassification"], id2label: { 0: "contradiction", 1: "entailment" } },
    training: { steps: 600, batchSize: 32, learningRate: 5e-4, maxLength: 72, trainRows: 20000 },
    seed: 42,
    from: "sentiment",
  },
  {
    name: "text2text",
    task: "text2text-generation",
    description: "a small BART encoder-decoder for the summarization, translation and text2text pipelines, trained on WikiText-2 with BART's text-infilling objective",
    tokenizer: { kind: "byte-bpe", vocabSize: 4000 },
    model: { model_type: "bart", architectures: ["BartForConditionalGeneration"], d_model: 96, encoder_layers: 2, decoder_layers: 2, encoder_attention_heads: 4, decoder_attention_heads: 4, encoder_ffn_dim: 192, decoder_ffn_dim: 192, max_position_embeddings: 128, activation_function: "gelu", is_encoder_decoder: true },
    training: { steps: 700, batchSize: 16, learningRate: 2e-3, maxLength: 48, trainRows: 11200 },
    seed: 42,
  },
];

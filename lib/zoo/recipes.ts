// The offline model zoo: one recipe per stand-in, trained by `npm run zoo` with the course's own
// tokenizer trainer and Trainer, and shipped in data/models/<name>/. Each recipe says where its
// data comes from (../shared/datasets in the course's own build, the Hub elsewhere), how big the
// model is and how long it trains; the card records what it measured.
import type { Task } from "../models/manifest";

export interface ZooRecipe {
  name: string;
  task: Task;
  /** Which checkpoints of the manifest it stands in for (by task). */
  description: string;
  tokenizer: { kind: "wordpiece" | "byte-bpe"; vocabSize: number };
  model: Record<string, unknown>;
  training: { steps: number; batchSize: number; learningRate: number; maxLength: number; trainRows: number };
  seed: number;
}

export const ZOO: readonly ZooRecipe[] = [
  {
    name: "sentiment",
    task: "sentiment-analysis",
    description: "binary sentiment (NEGATIVE / POSITIVE), trained on GLUE SST-2",
    tokenizer: { kind: "wordpiece", vocabSize: 4000 },
    model: { model_type: "bert", architectures: ["BertForSequenceClassification"], hidden_size: 96, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 192, max_position_embeddings: 128, type_vocab_size: 2, id2label: { 0: "NEGATIVE", 1: "POSITIVE" } },
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
];

// The offline model zoo: one recipe per stand-in, trained by `npm run zoo` with the course's own
// tokenizer trainer and Trainer, and shipped in data/models/<name>/. Each recipe says how big the
// model is and how long it trains; its builder (tools/zoo/builders/) says where the data comes from
// (a source datasets folder with `npm run zoo -- --source DIR`, else the Hub); the card records what it measured.
import type { Task } from "../../lib/models/manifest";
import { STAND_INS, type StandIn } from "../../lib/models/stand-ins";

export interface ZooRecipe {
  name: StandIn;
  task: Task;
  description: string;
  /** The tokenizer the course trains for it (none for a fine-tune of a real checkpoint: it keeps the base's). */
  tokenizer?: { kind: "wordpiece" | "byte-bpe"; vocabSize: number; lowercase?: boolean };
  model: Record<string, unknown>;
  training: { steps: number; batchSize: number; learningRate: number; maxLength: number; trainRows: number };
  seed: number;
  /** Built from another stand-in's weights (feature extraction reuses the fill-mask encoder). */
  from?: StandIn;
  /**
   * Fine-tuned from a real pretrained checkpoint (a manifest id): its embeddings and lower layers stay
   * frozen, only the top `trainLayers` layers and the head learn, and only those ship (matrices as int8
   * differences from the base, the rest in half precision; lib/models/course-fine-tune.ts assembles the
   * model with the verified base on first use).
   */
  base?: { id: string; trainLayers: number };
  /** What the course asks of it on held-out data (its card says whether the build reached it, and if not what it would take). */
  goal?: { metric: string; atLeast: number; ifMissed: string };
}

// What more training would cost, for the cards of fine-tunes that miss their goal (they train every layer already).
const MORE =
  "more rows and steps (build time), and training the embeddings too (about 12 MB more to ship as int8 differences from the base)";

const REAL_MINILM = "sentence-transformers/all-MiniLM-L6-v2";

/** A fine-tune of the real MiniLM: all 6 layers and the head learn, the embeddings stay frozen. */
function minilmFineTune(recipe: Omit<Recipe, "seed" | "base">): Recipe {
  return { ...recipe, seed: 42, base: { id: REAL_MINILM, trainLayers: 6 } };
}

const SMALL_BERT = {
  model_type: "bert",
  hidden_size: 96,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 192,
  max_position_embeddings: 128,
  type_vocab_size: 2,
};

/** A recipe as the table holds it: its name is its key. */
type Recipe = Omit<ZooRecipe, "name">;

// One recipe per stand-in of lib/models/stand-ins.ts: a missing or an extra one is a type error.
const RECIPES: Record<StandIn, Recipe> = {
  "minilm-sst2": minilmFineTune({
    task: "sentiment-analysis",
    description: "binary sentiment (NEGATIVE / POSITIVE): the real all-MiniLM-L6-v2 fine-tuned on GLUE SST-2",
    model: { architectures: ["BertForSequenceClassification"], id2label: { 0: "NEGATIVE", 1: "POSITIVE" } },
    training: { steps: 1200, batchSize: 32, learningRate: 1e-4, maxLength: 64, trainRows: 38400 },
    goal: { metric: "accuracy", atLeast: 0.88, ifMissed: MORE },
  }),

  "minilm-conll2003": minilmFineTune({
    task: "token-classification",
    description:
      "named entities (PER, ORG, LOC, MISC in IOB2 tags): the real all-MiniLM-L6-v2 (uncased) fine-tuned on CoNLL-2003",
    model: { architectures: ["BertForTokenClassification"] },
    training: { steps: 800, batchSize: 32, learningRate: 2e-4, maxLength: 128, trainRows: 14041 },
    goal: {
      metric: "entity_f1",
      atLeast: 0.85,
      ifMissed: `${MORE}; a cased base would help most (capital letters mark names)`,
    },
  }),

  "minilm-squad": minilmFineTune({
    task: "question-answering",
    description:
      "extractive question answering (an answer span in the context): the real all-MiniLM-L6-v2 fine-tuned on SQuAD v1.1 questions",
    model: { architectures: ["BertForQuestionAnswering"] },
    training: { steps: 640, batchSize: 16, learningRate: 2e-4, maxLength: 192, trainRows: 10240 },
    goal: {
      metric: "f1",
      atLeast: 0.6,
      ifMissed: `${MORE}; SQuAD's train split (87,599 questions) instead of the validation file's articles`,
    },
  }),

  "minilm-nli": minilmFineTune({
    task: "zero-shot-classification",
    description:
      "an NLI-style classifier (contradiction / entailment) for the zero-shot pipeline: the real all-MiniLM-L6-v2 fine-tuned on premise-hypothesis pairs built from GLUE SST-2 (sentiment) and SQuAD article titles (topics); no NLI data is available to the course's build",
    model: { architectures: ["BertForSequenceClassification"], id2label: { 0: "contradiction", 1: "entailment" } },
    training: { steps: 400, batchSize: 32, learningRate: 1e-4, maxLength: 96, trainRows: 12800 },
    goal: { metric: "zero_shot_sst2_accuracy", atLeast: 0.8, ifMissed: `${MORE}; real NLI data (MNLI)` },
  }),

  sentiment: {
    task: "sentiment-analysis",
    description: "binary sentiment (NEGATIVE / POSITIVE), trained on GLUE SST-2",
    tokenizer: { kind: "wordpiece", vocabSize: 4000 },
    model: {
      ...SMALL_BERT,
      architectures: ["BertForSequenceClassification"],
      id2label: { 0: "NEGATIVE", 1: "POSITIVE" },
    },
    training: { steps: 700, batchSize: 32, learningRate: 1e-3, maxLength: 64, trainRows: 30000 },
    seed: 42,
  },
  "text-generation": {
    task: "text-generation",
    description: "a small GPT-2 language model, trained on WikiText-2",
    tokenizer: { kind: "byte-bpe", vocabSize: 3000 },
    model: {
      model_type: "gpt2",
      architectures: ["GPT2LMHeadModel"],
      n_embd: 96,
      n_layer: 2,
      n_head: 4,
      n_positions: 128,
    },
    training: { steps: 900, batchSize: 16, learningRate: 2e-3, maxLength: 64, trainRows: 20000 },
    seed: 42,
  },

  "fill-mask": {
    task: "fill-mask",
    description: "a small BERT masked language model ([MASK] filling), trained on WikiText-2",
    tokenizer: { kind: "wordpiece", vocabSize: 5000 },
    model: { ...SMALL_BERT, architectures: ["BertForMaskedLM"] },
    training: { steps: 900, batchSize: 32, learningRate: 2e-3, maxLength: 64, trainRows: 28800 },
    seed: 42,
  },
  "feature-extraction": {
    task: "feature-extraction",
    description:
      "sentence features: the fill-mask stand-in's encoder without its masked-LM head (BertModel), mean-pooled by the pipeline",
    tokenizer: { kind: "wordpiece", vocabSize: 5000 },
    model: { ...SMALL_BERT, architectures: ["BertModel"] },
    training: { steps: 0, batchSize: 32, learningRate: 0, maxLength: 64, trainRows: 0 },
    seed: 42,
    from: "fill-mask",
  },

  text2text: {
    task: "text2text-generation",
    description:
      'a small BART encoder-decoder for the summarization, translation and text2text pipelines, trained on WikiText-2 paragraphs to give back the first sentence of its input (an extractive "lead" summary)',
    tokenizer: { kind: "byte-bpe", vocabSize: 4000 },
    // No dropout: copying wants every token through, and 900 steps see each training pair only twice.
    model: {
      model_type: "bart",
      architectures: ["BartForConditionalGeneration"],
      d_model: 96,
      encoder_layers: 2,
      decoder_layers: 2,
      encoder_attention_heads: 4,
      decoder_attention_heads: 4,
      encoder_ffn_dim: 192,
      decoder_ffn_dim: 192,
      max_position_embeddings: 128,
      activation_function: "gelu",
      is_encoder_decoder: true,
      dropout: 0,
    },
    training: { steps: 900, batchSize: 16, learningRate: 2e-3, maxLength: 128, trainRows: 14400 },
    seed: 42,
    goal: {
      metric: "lead_rougeL",
      atLeast: 0.5,
      ifMissed: "a larger model (width, layers) trained for more steps, which costs build time and shipped size",
    },
  },
  "vit-digits": {
    task: "image-classification",
    description:
      "a small Vision Transformer (ViT) that reads handwritten digits 0-9, trained on the 8×8 digits scikit-learn ships (each shown as a 32×32 picture)",
    // A ViT's layout (google/vit-base-patch16-224's, smaller): 32×32 pictures in 4×4 = 16 patches of 8×8, hidden size 64.
    model: {
      model_type: "vit",
      architectures: ["ViTForImageClassification"],
      image_size: 32,
      patch_size: 8,
      num_channels: 3,
      hidden_size: 64,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      intermediate_size: 128,
      hidden_act: "gelu",
      hidden_dropout_prob: 0.1,
      attention_probs_dropout_prob: 0,
      layer_norm_eps: 1e-12,
      initializer_range: 0.02,
      qkv_bias: true,
    },
    // maxLength: the positions the model attends over (16 patches and [CLS]); trainRows: every training digit (each with its shifted copies).
    training: { steps: 3000, batchSize: 32, learningRate: 2e-3, maxLength: 17, trainRows: 1438 },
    seed: 42,
  },
};

/** The recipes with their names, in the stand-ins' build order. */
export const ZOO: readonly ZooRecipe[] = STAND_INS.map((name) => ({ name, ...RECIPES[name] }));

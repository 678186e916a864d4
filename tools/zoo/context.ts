// What every stand-in's builder shares: its output folder, the training backend, a tokenizer
// trained on its own texts, the zoo's Trainer settings, and what it reports for the card.
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import { Dataset, type Row } from "../../lib/datasets/dataset";
import { permutation } from "../../lib/random";
import { trainingArguments, type TrainingArguments } from "../../lib/training/arguments";
import {
  trainByteLevelBpeTokenizer,
  trainWordPieceTokenizer,
  writeTokenizer,
} from "../../lib/tokenizers/train-tokenizer";
import { transformers } from "../../lib/transformers-env";
import { ensurePypiCheckpoint } from "../../lib/models/pypi";
import { EncoderModel } from "../../lib/training/models/encoder";
import { encoderNames } from "../../lib/training/models/names";
import { ENCODER_HEADS, type HeadKind } from "../../lib/training/heads";
import { savePretrained } from "../../lib/training/save";
import { writeFineTuned } from "./fine-tuned-layers";
import type { Splits } from "./data";
import type { ZooRecipe } from "./recipes";

export interface BuildContext {
  recipe: ZooRecipe;
  /** data/models/<name>/ (being written). */
  dir: string;
  /** data/models/ (other stand-ins live beside it). */
  outDir: string;
  /** The source datasets folder (`npm run zoo -- --source DIR`); undefined: the Hub. */
  source?: string;
  tf: typeof TF;
}

export interface Built {
  metrics: Record<string, number>;
  parameters: number;
  /** Data and split, for the card. */
  source: string;
  /** Anything a user of the stand-in must know (shown in the card). */
  caveat?: string;
  /** How its weights started, when not plain random initialisation (shown in the card). */
  initialisation?: string;
}

export type Builder = (ctx: BuildContext) => Promise<Built>;

/** The transformers.js tokenizer object (its typings are loose). */
export type LoadedTokenizer = any;

/** Trains the recipe's tokenizer on `texts`, writes it into the stand-in's folder and loads it back with AutoTokenizer. */
export async function trainTokenizer(
  ctx: BuildContext,
  texts: string[],
): Promise<{ tokenizer: LoadedTokenizer; vocab: Record<string, number> }> {
  if (!ctx.recipe.tokenizer) throw new Error(`${ctx.recipe.name} keeps its base's tokenizer: it trains none`);
  const { kind, vocabSize, lowercase } = ctx.recipe.tokenizer;
  console.log(`[${ctx.recipe.name}] training a ${kind} tokenizer (${vocabSize} tokens) on ${texts.length} texts`);
  const modelMaxLength = Number(ctx.recipe.model.max_position_embeddings ?? ctx.recipe.model.n_positions ?? 512);
  const files =
    kind === "wordpiece"
      ? trainWordPieceTokenizer(texts, { vocabSize, lowercase, modelMaxLength })
      : trainByteLevelBpeTokenizer(texts, { vocabSize, modelMaxLength });
  writeTokenizer(ctx.dir, files);
  const vocab = (files["tokenizer.json"].model as { vocab: Record<string, number> }).vocab;
  return { tokenizer: await transformers().AutoTokenizer.from_pretrained(ctx.dir), vocab };
}

/** The recipe's Trainer settings (checkpoints go to a scratch folder inside the stand-in's, removed after). */
export function zooArguments(ctx: BuildContext, extra: Partial<TrainingArguments> = {}): TrainingArguments {
  const t = ctx.recipe.training;
  return trainingArguments({
    outputDir: path.join(ctx.dir, ".checkpoints"),
    maxSteps: t.steps,
    batchSize: t.batchSize,
    learningRate: t.learningRate,
    warmupRatio: 0.1,
    weightDecay: 0.01,
    loggingSteps: 50,
    seed: ctx.recipe.seed,
    maxLength: t.maxLength,
    plot: false,
    groupByLength: Boolean(ctx.recipe.base),
    ...extra,
  });
}

/** `n` rows picked by the recipe's seed (all of them, shuffled, when there are fewer). */
export function seededSample<R>(rows: readonly R[], n: number, seed: number): R[] {
  return permutation(rows.length, seed)
    .slice(0, n)
    .map((i) => rows[i]);
}

export function datasetOf(rows: Row[]): Dataset {
  return Dataset.fromRows(rows);
}

export function parameterCount(model: { trainableVariables: { size: number }[] }): number {
  return model.trainableVariables.reduce((a, v) => a + v.size, 0);
}

/**
 * Where an encoder recipe starts: the real base checkpoint (its tokenizer and weights; embeddings and
 * lower layers frozen) or, without one, a fresh model of the recipe's size with a tokenizer trained on `texts()`.
 */
export async function startEncoder(
  ctx: BuildContext,
  texts: () => string[],
  config: Record<string, unknown> = {},
): Promise<{ model: EncoderModel; tokenizer: LoadedTokenizer }> {
  const { recipe, tf } = ctx;
  if (recipe.base) {
    const baseDir = await ensurePypiCheckpoint(recipe.base.id);
    const { model } = await EncoderModel.fromPretrained(tf, baseDir, {
      id2label: (config.id2label ?? recipe.model.id2label) as Record<number, string> | undefined,
      seed: recipe.seed,
      head: headOfArchitecture(String((recipe.model.architectures as string[])[0])),
    });
    const layers = model.config.numLayers;
    const below = layers - recipe.base.trainLayers;
    model.freeze(
      (name) => name.includes("embeddings.") || Number(/encoder\.layer\.(\d+)\./.exec(name)?.[1] ?? layers) < below,
    );
    console.log(`[${recipe.name}] fine-tuning ${recipe.base.id}: ${frozenPart(below, layers)}`);
    return { model, tokenizer: await transformers().AutoTokenizer.from_pretrained(baseDir) };
  }
  const { tokenizer, vocab } = await trainTokenizer(ctx, texts());
  const model = EncoderModel.fromConfig(
    tf,
    {
      ...recipe.model,
      ...config,
      vocab_size: Object.keys(vocab).length,
      pad_token_id: vocab["[PAD]"],
      hidden_act: "gelu",
    },
    { seed: recipe.seed },
  );
  return { model, tokenizer };
}

/**
 * An encoder builder's start: its dataset (`load` with the recipe's source folder and seed), the recipe's
 * seeded sample of the training rows, and startEncoder's model and tokenizer (a fresh stand-in's
 * tokenizer is trained on `texts` of that sample).
 */
export async function startEncoderOnData<R>(
  ctx: BuildContext,
  load: (source: string | undefined, seed: number) => Promise<Splits<R>>,
  texts: (train: R[]) => string[],
  config: Record<string, unknown> = {},
): Promise<{ data: Splits<R>; train: R[]; model: EncoderModel; tokenizer: LoadedTokenizer }> {
  const { recipe } = ctx;
  const data = await load(ctx.source, recipe.seed);
  const train = seededSample(data.train, recipe.training.trainRows, recipe.seed);
  return { data, train, ...(await startEncoder(ctx, () => texts(train), config)) };
}

/**
 * Saves a trained encoder as the zoo ships it and returns the folder transformers.js loads it from:
 * a fresh stand-in whole (savePretrained into its folder); a fine-tune of a base only its trained
 * layers (tools/zoo/fine-tuned-layers.ts), rounded in the model too, so that what is measured next is what ships.
 */
export async function finishEncoder(ctx: BuildContext, model: EncoderModel): Promise<string> {
  if (!ctx.recipe.base) {
    await savePretrained(model, ctx.dir);
    return ctx.dir;
  }
  return writeFineTuned(ctx, model);
}

/** What learns and what stays frozen when the layers below `below` of `layers` are frozen with the embeddings. */
function frozenPart(below: number, layers: number): string {
  return below === 0
    ? `all ${layers} layers and the head learn, the embeddings stay frozen`
    : `layers ${below}-${layers - 1} and the head learn, the embeddings and layers 0-${below - 1} stay frozen`;
}

/** The head a BERT architecture name stands for (BertForTokenClassification -> token-classification). */
function headOfArchitecture(architecture: string): HeadKind {
  const head = ENCODER_HEADS.find((h) => encoderNames("bert").architectures[h] === architecture);
  if (!head) throw new Error(`no BERT head is called ${architecture}`);
  return head;
}

// Builds one stand-in of the zoo: its builder trains tokenizer and model on real data and measures
// them on a held-out split; this writes the folder (transformers.js layout + model.safetensors)
// and its model card.
import * as fs from "fs";
import * as path from "path";
import type { StandIn } from "../../lib/models/stand-ins";
import { trainingBackend } from "../../lib/training/backend";
import { buildFeatureExtraction } from "./builders/feature-extraction";
import { buildFillMask } from "./builders/fill-mask";
import { buildImageClassification } from "./builders/image-classification";
import { buildNer } from "./builders/ner";
import { buildQuestionAnswering } from "./builders/question-answering";
import { buildSentiment } from "./builders/sentiment";
import { buildText2Text } from "./builders/text2text";
import { buildTextGeneration } from "./builders/text-generation";
import { buildZeroShot } from "./builders/zero-shot";
import { modelCard } from "./card";
import { ASSEMBLED_SCRATCH } from "./fine-tuned-layers";
import type { Builder } from "./context";
import type { ZooRecipe } from "./recipes";

// The builder of each stand-in, one per task (a fine-tune of a real checkpoint and a fresh stand-in of
// the same task share it); a stand-in without one is a type error.
const BUILDERS: Record<StandIn, Builder> = {
  "minilm-sst2": buildSentiment,
  "minilm-conll2003": buildNer,
  "minilm-squad": buildQuestionAnswering,
  "minilm-nli": buildZeroShot,
  sentiment: buildSentiment,
  "text-generation": buildTextGeneration,
  "fill-mask": buildFillMask,
  "feature-extraction": buildFeatureExtraction,
  text2text: buildText2Text,
  "vit-digits": buildImageClassification,
};

export interface BuildResult {
  dir: string;
  metrics: Record<string, number>;
  seconds: number;
  parameters: number;
}

export async function buildStandIn(
  recipe: ZooRecipe,
  options: { outDir: string; source?: string },
): Promise<BuildResult> {
  const builder = BUILDERS[recipe.name];
  const started = Date.now();
  const { tf, name: backend } = await trainingBackend();
  const dir = path.join(options.outDir, recipe.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const built = await builder({ recipe, dir, outDir: options.outDir, source: options.source, tf });
  fs.rmSync(path.join(dir, ".checkpoints"), { recursive: true, force: true });
  fs.rmSync(path.join(dir, ASSEMBLED_SCRATCH), { recursive: true, force: true });
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(path.join(dir, "README.md"), modelCard(recipe, built, seconds, backend));
  return { dir, metrics: built.metrics, seconds, parameters: built.parameters };
}

// Feature extraction: the fill-mask stand-in's encoder saved as a bare BertModel (no training of its
// own). Measured on GLUE MRPC validation: how well the cosine similarity of two sentences' mean-pooled
// features separates paraphrases from non-paraphrases (ROC AUC), next to plain word overlap's.
import * as fs from "fs";
import * as path from "path";
import { bertNormalize, bertPreTokenize } from "../../../lib/tokenizers/pre-tokenize";
import { EncoderModel } from "../../../lib/training/models/encoder";
import { savePretrained } from "../../../lib/training/save";
import { transformers } from "../../../lib/transformers-env";
import { parameterCount, type Builder } from "../context";
import { mrpcValidation } from "../data";

/** ROC AUC: the chance that a random positive pair scores above a random negative one (ties count half). */
export function rocAuc(scores: number[], labels: number[]): number {
  const pos = scores.filter((_, i) => labels[i] === 1);
  const neg = scores.filter((_, i) => labels[i] !== 1);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

function wordOverlap(a: string, b: string): number {
  const words = (s: string) => new Set(bertPreTokenize(bertNormalize(s)));
  const x = words(a);
  const y = words(b);
  return [...x].filter((w) => y.has(w)).length / Math.sqrt(x.size * y.size);
}

export const buildFeatureExtraction: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const from = path.join(ctx.outDir, recipe.from!);
  if (!fs.existsSync(path.join(from, "model.safetensors")))
    throw new Error(
      `the ${recipe.name} stand-in is built from the ${recipe.from} stand-in: build that first (npm run zoo -- ${recipe.from})`,
    );
  const { model } = await EncoderModel.fromPretrained(tf, from, { head: "base", seed: recipe.seed });
  const parameters = parameterCount(model);
  await savePretrained(model, dir, { tokenizerDir: from });
  model.dispose();

  const extract = await transformers().pipeline("feature-extraction", dir, { dtype: "fp32" });
  const { rows, source } = await mrpcValidation(ctx.source);
  const embed = async (texts: string[]) =>
    ((await extract(texts, { pooling: "mean", normalize: true })) as { tolist(): number[][] }).tolist();
  const cosines: number[] = [];
  for (const r of rows) {
    const [a, b] = await embed([r.sentence1, r.sentence2]);
    cosines.push(a.reduce((s, v, i) => s + v * b[i], 0));
  }
  await extract.dispose();
  const labels = rows.map((r) => r.label);
  return {
    metrics: {
      paraphrase_auc: rocAuc(cosines, labels),
      word_overlap_auc: rocAuc(
        rows.map((r) => wordOverlap(r.sentence1, r.sentence2)),
        labels,
      ),
    },
    parameters,
    source: `the fill-mask stand-in's weights (WikiText-2); measured on ${source} (${rows.length} sentence pairs)`,
    caveat:
      "Its features come from masked-language-model training only, not from sentence-similarity training as all-MiniLM-L6-v2's do: similar sentences get closer vectors mostly through the words they share.",
  };
};

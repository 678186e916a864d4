// The model card (README.md) of an image stand-in (the ViT): what it reads, how its images are prepared,
// how it was trained, and what the image-classification pipeline measured on the held-out images.
import type { Built } from "./context";
import type { ZooRecipe } from "./recipes";

export function imageModelCard(recipe: ZooRecipe, built: Built, seconds: number, backend: string): string {
  const m = recipe.model;
  const t = recipe.training;
  const size = Number(m.image_size);
  const patch = Number(m.patch_size);
  const grid = size / patch;
  // Six decimals: the test recomputes the accuracy and compares it to 1e-6.
  const rows = Object.entries(built.metrics)
    .map(([k, v]) => `| ${k} | ${v.toFixed(6)} |`)
    .join("\n");
  return `# ${recipe.name}: the course's offline stand-in for ${recipe.task}

${recipe.description}. Trained by the course itself (\`npm run zoo -- ${recipe.name}\`) with its own Trainer in
TypeScript: it stands in for the course's pinned ${recipe.task} checkpoint when the Hugging Face Hub cannot be
reached. That checkpoint names 1000 kinds of photographed objects; this one knows only the ten digits.
${built.caveat ? `\n**Caveat.** ${built.caveat}\n` : ""}
| | |
|---|---|
| data | ${built.source} |
| image processor | ViTImageProcessor (\`preprocessor_config.json\`): grey to RGB, resized to ${size}×${size} (nearest neighbour), rescaled to [0, 1], normalised with mean 0.5 and std 0.5 per channel |
| model | vit (${String((m.architectures as string[])[0])}), ${(built.parameters / 1e6).toFixed(2)} M parameters, random initialisation: ${grid}×${grid} = ${grid * grid} patches of ${patch}×${patch} pixels and a [CLS] token, hidden size ${String(m.hidden_size)}, ${String(m.num_hidden_layers)} layers, ${String(m.num_attention_heads)} heads |
| training | ${t.steps} steps, batch ${t.batchSize}, learning rate ${t.learningRate} (AdamW, linear decay, 10 % warm-up) |
| seed | ${recipe.seed} |
| build time | ${seconds.toFixed(0)} s on TensorFlow.js (${backend}) |

## Metrics on the held-out split (measured with the course's evaluate)

Measured as a learner runs it: \`pipeline("image-classification")\` on this folder (ONNX Runtime), one
top label per held-out image, scored with the course's \`accuracy\`.

| metric | value |
|---|---|
${rows}
`;
}

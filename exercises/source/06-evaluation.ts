// %% [markdown]
// # Chapter 6 exercises: evaluation
//
// Each metric of the chapter, written by you. Write each answer where it says `YOUR CODE HERE` or
// `YOUR ANSWER HERE`, run the cell, then run the check below it. Run this first:

// %%
import { check, progress } from "hf-course";

// %% [markdown]
// ## Exercise 1: precision, recall and F1 (2 points)
//
// Write `precisionRecallF1(predictions, references)` for binary labels, 1 being the positive class:
// return `{ precision, recall, f1 }` (0 where a ratio would divide by 0).

// %% exercise="ch6.q1" role="solution"
function precisionRecallF1(predictions: number[], references: number[]): { precision: number; recall: number; f1: number } {
  // BEGIN SOLUTION
  let tp = 0, fp = 0, fn = 0;
  predictions.forEach((p, i) => {
    if (p === 1 && references[i] === 1) tp++;
    else if (p === 1) fp++;
    else if (references[i] === 1) fn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
  // END SOLUTION
}

// %% exercise="ch6.q1" role="tests"
await check("ch6.q1", precisionRecallF1);
// BEGIN HIDDEN TESTS
await check("ch6.q1", precisionRecallF1, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: a confusion matrix (2 points)
//
// Write `confusionMatrix(predictions, references)` for labels 0 and 1: a 2 × 2 matrix whose row is the
// true label and column the predicted one, `[[TN, FP], [FN, TP]]`.

// %% exercise="ch6.q2" role="solution"
function confusionMatrix(predictions: number[], references: number[]): number[][] {
  // BEGIN SOLUTION
  const m = [[0, 0], [0, 0]];
  predictions.forEach((p, i) => m[references[i]][p]++);
  return m;
  // END SOLUTION
}

// %% exercise="ch6.q2" role="tests"
await check("ch6.q2", confusionMatrix);
// BEGIN HIDDEN TESTS
await check("ch6.q2", confusionMatrix, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 3: entities from IOB2 tags (2 points)
//
// Write `entities(tags)`: the entities of a tag sequence, as `{ type, start, end }` with `end` the index
// of the entity's last tag. A `B-X` tag starts an entity of type X; the `I-X` tags after it continue it;
// anything else ends it. (seqeval, the NER metric, scores these entities.)

// %% exercise="ch6.q3" role="solution"
function entities(tags: string[]): { type: string; start: number; end: number }[] {
  // BEGIN SOLUTION
  const out: { type: string; start: number; end: number }[] = [];
  let current: { type: string; start: number; end: number } | undefined;
  tags.forEach((tag, i) => {
    const [prefix, type] = tag === "O" ? ["O", ""] : tag.split("-");
    if (current && (prefix !== "I" || type !== current.type)) {
      out.push(current);
      current = undefined;
    }
    if (prefix === "B" || (prefix === "I" && !current)) current = { type, start: i, end: i };
    else if (prefix === "I" && current) current.end = i;
  });
  if (current) out.push(current);
  return out;
  // END SOLUTION
}

// %% exercise="ch6.q3" role="tests"
await check("ch6.q3", entities);
// BEGIN HIDDEN TESTS
await check("ch6.q3", entities, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 4: SQuAD's F1 for one answer (2 points)
//
// Write `answerF1(prediction, answer)`: normalise both texts (lower case, remove punctuation and the
// words "a", "an", "the", split on spaces), then compute F1 over the words they share (a shared word
// counts as many times as it appears in both).

// %% exercise="ch6.q4" role="solution"
function answerF1(prediction: string, answer: string): number {
  // BEGIN SOLUTION
  const normalise = (s: string) => s.toLowerCase().replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, "").replace(/\b(a|an|the)\b/g, " ").split(/\s+/).filter(Boolean);
  const p = normalise(prediction);
  const t = normalise(answer);
  const counts = new Map<string, number>();
  for (const w of t) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of p) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(w, c - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / p.length;
  const recall = shared / t.length;
  return (2 * precision * recall) / (precision + recall);
  // END SOLUTION
}

// %% exercise="ch6.q4" role="tests"
await check("ch6.q4", answerF1);
// BEGIN HIDDEN TESTS
await check("ch6.q4", answerF1, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 5: perplexity (2 points)
//
// Write `perplexity(losses)`: given the negative log-likelihood of each token, the perplexity of the text.

// %% exercise="ch6.q5" role="solution"
function perplexity(losses: number[]): number {
  // BEGIN SOLUTION
  return Math.exp(losses.reduce((a, b) => a + b, 0) / losses.length);
  // END SOLUTION
}

// %% exercise="ch6.q5" role="tests"
await check("ch6.q5", perplexity);
// BEGIN HIDDEN TESTS
await check("ch6.q5", perplexity, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 6: predict (1 point)
//
// The labels of a test set are `[1, 1, 0, 1]`. What accuracy does a model get that always answers 1?

// %% exercise="ch6.q6" role="solution"
let alwaysOne: number | undefined;
// BEGIN SOLUTION
alwaysOne = 0.75;
// END SOLUTION

// %% exercise="ch6.q6" role="tests"
await check("ch6.q6", alwaysOne);

// %% [markdown]
// ## Exercise 7 (1 point)
//
// What do learning curves show when a model overfits?
//
// - **a** both losses stay high
// - **b** the training loss keeps falling while the validation loss rises
// - **c** both losses fall together

// %% exercise="ch6.q7" role="solution"
let overfitting: string | undefined;
// BEGIN SOLUTION
overfitting = "b";
// END SOLUTION

// %% exercise="ch6.q7" role="tests"
await check("ch6.q7", overfitting);

// %% [markdown]
// ## Exercise 8 (1 point)
//
// On MRPC's validation split, 68 % of the pairs are paraphrases ("equivalent", the positive class, label 1).
// A "model" that always answers "equivalent" scores accuracy 0.684. What about its F1 (on the positive class)?
//
// - **a** 0: a model that learned nothing has no F1
// - **b** high, about 0.81: its recall is perfect and its precision is the share of positives, so F1 does not expose it here
// - **c** about 0.34: F1 halves accuracy for a constant answer
// - **d** it cannot be computed: a constant prediction has no precision

// %% exercise="ch6.q8" role="solution"
let whyF1: string | undefined;
// BEGIN SOLUTION
whyF1 = "b";
// END SOLUTION

// %% exercise="ch6.q8" role="tests"
await check("ch6.q8", whyF1);

// %% [markdown]
// ## Your progress

// %%
progress();

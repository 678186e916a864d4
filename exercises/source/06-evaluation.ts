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
function precisionRecallF1(
  predictions: number[],
  references: number[],
): { precision: number; recall: number; f1: number } {
  // BEGIN SOLUTION
  let tp = 0,
    fp = 0,
    fn = 0;
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
  const m = [
    [0, 0],
    [0, 0],
  ];
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
// of the entity's last tag, in order. The rules (seqeval's default, which the NER metric uses):
//
// - `B-X` always starts a new entity of type X;
// - `I-X` continues the entity just before it when that entity has type X; otherwise (at the start,
//   after `O`, or after an entity of another type) it starts a new entity of type X: a stray `I-X`
//   counts as an entity, it is not dropped;
// - `O` ends the current entity; an entity still open at the end ends at the last tag.
//
// E.g. `["O", "I-PER", "I-PER", "B-LOC", "I-ORG"]` has three entities: PER from 1 to 2, LOC at 3, ORG at 4.

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
// Write `answerF1(prediction, answer)`, as the SQuAD metric does it. Normalise both texts: lower case;
// delete every ASCII punctuation character (``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``) without putting a space
// in its place, so `Levi's` becomes `levis` and `state-of-the-art` becomes `stateoftheart`; then remove
// the words "a", "an", "the"; split on whitespace. Then compute F1 over the words they share (a shared
// word counts as many times as it appears in both); 0 when they share none.

// %% exercise="ch6.q4" role="solution"
function answerF1(prediction: string, answer: string): number {
  // BEGIN SOLUTION
  const normalise = (s: string) =>
    s
      .toLowerCase()
      .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, "")
      .replace(/\b(a|an|the)\b/g, " ")
      .split(/\s+/)
      .filter(Boolean);
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
// Without running it: the true tags of a sentence are `["B-PER", "I-PER", "O", "B-LOC"]` and a model
// predicts `["B-PER", "O", "O", "B-LOC"]`. What is seqeval's overall F1 for it? Answer with a number.

// %% exercise="ch6.q6" role="solution"
let entityF1: number | undefined;
// BEGIN SOLUTION
entityF1 = 0.5;
// END SOLUTION

// %% exercise="ch6.q6" role="tests"
await check("ch6.q6", entityF1);

// %% [markdown]
// ## Exercise 7 (1 point)
//
// What do learning curves show when a model overfits?
//
// - **a** both losses stay high
// - **b** the training loss keeps falling while the validation loss rises
// - **c** both losses fall together
// - **d** the validation loss is lower than the training loss

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
// ## Summary
//
// - Pick the metric for the task: accuracy, precision, recall and F1 for classification (per class when
//   the labels are imbalanced, with a confusion matrix to see which errors), seqeval's entity-level F1
//   for NER, exact match and F1 over words for SQuAD, BLEU and ROUGE against reference texts, perplexity
//   for a language model.
// - Always compare with a baseline (the majority class) and look at the errors, not only at a number.
// - Learning curves tell overfitting (training loss falls, validation loss rises) from underfitting
//   (both stay high).
//
// ## Review questions (1 point each)
//
// ### Question 9: which metrics compare a generated text with reference texts? Select every right answer (an array of letters).
//
// - **a** BLEU
// - **b** ROUGE
// - **c** accuracy
// - **d** perplexity

// %% exercise="ch6.q9" role="solution"
let referenceMetrics: string[] | undefined;
// BEGIN SOLUTION
referenceMetrics = ["a", "b"];
// END SOLUTION

// %% exercise="ch6.q9" role="tests"
await check("ch6.q9", referenceMetrics);

// %% [markdown]
// ### Question 10: a spam filter: 2 % of the mails are spam. What is wrong with reporting its accuracy alone?
//
// - **a** nothing: accuracy is the fraction of right answers
// - **b** a filter that lets every spam through scores 0.98: report precision and recall on the spam class
// - **c** accuracy cannot be computed for two classes
// - **d** accuracy is always lower than F1

// %% exercise="ch6.q10" role="solution"
let spamAccuracy: string | undefined;
// BEGIN SOLUTION
spamAccuracy = "b";
// END SOLUTION

// %% exercise="ch6.q10" role="tests"
await check("ch6.q10", spamAccuracy);

// %% [markdown]
// ### Question 11: what does a lower perplexity mean?
//
// - **a** the model gave the text's tokens a higher probability: it is less surprised by it
// - **b** the text is shorter
// - **c** the model generates more varied text
// - **d** the tokenizer made fewer tokens

// %% exercise="ch6.q11" role="solution"
let lowerPerplexity: string | undefined;
// BEGIN SOLUTION
lowerPerplexity = "a";
// END SOLUTION

// %% exercise="ch6.q11" role="tests"
await check("ch6.q11", lowerPerplexity);

// %% [markdown]
// ## Your progress

// %%
progress();

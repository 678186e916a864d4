// %% [markdown]
// # Chapter 4 exercises: behind the pipeline
//
// Write each answer where it says `YOUR CODE HERE` or `YOUR ANSWER HERE`, run the cell, then run the
// check below it. Run this first: it loads the sentiment checkpoint's tokenizer and model.

// %%
import { check, progress, autoTokenizer, locateModel, transformers, defaultModel } from "hf-course";
const { AutoModelForSequenceClassification, softmax } = transformers();
const checkpoint = defaultModel("sentiment-analysis").id;
const tokenizer = await autoTokenizer(checkpoint);
const located = await locateModel(checkpoint);
const model = await AutoModelForSequenceClassification.from_pretrained(located.path, { dtype: located.dtype as "fp32" });

// %% [markdown]
// ## Exercise 1: labels from logits (2 points)
//
// Write `labelsFromLogits(logits, id2label)`: for each row of logits, the label of its largest value.

// %% exercise="ch4.q1" role="solution"
function labelsFromLogits(logits: number[][], id2label: Record<number, string>): string[] {
  // BEGIN SOLUTION
  return logits.map((row) => id2label[row.indexOf(Math.max(...row))]);
  // END SOLUTION
}

// %% exercise="ch4.q1" role="tests"
await check("ch4.q1", labelsFromLogits);
// BEGIN HIDDEN TESTS
await check("ch4.q1", labelsFromLogits, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: an attention mask (2 points)
//
// Write `attentionMask(ids, padId)`: for a padded batch of ids, 1 for each real token and 0 for each
// padding token.

// %% exercise="ch4.q2" role="solution"
function attentionMask(ids: number[][], padId: number): number[][] {
  // BEGIN SOLUTION
  return ids.map((row) => row.map((id) => (id === padId ? 0 : 1)));
  // END SOLUTION
}

// %% exercise="ch4.q2" role="tests"
await check("ch4.q2", attentionMask);
// BEGIN HIDDEN TESTS
await check("ch4.q2", attentionMask, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 3: the sentiment pipeline by hand (3 points)
//
// Write `classify(texts)` with `tokenizer` and `model` (loaded above): tokenize with padding and
// truncation, run the model, softmax each row of logits, and return `{ label, score }` for each text,
// the same as the pipeline.

// %% exercise="ch4.q3" role="solution"
async function classify(texts: string[]): Promise<{ label: string; score: number }[]> {
  // BEGIN SOLUTION
  const inputs = tokenizer(texts, { padding: true, truncation: true });
  const { logits } = await model(inputs);
  const id2label = (model.config as unknown as { id2label: Record<number, string> }).id2label;
  return (logits.tolist() as number[][]).map((row) => {
    const p = softmax(row) as number[];
    const best = p.indexOf(Math.max(...p));
    return { label: id2label[best], score: p[best] };
  });
  // END SOLUTION
}

// %% exercise="ch4.q3" role="tests"
await check("ch4.q3", classify);
// BEGIN HIDDEN TESTS
await check("ch4.q3", classify, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 4: predict (1 point)
//
// A BERT-base body (hidden size 768) reads a batch of 2 texts padded to 16 tokens. What is the shape of
// its `last_hidden_state`? Answer as an array.

// %% exercise="ch4.q4" role="solution"
let hiddenShape: number[] | undefined;
// BEGIN SOLUTION
hiddenShape = [2, 16, 768];
// END SOLUTION

// %% exercise="ch4.q4" role="tests"
await check("ch4.q4", hiddenShape);

// %% [markdown]
// ## Exercise 5: predict (1 point)
//
// A binary sentiment classifier (NEGATIVE / POSITIVE): how many logits does it output per text?

// %% exercise="ch4.q5" role="solution"
let logitsPerText: number | undefined;
// BEGIN SOLUTION
logitsPerText = 2;
// END SOLUTION

// %% exercise="ch4.q5" role="tests"
await check("ch4.q5", logitsPerText);

// %% [markdown]
// ## Exercise 6 (1 point)
//
// Why pass the attention mask with a padded batch?
//
// - **a** it makes the model faster
// - **b** so that padding does not change the real tokens' results
// - **c** the tokenizer needs it to decode

// %% exercise="ch4.q6" role="solution"
let whyMask: string | undefined;
// BEGIN SOLUTION
whyMask = "b";
// END SOLUTION

// %% exercise="ch4.q6" role="tests"
await check("ch4.q6", whyMask);

// %% [markdown]
// ## Exercise 7 (1 point)
//
// What does a model's head do?
//
// - **a** it turns the body's hidden states into the output a task needs
// - **b** it splits the text into tokens
// - **c** it is the first layer of the transformer

// %% exercise="ch4.q7" role="solution"
let whatHead: string | undefined;
// BEGIN SOLUTION
whatHead = "a";
// END SOLUTION

// %% exercise="ch4.q7" role="tests"
await check("ch4.q7", whatHead);

// %% [markdown]
// ## Your progress

// %%
progress();

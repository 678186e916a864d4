// %% [markdown]
// # Chapter 4 exercises: behind the pipeline
//
// Write each answer where it says `YOUR CODE HERE` or `YOUR ANSWER HERE`, run the cell, then run the
// check below it. Run this first: it loads the sentiment checkpoint's tokenizer and model.

// %%
import { check, progress, autoTokenizer, locateModel, defaultModel } from "hf-course";
import { transformers } from "hf-course/transformers";
const { AutoModelForSequenceClassification, softmax } = transformers();
const checkpoint = defaultModel("sentiment-analysis").id;
const tokenizer = await autoTokenizer(checkpoint);
const located = await locateModel(checkpoint);
const model = await AutoModelForSequenceClassification.from_pretrained(located.path, {
  dtype: located.dtype as "fp32",
});

/** What exercise 3's classify() is given: a model (called on the tokenizer's output, it returns { logits }) and its config. */
type SequenceClassifier = {
  (inputs: object): Promise<{ logits: { tolist(): unknown } }>;
  config: { id2label: Record<number, string> };
};
/** The model above with its logits multiplied by t: exercise 3's checks pass it to classify() (t = 1 is the model itself). */
const scaledModel = (t: number): SequenceClassifier =>
  Object.assign(async (inputs: object) => ({ logits: (await model(inputs)).logits.mul(t) }), {
    config: model.config as unknown as SequenceClassifier["config"],
  });

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
// Write `classify(texts, model)` with `tokenizer` (loaded above) and the `model` it is given: tokenize
// with padding and truncation, run the model, softmax each row of logits, and return `{ label, score }`
// for each text (the label from the model's `config.id2label`), the same as the pipeline.
//
// The check calls it with the model itself and with copies whose logits it changes
// (`scaledModel(t)`, above): use the model you are given, not a pipeline.

// %% exercise="ch4.q3" role="solution"
async function classify(texts: string[], model: SequenceClassifier): Promise<{ label: string; score: number }[]> {
  // BEGIN SOLUTION
  const inputs = tokenizer(texts, { padding: true, truncation: true });
  const { logits } = await model(inputs);
  const id2label = model.config.id2label;
  return (logits.tolist() as number[][]).map((row) => {
    const p = softmax(row) as number[];
    const best = p.indexOf(Math.max(...p));
    return { label: id2label[best], score: p[best] };
  });
  // END SOLUTION
}

// %% exercise="ch4.q3" role="tests"
await check("ch4.q3", (texts: string[], t: number) => classify(texts, scaledModel(t)));
// BEGIN HIDDEN TESTS
await check("ch4.q3", (texts: string[], t: number) => classify(texts, scaledModel(t)), { hidden: true });
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
// Without running it: the sentiment model (labels NEGATIVE, POSITIVE) gives the logits `[-1.5, 2.5]`
// for a text. What `score` does the sentiment-analysis pipeline report for it? Answer with a number,
// rounded to 2 decimals.

// %% exercise="ch4.q5" role="solution"
let reportedScore: number | undefined;
// BEGIN SOLUTION
reportedScore = 0.98;
// END SOLUTION

// %% exercise="ch4.q5" role="tests"
await check("ch4.q5", reportedScore);

// %% [markdown]
// ## Exercise 6 (1 point)
//
// Why pass the attention mask with a padded batch?
//
// - **a** it makes the model faster
// - **b** so that padding does not change the real tokens' results
// - **c** the tokenizer needs it to decode
// - **d** it tells the model which sentence each token belongs to

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
// - **d** it chooses which checkpoint to download

// %% exercise="ch4.q7" role="solution"
let whatHead: string | undefined;
// BEGIN SOLUTION
whatHead = "a";
// END SOLUTION

// %% exercise="ch4.q7" role="tests"
await check("ch4.q7", whatHead);

// %% [markdown]
// ## Summary
//
// - The pipeline is three steps you can do by hand: the tokenizer (text to ids, padded and truncated,
//   with the attention mask), the model (ids to logits), the postprocessing (softmax for the scores,
//   `config.id2label` for the names).
// - A model is a body (the transformer: one hidden state per token, `[batch, tokens, hidden size]`) and a
//   head for a task (e.g. one logit per label). `AutoModel…` classes pick the head; `config.json` holds
//   the sizes and labels, the weights are in their own file.
// - Pass the attention mask with a padded batch, or the padding changes the results.
//
// ## Review questions (1 point each)
//
// ### Question 8: do the logits and the probabilities pick the same label?
//
// - **a** no: softmax can change which value is the largest
// - **b** only for two labels
// - **c** yes, always: softmax keeps the order of the values
// - **d** only when the attention mask is passed

// %% exercise="ch4.q8" role="solution"
let sameLabel: string | undefined;
// BEGIN SOLUTION
sameLabel = "c";
// END SOLUTION

// %% exercise="ch4.q8" role="tests"
await check("ch4.q8", sameLabel);

// %% [markdown]
// ### Question 9: what is in a model's `config.json`? Select every right answer (an array of letters).
//
// - **a** the labels (`id2label`)
// - **b** the architecture's sizes: hidden size, layers, attention heads
// - **c** the trained weights
// - **d** the tokenizer's vocabulary

// %% exercise="ch4.q9" role="solution"
let inConfig: string[] | undefined;
// BEGIN SOLUTION
inConfig = ["a", "b"];
// END SOLUTION

// %% exercise="ch4.q9" role="tests"
await check("ch4.q9", inConfig);

// %% [markdown]
// ### Question 10: `AutoModel` or `AutoModelForSequenceClassification`?
//
// - **a** they give the same outputs
// - **b** `AutoModel` gives the body's hidden states; the other adds a head with one logit per label
// - **c** `AutoModel` is for PyTorch, the other for ONNX
// - **d** `AutoModelForSequenceClassification` has no tokenizer, `AutoModel` has one

// %% exercise="ch4.q10" role="solution"
let autoModels: string | undefined;
// BEGIN SOLUTION
autoModels = "b";
// END SOLUTION

// %% exercise="ch4.q10" role="tests"
await check("ch4.q10", autoModels);

// %% [markdown]
// ## Your progress

// %%
progress();

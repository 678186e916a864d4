// %% [markdown]
// # Chapter 2 exercises: how transformers work
//
// Write each answer where it says `YOUR CODE HERE` or `YOUR ANSWER HERE`, run the cell, then run the
// check below it. Matrices are arrays of rows: `number[][]`. Run this first:

// %%
import { check, progress } from "hf-course";

// %% [markdown]
// ## Exercise 1: softmax of each row (2 points)
//
// Write `softmaxRows(m)`: apply softmax to each row of a matrix (each row then sums to 1). Keep it
// safe for large numbers.

// %% exercise="ch2.q1" role="solution"
function softmaxRows(m: number[][]): number[][] {
  // BEGIN SOLUTION
  return m.map((row) => {
    const top = Math.max(...row);
    const exps = row.map((x) => Math.exp(x - top));
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / sum);
  });
  // END SOLUTION
}

// %% exercise="ch2.q1" role="tests"
await check("ch2.q1", softmaxRows);
// BEGIN HIDDEN TESTS
await check("ch2.q1", softmaxRows, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: a causal mask (2 points)
//
// Write `causalMask(n)`: an n × n matrix to add to attention scores so that token i sees only tokens
// 0…i: `0` where the column j ≤ i, `-Infinity` where j > i.

// %% exercise="ch2.q2" role="solution"
function causalMask(n: number): number[][] {
  // BEGIN SOLUTION
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j <= i ? 0 : -Infinity)));
  // END SOLUTION
}

// %% exercise="ch2.q2" role="tests"
await check("ch2.q2", causalMask);
// BEGIN HIDDEN TESTS
await check("ch2.q2", causalMask, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 3: scaled dot-product attention (3 points)
//
// Write `attention(q, k, v)`: `softmax(q · kᵀ / √d) · v`, where d is the length of a query vector.
// q has one row per query token, k and v one row per key token. You may use your `softmaxRows`.

// %% exercise="ch2.q3" role="solution"
function attention(q: number[][], k: number[][], v: number[][]): number[][] {
  // BEGIN SOLUTION
  const d = q[0].length;
  const scores = q.map((qi) => k.map((kj) => qi.reduce((s, x, t) => s + x * kj[t], 0) / Math.sqrt(d)));
  const weights = softmaxRows(scores);
  return weights.map((w) => v[0].map((_, col) => w.reduce((s, wj, j) => s + wj * v[j][col], 0)));
  // END SOLUTION
}

// %% exercise="ch2.q3" role="tests"
await check("ch2.q3", attention);
// BEGIN HIDDEN TESTS
await check("ch2.q3", attention, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 4: predict (1 point)
//
// A layer has 2 attention heads and reads one sentence of 5 tokens. What is the shape of its
// attention weights (without the batch dimension)? Answer as an array, e.g. `[3, 4]`.

// %% exercise="ch2.q4" role="solution"
let weightsShape: number[] | undefined;
// BEGIN SOLUTION
weightsShape = [2, 5, 5];
// END SOLUTION

// %% exercise="ch2.q4" role="tests"
await check("ch2.q4", weightsShape);

// %% [markdown]
// ## Exercise 5 (1 point)
//
// Which family of models suits translation best?
//
// - **a** encoder-only
// - **b** decoder-only
// - **c** encoder-decoder
// - **d** any family, if it has a classification head

// %% exercise="ch2.q5" role="solution"
let translationFamily: string | undefined;
// BEGIN SOLUTION
translationFamily = "c";
// END SOLUTION

// %% exercise="ch2.q5" role="tests"
await check("ch2.q5", translationFamily);

// %% [markdown]
// ## Exercise 6 (1 point)
//
// How is BERT pretrained?
//
// - **a** by predicting the next word from the words before it
// - **b** by predicting hidden words from the words on both sides
// - **c** by translating between languages
// - **d** by classifying the sentiment of movie reviews

// %% exercise="ch2.q6" role="solution"
let bertObjective: string | undefined;
// BEGIN SOLUTION
bertObjective = "b";
// END SOLUTION

// %% exercise="ch2.q6" role="tests"
await check("ch2.q6", bertObjective);

// %% [markdown]
// ## Exercise 7 (1 point)
//
// What is `bert-base-uncased`?
//
// - **a** a checkpoint
// - **b** an architecture
// - **c** a head
// - **d** a tokenizer

// %% exercise="ch2.q7" role="solution"
let whatIsIt: string | undefined;
// BEGIN SOLUTION
whatIsIt = "a";
// END SOLUTION

// %% exercise="ch2.q7" role="tests"
await check("ch2.q7", whatIsIt);

// %% [markdown]
// ## Summary
//
// - Transformers are language models pretrained on raw text without labels: causal language modelling
//   (predict the next token: GPT, decoders) or masked language modelling (predict hidden tokens from both
//   sides: BERT, encoders). Fine-tuning then adapts them to a task (transfer learning).
// - Three families: encoder-only (understanding: classification, entities), decoder-only (generation),
//   encoder-decoder (a new text from an input text: translation, summarization).
// - Attention: softmax(Q Kᵀ / √d) V, each token a weighted mix of the others; a causal mask hides the
//   future tokens; several heads attend in parallel.
// - An architecture (BERT) is not a checkpoint (bert-base-uncased, its trained weights).
//
// ## Review questions (1 point each)
//
// ### Question 8: which of these models are decoder-only? Select every right answer (an array of letters).
//
// - **a** GPT-2
// - **b** BERT
// - **c** SmolLM2 (and Llama)
// - **d** T5

// %% exercise="ch2.q8" role="solution"
let decoderOnly: string[] | undefined;
// BEGIN SOLUTION
decoderOnly = ["a", "c"];
// END SOLUTION

// %% exercise="ch2.q8" role="tests"
await check("ch2.q8", decoderOnly);

// %% [markdown]
// ### Question 9: why divide the scores by √d in attention?
//
// - **a** so that the weights of each row sum to 1
// - **b** so that the dot products do not grow with the vector size and saturate the softmax
// - **c** to hide the tokens that come later
// - **d** to make it faster

// %% exercise="ch2.q9" role="solution"
let whyScale: string | undefined;
// BEGIN SOLUTION
whyScale = "b";
// END SOLUTION

// %% exercise="ch2.q9" role="tests"
await check("ch2.q9", whyScale);

// %% [markdown]
// ### Question 10: what is multi-head attention?
//
// - **a** several attentions in parallel, each on its own projection of the vectors, their outputs joined
// - **b** attention repeated in every layer
// - **c** one attention per sentence of the batch
// - **d** a model with several classification heads

// %% exercise="ch2.q10" role="solution"
let multiHead: string | undefined;
// BEGIN SOLUTION
multiHead = "a";
// END SOLUTION

// %% exercise="ch2.q10" role="tests"
await check("ch2.q10", multiHead);

// %% [markdown]
// ## Your progress

// %%
progress();

// %% [markdown]
// # Chapter 3 exercises: tokenization
//
// Write each answer where it says `YOUR CODE HERE` or `YOUR ANSWER HERE`, run the cell, then run the
// check below it. The tokenizer is BERT's (`Xenova/bert-base-uncased`; offline, the course's stand-in).
// Run this first:

// %%
import { check, progress, autoTokenizer } from "hf-course";
const tokenizer = await autoTokenizer("Xenova/bert-base-uncased");

// %% [markdown]
// ## Exercise 1: count the tokens the model sees (2 points)
//
// Write `countTokens(text)`: the number of ids the model receives for the text, special tokens included.

// %% exercise="ch3.q1" role="solution"
function countTokens(text: string): number {
  // BEGIN SOLUTION
  return (tokenizer.encode(text) as number[]).length;
  // END SOLUTION
}

// %% exercise="ch3.q1" role="tests"
await check("ch3.q1", countTokens);
// BEGIN HIDDEN TESTS
await check("ch3.q1", countTokens, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: tokens and their ids (2 points)
//
// Write `tokensWithIds(text)`: for each token of the text (no special tokens), the pair
// `[token, id]`, e.g. `[["the", 1996], ["cat", 4937]]`.

// %% exercise="ch3.q2" role="solution"
function tokensWithIds(text: string): [string, number][] {
  // BEGIN SOLUTION
  return (tokenizer.tokenize(text) as string[]).map((token) => [token, tokenizer.convert_tokens_to_ids(token) as number]);
  // END SOLUTION
}

// %% exercise="ch3.q2" role="tests"
await check("ch3.q2", tokensWithIds);
// BEGIN HIDDEN TESTS
await check("ch3.q2", tokensWithIds, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 3: predict (1 point)
//
// A batch holds two texts of 5 and 3 tokens (special tokens included) and is tokenized with
// `padding: true`. What is the attention mask of the second text? Answer as an array.

// %% exercise="ch3.q3" role="solution"
let secondMask: number[] | undefined;
// BEGIN SOLUTION
secondMask = [1, 1, 1, 0, 0];
// END SOLUTION

// %% exercise="ch3.q3" role="tests"
await check("ch3.q3", secondMask);

// %% [markdown]
// ## Exercise 4: pad a batch (2 points)
//
// Write `padBatch(batch, padId)`: pad every row of ids to the length of the longest with `padId`,
// and build the attention mask. Return `{ input_ids, attention_mask }`.

// %% exercise="ch3.q4" role="solution"
function padBatch(batch: number[][], padId: number): { input_ids: number[][]; attention_mask: number[][] } {
  // BEGIN SOLUTION
  const width = Math.max(...batch.map((row) => row.length));
  return {
    input_ids: batch.map((row) => [...row, ...new Array(width - row.length).fill(padId)]),
    attention_mask: batch.map((row) => [...row.map(() => 1), ...new Array(width - row.length).fill(0)]),
  };
  // END SOLUTION
}

// %% exercise="ch3.q4" role="tests"
await check("ch3.q4", padBatch);
// BEGIN HIDDEN TESTS
await check("ch3.q4", padBatch, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 5: one step of BPE (2 points)
//
// The corpus is a list of words, each split into symbols, with how often the word occurs, e.g.
// `[[["h", "u", "g"], 10], [["p", "u", "g"], 5]]`. Write `mostFrequentPair(words)`: the adjacent pair of
// symbols that occurs most often (each occurrence counts the word's frequency), as `[left, right]`.
// On a tie, return the pair met first.

// %% exercise="ch3.q5" role="solution"
function mostFrequentPair(words: [string[], number][]): [string, string] | undefined {
  // BEGIN SOLUTION
  const counts = new Map<string, number>();
  for (const [symbols, count] of words) {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = `${symbols[i]} ${symbols[i + 1]}`;
      counts.set(key, (counts.get(key) ?? 0) + count);
    }
  }
  let best: string | undefined;
  for (const [key, count] of counts) if (best === undefined || count > counts.get(best)!) best = key;
  return best === undefined ? undefined : (best.split(" ") as [string, string]);
  // END SOLUTION
}

// %% exercise="ch3.q5" role="tests"
await check("ch3.q5", mostFrequentPair);
// BEGIN HIDDEN TESTS
await check("ch3.q5", mostFrequentPair, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 6 (1 point)
//
// Why do the course's models use subword tokenization?
//
// - **a** it makes every word a single token
// - **b** a small vocabulary with few unknown tokens, while frequent words stay whole
// - **c** it needs no training

// %% exercise="ch3.q6" role="solution"
let whySubwords: string | undefined;
// BEGIN SOLUTION
whySubwords = "b";
// END SOLUTION

// %% exercise="ch3.q6" role="tests"
await check("ch3.q6", whySubwords);

// %% [markdown]
// ## Exercise 7 (1 point)
//
// What are `token_type_ids` for?
//
// - **a** they say which sentence of a pair each token belongs to
// - **b** they mark padding tokens
// - **c** they give each token's position

// %% exercise="ch3.q7" role="solution"
let tokenTypes: string | undefined;
// BEGIN SOLUTION
tokenTypes = "a";
// END SOLUTION

// %% exercise="ch3.q7" role="tests"
await check("ch3.q7", tokenTypes);

// %% [markdown]
// ## Your progress

// %%
progress();

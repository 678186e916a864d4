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
  return (tokenizer.tokenize(text) as string[]).map((token) => [
    token,
    tokenizer.convert_tokens_to_ids(token) as number,
  ]);
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
// Without running it: BERT's tokenizer is given the pair `tokenizer("How are you?", { text_pair: "I am good." })`.
// What are its `token_type_ids`? Answer as an array of numbers.

// %% exercise="ch3.q3" role="solution"
let pairTypeIds: number[] | undefined;
// BEGIN SOLUTION
pairTypeIds = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
// END SOLUTION

// %% exercise="ch3.q3" role="tests"
await check("ch3.q3", pairTypeIds);

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
// - **d** each character becomes a token, so nothing is unknown

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
// - **d** they say which tokens are special ([CLS], [SEP])

// %% exercise="ch3.q7" role="solution"
let tokenTypes: string | undefined;
// BEGIN SOLUTION
tokenTypes = "a";
// END SOLUTION

// %% exercise="ch3.q7" role="tests"
await check("ch3.q7", tokenTypes);

// %% [markdown]
// ## Summary
//
// - Tokenizers turn text into ids in steps: normalize, pre-tokenize, split into tokens of a vocabulary,
//   add the special tokens (`[CLS] A [SEP] B [SEP]` for BERT), convert to ids.
// - Word-based vocabularies are huge and miss words; characters make long sequences; subwords (BPE,
//   WordPiece, Unigram) keep frequent words whole and cut rare ones into known pieces.
// - A batch is a rectangle: pad to the longest row and pass the attention mask (1 real, 0 padding);
//   truncate what is longer than the model accepts. token_type_ids tell the two texts of a pair apart.
// - Training a tokenizer is counting: BPE merges the most frequent pair again and again.
//
// ## Review questions (1 point each)
//
// ### Question 8: how does BERT's WordPiece mark a piece that continues a word?
//
// - **a** with "Ġ" in front of it
// - **b** with "▁" in front of it
// - **c** with "##" in front of it
// - **d** it does not mark it

// %% exercise="ch3.q8" role="solution"
let continuationMark: string | undefined;
// BEGIN SOLUTION
continuationMark = "c";
// END SOLUTION

// %% exercise="ch3.q8" role="tests"
await check("ch3.q8", continuationMark);

// %% [markdown]
// ### Question 9: what does BERT's tokenizer return for a text? Select every right answer (an array of letters).
//
// - **a** `input_ids`
// - **b** `attention_mask`
// - **c** `token_type_ids`
// - **d** `logits`

// %% exercise="ch3.q9" role="solution"
let tokenizerReturns: string[] | undefined;
// BEGIN SOLUTION
tokenizerReturns = ["a", "b", "c"];
// END SOLUTION

// %% exercise="ch3.q9" role="tests"
await check("ch3.q9", tokenizerReturns);

// %% [markdown]
// ### Question 10: what does training a tokenizer learn?
//
// - **a** the weights of the model
// - **b** a vocabulary (and for BPE its merge rules) from the frequencies in a corpus
// - **c** the meaning of each word
// - **d** how to translate between languages

// %% exercise="ch3.q10" role="solution"
let tokenizerLearns: string | undefined;
// BEGIN SOLUTION
tokenizerLearns = "b";
// END SOLUTION

// %% exercise="ch3.q10" role="tests"
await check("ch3.q10", tokenizerLearns);

// %% [markdown]
// ## Your progress

// %%
progress();

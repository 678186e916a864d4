// %% [markdown]
// # Chapter 0 exercises: how the course's exercises work
//
// Each exercise has a cell for your answer and a check cell below it. Write your answer where it
// says `YOUR CODE HERE` or `YOUR ANSWER HERE`, run the cell, then run the check cell: it tells you
// at once whether the answer is right, and if not, what it expected and a hint.
// `progress()` at the end shows which exercises pass.
//
// Run the next cell first: it imports what the checks need.

// %%
import { check, progress } from "hf-course";

// %% [markdown]
// ## Exercise 1: softmax (2 points)
//
// Write `softmax(scores)`: it turns a list of scores (logits) into probabilities that are between
// 0 and 1 and sum to 1: `exp(score) / sum of exp(all scores)`. Make it safe for large scores
// (hint: `exp(1000)` is `Infinity` in JavaScript; subtracting the largest score first changes nothing
// in the result).

// %% exercise="ch0.q1" role="solution"
function softmax(scores: number[]): number[] {
  // BEGIN SOLUTION
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
  // END SOLUTION
}

// %% exercise="ch0.q1" role="tests"
await check("ch0.q1", softmax);
// BEGIN HIDDEN TESTS
await check("ch0.q1", softmax, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: predict the output (1 point)
//
// Without running it: what is the **second** value of `softmax([0, Math.log(3)])`? Set
// `secondProbability` to your prediction, as a number.

// %% exercise="ch0.q2" role="solution"
let secondProbability: number | undefined;
// BEGIN SOLUTION
secondProbability = 0.75;
// END SOLUTION

// %% exercise="ch0.q2" role="tests"
await check("ch0.q2", secondProbability);

// %% [markdown]
// ## Exercise 3: a question (1 point)
//
// What does a softmax return?
//
// - **a** numbers between 0 and 1 that sum to 1
// - **b** the index of the largest score
// - **c** the scores sorted from largest to smallest
// - **d** the scores divided by their sum
//
// Set `choice` to the letter of your answer.

// %% exercise="ch0.q3" role="solution"
let choice: string | undefined;
// BEGIN SOLUTION
choice = "a";
// END SOLUTION

// %% exercise="ch0.q3" role="tests"
await check("ch0.q3", choice);

// %% [markdown]
// ## Summary
//
// - An exercise is a cell for your answer and a check cell: code tasks (a function, checked on visible
//   inputs here and on hidden ones when graded), predictions (a value, answered without running the
//   code) and questions (the letter of a choice, or an array of letters when several are right).
// - A softmax turns scores into probabilities: positive, summing to 1, in the order of the scores; only
//   the differences between the scores matter, which is why subtracting the largest first is safe.
//
// ## Your progress

// %%
progress();

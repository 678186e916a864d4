// %% [markdown]
// # Chapter 1 exercises: pipelines
//
// Write each answer where it says `YOUR CODE HERE` or `YOUR ANSWER HERE`, run the cell, then run the
// check below it. The checks work online (the course's pinned models) and offline (its stand-ins).
// Exercises 12 and 14 check against the real chat model SmolLM2-135M-Instruct: online the Hub's ONNX
// export, offline the course's conversion of its GGUF from PyPI (as the lesson's "How LLMs are made
// and used" does; the notice says which).
// Run this first:

// %%
import { check, progress, pipeline } from "hf-course";

// %% [markdown]
// ## Exercise 1: sentiment of a batch (2 points)
//
// Write `sentimentLabels(texts)`: it runs the sentiment-analysis pipeline on all the texts at once
// and returns just the labels, in order (e.g. `["POSITIVE", "NEGATIVE"]`).

// %% exercise="ch1.q1" role="solution"
async function sentimentLabels(texts: string[]): Promise<string[]> {
  // BEGIN SOLUTION
  const classifier = await pipeline("sentiment-analysis");
  const results = await classifier(texts);
  return results.map((r) => r.label);
  // END SOLUTION
}

// %% exercise="ch1.q1" role="tests"
await check("ch1.q1", sentimentLabels);
// BEGIN HIDDEN TESTS
await check("ch1.q1", sentimentLabels, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 2: predict (1 point)
//
// Without running it: the zero-shot-classification pipeline is given one text and three candidate
// labels, `["sports", "politics", "cooking"]`. What do the three `scores` of its result add up to?
// Answer with a number.

// %% exercise="ch1.q2" role="solution"
let scoreSum: number | undefined;
// BEGIN SOLUTION
scoreSum = 1;
// END SOLUTION

// %% exercise="ch1.q2" role="tests"
await check("ch1.q2", scoreSum);

// %% [markdown]
// ## Exercise 3: the best zero-shot label (2 points)
//
// Write `bestLabel(text, labels)`: it returns the candidate label the zero-shot-classification
// pipeline scores highest, wherever it is among the labels you give. (Remember: in transformers.js
// the labels are the second argument; look at what the result holds before you pick.)

// %% exercise="ch1.q3" role="solution"
async function bestLabel(text: string, labels: string[]): Promise<string> {
  // BEGIN SOLUTION
  const classifier = await pipeline("zero-shot-classification");
  const result = await classifier(text, labels);
  return result.labels[0];
  // END SOLUTION
}

// %% exercise="ch1.q3" role="tests"
await check("ch1.q3", bestLabel);
// BEGIN HIDDEN TESTS
await check("ch1.q3", bestLabel, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 4: fill the blank (2 points)
//
// Write `fillBlank(template)`: the template marks the blank with `___`. Replace it with the fill-mask
// model's own mask token (`unmasker.tokenizer.mask_token`: it is `[MASK]` for some models and
// `<mask>` for others), and return the model's single best word for it (`token_str`).

// %% exercise="ch1.q4" role="solution"
async function fillBlank(template: string): Promise<string> {
  // BEGIN SOLUTION
  const unmasker = await pipeline("fill-mask");
  const results = await unmasker(template.replace("___", unmasker.tokenizer.mask_token), { top_k: 1 });
  return results[0].token_str;
  // END SOLUTION
}

// %% exercise="ch1.q4" role="tests"
await check("ch1.q4", fillBlank);
// BEGIN HIDDEN TESTS
await check("ch1.q4", fillBlank, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 5: cosine similarity (2 points)
//
// Write `cosineSimilarity(a, b)` for two vectors of the same length: their dot product divided by
// the product of their lengths. 1 means the same direction, 0 unrelated.

// %% exercise="ch1.q5" role="solution"
function cosineSimilarity(a: number[], b: number[]): number {
  // BEGIN SOLUTION
  const dot = a.reduce((sum, x, i) => sum + x * b[i], 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
  // END SOLUTION
}

// %% exercise="ch1.q5" role="tests"
await check("ch1.q5", cosineSimilarity);
// BEGIN HIDDEN TESTS
await check("ch1.q5", cosineSimilarity, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 6: a question (1 point)
//
// Which pipeline answers by pointing at a span of a text you give it?
//
// - **a** text-generation
// - **b** question-answering
// - **c** summarization
// - **d** fill-mask

// %% exercise="ch1.q6" role="solution"
let spanPipeline: string | undefined;
// BEGIN SOLUTION
spanPipeline = "b";
// END SOLUTION

// %% exercise="ch1.q6" role="tests"
await check("ch1.q6", spanPipeline);

// %% [markdown]
// ## Exercise 7: a question (1 point)
//
// A fill-mask model trained on Wikipedia suggests different jobs after "This man works as a" and
// "This woman works as a". Why?
//
// - **a** the tokenizer treats "man" and "woman" differently
// - **b** the pipeline adds randomness to the answers
// - **c** it learned the patterns of its training text, prejudices included
// - **d** the model was fine-tuned to prefer some jobs for each word

// %% exercise="ch1.q7" role="solution"
let biasSource: string | undefined;
// BEGIN SOLUTION
biasSource = "c";
// END SOLUTION

// %% exercise="ch1.q7" role="tests"
await check("ch1.q7", biasSource);

// %% [markdown]
// ## Exercise 8: the people in a text (2 points)
//
// Write `peopleIn(text)`: it runs the token-classification (NER) pipeline with grouped entities and
// returns the words of the entities tagged as persons (`entity_group` `"PER"`), in order.

// %% exercise="ch1.q8" role="solution"
async function peopleIn(text: string): Promise<string[]> {
  // BEGIN SOLUTION
  const ner = await pipeline("token-classification");
  const entities = await ner(text, { aggregation_strategy: "simple" });
  return entities.filter((e) => e.entity_group === "PER").map((e) => e.word);
  // END SOLUTION
}

// %% exercise="ch1.q8" role="tests"
await check("ch1.q8", peopleIn);
// BEGIN HIDDEN TESTS
await check("ch1.q8", peopleIn, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 12: the chat prompt, by hand (2 points)
//
// Write `chatPromptOf(messages)`: the exact string SmolLM2's chat template builds from a list of
// messages with `add_generation_prompt: true`, written yourself, without `apply_chat_template` (look at
// the prompt the lesson printed). The messages always start with a system message. The check compares
// your string with the template's, character by character.

// %% exercise="ch1.q12" role="solution"
function chatPromptOf(messages: { role: string; content: string }[]): string {
  // BEGIN SOLUTION
  return messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") + "<|im_start|>assistant\n";
  // END SOLUTION
}

// %% exercise="ch1.q12" role="tests"
await check("ch1.q12", chatPromptOf);
// BEGIN HIDDEN TESTS
await check("ch1.q12", chatPromptOf, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Exercise 13: which settings are deterministic? (1 point)
//
// Which of these generation options give the same answer every time the same prompt is run? Select
// every right answer (an array of letters).
//
// - **a** `{ do_sample: false }`
// - **b** `{ do_sample: true, top_k: 1 }`
// - **c** `{ do_sample: true, temperature: 0.1 }`
// - **d** `{ do_sample: true, top_p: 0.9 }`

// %% exercise="ch1.q13" role="solution"
let deterministic: string[] | undefined;
// BEGIN SOLUTION
deterministic = ["a", "b"];
// END SOLUTION

// %% exercise="ch1.q13" role="tests"
await check("ch1.q13", deterministic);

// %% [markdown]
// ## Exercise 14: a factual answer with a system prompt (2 points)
//
// Write `factualMessages(system, question)`: the conversation that makes the chat model
// `HuggingFaceTB/SmolLM2-135M-Instruct` answer the question under that system prompt, as a list of
// messages (`{ role, content }`). The check sends your messages to the model (greedy, 32 new tokens)
// and looks for the right city in its reply, whatever the wording: try your messages yourself first,
// `await (await pipeline("text-generation", "HuggingFaceTB/SmolLM2-135M-Instruct"))(messages, { max_new_tokens: 32, do_sample: false })`.

// %% exercise="ch1.q14" role="solution"
function factualMessages(system: string, question: string): { role: string; content: string }[] {
  // BEGIN SOLUTION
  return [
    { role: "system", content: system },
    { role: "user", content: question },
  ];
  // END SOLUTION
}

// %% exercise="ch1.q14" role="tests"
await check("ch1.q14", factualMessages);
// BEGIN HIDDEN TESTS
await check("ch1.q14", factualMessages, { hidden: true });
// END HIDDEN TESTS

// %% [markdown]
// ## Summary
//
// - `pipeline(task)` wraps the three steps of using a model: tokenize the text, run the model, turn
//   its output into labels, scores, words or spans. It picks a default checkpoint for the task.
// - One pipeline call takes one text or a list; the tasks of this chapter: sentiment analysis,
//   zero-shot classification (any labels, ranked by an NLI model), text generation, fill-mask (with
//   the model's own mask token), named entities (grouped with `aggregation_strategy`), question
//   answering (a span of the context), summarization and translation.
// - A chat model is a text generator pretrained on raw text, then instruction-tuned on conversations; its
//   chat template turns messages into the one prompt string it was trained on. Greedy decoding gives the
//   same answer every run, sampling (temperature, top_k, top_p) varies; the KV cache makes every token after the first cheap.
// - A model repeats the patterns of its training text, its biases included.
//
// ## Review questions (1 point each)
//
// ### Question 9: what does `pipeline()` do for you? Select every right answer (an array of letters).
//
// - **a** it picks a default model for the task when you name none
// - **b** it tokenizes the text
// - **c** it fine-tunes the model on your texts
// - **d** it turns the model's logits into labels and scores

// %% exercise="ch1.q9" role="solution"
let pipelineDoes: string[] | undefined;
// BEGIN SOLUTION
pipelineDoes = ["a", "b", "d"];
// END SOLUTION

// %% exercise="ch1.q9" role="tests"
await check("ch1.q9", pipelineDoes);

// %% [markdown]
// ### Question 10: how can zero-shot classification use labels it was never trained on?
//
// - **a** it was trained on every possible label
// - **b** it asks, for each label, whether the text entails a sentence like "This example is {label}."
// - **c** it compares the spelling of each label with the words of the text
// - **d** it generates a label and picks the closest candidate

// %% exercise="ch1.q10" role="solution"
let zeroShotHow: string | undefined;
// BEGIN SOLUTION
zeroShotHow = "b";
// END SOLUTION

// %% exercise="ch1.q10" role="tests"
await check("ch1.q10", zeroShotHow);

// %% [markdown]
// ### Question 11: what does `aggregation_strategy: "simple"` change in the NER pipeline?
//
// - **a** it uses a smaller, simpler model
// - **b** it keeps only the persons
// - **c** it groups the tokens of one entity into one result with an `entity_group`
// - **d** it lowercases the entities

// %% exercise="ch1.q11" role="solution"
let aggregation: string | undefined;
// BEGIN SOLUTION
aggregation = "c";
// END SOLUTION

// %% exercise="ch1.q11" role="tests"
await check("ch1.q11", aggregation);

// %% [markdown]
// ## Your progress

// %%
progress();

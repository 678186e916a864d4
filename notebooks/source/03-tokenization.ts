// %% [markdown]
// # 3. Tokenization
//
// Models read numbers, not text. A **tokenizer** cuts text into **tokens** and gives each token an
// **id** from its vocabulary; after the model, it turns ids back into text. This chapter compares the
// three ways to cut text, takes a real tokenizer apart, and trains two tokenizers on a corpus with the
// course's own trainer.

// %%
import {
  autoTokenizer,
  loadDataset,
  plot,
  Dataset,
  trainByteLevelBpeTokenizer,
  trainWordPieceTokenizer,
  writeTokenizer,
  trainBpe,
  progressBar,
  bertNormalize,
  bertPreTokenize,
} from "hf-course";
import { transformers } from "hf-course/transformers";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// %% [markdown]
// ## Words, characters or pieces of words?
//
// We need a corpus to compare them: the validation split of WikiText-2, a set of Wikipedia articles
// (online it comes from the Hub; offline from the course's dataset mirror).

// %%
const wikitext = await loadDataset("Salesforce/wikitext", "wikitext-2-v1", { split: "validation" });
const lines = (wikitext.column("text") as string[])
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && !l.startsWith("="));
console.log(`${lines.length} paragraphs, for example:\n${lines[3].slice(0, 300)}…`);

// %% [markdown]
// **Word-based**: split on spaces (and punctuation). Easy, but the vocabulary gets huge ("dog" and
// "dogs" are two unrelated words), and any word not in it becomes an unknown token.
// **Character-based**: a tiny vocabulary and no unknown words, but each character carries little
// meaning and a sentence becomes very long.

// %%
const words = lines.flatMap((l) => l.split(/\s+/).filter(Boolean));
const wordVocabulary = new Set(words);
const characterVocabulary = new Set(lines.join("").replace(/\s/g, ""));
Dataset.fromRows([
  {
    tokenization: "words",
    "vocabulary size": wordVocabulary.size,
    "tokens per paragraph": +(words.length / lines.length).toFixed(1),
  },
  {
    tokenization: "characters",
    "vocabulary size": characterVocabulary.size,
    "tokens per paragraph": +(lines.join("").replace(/\s/g, "").length / lines.length).toFixed(1),
  },
]).show();

// %% [markdown]
// **Subword tokenization** sits in between: frequent words stay whole, rare words are cut into
// frequent pieces ("tokenization" → "token", "##ization"). The vocabulary stays manageable (about
// 30,000 tokens for BERT, 50,257 for GPT-2, 128,000 to 256,000 for recent multilingual LLMs such as
// Llama 3 and Gemma), unknown tokens are rare, and pieces carry meaning. Every model in
// this course uses it, with one of three algorithms: **WordPiece** (BERT), **byte-level BPE** (GPT-2,
// RoBERTa, BART) and **Unigram** through SentencePiece (T5, ALBERT).
//
// ## A tokenizer, step by step
//
// `autoTokenizer(id)` loads the tokenizer of a checkpoint (transformers.js's `AutoTokenizer` on the
// course's pinned copy). Tokenizing a text cuts it into tokens:

// %%
const bert = await autoTokenizer("Xenova/bert-base-uncased");
const sentence = "Using a Transformer network is simple";
bert.tokenize(sentence);

// %% [markdown]
// `encode` turns the text into ids and adds the **special tokens** the model was trained with: BERT
// starts every input with `[CLS]` and ends each sentence with `[SEP]`. `decode` goes back to text.

// %%
const ids = bert.encode(sentence) as number[];
console.log(ids);
console.log(bert.decode(ids));
console.log(bert.decode(ids, { skip_special_tokens: true }));

// %% [markdown]
// The same with DistilBERT's tokenizer (the tokenizer of chapter 1's sentiment model) on another sentence.
// Note what the tokenizer does to "Gen AI": this tokenizer is *uncased*, so it lowercases everything, and
// decoding gives back the lowercased text, not the original (offline, the stand-in's tokenizer answers, as
// its notice says).

// %%
const distilbert = await autoTokenizer("Xenova/distilbert-base-uncased-finetuned-sst-2-english");
const learning = "I am learning Gen AI";
const learningIds = distilbert.encode(learning) as number[];
console.log("tokens:", distilbert.tokenize(learning, { add_special_tokens: true }).join(" "));
console.log("ids:   ", JSON.stringify(learningIds));
console.log("decoded:", JSON.stringify(distilbert.decode(learningIds, { skip_special_tokens: true })));

// %% [markdown]
// Tokens and ids map one to one through the vocabulary:

// %%
bert.convert_tokens_to_ids(bert.tokenize(sentence));

// %% [markdown]
// ## Pairs of sentences
//
// Some tasks read two texts (a question and a context, or two sentences to compare). BERT joins them
// as `[CLS] A [SEP] B [SEP]`, and `token_type_ids` says which sentence each token belongs to.
// Calling the tokenizer itself returns the model's inputs as tensors:

// %%
const pair = bert("This is the first sentence.", { text_pair: "This is the second one." });
const show = (t: { tolist(): bigint[][] }) => JSON.stringify(t.tolist()[0].map(Number));
console.log("input_ids      ", show(pair.input_ids));
console.log("token_type_ids ", show(pair.token_type_ids));
console.log(
  "tokens         ",
  bert.tokenize("This is the first sentence.", { pair: "This is the second one.", add_special_tokens: true }).join(" "),
);

// %% [markdown]
// ## Batches: padding, truncation and the attention mask
//
// A batch is a rectangle: every row must have the same length. **Padding** adds `[PAD]` tokens to the
// shorter rows, up to the longest (`padding: true`) or to a fixed `max_length` (`padding: "max_length"`).
// The **attention mask** marks real tokens with 1 and padding with 0, so the model ignores the
// padding (chapter 4 shows what happens without it). **Truncation** cuts rows longer than `max_length`.

// %%
const batch = ["I've been waiting for a HuggingFace course my whole life.", "So have I!"];
const padded = bert(batch, { padding: true });
console.log(
  padded.input_ids
    .tolist()
    .map((r: bigint[]) => r.map(Number).join(" "))
    .join("\n"),
);
console.log(
  padded.attention_mask
    .tolist()
    .map((r: bigint[]) => r.map(Number).join(" "))
    .join("\n"),
);

// %%
const fixed = bert(batch, { padding: "max_length", truncation: true, max_length: 8 });
fixed.input_ids.dims;

// %% [markdown]
// > **transformers.js:** tokenizers here do not return `offset_mapping` (where each token sits in the
// > text). The course's question-answering code finds offsets by cutting the text into words first
// > (`lib/training/qa-features.ts`).
//
// ## Three algorithms, one sentence
//
// The same sentence through BERT's WordPiece, GPT-2's byte-level BPE and T5's SentencePiece. WordPiece
// marks a piece that continues a word with `##`; byte-level BPE marks a piece that starts after a space
// with `Ġ`; SentencePiece marks it with `▁`. (Offline, the course's stand-ins replace the real
// tokenizers, and the notice above the table says which: the stand-in for T5 is BPE, not SentencePiece.)

// %%
const gpt2 = await autoTokenizer("Xenova/gpt2");
const t5 = await autoTokenizer("Xenova/flan-t5-small");
const text = "Tokenizers split unbelievably long words into pieces.";
Dataset.fromRows([
  { tokenizer: "BERT (WordPiece)", tokens: bert.tokenize(text).join(" "), count: bert.tokenize(text).length },
  { tokenizer: "GPT-2 (byte-level BPE)", tokens: gpt2.tokenize(text).join(" "), count: gpt2.tokenize(text).length },
  { tokenizer: "T5 (SentencePiece)", tokens: t5.tokenize(text).join(" "), count: t5.tokenize(text).length },
]).show();

// %% [markdown]
// ## Training a tokenizer
//
// A tokenizer is trained, not written by hand: the algorithm learns its vocabulary from a corpus.
// **BPE** starts from single characters (bytes, for byte-level BPE) and repeatedly merges the most
// frequent adjacent pair into a new token, until the vocabulary has the size asked for. **WordPiece**
// does the same but picks the pair by a score that favours pairs whose parts are rare on their own
// (the course's trainer can also merge by frequency, as the `tokenizers` library does).
//
// Here are the first merges of BPE on a tiny corpus, with the word counts of the Python course's
// example:

// %%
const tiny: [string, number][] = [
  ["hug", 10],
  ["pug", 5],
  ["pun", 12],
  ["bun", 4],
  ["hugs", 5],
];
// Each word starts as a list of characters; the trainer merges pairs until the vocabulary has 10 tokens.
const tinyMerges = trainBpe(
  tiny.map(([word, count]) => [[...word], count] as [string[], number]),
  10,
).merges;
tinyMerges;

// %% [markdown]
// Step by step: at each step, the counts of the adjacent pairs over the corpus (each word counted as often
// as it occurs; the four largest are shown), the pair merged with its count, and the words after the merge.
// The starting vocabulary is the corpus's characters; each merge adds one token. (When two pairs have the
// same count, the trainer breaks the tie as the `tokenizers` library does.)

// %%
let pieces = tiny.map(([word]) => [...word]);
const pairCounts = (): Map<string, number> => {
  const counts = new Map<string, number>();
  pieces.forEach((symbols, w) =>
    symbols.slice(1).forEach((right, i) => {
      const pair = `${symbols[i]} + ${right}`;
      counts.set(pair, (counts.get(pair) ?? 0) + tiny[w][1]);
    }),
  );
  return counts;
};
const mergeSteps: Record<string, string | number>[] = [
  {
    step: 0,
    "pair counts": "",
    merged: "",
    "the words": pieces.map((p) => p.join(" ")).join(" · "),
    "vocabulary size": new Set(pieces.flat()).size,
  },
];
const vocabulary = new Set(pieces.flat());
tinyMerges.forEach(([left, right], i) => {
  const counts = [...pairCounts()].sort((a, b) => b[1] - a[1]);
  pieces = pieces.map((symbols) =>
    symbols.reduce((out: string[], s) => {
      if (out.length > 0 && out[out.length - 1] === left && s === right) out[out.length - 1] = left + right;
      else out.push(s);
      return out;
    }, []),
  );
  vocabulary.add(left + right);
  mergeSteps.push({
    step: i + 1,
    "pair counts":
      counts
        .slice(0, 4)
        .map(([pair, n]) => `${pair}: ${n}`)
        .join(", ") + (counts.length > 4 ? ", …" : ""),
    merged: `${left} + ${right} → ${left + right} (${counts.find(([pair]) => pair === `${left} + ${right}`)![1]})`,
    "the words": pieces.map((p) => p.join(" ")).join(" · "),
    "vocabulary size": vocabulary.size,
  });
});
Dataset.fromRows(mergeSteps).show(20);

// %% [markdown]
// Now both kinds on WikiText, at several vocabulary sizes. A bigger vocabulary makes texts shorter
// (fewer, longer tokens) but the model's embedding table bigger: this is the trade-off the chart shows.
// The course's trainer is written in TypeScript (no maintained npm package trains tokenizers); it
// writes the same `tokenizer.json` format, which `AutoTokenizer` then loads.

// %%
const sizes = [500, 1000, 2000, 4000];
const sample = lines.slice(0, 300);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tokenizers-"));
const tokensPerParagraph: Record<string, number[]> = { "byte-level BPE": [], WordPiece: [] };
const bar = progressBar("training tokenizers", sizes.length * 2, "items");
let trainedCount = 0;
for (const size of sizes) {
  for (const kind of ["byte-level BPE", "WordPiece"] as const) {
    const files =
      kind === "WordPiece"
        ? trainWordPieceTokenizer(lines, { vocabSize: size })
        : trainByteLevelBpeTokenizer(lines, { vocabSize: size });
    const dir = path.join(work, `${kind}-${size}`);
    writeTokenizer(dir, files);
    const trained = await transformers().AutoTokenizer.from_pretrained(dir);
    const total = sample.reduce((sum, l) => sum + trained.tokenize(l).length, 0);
    tokensPerParagraph[kind].push(total / sample.length);
    bar.update(++trainedCount, undefined, `${kind}, ${size} tokens`);
  }
}
bar.finish("done");
plot({
  data: Object.entries(tokensPerParagraph).map(([name, y]) => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    x: sizes,
    y,
  })),
  layout: {
    title: "Longer vocabularies, shorter texts",
    xaxis: { title: "vocabulary size" },
    yaxis: { title: "tokens per paragraph" },
    width: 640,
    height: 360,
  },
});

// %% [markdown]
// What did they learn? The longest tokens of each 4,000-token vocabulary are whole frequent words and
// pieces of them:

// %%
const vocabularyOf = (dir: string) =>
  Object.keys(
    JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")).model.vocab as Record<string, number>,
  );
const longest = (dir: string) =>
  vocabularyOf(dir)
    .sort((a, b) => b.length - a.length)
    .slice(0, 12)
    .join("  ");
console.log(`byte-level BPE: ${longest(path.join(work, "byte-level BPE-4000"))}`);
console.log(`WordPiece:      ${longest(path.join(work, "WordPiece-4000"))}`);
const trainedWordPiece = await transformers().AutoTokenizer.from_pretrained(path.join(work, "WordPiece-4000"));
trainedWordPiece.tokenize("The tokenization of unbelievably long words");

// %% [markdown]
// The trained tokenizer gives the same pre-tokenization as BERT's (normalise, then split on spaces and
// punctuation), which the course's trainer reimplements:

// %%
bertPreTokenize(bertNormalize("Héllò, how are U tOdAy?"));

// %%
fs.rmSync(work, { recursive: true, force: true });

// %% [markdown]
// ## What you learned
//
// - A tokenizer cuts text into tokens and maps them to ids; `encode` adds the model's special tokens
//   (`[CLS]`, `[SEP]` for BERT) and `decode` turns ids back into text (lowercased, for an uncased tokenizer).
// - Words make huge vocabularies with unknown words, characters make long sequences; subword tokenizers
//   (WordPiece, byte-level BPE, SentencePiece's Unigram) sit in between.
// - A batch is padded to one length, with an attention mask saying which tokens are real; pairs of texts
//   get `token_type_ids`.
// - Training a BPE tokenizer counts adjacent pairs and merges the most frequent, again and again; a larger
//   vocabulary makes texts shorter.
//
// ## What's next
//
// Chapter 4 puts the pieces together: tokenizer, model and head, by hand, to rebuild the sentiment
// pipeline. The exercises for this chapter are in `exercises/03-tokenization.ipynb`.

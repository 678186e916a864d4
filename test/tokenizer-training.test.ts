// The tokenizer training algorithms reproduce the Hugging Face course's worked examples
// (chapter 6, sections 5 and 6: https://huggingface.co/course/chapter6/5 and /6).
import assert from "node:assert/strict";
import { test } from "node:test";
import { trainBpe, trainWordPiece, wordPieceSplit } from "../lib/tokenizers/train-merges";

// The course's corpus for both sections: ("hug", 10), ("pug", 5), ("pun", 12), ("bun", 4), ("hugs", 5)
const CORPUS: [string, number][] = [
  ["hug", 10],
  ["pug", 5],
  ["pun", 12],
  ["bun", 4],
  ["hugs", 5],
];

test("BPE: the course's merges ('u','g') -> 'ug', ('u','n') -> 'un', ('h','ug') -> 'hug'", () => {
  // Section 5: base vocabulary ["b", "g", "h", "n", "p", "s", "u"]; first merge ("u", "g") (20 times),
  // then ("u", "n") (16 times), then ("h", "ug") (15 times), giving
  // ["b", "g", "h", "n", "p", "s", "u", "ug", "un", "hug"].
  const { merges, vocab } = trainBpe(
    CORPUS.map(([w, f]) => [[...w], f]),
    10,
  );
  assert.deepEqual(merges, [
    ["u", "g"],
    ["u", "n"],
    ["h", "ug"],
  ]);
  assert.deepEqual(vocab, ["b", "g", "h", "n", "p", "s", "u", "ug", "un", "hug"]);
});

test("WordPiece: the course's scores pick ('##g','##s') first, then ('h','##u'), then the formula's best", () => {
  // Section 6: splits ("h" "##u" "##g", 10) ...; initial vocabulary ["b", "h", "p", "##g", "##n", "##s", "##u"];
  // ("##g", "##s") has the best score (1/20; every pair with "##u" has 1/36) -> "##gs"; then every pair
  // holds "##u", all score alike, and the first, ("h", "##u"), is merged -> "hu". The third merge follows
  // the section's formula count(pair) / (count(first) * count(second)): ("hu", "##gs") = 5 / (15 * 5) = 1/15
  // beats ("hu", "##g") = 10 / (15 * 15) = 2/45.
  assert.deepEqual(wordPieceSplit("word"), ["w", "##o", "##r", "##d"]);
  const { merges, vocab } = trainWordPiece(CORPUS, 10);
  assert.deepEqual(vocab.slice(0, 7).sort(), ["##g", "##n", "##s", "##u", "b", "h", "p"]);
  assert.deepEqual(merges, [
    ["##g", "##s"],
    ["h", "##u"],
    ["hu", "##gs"],
  ]);
  assert.deepEqual(vocab.slice(7), ["##gs", "hu", "hugs"]);
  assert.deepEqual(trainWordPiece(CORPUS, 9, { specialTokens: ["[PAD]", "[UNK]"] }).vocab.slice(0, 2), [
    "[PAD]",
    "[UNK]",
  ]);
});

import * as path from "node:path";
import { bertNormalize, bertPreTokenize, byteLevelPreTokenize } from "../lib/tokenizers/pre-tokenize";
import { trainByteLevelBpeTokenizer, trainWordPieceTokenizer, writeTokenizer } from "../lib/tokenizers/train-tokenizer";
import { transformers } from "../lib/transformers-env";
import { MIRROR, TOKENIZERS, wikitextValidationLines } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";
import { readParquet } from "../lib/datasets/parquet";

const work = scratchDir("tokenizer-training");
const wikiLines = async () => (await wikitextValidationLines()).filter((l) => l.trim().length > 0);

test("BERT-style normalisation and pre-tokenisation split like BERT's tokenizer", async () => {
  assert.equal(bertNormalize("Héllò hôw are ü?"), "hello how are u?"); // the course's chapter 6 example
  assert.deepEqual(bertPreTokenize(bertNormalize("I've been waiting, HuggingFace!")), [
    "i",
    "'",
    "ve",
    "been",
    "waiting",
    ",",
    "huggingface",
    "!",
  ]);
  // The real bert-base-uncased tokenizer: each word we split off is tokenized to the same pieces alone as in the sentence.
  const real = await transformers().AutoTokenizer.from_pretrained(TOKENIZERS.miniLM);
  const text = "I've been waiting for a HuggingFace course my whole life.";
  const together = real.tokenize(text);
  const apart = bertPreTokenize(bertNormalize(text)).flatMap((w) => real.tokenize(w));
  assert.deepEqual(apart, together);
  assert.deepEqual(byteLevelPreTokenize("Hello world's"), ["Hello", "Ġworld", "'s"]);
});

test("a byte-level BPE tokenizer trained on WikiText-2 loads in transformers.js and round-trips any text", async () => {
  const files = trainByteLevelBpeTokenizer((await wikiLines()).slice(0, 1500), { vocabSize: 600 });
  const dir = path.join(work, "bpe");
  writeTokenizer(dir, files);
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const unseen = (await wikiLines())[1800]; // a line the tokenizer was not trained on
  assert.ok(unseen && unseen.length > 20);
  for (const text of ["The game began development in 2010.", "Ünïcödé, émojis 🤗 and\ttabs — all bytes!", unseen]) {
    const ids = tokenizer.encode(text) as number[];
    assert.equal(tokenizer.decode(ids), text, "decode(encode(text)) is the text");
    assert.ok(ids.every((i) => i >= 0 && i < 600));
  }
  const common = tokenizer.encode(" the") as number[];
  assert.equal(common.length, 1, "a frequent word is one token");
});

test("a WordPiece tokenizer trained on SST-2 loads in transformers.js, adds [CLS]/[SEP] and marks sentence pairs", async () => {
  const sst2 = (await readParquet(MIRROR.sst2Validation)).rows.map((r) => r.sentence as string); // the SST-2 dev sentences
  const files = trainWordPieceTokenizer(sst2, { vocabSize: 800 });
  const dir = path.join(work, "wordpiece");
  writeTokenizer(dir, files);
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const text = "it 's a charming and often affecting journey .";
  const ids = tokenizer.encode(text) as number[];
  const vocab = (files["tokenizer.json"].model as { vocab: Record<string, number> }).vocab;
  assert.equal(ids[0], vocab["[CLS]"]);
  assert.equal(ids[ids.length - 1], vocab["[SEP]"]);
  assert.equal(tokenizer.decode(ids, { skip_special_tokens: true }), text.replace(" 's", "'s").replace(" .", "."));
  const pair = tokenizer("first sentence", { text_pair: "second one" });
  const types = Array.from(pair.token_type_ids!.data as BigInt64Array, Number);
  assert.equal(types[0], 0);
  assert.equal(types[types.length - 1], 1);
  assert.deepEqual(
    tokenizer.tokenize("Café"),
    tokenizer.tokenize("cafe"),
    "accents are stripped and case folded, as BERT uncased",
  );
});

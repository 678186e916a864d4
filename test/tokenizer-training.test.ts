// The tokenizer training algorithms reproduce the Hugging Face course's worked examples
// (chapter 6, sections 5 and 6: https://huggingface.co/course/chapter6/5 and /6).
import assert from "node:assert/strict";
import { test } from "node:test";
import { trainBpe, trainWordPiece, wordPieceSplit } from "../lib/tokenizers/train-merges";

// The course's corpus for both sections: ("hug", 10), ("pug", 5), ("pun", 12), ("bun", 4), ("hugs", 5)
const CORPUS: [string, number][] = [["hug", 10], ["pug", 5], ["pun", 12], ["bun", 4], ["hugs", 5]];

test("BPE: the course's merges ('u','g') -> 'ug', ('u','n') -> 'un', ('h','ug') -> 'hug'", () => {
  // Section 5: base vocabulary ["b", "g", "h", "n", "p", "s", "u"]; first merge ("u", "g") (20 times),
  // then ("u", "n") (16 times), then ("h", "ug") (15 times), giving
  // ["b", "g", "h", "n", "p", "s", "u", "ug", "un", "hug"].
  const { merges, vocab } = trainBpe(CORPUS.map(([w, f]) => [[...w], f]), 10);
  assert.deepEqual(merges, [["u", "g"], ["u", "n"], ["h", "ug"]]);
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
  assert.deepEqual(merges, [["##g", "##s"], ["h", "##u"], ["hu", "##gs"]]);
  assert.deepEqual(vocab.slice(7), ["##gs", "hu", "hugs"]);
  assert.deepEqual(trainWordPiece(CORPUS, 9, { specialTokens: ["[PAD]", "[UNK]"] }).vocab.slice(0, 2), ["[PAD]", "[UNK]"]);
});

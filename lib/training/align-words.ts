// Token classification on pre-split words (CoNLL's format): each word becomes its word pieces, the
// word's label goes on its first piece and -100 (ignored by the loss) on the rest and on [CLS]/[SEP],
// as the Python course's tokenize_and_align_labels does. With `labelAllTokens` (the course's other
// option) the other pieces are labelled too, B-X becoming I-X, so that a pipeline grouping tokens
// (aggregation_strategy "simple") keeps a word's pieces together. `wordIds` maps each token to its word.

export interface WordTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
}

export interface AlignedWords {
  input_ids: number[];
  labels: number[];
  /** The word each token belongs to (-1 for [CLS] and [SEP]). */
  word_ids: number[];
}

export function tokenizeAndAlignLabels(
  tokenizer: WordTokenizer,
  words: string[],
  tags: number[],
  options: { maxLength?: number; labelAllTokens?: { continuation: (tag: number) => number } } = {},
): AlignedWords {
  if (tags.length !== words.length)
    throw new Error(`${words.length} words but ${tags.length} labels: give one label per word`);
  const [cls, sep] = tokenizer.encode(""); // [CLS] [SEP]
  const out: AlignedWords = { input_ids: [cls], labels: [-100], word_ids: [-1] };
  const room = (options.maxLength ?? Infinity) - 1;
  for (let i = 0; i < words.length; i++) {
    const pieces = tokenizer.encode(words[i], { add_special_tokens: false });
    if (out.input_ids.length + pieces.length > room) break; // truncation keeps whole words
    pieces.forEach((p, k) => {
      out.input_ids.push(p);
      out.labels.push(k === 0 ? tags[i] : options.labelAllTokens ? options.labelAllTokens.continuation(tags[i]) : -100);
      out.word_ids.push(i);
    });
  }
  out.input_ids.push(sep);
  out.labels.push(-100);
  out.word_ids.push(-1);
  return out;
}

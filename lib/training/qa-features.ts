// Extractive question answering: "[CLS] question [SEP] context [SEP]" with token types 0/1, and the
// answer's character span in the context turned into token positions (start_positions /
// end_positions). Token offsets come from splitting the context the way BertPreTokenizer does and
// encoding each word: the Python course gets the same from a fast tokenizer's offset mapping.
import { bertWordSpans } from "../tokenizers/pre-tokenize";
import type { WordTokenizer } from "./align-words";

export interface QaFeatures {
  input_ids: number[];
  token_type_ids: number[];
  /** Character span in the context of each token ([-1, -1] outside the context). */
  offsets: [number, number][];
  start_positions?: number;
  end_positions?: number;
}

/**
 * The context is cut to fit `maxLength`. With an answer, returns undefined when the answer does not
 * fit in what is kept (such rows are left out of training).
 */
export function questionAnsweringFeatures(
  tokenizer: WordTokenizer,
  question: string,
  context: string,
  options: { maxLength: number; answer?: { text: string; start: number } },
): QaFeatures | undefined {
  const [cls, sep] = tokenizer.encode("");
  const q = tokenizer.encode(question, { add_special_tokens: false }).slice(0, Math.floor(options.maxLength / 3));
  const f: QaFeatures = {
    input_ids: [cls, ...q, sep],
    token_type_ids: new Array(q.length + 2).fill(0),
    offsets: new Array(q.length + 2).fill([-1, -1]),
  };
  const room = options.maxLength - 1;
  for (const w of bertWordSpans(context)) {
    const pieces = tokenizer.encode(w.word, { add_special_tokens: false });
    if (f.input_ids.length + pieces.length > room) break;
    for (const p of pieces) {
      f.input_ids.push(p);
      f.token_type_ids.push(1);
      f.offsets.push([w.start, w.end]);
    }
  }
  f.input_ids.push(sep);
  f.token_type_ids.push(1);
  f.offsets.push([-1, -1]);
  if (!options.answer) return f;
  const start = options.answer.start;
  const end = start + options.answer.text.length;
  const first = f.offsets.findIndex(([s, e]) => s >= 0 && e > start);
  let last = -1;
  f.offsets.forEach(([s], i) => {
    if (s >= 0 && s < end) last = i;
  });
  if (first < 0 || last < first || f.offsets[last][1] < end) return undefined; // the answer was cut off
  return { ...f, start_positions: first, end_positions: last };
}

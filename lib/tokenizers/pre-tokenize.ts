// Normalisation and pre-tokenisation, as the tokenizers the course trains declare them in
// tokenizer.json (so transformers.js applies the same steps when it loads them).

/** BertNormalizer (clean_text, handle_chinese_chars, lowercase with accent stripping). */
export function bertNormalize(text: string, lowercase = true): string {
  let s = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || (/\p{Cc}|\p{Cf}/u.test(ch) && !/\s/.test(ch))) continue;
    if (/\s/.test(ch)) s += " ";
    else if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff)) s += ` ${ch} `;
    else s += ch;
  }
  return lowercase ? s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "") : s;
}

function isBertPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126) || /\p{P}/u.test(ch);
}

/** A word of BertPreTokenizer with where it sits in the text it came from ([start, end) in UTF-16 units). */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/**
 * BertPreTokenizer with offsets: split on whitespace, and every punctuation character is a word of
 * its own. Run on the raw text it gives each word's character span (question answering maps answer
 * spans to tokens with it); the tokenizer's normaliser then works inside each word.
 */
export function bertWordSpans(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  let start = -1;
  const close = (end: number) => {
    if (start >= 0) words.push({ word: text.slice(start, end), start, end });
    start = -1;
  };
  let i = 0;
  for (const ch of text) {
    if (/\s/.test(ch)) close(i);
    else if (isBertPunctuation(ch)) {
      close(i);
      words.push({ word: ch, start: i, end: i + ch.length });
    } else if (start < 0) start = i;
    i += ch.length;
  }
  close(i);
  return words;
}

/** BertPreTokenizer: the words alone. */
export function bertPreTokenize(text: string): string[] {
  return bertWordSpans(text).map((w) => w.word);
}

/** GPT-2's map from bytes to printable characters (bytes_to_unicode): "Ġ" stands for a space. */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return map;
})();

const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** ByteLevel pre-tokenisation (GPT-2's regex), each piece written in byte characters. */
export function byteLevelPreTokenize(text: string): string[] {
  return (text.match(GPT2_SPLIT) ?? []).map((piece) => Array.from(Buffer.from(piece, "utf8"), (b) => BYTE_TO_CHAR[b]).join(""));
}

// Normalisation and pre-tokenisation, as the tokenizers the course trains declare them in
// tokenizer.json (so transformers.js applies the same steps when it loads them).
import {
  NEWER_DECOMPOSITIONS,
  NEWER_LETTERS_NUMBERS_RANGES,
  NEWER_FORMAT,
  NEWER_NONSPACING_MARKS,
  NEWER_PUNCTUATION,
  OLDER_NONSPACING_MARKS,
  OLDER_PUNCTUATION,
} from "./rust-unicode";

/** Whitespace as the library's BERT steps see it (Rust's char::is_whitespace: Unicode's White_Space). */
function isBertWhitespace(ch: string): boolean {
  return /^\p{White_Space}$/u.test(ch);
}

/**
 * Dropped by BertNormalizer's text cleaning: NUL, U+FFFD and every "Other" character (control, format,
 * private use, surrogate) but tab, newline and carriage return, which become spaces. So \v and \f are
 * dropped, not turned into spaces. Unassigned code points are kept, as the library keeps them.
 */
function isBertDropped(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp === 0 || cp === 0xfffd) return true;
  if (ch === "\t" || ch === "\n" || ch === "\r") return false;
  return /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u.test(ch) && !NEWER_FORMAT.has(cp);
}

/** CJK ideographs, which BertNormalizer surrounds with spaces: the URO, Extensions A to F and the compatibility blocks. */
export function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** NFD, leaving whole the characters the library's tables decompose not yet. */
function nfd(s: string): string {
  let out = "";
  let run = "";
  for (const ch of s) {
    if (NEWER_DECOMPOSITIONS.has(ch.codePointAt(0)!)) {
      out += run.normalize("NFD") + ch;
      run = "";
    } else run += ch;
  }
  return out + run.normalize("NFD");
}

/** Accents stripped: NFD, then every nonspacing mark (Mn, as the library's tables have it) removed. */
function stripAccents(s: string): string {
  let out = "";
  for (const ch of nfd(s)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x300) {
      out += ch; // no mark before U+0300
      continue;
    }
    const mark = /^\p{Mn}$/u.test(ch) ? !NEWER_NONSPACING_MARKS.has(cp) : OLDER_NONSPACING_MARKS.has(cp);
    if (!mark) out += ch;
  }
  return out;
}

/**
 * BertNormalizer (clean_text, handle_chinese_chars, then with `lowercase` accent stripping and lower
 * case), step for step as the Rust `tokenizers` library: lower case character by character (no
 * final-sigma rule), after the accents are stripped.
 */
export function bertNormalize(text: string, lowercase = true): string {
  let s = "";
  for (const ch of text) {
    const cp = ch.charCodeAt(0);
    if (cp > 0x20 && cp < 0x7f) {
      s += ch; // printable ASCII, the common case: kept as it is
      continue;
    }
    if (isBertDropped(ch)) continue;
    if (isBertWhitespace(ch)) s += " ";
    else if (isCjkIdeograph(ch.codePointAt(0)!)) s += ` ${ch} `;
    else s += ch;
  }
  if (!lowercase) return s;
  let lower = "";
  for (const ch of stripAccents(s)) lower += ch.toLowerCase();
  return lower;
}

function isBertPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126) ||
    (/^\p{P}$/u.test(ch) && !NEWER_PUNCTUATION.has(cp)) ||
    OLDER_PUNCTUATION.has(cp)
  );
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
    if (isBertWhitespace(ch)) close(i);
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

/**
 * GPT-2's regex, 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+, with the
 * classes as the library's Oniguruma has them: whitespace is Unicode's White_Space (NEL yes, BOM no)
 * and letters and numbers newer than its tables are neither.
 */
const GPT2_SPLIT = (() => {
  const newer = `[${NEWER_LETTERS_NUMBERS_RANGES.split(" ")
    .map((r) =>
      r
        .split("-")
        .map((h) => `\\u{${h}}`)
        .join("-"),
    )
    .join("")}]`;
  const L = `[\\p{L}--${newer}]`;
  const N = `[\\p{N}--${newer}]`;
  const S = "\\p{White_Space}";
  return new RegExp(
    `'s|'t|'re|'ve|'m|'ll|'d| ?${L}+| ?${N}+| ?[^${S}${L}${N}]+|${S}+(?!${"[^" + S + "]"})|${S}+`,
    "gv",
  );
})();

/** ByteLevel pre-tokenisation (GPT-2's regex), each piece written in byte characters. */
export function byteLevelPreTokenize(text: string): string[] {
  return (text.match(GPT2_SPLIT) ?? []).map((piece) =>
    Array.from(Buffer.from(piece, "utf8"), (b) => BYTE_TO_CHAR[b]).join(""),
  );
}

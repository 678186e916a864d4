// Python's text rules where a reference implementation relies on them: `str.split()` and
// `str.rstrip()` strip the characters Python calls whitespace (not JavaScript's \s: Python adds
// U+001C-U+001F and U+0085 and leaves out U+FEFF), and `re`'s \b, \w are Unicode-aware for str
// patterns (JavaScript's \b is ASCII only).
const WS = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPLIT = new RegExp(`[${WS}]+`);
const TRAILING = new RegExp(`[${WS}]+$`);

/** Python's `s.split()`: runs of whitespace separate, no empty pieces. */
export function pySplit(s: string): string[] {
  return s.split(SPLIT).filter((x) => x !== "");
}

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(TRAILING, "");
}

/** A character class matching Python's `\w` for str patterns (Unicode letters and numbers, and _). */
export const PY_WORD = "[\\p{L}\\p{N}_]";

/** Sorts as Python sorts str and numbers (strings by code point, not by UTF-16 unit). */
export function pyCompare(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = [...String(a)].map((c) => c.codePointAt(0)!);
  const y = [...String(b)].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

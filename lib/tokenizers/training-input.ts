// Checks what the tokenizer trainers are given, so a wrong argument fails at once with a message that
// says what was expected (and which row), not later as an odd vocabulary or a crash deep inside.

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 40)})`;
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}

/** The texts as an array of strings: throws unless `texts` is an array (or iterable) of strings, with at least one. */
export function corpusTexts(texts: unknown, caller: string): string[] {
  if (typeof texts === "string")
    throw new TypeError(`${caller}: texts is one string; expected an array (or iterable) of strings, e.g. [text]`);
  if (
    texts === null ||
    typeof texts !== "object" ||
    typeof (texts as Iterable<unknown>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`${caller}: texts is ${describe(texts)}; expected an array (or iterable) of strings`);
  }
  const rows: string[] = [];
  let i = 0;
  for (const row of texts as Iterable<unknown>) {
    if (typeof row !== "string") throw new TypeError(`${caller}: texts[${i}] is ${describe(row)}; expected a string`);
    rows.push(row);
    i++;
  }
  if (rows.length === 0)
    throw new RangeError(`${caller}: texts is empty; expected at least one text to learn the vocabulary from`);
  return rows;
}

/** Throws unless `vocabSize` is a whole number of at least 1. */
export function checkVocabSize(vocabSize: unknown, caller: string): number {
  if (typeof vocabSize !== "number" || !Number.isInteger(vocabSize) || vocabSize < 1) {
    throw new RangeError(
      `${caller}: vocabSize is ${describe(vocabSize)}; expected a whole number of tokens, at least 1`,
    );
  }
  return vocabSize;
}

/** Throws unless `minFrequency` is absent or a whole number of at least 0. */
export function checkMinFrequency(minFrequency: unknown, caller: string): number | undefined {
  if (minFrequency === undefined) return undefined;
  if (typeof minFrequency !== "number" || !Number.isInteger(minFrequency) || minFrequency < 0) {
    throw new RangeError(
      `${caller}: minFrequency is ${describe(minFrequency)}; expected a whole number of occurrences, at least 0`,
    );
  }
  return minFrequency;
}

/** Throws unless the vocabulary can hold its starting tokens (special tokens and alphabet) with `vocabSize`. */
export function checkRoomForAlphabet(vocabSize: number, initialTokens: number, what: string, caller: string): void {
  if (vocabSize < initialTokens) {
    throw new RangeError(
      `${caller}: vocabSize ${vocabSize} is smaller than the ${initialTokens} tokens every vocabulary starts with (${what}); expected at least ${initialTokens}`,
    );
  }
}

/** Throws when the texts hold no word at all (empty or blank texts only). */
export function checkHasWords(wordCount: number, caller: string): void {
  if (wordCount === 0)
    throw new RangeError(
      `${caller}: the texts hold no words (only empty or blank texts); expected some text to learn the vocabulary from`,
    );
}

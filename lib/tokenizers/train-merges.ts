// The two subword training algorithms chapter 3 teaches, over word counts (after normalisation and
// pre-tokenisation). Hand-written: no maintained npm package trains tokenizers (the Rust
// `tokenizers` binding has failed to install for years; @huggingface/tokenizers only runs them).
//
// BPE, and WordPiece by frequency, run the Rust `tokenizers` library's merge loop (merge-trainer.ts):
// ties go to the smallest pair of ids, as there. WordPiece by score is the Hugging Face course's own
// reconstruction (no library trains it): its ties go to the pair seen first, as in the course.

import { byCodePoint, runMergeLoop } from "./merge-trainer";

export type WordCounts = [string[], number][];

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

interface Pair {
  a: string;
  b: string;
  count: number;
  /** Indices of the words that contain the pair (maybe more: checked when merging). */
  words: Set<number>;
}

/**
 * Pair counts kept up to date as merges are applied: a merge rewrites only the words that contain
 * the pair, so training costs about the size of the corpus per merge at worst, not always.
 * Pairs are kept in order of first appearance, which breaks ties.
 */
class PairTable {
  readonly pairs = new Map<string, Pair>();
  readonly symbolCounts = new Map<string, number>();

  constructor(private readonly words: WordCounts) {
    words.forEach(([symbols, freq], w) => {
      for (const x of symbols) this.symbolCounts.set(x, (this.symbolCounts.get(x) ?? 0) + freq);
      this.add(symbols, freq, w);
    });
  }

  private add(symbols: string[], freq: number, w: number): void {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i], symbols[i + 1]);
      let p = this.pairs.get(key);
      if (!p) this.pairs.set(key, (p = { a: symbols[i], b: symbols[i + 1], count: 0, words: new Set() }));
      p.count += freq;
      p.words.add(w);
    }
  }

  private remove(symbols: string[], freq: number): void {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i], symbols[i + 1]);
      const p = this.pairs.get(key)!;
      p.count -= freq;
      if (p.count <= 0) this.pairs.delete(key);
    }
  }

  /** Replaces every (a, b) by `merged` in the words that hold it. */
  merge(a: string, b: string, merged: string): void {
    const p = this.pairs.get(pairKey(a, b));
    if (!p) return;
    for (const w of [...p.words]) {
      const [symbols, freq] = this.words[w];
      const out: string[] = [];
      let changed = false;
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          out.push(merged);
          this.symbolCounts.set(a, this.symbolCounts.get(a)! - freq);
          this.symbolCounts.set(b, this.symbolCounts.get(b)! - freq);
          this.symbolCounts.set(merged, (this.symbolCounts.get(merged) ?? 0) + freq);
          changed = true;
          i++;
        } else out.push(symbols[i]);
      }
      if (!changed) continue;
      this.remove(symbols, freq);
      this.add(out, freq, w);
      this.words[w][0] = out;
    }
  }
}

export interface MergeResult {
  /** Learned merges in order, as [left, right]. */
  merges: [string, string][];
  /** The vocabulary: the starting tokens (see each trainer), then each new merged symbol in the order it was learned. */
  vocab: string[];
}

/**
 * BPE: repeatedly merge the most frequent pair (ties: the smallest pair of ids) until the vocabulary
 * has `vocabSize` symbols. The vocabulary starts with the alphabet (the symbols of the words and
 * `alphabet`, by code point), as the library's BpeTrainer starts it.
 */
export function trainBpe(
  wordCounts: WordCounts,
  vocabSize: number,
  alphabet: string[] = [],
  options: { minFrequency?: number } = {},
): MergeResult {
  const initial = [...new Set([...alphabet, ...wordCounts.flatMap(([s]) => s)])].sort(byCodePoint);
  return runMergeLoop(wordCounts, initial, { vocabSize, minFrequency: options.minFrequency });
}

/** WordPiece symbols of a word: its first character, then "##" + each following character. */
export function wordPieceSplit(word: string, prefix = "##"): string[] {
  return [...word].map((c, i) => (i === 0 ? c : prefix + c));
}

/**
 * The library's initial WordPiece vocabulary: the special tokens, every character of the words bare
 * (by code point, also one seen only inside words), then each continuing form ("##" + character) in
 * the order the words first use it. (The library takes the words in its hash map's order, which
 * changes from run to run; first use is that order made deterministic.)
 */
export function wordPieceInitialVocab(
  words: readonly string[],
  prefix = "##",
  specialTokens: readonly string[] = [],
): string[] {
  const bare = new Set<string>();
  const continuing = new Set<string>();
  for (const w of words)
    [...w].forEach((c, i) => {
      bare.add(c);
      if (i > 0) continuing.add(prefix + c);
    });
  return [...new Set([...specialTokens, ...[...bare].sort(byCodePoint), ...continuing])];
}

/**
 * WordPiece. With criterion "score" (the Hugging Face course's reconstruction, the default here),
 * merge the pair with the highest count(pair) / (count(first) * count(second)), so pairs of rare
 * parts merge first. With "frequency", train as the Rust `tokenizers` library's WordPieceTrainer does
 * (it runs its BPE trainer with the "##" prefix): merge the most frequent pair, ties to the smallest
 * pair of ids, from wordPieceInitialVocab; common words become whole tokens. `minFrequency` (frequency
 * only) stops training when the most frequent pair is rarer.
 */
export function trainWordPiece(
  wordCounts: [string, number][],
  vocabSize: number,
  options: { prefix?: string; specialTokens?: string[]; criterion?: "score" | "frequency"; minFrequency?: number } = {},
): MergeResult {
  const prefix = options.prefix ?? "##";
  const words: WordCounts = wordCounts.map(([w, f]) => [wordPieceSplit(w, prefix), f]);
  if (options.criterion === "frequency") {
    const initial = wordPieceInitialVocab(
      wordCounts.map(([w]) => w),
      prefix,
      options.specialTokens,
    );
    return runMergeLoop(words, initial, { vocabSize, prefix, minFrequency: options.minFrequency });
  }
  const alphabet = [...new Set(words.flatMap(([s]) => s))].sort();
  const vocab = [...(options.specialTokens ?? []), ...alphabet];
  const merges: [string, string][] = [];
  const table = new PairTable(words);
  while (vocab.length < vocabSize) {
    let best: { a: string; b: string; score: number } | undefined;
    for (const p of table.pairs.values()) {
      const score = p.count / (table.symbolCounts.get(p.a)! * table.symbolCounts.get(p.b)!);
      if (!best || score > best.score) best = { a: p.a, b: p.b, score };
    }
    if (!best) break;
    const merged = best.b.startsWith(prefix) ? best.a + best.b.slice(prefix.length) : best.a + best.b;
    merges.push([best.a, best.b]);
    vocab.push(merged);
    table.merge(best.a, best.b, merged);
  }
  return { merges, vocab };
}

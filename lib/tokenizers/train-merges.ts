// The two subword training algorithms chapter 3 teaches, over word counts (after normalisation and
// pre-tokenisation). Hand-written: no maintained npm package trains tokenizers (the Rust
// `tokenizers` binding has failed to install for years; @huggingface/tokenizers only runs them).
//
// Ties are broken by first appearance (words in corpus order, pairs left to right), as the Python
// course's reference implementations do, so the course's worked examples come out the same.

export type WordCounts = [string[], number][];

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

/** Counts each adjacent pair of symbols, weighted by word frequency, in order of first appearance. */
function pairCounts(words: WordCounts): Map<string, { a: string; b: string; count: number }> {
  const pairs = new Map<string, { a: string; b: string; count: number }>();
  for (const [symbols, freq] of words) {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i], symbols[i + 1]);
      const p = pairs.get(key);
      if (p) p.count += freq;
      else pairs.set(key, { a: symbols[i], b: symbols[i + 1], count: freq });
    }
  }
  return pairs;
}

function applyMerge(words: WordCounts, a: string, b: string, merged: string): void {
  for (const entry of words) {
    const s = entry[0];
    const out: string[] = [];
    for (let i = 0; i < s.length; i++) {
      if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
        out.push(merged);
        i++;
      } else out.push(s[i]);
    }
    entry[0] = out;
  }
}

export interface MergeResult {
  /** Learned merges in order, as [left, right]. */
  merges: [string, string][];
  /** The vocabulary: the alphabet (sorted), then each merged symbol in the order it was learned. */
  vocab: string[];
}

/** BPE: repeatedly merge the most frequent pair until the vocabulary has `vocabSize` symbols. */
export function trainBpe(wordCounts: WordCounts, vocabSize: number, alphabet: string[] = []): MergeResult {
  const words: WordCounts = wordCounts.map(([s, f]) => [[...s], f]);
  const vocab = [...new Set([...alphabet, ...words.flatMap(([s]) => s)])].sort();
  const merges: [string, string][] = [];
  while (vocab.length < vocabSize) {
    let best: { a: string; b: string; count: number } | undefined;
    for (const p of pairCounts(words).values()) if (!best || p.count > best.count) best = p;
    if (!best) break;
    merges.push([best.a, best.b]);
    vocab.push(best.a + best.b);
    applyMerge(words, best.a, best.b, best.a + best.b);
  }
  return { merges, vocab };
}

/** WordPiece symbols of a word: its first character, then "##" + each following character. */
export function wordPieceSplit(word: string, prefix = "##"): string[] {
  return [...word].map((c, i) => (i === 0 ? c : prefix + c));
}

/**
 * WordPiece (as the Hugging Face course reconstructs it): merge the pair with the highest
 * count(pair) / (count(first) * count(second)), so pairs of rare parts merge first.
 */
export function trainWordPiece(wordCounts: [string, number][], vocabSize: number, options: { prefix?: string; specialTokens?: string[] } = {}): MergeResult {
  const prefix = options.prefix ?? "##";
  const words: WordCounts = wordCounts.map(([w, f]) => [wordPieceSplit(w, prefix), f]);
  const alphabet = [...new Set(words.flatMap(([s]) => s))].sort();
  const vocab = [...(options.specialTokens ?? []), ...alphabet];
  const merges: [string, string][] = [];
  while (vocab.length < vocabSize) {
    const symbolCounts = new Map<string, number>();
    for (const [s, f] of words) for (const x of s) symbolCounts.set(x, (symbolCounts.get(x) ?? 0) + f);
    let best: { a: string; b: string; score: number } | undefined;
    for (const p of pairCounts(words).values()) {
      const score = p.count / (symbolCounts.get(p.a)! * symbolCounts.get(p.b)!);
      if (!best || score > best.score) best = { a: p.a, b: p.b, score };
    }
    if (!best) break;
    const merged = best.b.startsWith(prefix) ? best.a + best.b.slice(prefix.length) : best.a + best.b;
    merges.push([best.a, best.b]);
    vocab.push(merged);
    applyMerge(words, best.a, best.b, merged);
  }
  return { merges, vocab };
}

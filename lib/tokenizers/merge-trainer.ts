// The merge loop of the Rust `tokenizers` library's BpeTrainer (which its WordPieceTrainer also runs),
// replicated step for step so that trained vocabularies agree with the library chapter 3 names:
// - tokens get ids in the order of `initialVocab`, then each new merged token as it is learned;
// - the pair merged next is the one with the highest count; among equal counts, the smallest pair
//   of ids (smallest left id, then smallest right id), as the library's priority queue orders them;
// - training stops at `vocabSize` tokens, or when the best count is below `minFrequency` (or 0);
// - a merge whose token already exists (two merges can spell the same string) adds no token.
// Counts are updated the way the library updates them, stale queue entries included, so that even
// its corner cases (a pair counted again after a merge re-creates an existing token) come out alike.

export interface MergeLoopOptions {
  /** Stop when the vocabulary has this many tokens. */
  vocabSize: number;
  /** Stop when the most frequent pair occurs fewer times than this (default 0: never). */
  minFrequency?: number;
  /** WordPiece's continuing-subword prefix ("##"): dropped from the right part when two parts are joined. */
  prefix?: string;
}

export interface MergeLoopResult {
  /** The vocabulary in id order: `initialVocab`, then each new token in the order it was learned. */
  vocab: string[];
  /**
   * The merges in the order they were learned, as [left, right]. A pair the library merges twice
   * (see above) keeps its later place only, as the library's model keeps it.
   */
  merges: [string, string][];
}

interface QueueEntry {
  a: number;
  b: number;
  count: number;
  /** Indices of the words the pair was seen in when this entry was queued. */
  words: Set<number>;
}

const PAIR_SHIFT = 2 ** 26; // ids stay far below 2^26, so a * 2^26 + b is an exact key for the pair

/** Before: higher count, then smaller left id, then smaller right id (the library's `Merge` ordering). */
function before(x: QueueEntry, y: QueueEntry): boolean {
  if (x.count !== y.count) return x.count > y.count;
  if (x.a !== y.a) return x.a < y.a;
  return x.b < y.b;
}

/** A binary heap whose top is the entry that comes `before` all others. */
class Queue {
  private readonly items: QueueEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: QueueEntry): void {
    const h = this.items;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): QueueEntry {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < h.length && before(h[l], h[best])) best = l;
        if (r < h.length && before(h[r], h[best])) best = r;
        if (best === i) break;
        [h[i], h[best]] = [h[best], h[i]];
        i = best;
      }
    }
    return top;
  }
}

/**
 * Replaces each (a, b) in `word` (left to right, without overlap) by `merged`, and reports how the
 * counts of the neighbouring pairs change, as the library's `Word::merge` does (the merged pair's own
 * count is left as it was).
 */
function mergeWord(
  word: number[],
  a: number,
  b: number,
  merged: number,
  change: (x: number, y: number, delta: number) => void,
): number[] {
  const out: number[] = [];
  for (let j = 0; j < word.length; j++) {
    if (word[j] === a && j + 1 < word.length && word[j + 1] === b) {
      if (out.length > 0) {
        const prev = out[out.length - 1];
        change(prev, a, -1);
        change(prev, merged, 1);
      }
      if (j + 2 < word.length) {
        change(b, word[j + 2], -1);
        change(merged, word[j + 2], 1);
      }
      out.push(merged);
      j++;
    } else out.push(word[j]);
  }
  return out;
}

/**
 * Learns merges over words already split into symbols, each with its count. Every symbol must be in
 * `initialVocab`, whose order gives the ids (and so breaks ties).
 */
export function runMergeLoop(
  words: readonly [readonly string[], number][],
  initialVocab: readonly string[],
  options: MergeLoopOptions,
): MergeLoopResult {
  const vocab = [...initialVocab];
  const ids = new Map<string, number>();
  vocab.forEach((t, i) => {
    if (ids.has(t))
      throw new Error(
        `runMergeLoop: initialVocab lists ${JSON.stringify(t)} twice (at ${ids.get(t)} and ${i}); expected each token once`,
      );
    ids.set(t, i);
  });
  const counts = words.map(([, c]) => c);
  const symbols: number[][] = words.map(([s], w) =>
    s.map((x) => {
      const id = ids.get(x);
      if (id === undefined)
        throw new Error(
          `runMergeLoop: word ${w} has the symbol ${JSON.stringify(x)}, which initialVocab does not list`,
        );
      return id;
    }),
  );

  const pairCounts = new Map<number, number>();
  let whereToUpdate = new Map<number, QueueEntry>();
  const note = (x: number, y: number, delta: number, w: number) => {
    const key = x * PAIR_SHIFT + y;
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + delta * counts[w]);
    if (delta > 0) {
      let entry = whereToUpdate.get(key);
      if (!entry) whereToUpdate.set(key, (entry = { a: x, b: y, count: 0, words: new Set() }));
      entry.words.add(w);
    }
  };
  symbols.forEach((s, w) => {
    for (let i = 0; i + 1 < s.length; i++) note(s[i], s[i + 1], 1, w);
  });
  const queue = new Queue();
  const enqueue = () => {
    for (const [key, entry] of whereToUpdate) {
      const count = pairCounts.get(key)!;
      if (count > 0) queue.push({ ...entry, count });
    }
    whereToUpdate = new Map();
  };
  enqueue();

  const minFrequency = options.minFrequency ?? 0;
  const prefix = options.prefix;
  const merges: [string, string][] = [];
  while (vocab.length < options.vocabSize && queue.size > 0) {
    const top = queue.pop();
    const current = pairCounts.get(top.a * PAIR_SHIFT + top.b)!;
    if (top.count !== current) {
      top.count = current;
      queue.push(top);
      continue;
    }
    if (top.count < 1 || minFrequency > top.count) break;
    const left = vocab[top.a];
    const right = vocab[top.b];
    const token = left + (prefix && right.startsWith(prefix) ? right.slice(prefix.length) : right);
    let id = ids.get(token);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(token);
      ids.set(token, id);
    }
    merges.push([left, right]);
    for (const w of top.words)
      symbols[w] = mergeWord(symbols[w], top.a, top.b, id, (x, y, delta) => note(x, y, delta, w));
    enqueue();
  }
  const last = new Map(merges.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  return { vocab, merges: merges.filter(([a, b], i) => last.get(`${a}\u0000${b}`) === i) };
}

/** Sorts strings by Unicode code point, as Rust orders `char`s (JavaScript's sort compares UTF-16 units). */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

// Corpus BLEU as sacrebleu 2.x computes it by default: each line right-stripped (and lower-cased
// with `lowercase`), the "13a" tokenizer (mteval-v13a's rules), n-grams up to 4, clipped counts
// against several references, the closest reference length for the brevity penalty, "exp"
// smoothing for orders with no match, and a score of 0 (all precisions 0) when no n-gram matches.
// Tokens are split as Python's str.split() splits (python-text.ts).
import { describe, expectArray, expectNonEmpty } from "./args";
import { pyRstrip, pySplit } from "./python-text";

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

/** sacrebleu's tokenizer "13a". */
export function tokenize13a(line: string): string[] {
  let s = line
    .replace(/<skipped>/g, "")
    .replace(/-\n/g, "")
    .replace(/\n/g, " ");
  if (s.includes("&")) s = unescape(s);
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, " $1 ");
  s = s.replace(/([^0-9])([.,])/g, "$1 $2 ");
  s = s.replace(/([.,])([^0-9])/g, " $1 $2");
  s = s.replace(/([0-9])(-)/g, "$1 $2 ");
  return pySplit(s);
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(" ");
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

export interface BleuResult {
  /** 0-100, as sacrebleu reports it. */
  score: number;
  /** Matched n-grams per order (sacrebleu's `counts`). */
  counts: number[];
  /** Hypothesis n-grams per order (sacrebleu's `totals`). */
  totals: number[];
  precisions: number[];
  brevityPenalty: number;
  hypLength: number;
  refLength: number;
}

export interface BleuOptions {
  /** Lower-case hypotheses and references first (sacrebleu's `lowercase`). */
  lowercase?: boolean;
  maxOrder?: number;
}

function checkInputs(hypotheses: unknown, references: unknown): void {
  expectArray("predictions", hypotheses, "an array of strings, one per sentence");
  expectNonEmpty("predictions", hypotheses, "BLEU needs at least one sentence (sacrebleu refuses an empty corpus)");
  hypotheses.forEach((h, i) => {
    if (typeof h !== "string") throw new TypeError(`predictions[${i}] must be a string; got ${describe(h)}`);
  });
  expectArray("references", references, "reference sets, each an array of strings with one per sentence");
  expectNonEmpty("references", references, "each sentence needs at least one reference");
  references.forEach((set, k) => {
    expectArray(`reference set ${k}`, set, "an array of strings, one per sentence");
    if (set.length !== hypotheses.length)
      throw new RangeError(`reference set ${k} has ${set.length} sentences for ${hypotheses.length} predictions`);
    set.forEach((r, i) => {
      if (typeof r !== "string")
        throw new TypeError(`reference ${k} of sentence ${i} must be a string; got ${describe(r)}`);
    });
  });
}

/** references[k][i] is the k-th reference of sentence i (sacrebleu's layout: one list per reference set). */
export function bleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions | number = {},
): BleuResult {
  const { lowercase = false, maxOrder = 4 } = typeof options === "number" ? { maxOrder: options } : options;
  if (typeof lowercase !== "boolean")
    throw new TypeError(`lowercase must be true or false; got ${describe(lowercase)}`);
  checkInputs(hypotheses, references);
  const prepare = (s: string) => tokenize13a(pyRstrip(lowercase ? s.toLowerCase() : s));
  const counts = new Array(maxOrder).fill(0);
  const totals = new Array(maxOrder).fill(0);
  let hypLength = 0;
  let refLength = 0;
  hypotheses.forEach((h, i) => {
    const hyp = prepare(h);
    const refs = references.map((set) => prepare(set[i]));
    hypLength += hyp.length;
    // The reference length closest to the hypothesis (the shorter one on a tie).
    refLength += refs
      .map((r) => r.length)
      .reduce((best, len) =>
        Math.abs(len - hyp.length) < Math.abs(best - hyp.length) ||
        (Math.abs(len - hyp.length) === Math.abs(best - hyp.length) && len < best)
          ? len
          : best,
      );
    for (let n = 1; n <= maxOrder; n++) {
      const maxRef = new Map<string, number>();
      for (const r of refs) for (const [g, c] of ngrams(r, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
      for (const [g, c] of ngrams(hyp, n)) counts[n - 1] += Math.min(c, maxRef.get(g) ?? 0);
      totals[n - 1] += Math.max(0, hyp.length - n + 1);
    }
  });
  const brevityPenalty = hypLength < refLength ? (hypLength > 0 ? Math.exp(1 - refLength / hypLength) : 0) : 1;
  // No match of any order: sacrebleu stops here with score 0 and precisions 0 (no smoothing).
  if (counts.every((c) => c === 0))
    return { score: 0, counts, totals, precisions: new Array(maxOrder).fill(0), brevityPenalty, hypLength, refLength };
  let smooth = 1;
  const precisions = counts.map((m, k) => {
    if (totals[k] === 0) return 0;
    if (m === 0) {
      smooth *= 2;
      return 100 / (smooth * totals[k]);
    }
    return (100 * m) / totals[k];
  });
  const score = precisions.some((p) => p === 0)
    ? 0
    : brevityPenalty * Math.exp(precisions.reduce((a, p) => a + Math.log(p), 0) / maxOrder);
  return { score, counts, totals, precisions, brevityPenalty, hypLength, refLength };
}

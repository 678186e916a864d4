// Corpus BLEU as sacrebleu computes it by default: the "13a" tokenizer (mteval-v13a's rules),
// n-grams up to 4, clipped counts against several references, the closest reference length for
// the brevity penalty, and "exp" smoothing for orders with no match.
function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

/** sacrebleu's tokenizer "13a". */
export function tokenize13a(line: string): string[] {
  let s = line.replace(/<skipped>/g, "").replace(/-\n/g, "").replace(/\n/g, " ");
  if (s.includes("&")) s = unescape(s);
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, " $1 ");
  s = s.replace(/([^0-9])([.,])/g, "$1 $2 ");
  s = s.replace(/([.,])([^0-9])/g, " $1 $2");
  s = s.replace(/([0-9])(-)/g, "$1 $2 ");
  return s.split(/\s+/).filter(Boolean);
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
  precisions: number[];
  brevityPenalty: number;
  hypLength: number;
  refLength: number;
}

/** references[k][i] is the k-th reference of sentence i (sacrebleu's layout: one list per reference set). */
export function bleu(hypotheses: readonly string[], references: readonly (readonly string[])[], maxOrder = 4): BleuResult {
  for (const set of references) if (set.length !== hypotheses.length) throw new Error(`a reference set has ${set.length} sentences for ${hypotheses.length} hypotheses`);
  const matches = new Array(maxOrder).fill(0);
  const totals = new Array(maxOrder).fill(0);
  let hypLength = 0;
  let refLength = 0;
  hypotheses.forEach((h, i) => {
    const hyp = tokenize13a(h);
    const refs = references.map((set) => tokenize13a(set[i]));
    hypLength += hyp.length;
    // The reference length closest to the hypothesis (the shorter one on a tie).
    refLength += refs.map((r) => r.length).reduce((best, len) => (Math.abs(len - hyp.length) < Math.abs(best - hyp.length) || (Math.abs(len - hyp.length) === Math.abs(best - hyp.length) && len < best) ? len : best));
    for (let n = 1; n <= maxOrder; n++) {
      const counts = ngrams(hyp, n);
      const maxRef = new Map<string, number>();
      for (const r of refs) for (const [g, c] of ngrams(r, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
      for (const [g, c] of counts) matches[n - 1] += Math.min(c, maxRef.get(g) ?? 0);
      totals[n - 1] += Math.max(0, hyp.length - n + 1);
    }
  });
  let smooth = 1;
  const precisions = matches.map((m, k) => {
    if (totals[k] === 0) return 0;
    if (m === 0) {
      smooth *= 2;
      return 100 / (smooth * totals[k]);
    }
    return (100 * m) / totals[k];
  });
  const brevityPenalty = hypLength === 0 ? 0 : hypLength < refLength ? Math.exp(1 - refLength / hypLength) : 1;
  const score = precisions.some((p) => p === 0) ? 0 : brevityPenalty * Math.exp(precisions.reduce((a, p) => a + Math.log(p), 0) / maxOrder);
  return { score, precisions, brevityPenalty, hypLength, refLength };
}

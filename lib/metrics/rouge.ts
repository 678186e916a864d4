// ROUGE-1, ROUGE-2 and ROUGE-L as Google's rouge-score computes them (its default tokenizer:
// lower case, runs of characters other than a-z and 0-9 become spaces; no stemming).
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export function rougeTokens(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").split(" ").filter(Boolean);
}

function score(overlap: number, predicted: number, target: number): RougeScore {
  const precision = predicted ? overlap / predicted : 0;
  const recall = target ? overlap / target : 0;
  return { precision, recall, fmeasure: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) out.set(tokens.slice(i, i + n).join(" "), (out.get(tokens.slice(i, i + n).join(" ")) ?? 0) + 1);
  return out;
}

export function rougeN(prediction: string, target: string, n: number): RougeScore {
  const p = ngramCounts(rougeTokens(prediction), n);
  const t = ngramCounts(rougeTokens(target), n);
  let overlap = 0;
  for (const [g, c] of p) overlap += Math.min(c, t.get(g) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, c) => a + c, 0);
  return score(overlap, total(p), total(t));
}

export function rougeL(prediction: string, target: string): RougeScore {
  const p = rougeTokens(prediction);
  const t = rougeTokens(target);
  const table = Array.from({ length: t.length + 1 }, () => new Array(p.length + 1).fill(0));
  for (let i = 1; i <= t.length; i++) for (let j = 1; j <= p.length; j++) table[i][j] = t[i - 1] === p[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
  return score(table[t.length][p.length], p.length, t.length);
}

/** Mean F-measures over pairs, keyed like the evaluate library: rouge1, rouge2, rougeL. */
export function rouge(predictions: readonly string[], references: readonly string[]): { rouge1: number; rouge2: number; rougeL: number } {
  if (predictions.length !== references.length || predictions.length === 0) throw new Error(`rouge needs as many predictions as references (got ${predictions.length} and ${references.length})`);
  const mean = (f: (p: string, r: string) => RougeScore) => predictions.reduce((a, p, i) => a + f(p, references[i]).fmeasure, 0) / predictions.length;
  return { rouge1: mean((p, r) => rougeN(p, r, 1)), rouge2: mean((p, r) => rougeN(p, r, 2)), rougeL: mean(rougeL) };
}

// ROUGE-N, ROUGE-L and ROUGE-Lsum as Google's rouge-score 0.1.2 computes them: its default
// tokenizer (lower case, runs of characters other than a-z and 0-9 become spaces; with
// use_stemmer, tokens longer than 3 letters go through NLTK's Porter stemmer), several references
// scored by the one with the best F-measure, and the mean over sentences (evaluate's numbers
// without its bootstrap resampling).
import { describe, expectArray, expectNonEmpty } from "./args";
import { porterStem } from "./porter";

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export function rougeTokens(text: string, useStemmer = false): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter(Boolean);
  return useStemmer ? tokens.map((t) => (t.length > 3 ? porterStem(t) : t)) : tokens;
}

function score(overlap: number, predicted: number, target: number): RougeScore {
  const precision = predicted ? overlap / predicted : 0;
  const recall = target ? overlap / target : 0;
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(" ");
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function ngramScore(p: string[], t: string[], n: number): RougeScore {
  const pc = ngramCounts(p, n);
  const tc = ngramCounts(t, n);
  let overlap = 0;
  for (const [g, c] of tc) overlap += Math.min(c, pc.get(g) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, c) => a + c, 0);
  return score(overlap, total(pc), total(tc));
}

export function rougeN(prediction: string, target: string, n: number, useStemmer = false): RougeScore {
  return ngramScore(rougeTokens(prediction, useStemmer), rougeTokens(target, useStemmer), n);
}

function lcsTable(ref: string[], can: string[]): number[][] {
  const table = Array.from({ length: ref.length + 1 }, () => new Array<number>(can.length + 1).fill(0));
  for (let i = 1; i <= ref.length; i++)
    for (let j = 1; j <= can.length; j++)
      table[i][j] = ref[i - 1] === can[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
  return table;
}

function lcsScore(p: string[], t: string[]): RougeScore {
  if (p.length === 0 || t.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  return score(lcsTable(t, p)[t.length][p.length], p.length, t.length);
}

export function rougeL(prediction: string, target: string, useStemmer = false): RougeScore {
  return lcsScore(rougeTokens(prediction, useStemmer), rougeTokens(target, useStemmer));
}

/** The indices in `ref` of one longest common subsequence with `can` (rouge-score's backtrack). */
function lcsIndices(ref: string[], can: string[]): number[] {
  const t = lcsTable(ref, can);
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.unshift(i - 1);
      i--;
      j--;
    } else if (t[i][j - 1] > t[i - 1][j]) j--;
    else i--;
  }
  return out;
}

/** ROUGE-Lsum: summary-level LCS over sentences separated by "\n" (section 3.2 of the ROUGE paper, as rouge-score counts it). */
export function rougeLsum(prediction: string, target: string, useStemmer = false): RougeScore {
  const sentences = (text: string) =>
    text
      .split("\n")
      .filter((s) => s.length > 0)
      .map((s) => rougeTokens(s, useStemmer));
  const refs = sentences(target);
  const cans = sentences(prediction);
  const m = refs.reduce((a, s) => a + s.length, 0);
  const n = cans.reduce((a, s) => a + s.length, 0);
  if (refs.length === 0 || cans.length === 0 || m === 0 || n === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const countsOf = (ss: string[][]) => {
    const c = new Map<string, number>();
    for (const s of ss) for (const w of s) c.set(w, (c.get(w) ?? 0) + 1);
    return c;
  };
  const cr = countsOf(refs);
  const cc = countsOf(cans);
  let hits = 0;
  for (const r of refs) {
    const union = [...new Set(cans.flatMap((c) => lcsIndices(r, c)))].sort((a, b) => a - b);
    for (const w of union.map((k) => r[k])) {
      if ((cc.get(w) ?? 0) > 0 && (cr.get(w) ?? 0) > 0) {
        hits++;
        cc.set(w, cc.get(w)! - 1);
        cr.set(w, cr.get(w)! - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

const DEFAULT_ROUGE_TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const;

export interface RougeOptions {
  /** rouge1 ... rouge9, rougeL, rougeLsum; evaluate's default is all four of DEFAULT_ROUGE_TYPES. */
  rouge_types?: string[];
  /** Porter-stem tokens longer than 3 letters (NLTK's stemmer, as rouge-score). */
  use_stemmer?: boolean;
}

function scorerFor(type: string, useStemmer: boolean): (p: string, t: string) => RougeScore {
  if (type === "rougeL") return (p, t) => rougeL(p, t, useStemmer);
  if (type === "rougeLsum") return (p, t) => rougeLsum(p, t, useStemmer);
  const n = /^rouge([1-9])$/.exec(type);
  if (n) return (p, t) => rougeN(p, t, Number(n[1]), useStemmer);
  throw new TypeError(`rouge_types: unknown type ${describe(type)}; expected rouge1 ... rouge9, rougeL or rougeLsum`);
}

/**
 * Mean F-measures over sentences, keyed by rouge type (evaluate's rouge with its default types).
 * references[i] is one string, or several: then the reference with the best F-measure counts.
 */
export function rouge(
  predictions: readonly string[],
  references: readonly (string | readonly string[])[],
  options: RougeOptions = {},
): Record<string, number> {
  const { rouge_types = [...DEFAULT_ROUGE_TYPES], use_stemmer = false } = options;
  if (typeof use_stemmer !== "boolean")
    throw new TypeError(`use_stemmer must be true or false; got ${describe(use_stemmer)}`);
  expectArray("rouge_types", rouge_types, 'an array such as ["rouge1", "rougeL"]');
  expectNonEmpty("rouge_types", rouge_types, "name at least one of rouge1 ... rouge9, rougeL, rougeLsum");
  const scorers = rouge_types.map((t) => [t, scorerFor(t, use_stemmer)] as const);
  expectArray("predictions", predictions, "an array of strings");
  expectArray("references", references, "an array with a string (or an array of strings) per prediction");
  if (predictions.length !== references.length)
    throw new RangeError(
      `${predictions.length} predictions but ${references.length} references: they must pair up one to one`,
    );
  expectNonEmpty("predictions", predictions, "there is nothing to score");
  predictions.forEach((p, i) => {
    if (typeof p !== "string") throw new TypeError(`predictions[${i}] must be a string; got ${describe(p)}`);
  });
  const refLists = references.map((r, i) => {
    const list = typeof r === "string" ? [r] : r;
    if (!Array.isArray(list))
      throw new TypeError(`references[${i}] must be a string or an array of strings; got ${describe(r)}`);
    if (list.length === 0)
      throw new RangeError(`references[${i}] is an empty array: each prediction needs at least one reference`);
    list.forEach((x, k) => {
      if (typeof x !== "string") throw new TypeError(`references[${i}][${k}] must be a string; got ${describe(x)}`);
    });
    return list as readonly string[];
  });
  const out: Record<string, number> = {};
  for (const [type, f] of scorers) {
    let sum = 0;
    predictions.forEach((p, i) => {
      // rouge-score's score_multi: the first reference with the highest F-measure.
      let best = f(p, refLists[i][0]);
      for (const t of refLists[i].slice(1)) {
        const s = f(p, t);
        if (s.fmeasure > best.fmeasure) best = s;
      }
      sum += best.fmeasure;
    });
    out[type] = sum / predictions.length;
  }
  return out;
}

// SQuAD v1.1 exact match and F1, as the official evaluation script (evaluate-v1.1.py) computes
// them: answers are normalised (lower case, no ASCII punctuation, no articles, single spaces),
// each prediction is scored against its best-matching reference answer, averages are percentages.
// The script is Python: its \b is Unicode-aware ("éthe" keeps its "the") and its str.split() has
// Python's whitespace set; both are reproduced here (python-text.ts).
import { describe, expectArray, expectNonEmpty } from "./args";
import { PY_WORD, pySplit } from "./python-text";

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ARTICLES = new RegExp(`(?<!${PY_WORD})(a|an|the)(?!${PY_WORD})`, "gu");

export function normalizeAnswer(s: string): string {
  return pySplit(s.toLowerCase().replace(PUNCTUATION, "").replace(ARTICLES, " ")).join(" ");
}

function tokenF1(prediction: string, truth: string): number {
  const p = pySplit(normalizeAnswer(prediction));
  const t = pySplit(normalizeAnswer(truth));
  const counts = new Map<string, number>();
  for (const w of t) counts.set(w, (counts.get(w) ?? 0) + 1);
  let same = 0;
  for (const w of p) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      same++;
      counts.set(w, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / t.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface SquadPrediction {
  id: string;
  prediction_text: string;
}

export interface SquadReference {
  id: string;
  answers: { text: string[]; answer_start?: number[] };
}

function checkInputs(predictions: unknown, references: unknown): asserts predictions is SquadPrediction[] {
  expectArray("predictions", predictions, "an array of { id, prediction_text }");
  expectArray("references", references, "an array of { id, answers: { text: [...] } }");
  expectNonEmpty("references", references, "there is no question to score");
  predictions.forEach((p: any, i) => {
    if (typeof p !== "object" || p === null || typeof p.id !== "string" || typeof p.prediction_text !== "string")
      throw new TypeError(
        `predictions[${i}] must be { id: string, prediction_text: string }; got ${JSON.stringify(p)}`,
      );
  });
  references.forEach((r: any, i) => {
    if (typeof r !== "object" || r === null || typeof r.id !== "string")
      throw new TypeError(
        `references[${i}] must be { id: string, answers: { text: string[] } }; got ${JSON.stringify(r)}`,
      );
    const text = r.answers?.text;
    if (!Array.isArray(text))
      throw new TypeError(`references[${i}].answers.text must be an array of answer strings; got ${describe(text)}`);
    if (text.length === 0)
      throw new RangeError(
        `references[${i}].answers.text is empty: question ${r.id} needs at least one answer to score against`,
      );
    text.forEach((t: unknown, k: number) => {
      if (typeof t !== "string")
        throw new TypeError(`references[${i}].answers.text[${k}] must be a string; got ${describe(t)}`);
    });
  });
}

export function squad(
  predictions: readonly SquadPrediction[],
  references: readonly SquadReference[],
): { exact_match: number; f1: number } {
  checkInputs(predictions, references);
  const byId = new Map(predictions.map((p) => [p.id, p.prediction_text]));
  let em = 0;
  let f1 = 0;
  for (const r of references) {
    const p = byId.get(r.id);
    if (p === undefined) throw new Error(`no prediction for question ${r.id}`);
    em += r.answers.text.reduce((best, t) => Math.max(best, normalizeAnswer(p) === normalizeAnswer(t) ? 1 : 0), 0);
    f1 += r.answers.text.reduce((best, t) => Math.max(best, tokenF1(p, t)), 0);
  }
  return { exact_match: (100 * em) / references.length, f1: (100 * f1) / references.length };
}

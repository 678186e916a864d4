// SQuAD v1.1 exact match and F1, as the official evaluation script (evaluate-v1.1.py) computes
// them: answers are normalised (lower case, no punctuation, no articles, single spaces), each
// prediction is scored against its best-matching reference answer, averages are percentages.
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export function normalizeAnswer(s: string): string {
  return s.toLowerCase().replace(PUNCTUATION, "").replace(/\b(a|an|the)\b/g, " ").split(/\s+/).filter(Boolean).join(" ");
}

function tokenF1(prediction: string, truth: string): number {
  const p = normalizeAnswer(prediction).split(" ").filter(Boolean);
  const t = normalizeAnswer(truth).split(" ").filter(Boolean);
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

export function squad(predictions: readonly SquadPrediction[], references: readonly SquadReference[]): { exact_match: number; f1: number } {
  const byId = new Map(predictions.map((p) => [p.id, p.prediction_text]));
  let em = 0;
  let f1 = 0;
  for (const r of references) {
    const p = byId.get(r.id);
    if (p === undefined) throw new Error(`no prediction for question ${r.id}`);
    em += Math.max(...r.answers.text.map((t) => (normalizeAnswer(p) === normalizeAnswer(t) ? 1 : 0)));
    f1 += Math.max(...r.answers.text.map((t) => tokenF1(p, t)));
  }
  return { exact_match: (100 * em) / references.length, f1: (100 * f1) / references.length };
}

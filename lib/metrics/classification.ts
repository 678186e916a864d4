// Classification metrics with scikit-learn's definitions (accuracy_score,
// precision_recall_fscore_support, confusion_matrix): a ratio with a zero denominator is 0.
export type Average = "binary" | "macro" | "micro" | "weighted";

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

function check(predictions: readonly unknown[], references: readonly unknown[]): void {
  if (predictions.length !== references.length) throw new Error(`${predictions.length} predictions but ${references.length} references: they must pair up one to one`);
  if (predictions.length === 0) throw new Error("no predictions to score");
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function accuracy(predictions: readonly number[], references: readonly number[]): number {
  check(predictions, references);
  return predictions.filter((p, i) => p === references[i]).length / predictions.length;
}

/** The labels in sorted order, as scikit-learn's unique_labels gives them. */
export function labelsOf(...lists: (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** rows = true label, columns = predicted label (scikit-learn's orientation). */
export function confusionMatrix(predictions: readonly number[], references: readonly number[], labels = labelsOf(references, predictions)): number[][] {
  check(predictions, references);
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  predictions.forEach((p, i) => {
    const r = index.get(references[i]);
    const c = index.get(p);
    if (r !== undefined && c !== undefined) m[r][c]++;
  });
  return m;
}

/** Precision, recall and F1 per label, or averaged ("binary" scores `positiveLabel` alone). */
export function precisionRecallF1(predictions: readonly number[], references: readonly number[], options: { average?: Average; positiveLabel?: number } = {}): PRF {
  check(predictions, references);
  const average = options.average ?? "binary";
  const labels = labelsOf(references, predictions);
  const per = labels.map((l) => {
    const tp = predictions.filter((p, i) => p === l && references[i] === l).length;
    const predicted = predictions.filter((p) => p === l).length;
    const actual = references.filter((r) => r === l).length;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, actual);
    return { label: l, tp, predicted, actual, precision, recall, f1: f1Of(precision, recall) };
  });
  if (average === "binary") {
    const pos = options.positiveLabel ?? 1;
    if (labels.some((l) => l !== 0 && l !== 1)) throw new Error(`average "binary" is for labels 0 and 1; these labels are ${labels.join(", ")}: use "macro", "micro" or "weighted"`);
    const s = per.find((x) => x.label === pos);
    return s ? { precision: s.precision, recall: s.recall, f1: s.f1 } : { precision: 0, recall: 0, f1: 0 };
  }
  if (average === "micro") {
    const tp = per.reduce((a, x) => a + x.tp, 0);
    const precision = ratio(tp, per.reduce((a, x) => a + x.predicted, 0));
    const recall = ratio(tp, per.reduce((a, x) => a + x.actual, 0));
    return { precision, recall, f1: f1Of(precision, recall) };
  }
  const weights = per.map((x) => (average === "weighted" ? x.actual : 1));
  const total = weights.reduce((a, w) => a + w, 0);
  const mean = (k: keyof PRF) => ratio(per.reduce((a, x, i) => a + x[k] * weights[i], 0), total);
  return { precision: mean("precision"), recall: mean("recall"), f1: mean("f1") };
}

/** Scores per label (scikit-learn's average=None). */
export function perLabel(predictions: readonly number[], references: readonly number[]): Map<number, PRF> {
  const out = new Map<number, PRF>();
  for (const l of labelsOf(references, predictions)) {
    const bin = (xs: readonly number[]) => xs.map((x) => (x === l ? 1 : 0));
    out.set(l, precisionRecallF1(bin(predictions), bin(references), { average: "binary" }));
  }
  return out;
}

/** The index of the largest value of each row: logits to predicted labels. */
export function argmax(rows: readonly (readonly number[])[]): number[] {
  return rows.map((r) => r.indexOf(Math.max(...r)));
}

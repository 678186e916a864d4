// Classification metrics with scikit-learn's definitions (accuracy_score,
// precision_recall_fscore_support, confusion_matrix): a ratio with a zero denominator is 0,
// F1 = 2·TP / (2·TP + FP + FN), labels in sorted order (numbers by value, strings by code point).
import { describe, expectArray, expectNonEmpty, expectSameLength } from "./args";
import { pyCompare } from "./python-text";

export type Label = number | string;
/** scikit-learn's `average`; null gives one score per label (in `labelsOf` order). */
export type Average = "binary" | "macro" | "micro" | "weighted" | null;
const AVERAGES: readonly Average[] = ["binary", "micro", "macro", "weighted", null];

export interface PRF<T = number> {
  precision: T;
  recall: T;
  f1: T;
}

/** Labels are integers or strings, all of one kind (scikit-learn refuses NaN, 0.5 and a mix of "1" and 1). */
function checkLabels(predictions: unknown, references: unknown): asserts predictions is Label[] {
  expectArray("predictions", predictions, "an array of labels (integers or strings)");
  expectArray("references", references, "an array of labels (integers or strings)");
  expectSameLength("predictions", predictions, "references", references);
  expectNonEmpty("predictions", predictions, "there is nothing to score");
  let kind: string | undefined;
  for (const [name, list] of [
    ["references", references],
    ["predictions", predictions],
  ] as const) {
    list.forEach((x, i) => {
      const ok = (typeof x === "number" && Number.isInteger(x)) || typeof x === "string";
      if (!ok) throw new TypeError(`${name}[${i}] must be a label, an integer or a string; got ${describe(x)}`);
      kind ??= typeof x;
      if (typeof x !== kind)
        throw new TypeError(
          `${name}[${i}] is a ${typeof x} (${describe(x)}) but other labels are ${kind}s: the labels must all be integers or all be strings`,
        );
    });
  }
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function accuracy(predictions: readonly Label[], references: readonly Label[]): number {
  checkLabels(predictions, references);
  return predictions.filter((p, i) => p === references[i]).length / predictions.length;
}

/** The labels in sorted order, as scikit-learn's unique_labels gives them. */
export function labelsOf(...lists: (readonly Label[])[]): Label[] {
  return [...new Set(lists.flat())].sort(pyCompare);
}

/** rows = true label, columns = predicted label (scikit-learn's orientation). */
export function confusionMatrix(
  predictions: readonly Label[],
  references: readonly Label[],
  labels = labelsOf(references, predictions),
): number[][] {
  checkLabels(predictions, references);
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  predictions.forEach((p, i) => {
    const r = index.get(references[i]);
    const c = index.get(p);
    if (r !== undefined && c !== undefined) m[r][c]++;
  });
  return m;
}

interface Counts {
  label: Label;
  tp: number;
  predicted: number;
  actual: number;
}

const scores = (c: Omit<Counts, "label">): PRF => ({
  precision: ratio(c.tp, c.predicted),
  recall: ratio(c.tp, c.actual),
  f1: ratio(2 * c.tp, c.predicted + c.actual),
});

function countsPerLabel(predictions: readonly Label[], references: readonly Label[]): Counts[] {
  return labelsOf(references, predictions).map((l) => ({
    label: l,
    tp: predictions.filter((p, i) => p === l && references[i] === l).length,
    predicted: predictions.filter((p) => p === l).length,
    actual: references.filter((r) => r === l).length,
  }));
}

export interface PRFOptions {
  average?: Average;
  /** The class "binary" scores (scikit-learn's pos_label); 1 by default. */
  positiveLabel?: Label;
}

/** Precision, recall and F1 averaged as `average` says ("binary" by default: `positiveLabel` alone), or per label with average null. */
export function precisionRecallF1(
  predictions: readonly Label[],
  references: readonly Label[],
  options?: PRFOptions & { average?: Exclude<Average, null> },
): PRF;
export function precisionRecallF1(
  predictions: readonly Label[],
  references: readonly Label[],
  options: PRFOptions & { average: null },
): PRF<number[]>;
export function precisionRecallF1(
  predictions: readonly Label[],
  references: readonly Label[],
  options?: PRFOptions,
): PRF | PRF<number[]>;
export function precisionRecallF1(
  predictions: readonly Label[],
  references: readonly Label[],
  options: PRFOptions = {},
): PRF | PRF<number[]> {
  checkLabels(predictions, references);
  const average = options.average === undefined ? "binary" : options.average;
  if (!AVERAGES.includes(average))
    throw new TypeError(
      `average must be one of "binary", "micro", "macro", "weighted" or null (one score per label); got ${describe(average)}`,
    );
  const per = countsPerLabel(predictions, references);
  if (average === null) {
    const s = per.map(scores);
    return { precision: s.map((x) => x.precision), recall: s.map((x) => x.recall), f1: s.map((x) => x.f1) };
  }
  if (average === "binary") {
    const pos = options.positiveLabel ?? 1;
    if (typeof pos !== "string" && !Number.isInteger(pos))
      throw new TypeError(`pos_label must be a label, an integer or a string; got ${describe(pos)}`);
    const labels = per.map((x) => x.label);
    if (labels.length > 2)
      throw new RangeError(
        `average "binary" is for two labels; these are ${labels.length} (${labels.join(", ")}): use "macro", "micro", "weighted" or null`,
      );
    const s = per.find((x) => x.label === pos);
    if (!s && labels.length === 2)
      throw new RangeError(`pos_label ${describe(pos)} is not one of the labels (${labels.map(describe).join(", ")})`);
    return s ? scores(s) : { precision: 0, recall: 0, f1: 0 };
  }
  if (average === "micro") {
    const sum = (k: "tp" | "predicted" | "actual") => per.reduce((a, x) => a + x[k], 0);
    return scores({ tp: sum("tp"), predicted: sum("predicted"), actual: sum("actual") });
  }
  const s = per.map(scores);
  const weights = per.map((x) => (average === "weighted" ? x.actual : 1));
  const total = weights.reduce((a, w) => a + w, 0);
  const mean = (k: keyof PRF) =>
    ratio(
      s.reduce((a, x, i) => a + x[k] * weights[i], 0),
      total,
    );
  return { precision: mean("precision"), recall: mean("recall"), f1: mean("f1") };
}

/** Scores per label (scikit-learn's average=None), keyed by label. */
export function perLabel(predictions: readonly Label[], references: readonly Label[]): Map<Label, PRF> {
  checkLabels(predictions, references);
  return new Map(countsPerLabel(predictions, references).map((c) => [c.label, scores(c)]));
}

/** The index of the largest value of each row (the first on a tie): logits to predicted labels. */
export function argmax(rows: readonly (readonly number[])[]): number[] {
  return rows.map((r, i) => {
    if (!r || r.length === 0) throw new RangeError(`argmax: row ${i} is empty`);
    let best = 0;
    for (let j = 1; j < r.length; j++) if (r[j] > r[best]) best = j;
    if (r.some((x) => Number.isNaN(x))) throw new RangeError(`argmax: row ${i} holds NaN`);
    return best;
  });
}

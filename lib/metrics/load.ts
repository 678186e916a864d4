// load(name): the course's `evaluate.load(name)`. One table: name -> how to compute it, and the
// options (evaluate's argument names) it accepts; any other option is an error, never ignored.
//   const metric = load("glue", "mrpc"); metric.compute({ predictions, references }) -> { accuracy, f1 }
import { describe, expectOptions } from "./args";
import { bleu } from "./bleu";
import { accuracy, confusionMatrix, precisionRecallF1, type Average, type Label } from "./classification";
import { perplexity } from "./perplexity";
import { rouge } from "./rouge";
import { seqeval } from "./seqeval";
import { squad, type SquadPrediction, type SquadReference } from "./squad";

export interface ComputeArgs {
  predictions: any[];
  references: any[];
  /** precision, recall, f1: scikit-learn's average ("binary" by default; null: one score per label). */
  average?: Average;
  /** precision, recall, f1 with average "binary": the positive class (1 by default). */
  pos_label?: Label;
  /** seqeval: "strict" (with scheme "IOB2") or null. */
  mode?: "strict" | null;
  /** seqeval: "IOB2" in strict mode. */
  scheme?: "IOB2" | null;
  /** sacrebleu: lower-case before scoring. */
  lowercase?: boolean;
  /** rouge: which scores (rouge1 ... rouge9, rougeL, rougeLsum). */
  rouge_types?: string[];
  /** rouge: Porter-stem tokens (NLTK's stemmer, as rouge-score). */
  use_stemmer?: boolean;
}

export interface Metric {
  name: string;
  compute(args: ComputeArgs): Record<string, any>;
}

type Compute = (args: ComputeArgs) => Record<string, any>;
interface Definition {
  options: readonly (keyof ComputeArgs)[];
  compute: Compute;
}

const GLUE: Record<string, (p: number[], r: number[]) => Record<string, number>> = {
  mrpc: (p, r) => ({ accuracy: accuracy(p, r), f1: precisionRecallF1(p, r).f1 }),
  qqp: (p, r) => ({ accuracy: accuracy(p, r), f1: precisionRecallF1(p, r).f1 }),
  sst2: (p, r) => ({ accuracy: accuracy(p, r) }),
  mnli: (p, r) => ({ accuracy: accuracy(p, r) }),
  qnli: (p, r) => ({ accuracy: accuracy(p, r) }),
  rte: (p, r) => ({ accuracy: accuracy(p, r) }),
  wnli: (p, r) => ({ accuracy: accuracy(p, r) }),
};

const prf = (key: "precision" | "recall" | "f1"): Definition => ({
  options: ["average", "pos_label"],
  compute: ({ predictions, references, average, pos_label }) => ({
    [key]: precisionRecallF1(predictions, references, { average, positiveLabel: pos_label })[key],
  }),
});

/** evaluate's sacrebleu layout: references[i] = the references of sentence i (or one string); sacrebleu's is transposed. */
function sacrebleu({ predictions, references, lowercase }: ComputeArgs): Record<string, any> {
  if (!Array.isArray(references))
    throw new TypeError(
      `references must be an array with the references of each prediction; got ${describe(references)}`,
    );
  if (references.length === 0)
    throw new RangeError("references is empty: BLEU needs at least one sentence (sacrebleu refuses an empty corpus)");
  const perSentence: unknown[][] = references.map((r, i) => {
    if (typeof r === "string") return [r];
    if (!Array.isArray(r))
      throw new TypeError(`references[${i}] must be a string or an array of strings; got ${describe(r)}`);
    if (r.length === 0)
      throw new RangeError(`references[${i}] is an empty array: each prediction needs at least one reference`);
    return r;
  });
  const sets = perSentence[0].length;
  perSentence.forEach((r, i) => {
    if (r.length !== sets)
      throw new RangeError(
        `references[${i}] has ${r.length} references but references[0] has ${sets}: sacrebleu needs the same number of references for each prediction`,
      );
  });
  const r = bleu(
    predictions,
    Array.from({ length: sets }, (_, k) => perSentence.map((rs) => rs[k] as string)),
    { lowercase },
  );
  return {
    score: r.score,
    counts: r.counts,
    totals: r.totals,
    precisions: r.precisions,
    bp: r.brevityPenalty,
    sys_len: r.hypLength,
    ref_len: r.refLength,
  };
}

const METRICS: Record<string, (config?: string) => Definition> = {
  accuracy: () => ({
    options: [],
    compute: ({ predictions, references }) => ({ accuracy: accuracy(predictions, references) }),
  }),
  precision: () => prf("precision"),
  recall: () => prf("recall"),
  f1: () => prf("f1"),
  confusion_matrix: () => ({
    options: [],
    compute: ({ predictions, references }) => ({ confusion_matrix: confusionMatrix(predictions, references) }),
  }),
  glue: (config) => {
    const f = config ? GLUE[config] : undefined;
    if (!f)
      throw new Error(
        `glue needs one of its tasks as the config, e.g. load("glue", "mrpc"): ${Object.keys(GLUE).join(", ")}`,
      );
    return { options: [], compute: ({ predictions, references }) => f(predictions, references) };
  },
  seqeval: () => ({
    options: ["mode", "scheme"],
    compute: ({ predictions, references, mode, scheme }) => seqeval(predictions, references, { mode, scheme }),
  }),
  squad: () => ({
    options: [],
    compute: ({ predictions, references }) => squad(predictions as SquadPrediction[], references as SquadReference[]),
  }),
  sacrebleu: () => ({ options: ["lowercase"], compute: sacrebleu }),
  rouge: () => ({
    options: ["rouge_types", "use_stemmer"],
    compute: ({ predictions, references, rouge_types, use_stemmer }) =>
      rouge(predictions, references, { rouge_types, use_stemmer }),
  }),
  perplexity: () => ({
    options: [],
    compute: ({ predictions, references }) => ({ perplexity: perplexity(predictions, references) }),
  }),
};
METRICS.bleu = METRICS.sacrebleu;

export function load(name: string, config?: string): Metric {
  const make = METRICS[name];
  if (!make) throw new Error(`no metric "${name}". Metrics: ${Object.keys(METRICS).join(", ")}`);
  const { options, compute } = make(config);
  return {
    name,
    compute: (args) => {
      if (typeof args !== "object" || args === null)
        throw new TypeError(
          `${name}.compute takes { predictions, references${options.map((o) => `, ${o}`).join("")} }; got ${describe(args)}`,
        );
      const { predictions: _p, references: _r, ...rest } = args;
      expectOptions(name, rest, options);
      return compute(args);
    },
  };
}

export const METRIC_NAMES = Object.keys(METRICS);

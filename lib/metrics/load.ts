// load(name): the course's `evaluate.load(name)`. One table: name -> how to compute it.
//   const metric = load("glue", "mrpc"); metric.compute({ predictions, references }) -> { accuracy, f1 }
import { bleu } from "./bleu";
import { accuracy, confusionMatrix, precisionRecallF1, type Average } from "./classification";
import { perplexity } from "./perplexity";
import { rouge } from "./rouge";
import { seqeval } from "./seqeval";
import { squad, type SquadPrediction, type SquadReference } from "./squad";

export interface ComputeArgs {
  predictions: any[];
  references: any[];
  average?: Average;
}

export interface Metric {
  name: string;
  compute(args: ComputeArgs): Record<string, any>;
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

const METRICS: Record<string, (config?: string) => Metric["compute"]> = {
  accuracy: () => ({ predictions, references }) => ({ accuracy: accuracy(predictions, references) }),
  precision: () => ({ predictions, references, average }) => ({ precision: precisionRecallF1(predictions, references, { average }).precision }),
  recall: () => ({ predictions, references, average }) => ({ recall: precisionRecallF1(predictions, references, { average }).recall }),
  f1: () => ({ predictions, references, average }) => ({ f1: precisionRecallF1(predictions, references, { average }).f1 }),
  confusion_matrix: () => ({ predictions, references }) => ({ confusion_matrix: confusionMatrix(predictions, references) }),
  glue: (config) => {
    const f = config ? GLUE[config] : undefined;
    if (!f) throw new Error(`glue needs one of its tasks as the config, e.g. load("glue", "mrpc"): ${Object.keys(GLUE).join(", ")}`);
    return ({ predictions, references }) => f(predictions, references);
  },
  seqeval: () => ({ predictions, references }) => seqeval(predictions, references),
  squad: () => ({ predictions, references }) => squad(predictions as SquadPrediction[], references as SquadReference[]),
  sacrebleu: () => ({ predictions, references }) => {
    // evaluate's layout: references[i] = the references of sentence i; sacrebleu's is transposed.
    const sets = Math.max(...references.map((r: string[]) => r.length));
    const r = bleu(predictions, Array.from({ length: sets }, (_, k) => references.map((rs: string[]) => rs[k] ?? rs[0])));
    return { score: r.score, precisions: r.precisions, bp: r.brevityPenalty, sys_len: r.hypLength, ref_len: r.refLength };
  },
  rouge: () => ({ predictions, references }) => rouge(predictions, references),
  perplexity: () => ({ predictions, references }) => ({ perplexity: perplexity(predictions, references) }),
};
METRICS.bleu = METRICS.sacrebleu;

export function load(name: string, config?: string): Metric {
  const make = METRICS[name];
  if (!make) throw new Error(`no metric "${name}". Metrics: ${Object.keys(METRICS).join(", ")}`);
  return { name, compute: make(config) };
}

export const METRIC_NAMES = Object.keys(METRICS);

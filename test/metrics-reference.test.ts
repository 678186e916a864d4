// The course's metrics against the implementations they reproduce, on random cases generated here
// with a seeded RNG (unicode, Python-only whitespace, trailing newlines, empties, no matches, several
// references): sacrebleu, the official SQuAD v1.1 script (as evaluate runs it), seqeval,
// scikit-learn, rouge-score + NLTK's Porter stemmer, scipy's logsumexp (perplexity). Each test logs the
// largest difference it measured. They need the reference venv (.ci/run creates .venv-reference).
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { load } from "../lib/metrics";
import { porterStem } from "../lib/metrics/porter";
import { referenceSkip, runReference } from "./helpers/reference-python";
import { rng } from "./helpers/random-cases";

const skip = referenceSkip;

const ENGLISH = [
  "run",
  "running",
  "runs",
  "cat",
  "cats",
  "quick",
  "quickly",
  "generalization",
  "happiness",
  "dying",
  "skies",
  "the",
  "a",
  "on",
  "mat",
  "sat",
  "connected",
  "connection",
  "relational",
  "hopeful",
  "hopefully",
  "3",
  "42nd",
  "Dog",
  "DOGS",
  "naïve",
  "café",
  "über",
  "x-ray",
  "e-mail",
  "agreed",
  "feed",
  "sized",
  "hopping",
  "filing",
  "conditional",
  "rational",
  "valency",
  "digitizer",
  "radically",
  "formality",
  "callousness",
  "triplicate",
  "electrical",
  "adoption",
  "controll",
  "roll",
  "innings",
  "analogies",
  "probate",
  "rate",
  "cease",
];

/** Tracks the largest absolute (or relative) difference and fails beyond `tol`. */
function differences(t: TestContext, metric: string, tol = 1e-9) {
  let max = 0;
  let n = 0;
  return {
    num(a: number, b: number, what: string, relative = false) {
      const d = a === b ? 0 : relative ? Math.abs(a - b) / Math.max(Math.abs(b), 1e-300) : Math.abs(a - b);
      assert.ok(d <= tol, `${what}: ours ${a}, reference ${b}`);
      max = Math.max(max, d);
    },
    exact(a: unknown, b: unknown, what: string) {
      assert.deepEqual(a, b, what);
    },
    case() {
      n++;
    },
    report() {
      t.diagnostic(`${metric}: ${n} random cases, max difference from the reference ${max}`);
      console.log(`${metric}: ${n} random cases, max difference from the reference ${max}`);
    },
  };
}

function bleuCases() {
  const r = rng(14);
  const words = [
    "the",
    "cat",
    "Cat",
    "sat",
    "on",
    "mat",
    "a",
    "dog",
    "well-",
    "e.g.",
    "3.14",
    "1,000",
    "x-ray",
    "9-5",
    "&amp;",
    "&quot;",
    "&lt;b&gt;",
    "<skipped>",
    "année",
    "Σ",
    "ΑΣ",
    "İ",
    "ß",
    "ẞ",
    "😀",
    "日本",
    "don't",
    "(",
    "!",
    "?",
    "...",
    "--",
  ];
  const other = ["zz", "yy", "qq", "ww"];
  const seps = [
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "-\n",
    "\ufeff",
    "\x85",
    "\x1c",
    "\x1f",
    "\u3000",
    "\u00a0",
    "\u200b",
    "\u2028",
  ];
  const ends = ["", "", "", " ", "\n", "\t\n", "\ufeff", "\x85", "-\n", "\u3000"];
  const sentence = (vocab: string[], max = 9) => {
    const n = r.int(max);
    let s = "";
    for (let i = 0; i < n; i++) s += (i ? r.pick(seps) : "") + r.pick(vocab);
    return s + r.pick(ends);
  };
  const mutate = (s: string) =>
    s
      .split(" ")
      .filter(() => r.next() > 0.25)
      .map((w) => (r.next() < 0.15 ? r.pick(words) : w))
      .join(r.pick([" ", " ", "\x85", "\ufeff"]));
  const cases = Array.from({ length: 400 }, (_, c) => {
    const sentences = 1 + r.int(4);
    const sets = 1 + r.int(3);
    const noMatch = c % 10 === 0;
    const predictions = Array.from({ length: sentences }, () => sentence(noMatch ? other : words));
    let references: (string | string[])[] = predictions.map((p) =>
      Array.from({ length: sets }, () => (noMatch ? sentence(words) : r.next() < 0.6 ? mutate(p) : sentence(words))),
    );
    if (sets === 1 && r.next() < 0.5) references = references.map((x) => x[0]);
    return { predictions, references, lowercase: r.next() < 0.3 };
  });
  return cases;
}
function squadCases() {
  const r = rng(11);
  const words = [
    "the",
    "a",
    "an",
    "The",
    "A",
    "An",
    "THE",
    "cat",
    "éthe",
    "añ",
    "el",
    "año",
    "the_",
    "a1",
    "théâtre",
    "an-",
    "(the)",
    "Saint",
    "Bernadette",
    "1976",
    "Beyoncé",
    "ΑΣ",
    "İstanbul",
    "x.y",
    "don't",
    "a̧",
    "ªthe",
    "²a",
    "a٣",
    "日本the",
    "ﬁ",
  ];
  const seps = [
    " ",
    " ",
    " ",
    "\ufeff",
    "\x85",
    "\x1c",
    "\x1f",
    "\u3000",
    "\t",
    "\n",
    "  ",
    "\u00a0",
    "_",
    "-",
    ",",
    "\u200b",
  ];
  const text = (min = 0) => {
    const n = min + r.int(5);
    let s = r.next() < 0.2 ? r.pick(seps) : "";
    for (let i = 0; i < n; i++) s += (i ? r.pick(seps) : "") + r.pick(words);
    return s;
  };
  const cases = Array.from({ length: 300 }, () => {
    const questions = 1 + r.int(4);
    const references = Array.from({ length: questions }, (_, q) => ({
      id: `q${q}`,
      answers: { text: Array.from({ length: 1 + r.int(3) }, () => text(1)) },
    }));
    const predictions = references.map((ref) => ({
      id: ref.id,
      prediction_text: r.next() < 0.4 ? r.pick(ref.answers.text).replace(/ /g, () => r.pick(seps)) : text(),
    }));
    return { predictions, references };
  });
  // evaluate's squad metric: compute_score.py, a copy of the official evaluate-v1.1.py.
  return cases;
}
function seqevalCases() {
  const r = rng(5);
  const lenient = [
    "O",
    "O",
    "O",
    "O",
    "B-PER",
    "I-PER",
    "B-LOC",
    "I-LOC",
    "B-MISC",
    "I-MISC",
    "E-PER",
    "S-LOC",
    "B",
    "I",
    "B-X-Y",
    "I-X-Y",
    "BPER",
    "I-Ä",
    "B-Ä",
  ];
  const iob2 = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B", "I", "I-Ä", "B-Ä"];
  const cases = Array.from({ length: 400 }, (_, c) => {
    const strict = c % 2 === 1;
    const tags = strict ? iob2 : lenient;
    const sentences = 1 + r.int(4);
    const references = Array.from({ length: sentences }, () =>
      Array.from({ length: 1 + r.int(8) }, () => r.pick(tags)),
    );
    // At least one entity somewhere, or seqeval's report has nothing to list.
    references[0][0] = "B-PER";
    const predictions = references.map((s) => s.map((tag) => (r.next() < 0.3 ? r.pick(tags) : tag)));
    return { predictions, references, strict };
  });
  return cases;
}
function classificationCases() {
  const r = rng(3);
  const stringLabels = ["a", "b", "B", "é", "😀", "\uffef", "ab", "a b", "10", "9"];
  const cases = Array.from({ length: 300 }, (_, c) => {
    const strings = c % 3 === 0;
    const binary = c % 4 === 1;
    const k = binary ? 2 : 2 + r.int(4);
    const labels: (string | number)[] = strings
      ? [...stringLabels].sort(() => r.next() - 0.5).slice(0, k)
      : Array.from({ length: k }, (_, i) => (binary && c % 8 === 1 ? i + 1 : i) * (c % 5 === 0 ? -3 : 1));
    const n = 1 + r.int(30);
    const references = Array.from({ length: n }, () => r.pick(labels));
    const predictions = references.map((x) => (r.next() < 0.5 ? x : r.pick(labels)));
    const present = [...new Set([...references, ...predictions])];
    const averages: (string | null)[] = ["micro", "macro", "weighted", null];
    const pos_label = present.length <= 2 ? r.pick(present) : undefined;
    if (pos_label !== undefined) averages.push("binary");
    return { predictions, references, averages, pos_label };
  });
  return cases;
}
function perplexityCases() {
  const r = rng(9);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
  const cases = Array.from({ length: 300 }, (_, c) => {
    const V = c < 2 ? [128_256, 262_144][c] : 2 + r.int(60);
    const rows = c < 2 ? 2 : 1 + r.int(8);
    const scale = r.pick([0.01, 1, 5, 20]);
    // A few logits far below the rest (masked-like), as in real vocabularies.
    const logits = Array.from({ length: rows }, () =>
      Array.from({ length: V }, () => gauss() * scale + (r.next() < 0.05 ? -60 : 0)),
    );
    return { predictions: logits, references: logits.map(() => r.int(V)) };
  });
  return cases;
}
function rougeCases() {
  const r = rng(21);
  const seps = [" ", " ", " ", "\n", ", ", ". ", "\n\n", "!", " - ", "\t"];
  const text = () => {
    const n = r.int(12);
    let s = "";
    for (let i = 0; i < n; i++) s += (i ? r.pick(seps) : "") + r.pick(ENGLISH);
    return r.next() < 0.05 ? r.pick(["", "...", "\n", "¿¡"]) : s;
  };
  const cases = Array.from({ length: 400 }, () => {
    const n = 1 + r.int(3);
    const predictions = Array.from({ length: n }, text);
    const references = predictions.map(() => (r.next() < 0.4 ? Array.from({ length: 1 + r.int(3) }, text) : text()));
    return { predictions, references, use_stemmer: r.next() < 0.5 };
  });
  return cases;
}
function porterCases() {
  const r = rng(2);
  const suffixes = [
    "ing",
    "ed",
    "ies",
    "ied",
    "s",
    "sses",
    "ational",
    "tional",
    "enci",
    "anci",
    "izer",
    "bli",
    "alli",
    "entli",
    "eli",
    "ousli",
    "ization",
    "ation",
    "ator",
    "alism",
    "iveness",
    "fulness",
    "ousness",
    "aliti",
    "iviti",
    "biliti",
    "fulli",
    "logi",
    "icate",
    "ative",
    "alize",
    "iciti",
    "ical",
    "ful",
    "ness",
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "ion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "e",
    "ll",
    "y",
    "yy",
    "eed",
  ];
  const words = [
    ...ENGLISH.map((w) => w.toLowerCase()),
    ...Array.from({ length: 5000 }, () => {
      let w = "";
      for (let j = 1 + r.int(7); j > 0; j--) w += "abcdefghijklmnopqrstuvwxyzaeiouy"[r.int(32)];
      return r.next() < 0.7 ? w + r.pick(suffixes) : w;
    }),
  ];
  return words;
}

const BLEU_PY = `import sacrebleu
out = []
for c in cases:
    refs = c["references"]
    if isinstance(refs[0], str):
        refs = [[x] for x in refs]
    sets = [[r[i] for r in refs] for i in range(len(refs[0]))]
    s = sacrebleu.corpus_bleu(c["predictions"], sets, lowercase=c["lowercase"])
    out.append(dict(score=s.score, precisions=s.precisions, counts=s.counts, totals=s.totals, bp=s.bp, sys_len=s.sys_len, ref_len=s.ref_len))`;
const SQUAD_PY = `import re, string
from collections import Counter
def normalize_answer(s):
    def remove_articles(text):
        return re.sub(r"\\b(a|an|the)\\b", " ", text)
    def white_space_fix(text):
        return " ".join(text.split())
    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)
    return white_space_fix(remove_articles(remove_punc(s.lower())))
def f1_score(prediction, ground_truth):
    prediction_tokens = normalize_answer(prediction).split()
    ground_truth_tokens = normalize_answer(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)
def exact_match_score(prediction, ground_truth):
    return normalize_answer(prediction) == normalize_answer(ground_truth)
def metric_max_over_ground_truths(metric_fn, prediction, ground_truths):
    return max(metric_fn(prediction, gt) for gt in ground_truths)
out = []
for c in cases:
    preds = {p["id"]: p["prediction_text"] for p in c["predictions"]}
    f1 = exact_match = total = 0
    for qa in c["references"]:
        total += 1
        gts = qa["answers"]["text"]
        exact_match += metric_max_over_ground_truths(exact_match_score, preds[qa["id"]], gts)
        f1 += metric_max_over_ground_truths(f1_score, preds[qa["id"]], gts)
    out.append({"exact_match": 100.0 * exact_match / total, "f1": 100.0 * f1 / total})`;
const SEQEVAL_PY = `import warnings
warnings.simplefilter("ignore")
from seqeval.metrics import classification_report, accuracy_score
from seqeval.scheme import IOB2
out = []
for c in cases:
    kw = {"mode": "strict", "scheme": IOB2} if c["strict"] else {}
    rep = classification_report(c["references"], c["predictions"], output_dict=True, **kw)
    rep.pop("macro avg"); rep.pop("weighted avg")
    overall = rep.pop("micro avg")
    out.append({"precision": float(overall["precision"]), "recall": float(overall["recall"]), "f1": float(overall["f1-score"]),
                "accuracy": float(accuracy_score(c["references"], c["predictions"])),
                "types": [[k, float(v["precision"]), float(v["recall"]), float(v["f1-score"]), int(v["support"])] for k, v in rep.items()]})`;
const CLASSIFICATION_PY = `import warnings
warnings.simplefilter("ignore")
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
out = []
for c in cases:
    yt, yp = c["references"], c["predictions"]
    o = {"accuracy": float(accuracy_score(yt, yp)), "confusion_matrix": confusion_matrix(yt, yp).tolist(), "prf": []}
    for a in c["averages"]:
        kw = {"pos_label": c["pos_label"]} if a == "binary" else {}
        p, r, f, _ = precision_recall_fscore_support(yt, yp, average=a, **kw)
        conv = (lambda x: [float(v) for v in x]) if a is None else float
        o["prf"].append([conv(p), conv(r), conv(f)])
    out.append(o)`;
const PERPLEXITY_PY = `import numpy as np
from scipy.special import logsumexp
out = []
for c in cases:
    x = np.array(c["predictions"], dtype=np.float64)
    nll = [logsumexp(row) - row[t] for row, t in zip(x, c["references"])]
    out.append(float(np.exp(np.mean(nll))))`;
const ROUGE_PY = `from rouge_score import rouge_scorer
types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
out = []
for c in cases:
    scorer = rouge_scorer.RougeScorer(types, use_stemmer=c["use_stemmer"])
    scores = [scorer.score_multi(ref, pred) if isinstance(ref, list) else scorer.score(ref, pred) for pred, ref in zip(c["predictions"], c["references"])]
    out.append({k: sum(s[k].fmeasure for s in scores) / len(scores) for k in types})`;
const PORTER_PY = `from nltk.stem import porter
s = porter.PorterStemmer()
out = [s.stem(w) for w in cases]`;

// All the reference computations run in one Python process (imports take most of the time on a
// busy machine), on first use; the cases are generated once.
let cases: ReturnType<typeof makeCases> | undefined;
const makeCases = () => ({
  bleu: bleuCases(),
  squad: squadCases(),
  seqeval: seqevalCases(),
  classification: classificationCases(),
  perplexity: perplexityCases(),
  rouge: rougeCases(),
  porter: porterCases(),
});
const CASES = () => (cases ??= makeCases());
const SCRIPTS: Record<keyof ReturnType<typeof makeCases>, string> = {
  bleu: BLEU_PY,
  squad: SQUAD_PY,
  seqeval: SEQEVAL_PY,
  classification: CLASSIFICATION_PY,
  perplexity: PERPLEXITY_PY,
  rouge: ROUGE_PY,
  porter: PORTER_PY,
};
let results: Record<string, unknown> | undefined;
function reference<T>(name: keyof typeof SCRIPTS): T {
  if (!results) {
    const sections = Object.entries(SCRIPTS).map(
      ([n, py]) =>
        `def ${n}(cases):\n${py
          .split("\n")
          .map((l) => `    ${l}`)
          .join("\n")}\n    return out\n`,
    );
    const script = [
      "import sys, json",
      "import sacrebleu",
      ...sections,
      "data = json.load(sys.stdin)",
      "out = {n: globals()[n](c) for n, c in data.items()}",
      'out["versions"] = {"sacrebleu": sacrebleu.__version__}',
      "print(json.dumps(out))",
    ].join("\n");
    results = runReference<Record<string, unknown>>(script, CASES());
  }
  return results[name] as T;
}

test("sacreBLEU against sacrebleu.corpus_bleu (evaluate's layout) on random corpora", { skip }, (t) => {
  const cases = CASES().bleu;
  const ref = reference<any[]>("bleu");
  const d = differences(t, `sacrebleu ${(results as { versions: { sacrebleu: string } }).versions.sacrebleu}`);
  cases.forEach((c, i) => {
    const ours = load("sacrebleu").compute(c);
    const want = ref[i];
    const what = `case ${i} ${JSON.stringify(c)}`;
    d.num(ours.score, want.score, `${what} score`);
    d.num(ours.bp, want.bp, `${what} bp`);
    ours.precisions.forEach((p: number, k: number) => d.num(p, want.precisions[k], `${what} precision ${k + 1}`));
    d.exact(
      [ours.counts, ours.totals, ours.sys_len, ours.ref_len],
      [want.counts, want.totals, want.sys_len, want.ref_len],
      `${what} counts, totals, lengths`,
    );
    d.case();
  });
  assert.ok(
    ref.filter((x) => x.score === 0 && x.counts.every((n: number) => n === 0)).length >= 30,
    "the cases include corpora with no match",
  );
  d.report();
});
test("SQuAD against the official v1.1 script's normalisation, F1 and exact match on random answers", { skip }, (t) => {
  const cases = CASES().squad;
  const ref = reference<any[]>("squad");
  const d = differences(t, "squad (official v1.1 script)");
  cases.forEach((c, i) => {
    const ours = load("squad").compute(c);
    d.num(ours.exact_match, ref[i].exact_match, `case ${i} ${JSON.stringify(c)} exact_match`);
    d.num(ours.f1, ref[i].f1, `case ${i} ${JSON.stringify(c)} f1`);
    d.case();
  });
  d.report();
});
test(
  "seqeval (default and strict IOB2) against seqeval's classification_report on random tag sequences",
  { skip },
  (t) => {
    const cases = CASES().seqeval;
    const ref = reference<any[]>("seqeval");
    const d = differences(t, "seqeval");
    cases.forEach((c, i) => {
      const ours = load("seqeval").compute(
        c.strict
          ? { predictions: c.predictions, references: c.references, mode: "strict", scheme: "IOB2" }
          : { predictions: c.predictions, references: c.references },
      );
      const want = ref[i];
      const what = `case ${i} ${JSON.stringify(c)}`;
      for (const k of ["precision", "recall", "f1", "accuracy"]) d.num(ours[k], want[k], `${what} ${k}`);
      d.exact(
        Object.keys(ours.types),
        want.types.map((x: any[]) => x[0]),
        `${what} types`,
      );
      for (const [type, p, rc, f, support] of want.types) {
        const o = ours.types[type];
        d.num(o.precision, p, `${what} ${type} precision`);
        d.num(o.recall, rc, `${what} ${type} recall`);
        d.num(o.f1, f, `${what} ${type} f1`);
        d.exact(o.support, support, `${what} ${type} support`);
      }
      d.case();
    });
    d.report();
  },
);
test(
  "accuracy, precision, recall, F1 (every average) and confusion matrix against scikit-learn on random labels",
  { skip },
  (t) => {
    const cases = CASES().classification;
    const ref = reference<any[]>("classification");
    const d = differences(t, "classification (scikit-learn)");
    cases.forEach((c, i) => {
      const what = `case ${i} ${JSON.stringify(c)}`;
      const args = { predictions: c.predictions, references: c.references };
      d.num(load("accuracy").compute(args).accuracy, ref[i].accuracy, `${what} accuracy`);
      d.exact(
        load("confusion_matrix").compute(args).confusion_matrix,
        ref[i].confusion_matrix,
        `${what} confusion matrix`,
      );
      c.averages.forEach((average, k) => {
        const opts = { ...args, average: average as never, pos_label: average === "binary" ? c.pos_label : undefined };
        const ours = [
          load("precision").compute(opts).precision,
          load("recall").compute(opts).recall,
          load("f1").compute(opts).f1,
        ];
        const want = ref[i].prf[k];
        ours.forEach((v, j) => {
          if (Array.isArray(v)) {
            d.exact(v.length, want[j].length, `${what} ${average} per-label length`);
            v.forEach((x: number, l: number) =>
              d.num(x, want[j][l], `${what} average ${average} score ${j} label ${l}`),
            );
          } else d.num(v, want[j], `${what} average ${average} score ${j}`);
        });
      });
      d.case();
    });
    d.report();
  },
);
test(
  "perplexity against exp(mean(logsumexp - logit)) with scipy (float64) on random logits, vocabularies up to 262k",
  { skip },
  (t) => {
    const cases = CASES().perplexity;
    const ref = reference<number[]>("perplexity");
    const d = differences(t, "perplexity (relative difference)");
    cases.forEach((c, i) => {
      d.num(
        load("perplexity").compute(c).perplexity,
        ref[i],
        `case ${i} (${c.predictions.length} rows of ${c.predictions[0].length})`,
        true,
      );
      d.case();
    });
    d.report();
  },
);
test(
  "ROUGE (rouge1, rouge2, rougeL, rougeLsum, use_stemmer, several references) against rouge-score on random texts",
  { skip },
  (t) => {
    const cases = CASES().rouge;
    const ref = reference<any[]>("rouge");
    const d = differences(t, "rouge (rouge-score)");
    cases.forEach((c, i) => {
      const ours = load("rouge").compute({ ...c, rouge_types: ["rouge1", "rouge2", "rougeL", "rougeLsum"] });
      for (const k of ["rouge1", "rouge2", "rougeL", "rougeLsum"])
        d.num(ours[k], ref[i][k], `case ${i} ${JSON.stringify(c)} ${k}`);
      d.case();
    });
    d.report();
  },
);
test("Porter stemmer against NLTK's PorterStemmer() (rouge-score's stemmer) on random words", { skip }, (t) => {
  const words = CASES().porter;
  const ref = reference<string[]>("porter");
  const differ = words.filter((w, i) => porterStem(w) !== ref[i]);
  assert.deepEqual(
    differ.map((w) => [w, porterStem(w), ref[words.indexOf(w)]]),
    [],
  );
  t.diagnostic(`porter: ${words.length} words, ${differ.length} stems differ from NLTK's`);
  console.log(`porter: ${words.length} words, ${differ.length} stems differ from NLTK's`);
});

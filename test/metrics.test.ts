// Every metric against values published by (or computed with) the implementation it reproduces.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "../lib/metrics";
import { bleu, tokenize13a } from "../lib/metrics/bleu";
import { argmax, confusionMatrix, precisionRecallF1 } from "../lib/metrics/classification";
import { getEntities, seqeval } from "../lib/metrics/seqeval";
import { rougeL, rougeN } from "../lib/metrics/rouge";
import { porterStem } from "../lib/metrics/porter";
import { perplexity, perplexityFromNll } from "../lib/metrics/perplexity";
import { normalizeAnswer, squad } from "../lib/metrics/squad";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("accuracy: scikit-learn's accuracy_score docstring example", () => {
  // sklearn.metrics.accuracy_score docstring: y_pred = [0, 2, 1, 3], y_true = [0, 1, 2, 3] -> 0.5
  assert.deepEqual(load("accuracy").compute({ predictions: [0, 2, 1, 3], references: [0, 1, 2, 3] }), {
    accuracy: 0.5,
  });
});

test("precision, recall, F1 with macro, micro and weighted averages: scikit-learn's docstring examples", () => {
  // sklearn.metrics.f1_score docstring: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
  // -> macro 0.26..., micro 0.33..., weighted 0.26...; precision_recall_fscore_support(average="macro")
  // -> (0.22..., 0.33..., 0.26...). Full values computed with scikit-learn 1.9.1.
  const yt = [0, 1, 2, 0, 1, 2];
  const yp = [0, 2, 1, 0, 0, 1];
  close(load("f1").compute({ predictions: yp, references: yt, average: "macro" }).f1, 0.26666666666666666);
  close(load("f1").compute({ predictions: yp, references: yt, average: "micro" }).f1, 0.3333333333333333);
  close(load("f1").compute({ predictions: yp, references: yt, average: "weighted" }).f1, 0.26666666666666666);
  const macro = precisionRecallF1(yp, yt, { average: "macro" });
  close(macro.precision, 0.2222222222222222);
  close(macro.recall, 0.3333333333333333);
  // Binary, positive label 1 (scikit-learn 1.9.1): y_true [0,1,1,0,1,1], y_pred [0,1,0,0,1,1] -> (1.0, 0.75, 0.857142...)
  const binary = precisionRecallF1([0, 1, 0, 0, 1, 1], [0, 1, 1, 0, 1, 1]);
  assert.deepEqual([binary.precision, binary.recall], [1, 0.75]);
  close(binary.f1, 0.8571428571428571);
  assert.throws(() => precisionRecallF1([0, 2], [1, 2]), /average "binary" is for two labels; these are 3/);
});

test("confusion matrix: scikit-learn's confusion_matrix docstring example", () => {
  // sklearn.metrics.confusion_matrix docstring: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2]
  assert.deepEqual(confusionMatrix([0, 0, 2, 2, 0, 2], [2, 0, 2, 2, 0, 1]), [
    [2, 0, 0],
    [0, 0, 1],
    [1, 0, 2],
  ]);
});

test("GLUE MRPC reports accuracy and F1, as the evaluate library's glue metric does", () => {
  // evaluate/metrics/glue: mrpc -> {"accuracy": simple_accuracy, "f1": f1_score(labels, preds)};
  // the values for these labels come from scikit-learn 1.9.1 (see the binary case above).
  const r = load("glue", "mrpc").compute({ predictions: [0, 1, 0, 0, 1, 1], references: [0, 1, 1, 0, 1, 1] });
  close(r.accuracy, 5 / 6);
  close(r.f1, 0.8571428571428571);
  assert.throws(() => load("glue"), /glue needs one of its tasks as the config/);
  assert.throws(() => load("blue"), /no metric "blue"\. Metrics: accuracy, precision/);
});

test("seqeval: the README example and conlleval chunking rules (seqeval 1.2.2)", () => {
  // seqeval README: this pair gives f1_score 0.50; classification_report MISC 0.00, PER 1.00.
  const yt = [
    ["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"],
    ["B-PER", "I-PER", "O"],
  ];
  const yp = [
    ["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"],
    ["B-PER", "I-PER", "O"],
  ];
  const r = seqeval(yp, yt);
  assert.deepEqual([r.precision, r.recall, r.f1], [0.5, 0.5, 0.5]);
  assert.deepEqual(r.types.MISC, { precision: 0, recall: 0, f1: 0, support: 1 });
  assert.deepEqual(r.types.PER, { precision: 1, recall: 1, f1: 1, support: 1 });
  // Edge cases computed with seqeval 1.2.2 (precision, recall, f1):
  const cases: [string[], string[], [number, number, number]][] = [
    [
      ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-ORG"],
      ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"],
      [2 / 3, 2 / 3, 2 / 3],
    ],
    [
      ["I-PER", "I-PER", "O", "B-MISC", "I-MISC"],
      ["B-PER", "I-PER", "O", "B-MISC", "I-LOC"],
      [1 / 3, 0.5, 0.4],
    ],
    [
      ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PER"],
      ["O", "B-ORG", "I-ORG", "B-ORG", "O", "I-PER"],
      [1 / 3, 0.5, 0.4],
    ],
  ];
  for (const [truth, pred, [p, rc, f]] of cases) {
    const s = seqeval([pred], [truth]);
    close(s.precision, p);
    close(s.recall, rc);
    close(s.f1, f);
  }
  assert.deepEqual(
    getEntities(["I-PER", "I-PER", "O"]),
    [{ type: "PER", start: 0, end: 1 }],
    "a leading I- starts an entity",
  );
});

test("SQuAD: the evaluate library's metric card examples (official v1.1 script)", () => {
  // huggingface/datasets metrics/squad/README.md, "Partial match (2 out of 3 answers correct)":
  // -> {'exact_match': 66.66666666666667, 'f1': 66.66666666666667}
  const predictions = [
    { prediction_text: "1976", id: "56e10a3be3433e1400422b22" },
    { prediction_text: "Beyonce", id: "56d2051ce7d4791d0090260b" },
    { prediction_text: "climate change", id: "5733b5344776f419006610e1" },
  ];
  const references = [
    { answers: { answer_start: [97], text: ["1976"] }, id: "56e10a3be3433e1400422b22" },
    { answers: { answer_start: [233], text: ["Beyoncé and Bruno Mars"] }, id: "56d2051ce7d4791d0090260b" },
    { answers: { answer_start: [891], text: ["climate change"] }, id: "5733b5344776f419006610e1" },
  ];
  const r = load("squad").compute({ predictions, references });
  close(r.exact_match, 66.66666666666667);
  close(r.f1, 66.66666666666667);
  // Same card, "Minimal values": '1999' against '1976' -> {'exact_match': 0.0, 'f1': 0.0}
  assert.deepEqual(
    load("squad").compute({
      predictions: [{ prediction_text: "1999", id: "a" }],
      references: [{ answers: { text: ["1976"] }, id: "a" }],
    }),
    { exact_match: 0, f1: 0 },
  );
  // The script's normalisation drops case, punctuation and articles; token F1 then gives P 1, R 2/3.
  const partial = load("squad").compute({
    predictions: [{ prediction_text: "the Saint Bernadette!", id: "q" }],
    references: [{ answers: { text: ["Saint Bernadette Soubirous"] }, id: "q" }],
  });
  close(partial.f1, 80);
});

test("BLEU: sacrebleu's README example (BLEU = 48.53 82.4/50.0/45.5/37.5, BP = 0.943, 17/18)", () => {
  // sacrebleu README, "Using the Python API": corpus_score of these three sentences against two
  // reference sets -> BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18);
  // sacrebleu 2.6.0 gives score 48.530827009929865.
  const refs = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
  ];
  const sys = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
  const r = bleu(sys, refs);
  close(r.score, 48.530827009929865, 1e-9);
  assert.deepEqual(
    r.precisions.map((p) => Number(p.toFixed(1))),
    [82.4, 50.0, 45.5, 37.5],
  );
  assert.deepEqual([Number(r.brevityPenalty.toFixed(3)), r.hypLength, r.refLength], [0.943, 17, 18]);
  assert.deepEqual(tokenize13a("It wasn't surprising."), ["It", "wasn't", "surprising", "."]);
  const viaLoad = load("sacrebleu").compute({
    predictions: sys,
    references: sys.map((_, i) => [refs[0][i], refs[1][i]]),
  });
  close(viaLoad.score, 48.530827009929865, 1e-9);
});

test("ROUGE: rouge-score 0.1.2 on its README sentences", () => {
  // rouge_score README: scorer.score('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.')
  // computed with rouge-score 0.1.2 (no stemming): rouge1 P 0.75 R 0.666.. F 0.70588..; rouge2 P 0.2857.. R 0.25 F 0.2666..;
  // rougeL P 0.625 R 0.5555.. F 0.588235...
  const target = "The quick brown fox jumps over the lazy dog";
  const prediction = "The quick brown dog jumps on the log.";
  const r1 = rougeN(prediction, target, 1);
  close(r1.precision, 0.75);
  close(r1.recall, 0.6666666666666666);
  close(r1.fmeasure, 0.7058823529411765);
  const r2 = rougeN(prediction, target, 2);
  close(r2.precision, 0.2857142857142857);
  close(r2.fmeasure, 0.26666666666666666);
  close(rougeL(prediction, target).fmeasure, 0.5882352941176471);
  close(load("rouge").compute({ predictions: [prediction], references: [target] }).rougeL, 0.5882352941176471);
});

test("perplexity: exp of the mean negative log-likelihood (Jurafsky & Martin, SLP3 section 3.2.1)", () => {
  // A model that spreads its probability evenly over V tokens has perplexity V.
  const V = 50;
  close(
    perplexity(
      Array.from({ length: 7 }, () => new Array(V).fill(0.3)),
      [1, 2, 3, 4, 5, 6, 7],
    ),
    V,
    1e-9,
  );
  // Two tokens with probabilities 1/2 and 1/8: PP = (1/2 * 1/8)^(-1/2) = 4.
  close(
    perplexity(
      [
        [Math.log(1), Math.log(1)],
        [Math.log(1), Math.log(7)],
      ],
      [0, 0],
    ),
    4,
    1e-9,
  );
});

// Issue 14: each disagreement with the reference implementations, pinned with the reference's value
// (sacrebleu 2.6.0, the SQuAD v1.1 script, seqeval 1.2.2, scikit-learn 1.9.1, rouge-score 0.1.2 +
// nltk 3.10). test/metrics-reference.test.ts compares the same metrics on random cases.

test("sacreBLEU: no match of any order scores 0 with precisions 0, as sacrebleu does (no smoothing)", () => {
  // sacrebleu.corpus_bleu(["a b c d"], [["e f g h"]]) -> score 0.0, precisions [0, 0, 0, 0], bp 1.0
  const r = load("sacrebleu").compute({ predictions: ["a b c d"], references: [["e f g h"]] });
  assert.deepEqual([r.score, r.precisions, r.bp], [0, [0, 0, 0, 0], 1]);
});

test("sacreBLEU: lines are right-stripped and split on Python's whitespace", () => {
  // sacrebleu: "a b c well-\n" vs "a b c well-" -> 100.00000000000004 (the line is right-stripped before "-\n" is joined)
  close(bleu(["a b c well-\n"], [["a b c well-"]]).score, 100.00000000000004);
  // U+0085 separates tokens in Python (-> 100.00000000000004); U+FEFF does not (-> 46.30777161991026, precisions 75/66.7/50/50).
  close(bleu(["a\x85b c d e f"], [["a b c d e f"]]).score, 100.00000000000004);
  const feff = bleu(["a\ufeffb c d e"], [["a b c d e"]]);
  close(feff.score, 46.30777161991026);
  assert.deepEqual([feff.hypLength, feff.refLength], [4, 5]);
});

test("sacreBLEU: lowercase, references as plain strings, an empty corpus and bad references", () => {
  const m = load("sacrebleu");
  // sacrebleu lowercase=True -> 100.00000000000004; without it 30.213753973567677.
  close(
    m.compute({ predictions: ["The Cat sat on the Mat"], references: [["the cat sat on the mat"]], lowercase: true })
      .score,
    100.00000000000004,
  );
  close(
    m.compute({ predictions: ["The Cat sat on the Mat"], references: [["the cat sat on the mat"]] }).score,
    30.213753973567677,
  );
  // evaluate's sacrebleu wraps plain-string references: references[i] = [references[i]].
  close(
    m.compute({ predictions: ["the cat sat on the mat"], references: ["the cat sat on the mat"] }).score,
    100.00000000000004,
  );
  assert.throws(
    () => m.compute({ predictions: [], references: [] }),
    /references is empty: BLEU needs at least one sentence/,
  );
  assert.throws(() => bleu([], []), /predictions is empty: BLEU needs at least one sentence/);
  assert.throws(
    () => m.compute({ predictions: ["a"], references: [[]] }),
    /references\[0\] is an empty array: each prediction needs at least one reference/,
  );
  assert.throws(
    () => m.compute({ predictions: ["a", "b"], references: [["a"], ["b", "c"]] }),
    /references\[1\] has 2 references but references\[0\] has 1/,
  );
  assert.throws(
    () => m.compute({ predictions: ["a", null], references: ["a", "b"] }),
    /predictions\[1\] must be a string; got null/,
  );
  assert.throws(
    () => m.compute({ predictions: ["a"], references: [[3]] }),
    /reference 0 of sentence 0 must be a string; got 3/,
  );
  assert.throws(
    () => m.compute({ predictions: ["a"], references: ["a"], lowercase: "yes" as never }),
    /lowercase must be true or false/,
  );
  assert.throws(
    () => m.compute({ predictions: ["a"], references: ["a"], tokenize: "intl" } as never),
    /sacrebleu has no option tokenize; its options: lowercase/,
  );
});

test("SQuAD: Python's Unicode \\b for articles and Python's whitespace, as the official v1.1 script", () => {
  // The script (re.sub(r'\b(a|an|the)\b', ' ', text)): "el año" keeps its "a"; "éthe" keeps its "the".
  assert.equal(normalizeAnswer("el año"), "el año");
  assert.equal(normalizeAnswer("éthe cat"), "éthe cat");
  // evaluate-v1.1.py: prediction "é cat", answer "éthe cat" -> exact_match 0, f1 50.
  assert.deepEqual(squad([{ id: "q", prediction_text: "é cat" }], [{ id: "q", answers: { text: ["éthe cat"] } }]), {
    exact_match: 0,
    f1: 50,
  });
  // str.split(): U+FEFF is not whitespace, U+0085 and U+001C-U+001F are.
  assert.equal(normalizeAnswer("x\ufeffy"), "x\ufeffy");
  assert.equal(normalizeAnswer("x\x85y\x1cz\x1fw"), "x y z w");
  assert.deepEqual(squad([{ id: "q", prediction_text: "x\x85y" }], [{ id: "q", answers: { text: ["x y"] } }]), {
    exact_match: 100,
    f1: 100,
  });
});

test("SQuAD: no answers, no questions, null and number entries are errors that name the argument", () => {
  const m = load("squad");
  assert.throws(
    () =>
      m.compute({ predictions: [{ id: "q", prediction_text: "x" }], references: [{ id: "q", answers: { text: [] } }] }),
    /references\[0\]\.answers\.text is empty: question q needs at least one answer/,
  );
  assert.throws(
    () => m.compute({ predictions: [], references: [] }),
    /references is empty: there is no question to score/,
  );
  assert.throws(
    () =>
      m.compute({
        predictions: [{ id: "q", prediction_text: null }],
        references: [{ id: "q", answers: { text: ["x"] } }],
      }),
    /predictions\[0\] must be \{ id: string, prediction_text: string \}/,
  );
  assert.throws(
    () =>
      m.compute({
        predictions: [{ id: "q", prediction_text: "x" }],
        references: [{ id: "q", answers: { text: [1976] } }],
      }),
    /references\[0\]\.answers\.text\[0\] must be a string; got 1976/,
  );
});

test('seqeval: types only predicted are listed with support 0; untyped tags are "_"', () => {
  // seqeval classification_report([["B-PER","O","O"]], [["B-PER","B-LOC","O"]]) -> LOC 0/0/0 support 0, PER 1/1/1 support 1.
  const r = seqeval([["B-PER", "B-LOC", "O"]], [["B-PER", "O", "O"]]);
  assert.deepEqual(Object.keys(r.types), ["LOC", "PER"]);
  assert.deepEqual(r.types.LOC, { precision: 0, recall: 0, f1: 0, support: 0 });
  close(r.f1, 0.6666666666666666);
  assert.deepEqual(Object.keys(seqeval([["B", "I", "O"]], [["B", "I", "O"]]).types), ["_"]);
  assert.deepEqual(getEntities(["B", "I", "O"]), [{ type: "_", start: 0, end: 1 }]);
});

test('seqeval: mode "strict" with scheme "IOB2" (seqeval\'s strict mode), or a clear error', () => {
  // seqeval strict IOB2: an entity must begin with B- ("I-LOC" alone is no entity) -> only PER.
  const yt = [
    ["B-PER", "I-PER", "O"],
    ["I-LOC", "O", "O"],
  ];
  const strict = load("seqeval").compute({ predictions: yt, references: yt, mode: "strict", scheme: "IOB2" });
  assert.deepEqual(Object.keys(strict.types), ["PER"]);
  assert.deepEqual(Object.keys(load("seqeval").compute({ predictions: yt, references: yt }).types), ["LOC", "PER"]);
  assert.throws(
    () => load("seqeval").compute({ predictions: yt, references: yt, mode: "strict" }),
    /mode "strict" needs scheme: "IOB2"/,
  );
  assert.throws(
    () => load("seqeval").compute({ predictions: yt, references: yt, mode: "lenient" as never }),
    /mode must be "strict" or null/,
  );
  assert.throws(
    () => seqeval([["E-PER"]], [["B-PER"]], { mode: "strict", scheme: "IOB2" }),
    /predictions\[0\]\[0\] is "E-PER": scheme IOB2 allows the prefixes B, I and O/,
  );
  assert.throws(
    () => seqeval([["B-PER", null as never]], [["B-PER", "O"]]),
    /predictions\[0\]\[1\] must be a tag such as "B-PER" or "O"; got null/,
  );
  assert.throws(() => seqeval([], []), /references is empty/);
  assert.throws(
    () => load("seqeval").compute({ predictions: yt, references: yt, suffix: true } as never),
    /seqeval has no option suffix; its options: mode, scheme/,
  );
});

test("argmax and perplexity: rows of 128k and 262k logits (a spread of them overflowed the call stack)", () => {
  for (const V of [128_256, 262_144]) {
    const row = new Array(V).fill(0);
    row[V - 3] = 5;
    assert.deepEqual(argmax([row]), [V - 3]);
    close(perplexity([new Array(V).fill(0)], [7]), V, 1e-6);
  }
  assert.throws(
    () => perplexity([[0, 0]], [2]),
    /references\[0\] must be a token id from 0 to 1 \(the row's vocabulary\); got 2/,
  );
  assert.throws(() => perplexity([[0, 0]], [-1]), /references\[0\] must be a token id/);
  assert.throws(() => perplexity([[0, NaN]], [0]), /predictions\[0\]\[1\] is NaN/);
  assert.throws(() => perplexityFromNll([]), /at least one token/);
});

test("precision, recall, F1: average values, pos_label, label kinds and sorted string labels as scikit-learn", () => {
  const f1 = load("f1");
  for (const average of ["weigthed", "samples"]) {
    assert.throws(
      () => f1.compute({ predictions: [0, 1], references: [0, 1], average: average as never }),
      /average must be one of "binary", "micro", "macro", "weighted" or null/,
    );
  }
  // scikit-learn precision_recall_fscore_support([0,1,2,0,1,2], [0,2,1,0,0,1], average=None) -> f1 [0.8, 0, 0]
  const perLabel = precisionRecallF1([0, 2, 1, 0, 0, 1], [0, 1, 2, 0, 1, 2], { average: null });
  assert.deepEqual(perLabel.f1, [0.8, 0, 0]);
  assert.deepEqual(
    f1.compute({ predictions: [0, 2, 1, 0, 0, 1], references: [0, 1, 2, 0, 1, 2], average: null }).f1,
    [0.8, 0, 0],
  );
  // f1_score([1,2,2,1], [1,2,1,1], pos_label=2) -> 0.6666666666666666; with labels 2 and 3 and no pos_label, scikit-learn raises.
  close(f1.compute({ predictions: [1, 2, 1, 1], references: [1, 2, 2, 1], pos_label: 2 }).f1, 0.6666666666666666);
  assert.throws(
    () => f1.compute({ predictions: [2, 3, 2, 2], references: [2, 3, 3, 2] }),
    /pos_label 1 is not one of the labels \(2, 3\)/,
  );
  assert.throws(
    () => load("accuracy").compute({ predictions: [0, NaN], references: [0, 1] }),
    /predictions\[1\] must be a label, an integer or a string; got NaN/,
  );
  assert.throws(
    () => load("accuracy").compute({ predictions: ["1", 0], references: [1, 0] }),
    /predictions\[0\] is a string \("1"\) but other labels are numbers/,
  );
  assert.throws(
    () => load("accuracy").compute({ predictions: [null], references: [1] }),
    /predictions\[0\] must be a label.*got null/,
  );
  assert.throws(() => load("accuracy").compute({ predictions: [], references: [] }), /predictions is empty/);
  assert.throws(
    () => load("accuracy").compute({ predictions: [1], references: [1], average: "macro" }),
    /accuracy has no option average/,
  );
  // confusion_matrix(["b","a","c","b"], ["c","a","b","b"]) -> labels sorted a, b, c: [[1,0,0],[0,1,1],[0,1,0]]
  assert.deepEqual(
    load("confusion_matrix").compute({ predictions: ["c", "a", "b", "b"], references: ["b", "a", "c", "b"] })
      .confusion_matrix,
    [
      [1, 0, 0],
      [0, 1, 1],
      [0, 1, 0],
    ],
  );
});

test("ROUGE: rouge_types with rougeLsum, use_stemmer (NLTK's Porter stemmer), several references, clear errors", () => {
  // rouge-score 0.1.2, RougeScorer([...], use_stemmer=True).score(target, prediction):
  // rouge1 0.625, rouge2 0.14285714285714285, rougeL 0.5, rougeLsum 0.625
  const r = load("rouge").compute({
    predictions: ["A cat runs quick.\nThe dogs bark loud"],
    references: ["The cats were running quickly.\nDogs barked loudly"],
    rouge_types: ["rouge1", "rouge2", "rougeL", "rougeLsum"],
    use_stemmer: true,
  });
  close(r.rouge1, 0.625);
  close(r.rouge2, 0.14285714285714285);
  close(r.rougeL, 0.5);
  close(r.rougeLsum, 0.625);
  assert.deepEqual(
    [porterStem("running"), porterStem("dying"), porterStem("generalization"), porterStem("skies")],
    ["run", "die", "gener", "sky"],
  );
  // score_multi(["the dog sat", "a cat sat on the mat"], "the cat sat on a mat") -> rouge1 1.0, rouge2 0.4000000000000001
  const multi = load("rouge").compute({
    predictions: ["the cat sat on a mat"],
    references: [["the dog sat", "a cat sat on the mat"]],
  });
  close(multi.rouge1, 1);
  close(multi.rouge2, 0.4000000000000001);
  assert.deepEqual(Object.keys(multi), ["rouge1", "rouge2", "rougeL", "rougeLsum"]);
  assert.throws(
    () => load("rouge").compute({ predictions: ["a"], references: [[]] }),
    /references\[0\] is an empty array/,
  );
  assert.throws(
    () => load("rouge").compute({ predictions: ["a"], references: ["a"], rouge_types: ["rougeW"] }),
    /rouge_types: unknown type "rougeW"/,
  );
  assert.throws(
    () => load("rouge").compute({ predictions: [null], references: ["a"] }),
    /predictions\[0\] must be a string; got null/,
  );
  assert.throws(
    () => load("rouge").compute({ predictions: ["a"], references: ["a"], use_aggregator: false } as never),
    /rouge has no option use_aggregator; its options: rouge_types, use_stemmer/,
  );
});

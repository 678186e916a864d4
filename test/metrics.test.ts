// Every metric against values published by (or computed with) the implementation it reproduces.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "../lib/metrics";
import { bleu, tokenize13a } from "../lib/metrics/bleu";
import { confusionMatrix, precisionRecallF1 } from "../lib/metrics/classification";
import { getEntities, seqeval } from "../lib/metrics/seqeval";
import { rougeL, rougeN } from "../lib/metrics/rouge";
import { perplexity } from "../lib/metrics/perplexity";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("accuracy: scikit-learn's accuracy_score docstring example", () => {
  // sklearn.metrics.accuracy_score docstring: y_pred = [0, 2, 1, 3], y_true = [0, 1, 2, 3] -> 0.5
  assert.deepEqual(load("accuracy").compute({ predictions: [0, 2, 1, 3], references: [0, 1, 2, 3] }), { accuracy: 0.5 });
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
  assert.deepEqual(confusionMatrix([0, 0, 2, 2, 0, 2], [2, 0, 2, 2, 0, 1]), [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
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
  const yt = [["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]];
  const yp = [["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]];
  const r = seqeval(yp, yt);
  assert.deepEqual([r.precision, r.recall, r.f1], [0.5, 0.5, 0.5]);
  assert.deepEqual(r.types.MISC, { precision: 0, recall: 0, f1: 0, support: 1 });
  assert.deepEqual(r.types.PER, { precision: 1, recall: 1, f1: 1, support: 1 });
  // Edge cases computed with seqeval 1.2.2 (precision, recall, f1):
  const cases: [string[], string[], [number, number, number]][] = [
    [["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-ORG"], ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"], [2 / 3, 2 / 3, 2 / 3]],
    [["I-PER", "I-PER", "O", "B-MISC", "I-MISC"], ["B-PER", "I-PER", "O", "B-MISC", "I-LOC"], [1 / 3, 0.5, 0.4]],
    [["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PER"], ["O", "B-ORG", "I-ORG", "B-ORG", "O", "I-PER"], [1 / 3, 0.5, 0.4]],
  ];
  for (const [truth, pred, [p, rc, f]] of cases) {
    const s = seqeval([pred], [truth]);
    close(s.precision, p);
    close(s.recall, rc);
    close(s.f1, f);
  }
  assert.deepEqual(getEntities(["I-PER", "I-PER", "O"]), [{ type: "PER", start: 0, end: 1 }], "a leading I- starts an entity");
});

test("SQuAD: the evaluate library's metric card examples (official v1.1 script)", () => {
  // huggingface/datasets metrics/squad/README.md, "Partial match (2 out of 3 answers correct)":
  // -> {'exact_match': 66.66666666666667, 'f1': 66.66666666666667}
  const predictions = [{ prediction_text: "1976", id: "56e10a3be3433e1400422b22" }, { prediction_text: "Beyonce", id: "56d2051ce7d4791d0090260b" }, { prediction_text: "climate change", id: "5733b5344776f419006610e1" }];
  const references = [
    { answers: { answer_start: [97], text: ["1976"] }, id: "56e10a3be3433e1400422b22" },
    { answers: { answer_start: [233], text: ["Beyoncé and Bruno Mars"] }, id: "56d2051ce7d4791d0090260b" },
    { answers: { answer_start: [891], text: ["climate change"] }, id: "5733b5344776f419006610e1" },
  ];
  const r = load("squad").compute({ predictions, references });
  close(r.exact_match, 66.66666666666667);
  close(r.f1, 66.66666666666667);
  // Same card, "Minimal values": '1999' against '1976' -> {'exact_match': 0.0, 'f1': 0.0}
  assert.deepEqual(load("squad").compute({ predictions: [{ prediction_text: "1999", id: "a" }], references: [{ answers: { text: ["1976"] }, id: "a" }] }), { exact_match: 0, f1: 0 });
  // The script's normalisation drops case, punctuation and articles; token F1 then gives P 1, R 2/3.
  const partial = load("squad").compute({ predictions: [{ prediction_text: "the Saint Bernadette!", id: "q" }], references: [{ answers: { text: ["Saint Bernadette Soubirous"] }, id: "q" }] });
  close(partial.f1, 80);
});

test("BLEU: sacrebleu's README example (BLEU = 48.53 82.4/50.0/45.5/37.5, BP = 0.943, 17/18)", () => {
  // sacrebleu README, "Using the Python API": corpus_score of these three sentences against two
  // reference sets -> BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18);
  // sacrebleu 2.6.0 gives score 48.530827009929865.
  const refs = [["The dog bit the man.", "It was not unexpected.", "The man bit him first."], ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."]];
  const sys = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
  const r = bleu(sys, refs);
  close(r.score, 48.530827009929865, 1e-9);
  assert.deepEqual(r.precisions.map((p) => Number(p.toFixed(1))), [82.4, 50.0, 45.5, 37.5]);
  assert.deepEqual([Number(r.brevityPenalty.toFixed(3)), r.hypLength, r.refLength], [0.943, 17, 18]);
  assert.deepEqual(tokenize13a("It wasn't surprising."), ["It", "wasn't", "surprising", "."]);
  const viaLoad = load("sacrebleu").compute({ predictions: sys, references: sys.map((_, i) => [refs[0][i], refs[1][i]]) });
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
  close(perplexity(Array.from({ length: 7 }, () => new Array(V).fill(0.3)), [1, 2, 3, 4, 5, 6, 7]), V, 1e-9);
  // Two tokens with probabilities 1/2 and 1/8: PP = (1/2 * 1/8)^(-1/2) = 4.
  close(perplexity([[Math.log(1), Math.log(1)], [Math.log(1), Math.log(7)]], [0, 0]), 4, 1e-9);
});

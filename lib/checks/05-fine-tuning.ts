// Chapter 5's exercises (fine-tuning): the pieces of a training run, each checked against the course's
// own implementation (the Trainer's schedule, the metrics) on visible and hidden inputs.
import { accuracy, argmax } from "../metrics";
import { linearSchedule } from "../training/schedule";
import { type Exercise, choiceExercise, codeExercise, expectClose, expectSame, numberAnswer, predictExercise, show } from "../grading/exercise";

const close = expectClose;
const same = expectSame;

const majority = (labels: number[]) => Math.max(...[...new Set(labels)].map((l) => labels.filter((x) => x === l).length)) / labels.length;
const lr = (step: number, peak: number, warmup: number, total: number) => linearSchedule(peak, warmup, total)(step);
const trainable = (rows: { input_ids: number[]; label: number }[], maxLength: number) => rows.filter((r) => r.input_ids.length <= maxLength).map((r) => r.label);

export const CHAPTER_05: readonly Exercise[] = [
  codeExercise<[number[]]>({
    id: "ch5.q1",
    title: "The majority-class baseline",
    points: 2,
    cases: [
      { input: [[1, 0, 1, 1]], expect: close(majority([1, 0, 1, 1]), "the share of the most common label") },
      { input: [[0, 0, 2, 1, 2, 2, 2]], hidden: true, expect: close(majority([0, 0, 2, 1, 2, 2, 2]), "any number of classes") },
    ],
  }),
  codeExercise<[number[][], number[]]>({
    id: "ch5.q2",
    title: "Accuracy from logits",
    points: 2,
    cases: [
      { input: [[[0.2, 1.5], [2, -1], [0, 3]], [1, 0, 0]], expect: close(accuracy(argmax([[0.2, 1.5], [2, -1], [0, 3]]), [1, 0, 0]), "the predicted label is the index of the largest logit") },
      { input: [[[1, 2, 3], [3, 2, 1], [0, 5, 0], [1, 1, 2]], [2, 0, 1, 0]], hidden: true, expect: close(accuracy(argmax([[1, 2, 3], [3, 2, 1], [0, 5, 0], [1, 1, 2]]), [2, 0, 1, 0]), "compare the argmax of each row with its label") },
    ],
  }),
  codeExercise<[number, number, number, number]>({
    id: "ch5.q3",
    title: "The learning-rate schedule",
    points: 2,
    cases: [
      { input: [5, 1e-3, 10, 100], expect: close(lr(5, 1e-3, 10, 100), "during warmup: peak × step / warmupSteps") },
      { input: [55, 1e-3, 10, 100], expect: close(lr(55, 1e-3, 10, 100), "after warmup: peak × (total - step) / (total - warmupSteps)") },
      { input: [0, 5e-5, 0, 50], hidden: true, expect: close(lr(0, 5e-5, 0, 50), "no warmup: start at the peak") },
      { input: [100, 1e-3, 10, 100], hidden: true, expect: close(lr(100, 1e-3, 10, 100), "it ends at 0") },
    ],
  }),
  codeExercise<[{ input_ids: number[]; label: number }[], number]>({
    id: "ch5.q4",
    title: "Keep the rows that fit",
    points: 2,
    cases: [
      { input: [[{ input_ids: [1, 2, 3], label: 0 }, { input_ids: [1, 2, 3, 4, 5], label: 1 }, { input_ids: [7], label: 1 }], 4], expect: same(trainable([{ input_ids: [1, 2, 3], label: 0 }, { input_ids: [1, 2, 3, 4, 5], label: 1 }, { input_ids: [7], label: 1 }], 4), "keep rows with at most maxLength ids, return their labels in order") },
      { input: [[{ input_ids: [1, 2], label: 2 }, { input_ids: [1, 2], label: 0 }], 2], hidden: true, expect: same(trainable([{ input_ids: [1, 2], label: 2 }, { input_ids: [1, 2], label: 0 }], 2), "a row of exactly maxLength ids fits") },
    ],
  }),
  predictExercise({
    id: "ch5.q5",
    title: "Predict: how many optimizer steps?",
    points: 1,
    hash: "sha256:1f2e71862cabe5d5:93b3a0874bd3f2d4e8822698c5bd57c229f58968771dd058c9ef388e09879a53",
    hint: "steps per epoch = ceil(rows / batch size), times the epochs",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch5.q6",
    title: "Why fine-tune a pretrained model?",
    points: 1,
    choices: {
      a: { text: "it already knows the language, so a small labelled dataset and little compute suffice", why: "That is transfer learning: pretraining is done once, fine-tuning is cheap." },
      b: { text: "a pretrained model has no weights yet", why: "It has all its weights from pretraining; only a new head starts random." },
      c: { text: "fine-tuning needs no labels", why: "Fine-tuning is supervised: it learns from labelled examples." },
    },
    hash: "sha256:b9d910b62e9027e0:47711f4232dceaa2511049f01ac2454c17e0389ef595e6474a718ae132bffde4",
  }),
  choiceExercise({
    id: "ch5.q7",
    title: "What does dynamic padding do?",
    points: 1,
    choices: {
      a: { text: "it pads every row to the model's maximum length", why: "That is padding to max_length, the wasteful option." },
      b: { text: "it removes padding from the dataset for good", why: "A batch is a rectangle: its rows must have one length." },
      c: { text: "it pads each batch only to the length of its own longest row", why: "Less padding to compute, the same results thanks to the attention mask." },
    },
    hash: "sha256:d70c87e50e822bf9:56fff247b684d1d0f2988bacdce57559f95a4c1b365bd9eadea3c1a66e3edb69",
  }),
];

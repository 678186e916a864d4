// %% [markdown]
// # 6. Evaluation
//
// A model is only as good as its score on data it has never seen. This chapter measures the course's
// models on held-out splits with the metric each task calls for, looks at the mistakes, compares two
// models, and reads learning curves. Every metric comes from the course's `evaluate`, which is tested
// against the reference implementations (scikit-learn, seqeval, the SQuAD script, sacrebleu, rouge-score).

// %%
import {
  pipeline,
  loadDataset,
  evaluate,
  plot,
  Dataset,
  settings,
  autoTokenizer,
  locateModel,
  defaultModel,
} from "hf-course";
import {
  tokenizeAndAlignLabels,
  trainingBackend,
  EncoderModel,
  bertConfig,
  trainingArguments,
  Trainer,
} from "hf-course/training";
import { transformers } from "hf-course/transformers";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
const N = 300; // examples per evaluation: enough to compare, quick on a laptop (raise it for tighter numbers)

// %% [markdown]
// ## Classification: accuracy, precision, recall, F1
//
// The sentiment pipeline on SST-2's validation split (the test split has no public labels). **Accuracy**
// is the share of right answers. For the positive class, **precision** is the share of "positive"
// answers that are right, **recall** the share of positive texts found, and **F1** their harmonic mean.

// %%
const sst2 = (await loadDataset("nyu-mll/glue", "sst2", { split: "validation" })).shuffle(42).take(N);
const classifier = await pipeline("sentiment-analysis");
const sentences = sst2.column("sentence") as string[];
const outputs = await classifier(sentences);
const names = sst2.labelNames(); // ["negative", "positive"]
const predictions = outputs.map((o) => names.indexOf(o.label.toLowerCase()));
const references = sst2.column("label") as number[];
const scores = {
  ...evaluate.load("accuracy").compute({ predictions, references }),
  ...evaluate.load("precision").compute({ predictions, references }),
  ...evaluate.load("recall").compute({ predictions, references }),
  ...evaluate.load("f1").compute({ predictions, references }),
};
scores;

// %% [markdown]
// The **confusion matrix** shows where the mistakes are: rows are the true labels, columns the predicted ones,
// each cell the number of examples. A good model's counts sit on the diagonal (drawn darkest).

// %%
const matrix = evaluate.load("confusion_matrix").compute({ predictions: predictions, references: references })
  .confusion_matrix as number[][];
plot({
  data: [
    {
      type: "heatmap",
      z: matrix,
      x: names.map((n) => `predicted ${n}`),
      y: names.map((n) => `true ${n}`),
      colorscale: "Blues",
      reversescale: true,
      texttemplate: "%{z}",
    },
  ],
  layout: { title: "Confusion matrix, SST-2 validation", width: 460, height: 380 },
});

// %% [markdown]
// ## Error analysis
//
// The numbers say how often; the examples say why. The most confident mistakes:

// %%
Dataset.fromRows(
  outputs
    .map((o, i) => ({
      sentence: sentences[i],
      truth: names[references[i]],
      predicted: o.label,
      score: +o.score.toFixed(3),
    }))
    .filter((r) => r.truth !== r.predicted.toLowerCase())
    .sort((a, b) => b.score - a.score)
    .slice(0, 8),
).show(8);

// %% [markdown]
// ## The GLUE MRPC metric
//
// Each GLUE task has its metric: for MRPC, accuracy and F1 (the classes are unbalanced). Here they are
// for two baselines that need no model: always answering "equivalent", and answering "equivalent"
// when the two sentences share most of their words:

// %%
const mrpc = await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
const mrpcLabels = mrpc.column("label") as number[];
const overlap = (a: string, b: string) => {
  const x = new Set(a.toLowerCase().split(/\W+/).filter(Boolean));
  const y = new Set(b.toLowerCase().split(/\W+/).filter(Boolean));
  return [...x].filter((w) => y.has(w)).length / Math.min(x.size, y.size);
};
const glue = evaluate.load("glue", "mrpc");
Dataset.fromRows([
  { baseline: "always equivalent", ...glue.compute({ predictions: mrpcLabels.map(() => 1), references: mrpcLabels }) },
  {
    baseline: "word overlap > 0.7",
    ...glue.compute({
      predictions: mrpc.toRows().map((r) => (overlap(String(r.sentence1), String(r.sentence2)) > 0.7 ? 1 : 0)),
      references: mrpcLabels,
    }),
  },
]).show();

// %% [markdown]
// ## Named entities: seqeval
//
// NER is scored per **entity**, not per token: a predicted entity counts only if its type and its whole
// span are right (the `seqeval` metric). The model tags word pieces, so each word takes the tag of its
// first piece, as in training (chapter 5's alignment):

// %%
const conll = (await loadDataset("eriktks/conll2003", { split: "validation" })).take(N);
const tagNames = (conll.features.ner_tags as { feature: { names: string[] } }).feature.names;
const nerCheckpoint = defaultModel("token-classification").id;
const nerTokenizer = await autoTokenizer(nerCheckpoint);
const nerLocated = await locateModel(nerCheckpoint);
const nerModel = await transformers().AutoModelForTokenClassification.from_pretrained(nerLocated.path, {
  dtype: nerLocated.dtype as "fp32",
});
const nerLabels = (nerModel.config as unknown as { id2label: Record<number, string> }).id2label;
const { Tensor } = transformers();
const int64 = (values: number[]) => new Tensor("int64", BigInt64Array.from(values.map(BigInt)), [1, values.length]);
const nerPredictions: string[][] = [];
for (const row of conll.toRows() as { tokens: string[]; ner_tags: number[] }[]) {
  const aligned = tokenizeAndAlignLabels(nerTokenizer, row.tokens, row.ner_tags, { maxLength: 128 });
  const { logits } = await nerModel({
    input_ids: int64(aligned.input_ids),
    attention_mask: int64(aligned.input_ids.map(() => 1)),
    token_type_ids: int64(aligned.input_ids.map(() => 0)),
  });
  const tags = row.tokens.map(() => "O");
  (logits.tolist()[0] as number[][]).forEach((scores, t) => {
    if (aligned.labels[t] !== -100) tags[aligned.word_ids[t]] = nerLabels[scores.indexOf(Math.max(...scores))];
  });
  nerPredictions.push(tags);
}
const nerReferences = (conll.column("ner_tags") as number[][]).map((tags) => tags.map((t) => tagNames[t]));
const nerScores = evaluate.load("seqeval").compute({ predictions: nerPredictions, references: nerReferences });
console.log(
  `entity precision ${nerScores.precision.toFixed(3)}, recall ${nerScores.recall.toFixed(3)}, F1 ${nerScores.f1.toFixed(3)}; token accuracy ${nerScores.accuracy.toFixed(3)}`,
);
Dataset.fromRows(
  Object.entries(
    nerScores.types as Record<string, { precision: number; recall: number; f1: number; support: number }>,
  ).map(([type, s]) => ({
    type,
    precision: +s.precision.toFixed(3),
    recall: +s.recall.toFixed(3),
    f1: +s.f1.toFixed(3),
    support: s.support,
  })),
).show();

// %% [markdown]
// ## Question answering: exact match and F1
//
// SQuAD compares the predicted answer with the reference answers after normalising both (lower case,
// no punctuation or articles): **exact match** is 1 if they are equal, **F1** gives credit for the words
// they share.
//
// Held-out data only: the pinned online model was trained on SQuAD's train split, but the course's
// offline model (a fine-tune of `all-MiniLM-L6-v2`) learned from most articles of this validation file.
// Its folder lists the articles it never saw; the questions below come from those, so the score is
// honest for both.

// %%
const heldOutArticles = new Set(
  JSON.parse(fs.readFileSync(path.join(settings.zooDir, "minilm-squad", "held-out-articles.json"), "utf8"))
    .titles as string[],
);
const squadRows = (await loadDataset("rajpurkar/squad", { split: "validation" }))
  .filter((r) => heldOutArticles.has(String(r.title)))
  .shuffle(42)
  .take(100)
  .toRows() as { id: string; question: string; context: string; answers: { text: string[] } }[];
console.log(`${squadRows.length} questions from ${heldOutArticles.size} held-out articles`);
const qa = await pipeline("question-answering");
const qaPredictions = [];
for (const r of squadRows) qaPredictions.push({ id: r.id, prediction_text: (await qa(r.question, r.context)).answer });
const qaScores = evaluate
  .load("squad")
  .compute({ predictions: qaPredictions, references: squadRows.map((r) => ({ id: r.id, answers: r.answers })) });
console.log(`exact match ${qaScores.exact_match.toFixed(1)}, F1 ${qaScores.f1.toFixed(1)} (out of 100)`);
Dataset.fromRows(
  squadRows
    .slice(0, 5)
    .map((r, i) => ({ question: r.question, answer: r.answers.text[0], predicted: qaPredictions[i].prediction_text })),
).show();

// %% [markdown]
// ## Generation: BLEU and ROUGE
//
// Generated text has many right answers, so metrics compare it with one or more references by their
// shared n-grams. **BLEU** (translation) is a precision over 1- to 4-grams with a penalty for short
// outputs; **ROUGE** (summarization) compares n-grams (ROUGE-1, -2) and the longest common
// subsequence (ROUGE-L) in both directions: recall (how much of the reference the output covers) and
// precision (how much of the output is in the reference). `evaluate.load("rouge")` reports their
// F-measure, as the Python `evaluate` does. The Python course's example:

// %%
const bleu = evaluate.load("sacrebleu");
const candidates = [
  "This plugin lets you translate web pages between several languages automatically.",
  "This plugin allows you to automatically translate web pages between several languages.",
];
const bleuReferences = [["This plugin allows you to automatically translate web pages between several languages."]];
Dataset.fromRows(
  candidates.map((c) => ({
    candidate: c,
    BLEU: +bleu.compute({ predictions: [c], references: bleuReferences }).score.toFixed(2),
  })),
).show();
const rouge = evaluate.load("rouge").compute({
  predictions: ["I absolutely loved reading the Hunger Games"],
  references: ["I loved reading the Hunger Games"],
});
rouge;

// %% [markdown]
// ## Language models: perplexity
//
// A language model's **perplexity** is the exponential of its average loss per token on held-out text:
// how many tokens it hesitates between, on average. Lower is better. The course's text-generation model
// on WikiText-2 test paragraphs, next to a model that would pick uniformly among its whole vocabulary:

// %%
const lmCheckpoint = defaultModel("text-generation").id;
const lmTokenizer = await autoTokenizer(lmCheckpoint);
const lmLocated = await locateModel(lmCheckpoint);
const lm = await transformers().AutoModelForCausalLM.from_pretrained(lmLocated.path, {
  dtype: lmLocated.dtype as "fp32",
});
const wikiTest = (
  (await loadDataset("Salesforce/wikitext", "wikitext-2-v1", { split: "test" })).column("text") as string[]
)
  .map((t) => t.trim())
  .filter((t) => t.length > 40 && !t.startsWith("="))
  .slice(0, 40);
const nll: number[] = [];
for (const text of wikiTest) {
  const inputs = lmTokenizer(text, { truncation: true, max_length: 64 });
  const ids = (inputs.input_ids.tolist()[0] as bigint[]).map(Number);
  const { logits } = await lm(inputs);
  const rows = logits.tolist()[0] as number[][];
  for (let t = 0; t + 1 < ids.length; t++) {
    const row = rows[t];
    const max = Math.max(...row);
    nll.push(max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0)) - row[ids[t + 1]]);
  }
}
console.log(
  `perplexity on ${nll.length} WikiText-2 test tokens: ${evaluate.perplexityFromNll(nll).toFixed(1)} (a uniform guess over the vocabulary: ${(lm.config as unknown as { vocab_size: number }).vocab_size})`,
);

// %% [markdown]
// ## Comparing two models
//
// The same held-out sentences through two models: the sentiment classifier, and the zero-shot
// classifier asked to choose between "positive" and "negative". Compare them on the same data with the
// same metric, never across papers with different splits.

// %%
const zeroShot = await pipeline("zero-shot-classification");
const zeroShotPredictions: number[] = [];
for (const s of sentences.slice(0, 100)) zeroShotPredictions.push(names.indexOf((await zeroShot(s, names)).labels[0]));
const compared = [
  {
    model: "sentiment classifier",
    accuracy: evaluate
      .load("accuracy")
      .compute({ predictions: predictions.slice(0, 100), references: references.slice(0, 100) }).accuracy,
  },
  {
    model: "zero-shot classifier",
    accuracy: evaluate
      .load("accuracy")
      .compute({ predictions: zeroShotPredictions, references: references.slice(0, 100) }).accuracy,
  },
];
plot({
  data: [{ type: "bar", x: compared.map((c) => c.model), y: compared.map((c) => c.accuracy) }],
  layout: {
    title: "Accuracy on the same 100 SST-2 sentences",
    yaxis: { title: "accuracy", range: [0, 1] },
    width: 460,
    height: 320,
  },
});

// %% [markdown]
// ## Reading learning curves: over- and under-fitting
//
// A small model trained for many epochs on few examples: the training loss falls steadily, but after a
// few epochs the **validation** loss turns up. The model has started to learn its training examples by
// heart (**overfitting**). When both losses stay high, it is **underfitting**: it needs more capacity or
// more training. Stop where the validation loss is lowest (`loadBestModelAtEnd`, `earlyStopping`).

// %%
const tf = (await trainingBackend()).tf;
const curveTokenizer = await autoTokenizer(defaultModel("sentiment-analysis").id);
const encode = (ds: typeof sst2) =>
  ds.map(
    (b: Record<string, unknown[]>) => ({
      input_ids: curveTokenizer(b.sentence as string[], { truncation: true, max_length: 48, return_tensor: false })
        .input_ids,
    }),
    { batched: true },
  );
const sstTrain = (await loadDataset("nyu-mll/glue", "sst2", { split: "train" })).shuffle(7).take(400);
const curveVocabulary = JSON.parse(
  fs.readFileSync(path.join((await locateModel(defaultModel("sentiment-analysis").id)).path, "config.json"), "utf8"),
).vocab_size as number;
const small = EncoderModel.fromConfig(
  tf,
  bertConfig({
    vocab_size: curveVocabulary,
    hidden_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 128,
    max_position_embeddings: 64,
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
  }),
  { seed: 3 },
);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "curves-"));
const curveTrainer = new Trainer({
  model: small,
  trainDataset: encode(sstTrain),
  evalDataset: encode(sst2),
  args: trainingArguments({
    outputDir: work,
    numTrainEpochs: 12,
    batchSize: 32,
    learningRate: 3e-3,
    evalStrategy: "epoch",
    loggingSteps: 13,
    seed: 1,
    plot: false,
  }),
});
await curveTrainer.train();
const history = curveTrainer.logHistory;
plot({
  data: [
    {
      type: "scatter",
      mode: "lines",
      name: "training loss",
      x: history.filter((h) => h.loss !== undefined).map((h) => h.epoch),
      y: history.filter((h) => h.loss !== undefined).map((h) => h.loss),
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "validation loss",
      x: history.filter((h) => h.eval_loss !== undefined).map((h) => h.epoch),
      y: history.filter((h) => h.eval_loss !== undefined).map((h) => h.eval_loss),
    },
  ],
  layout: {
    title: "Learning curves of a small model on 400 sentences",
    xaxis: { title: "epoch" },
    yaxis: { title: "loss" },
    width: 640,
    height: 340,
  },
});
small.dispose();
fs.rmSync(work, { recursive: true, force: true });

// %% [markdown]
// ## What's next
//
// You have used, opened, trained and evaluated transformers, in TypeScript. The exercises for this
// chapter are in `exercises/06-evaluation.ipynb`; `progress()` there shows the whole course.

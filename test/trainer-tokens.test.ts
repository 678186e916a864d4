// Token classification trains on real CoNLL-2003 sentences, with labels only on each word's first
// word piece (-100 on the rest, which the loss ignores), and the result runs in the NER pipeline.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { CONLL_NER_TAGS, readConll } from "../tools/datasets/conll";
import { Dataset } from "../lib/datasets/dataset";
import { tokenizeAndAlignLabels } from "../lib/training/align-words";
import { trainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { bertConfig } from "../lib/training/models/config";
import { crossEntropy, EncoderModel } from "../lib/training/models/encoder";
import { Trainer } from "../lib/training/trainer";
import { transformers } from "../lib/transformers-env";
import { DATASETS, TOKENIZERS } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const CONLL = DATASETS.conllTrainHead;
const TOKENIZER = TOKENIZERS.bertNer;
const work = scratchDir("trainer-tokens");

test("cross-entropy ignores -100 labels", async () => {
  const { tf } = await trainingBackend();
  const logits = tf.tensor2d([
    [2, 0],
    [0, 3],
    [1, 1],
  ]);
  const all = crossEntropy(tf, logits.slice([0, 0], [2, 2]), tf.tensor1d([0, 1], "int32")).dataSync()[0];
  const ignored = crossEntropy(tf, logits, tf.tensor1d([0, 1, -100], "int32")).dataSync()[0];
  assert.ok(Math.abs(all - ignored) < 1e-6, `${all} vs ${ignored}`);
});

test("token classification trains on CoNLL-2003 and runs in the NER pipeline", { timeout: 600_000 }, async () => {
  const { tf } = await trainingBackend();
  const config = JSON.parse(fs.readFileSync(path.join(TOKENIZER, "config.json"), "utf8"));
  const id2label: Record<number, string> = Object.fromEntries(
    Object.entries(config.id2label).map(([k, v]) => [Number(k), v as string]),
  );
  const label2id = new Map(Object.entries(id2label).map(([k, v]) => [v, Number(k)]));
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(TOKENIZER);
  const rows = readConll(CONLL)
    .slice(0, 600)
    .map(({ tokens, ner_tags }) => {
      const aligned = tokenizeAndAlignLabels(
        tokenizer,
        tokens,
        ner_tags.map((t) => label2id.get(CONLL_NER_TAGS[t])!),
        { maxLength: 64 },
      );
      return { input_ids: aligned.input_ids, labels: aligned.labels };
    });
  const data = Dataset.fromRows(rows);
  const model = EncoderModel.fromConfig(
    tf,
    bertConfig({ vocab_size: config.vocab_size, id2label, architectures: ["BertForTokenClassification"] }),
    { seed: 3 },
  );
  assert.equal(model.head, "token-classification");
  const trainer = new Trainer({
    model,
    trainDataset: data.take(500),
    evalDataset: data.select(Array.from({ length: 100 }, (_, i) => 500 + i)),
    args: trainingArguments({
      outputDir: path.join(work, "ner"),
      maxSteps: 60,
      batchSize: 16,
      learningRate: 2e-3,
      loggingSteps: 10,
      plot: false,
      progress: false,
    }),
    tokenizerDir: TOKENIZER,
  });
  const before = (await trainer.evaluate()).eval_loss;
  await trainer.train();
  const after = (await trainer.evaluate()).eval_loss;
  assert.ok(after < before * 0.7, `evaluation loss ${before} -> ${after}`);
  const predicted = await trainer.predict(data.select([510]));
  assert.equal(
    predicted.predictions[0].length,
    (data.get(510).input_ids as number[]).length,
    "one row of logits per token",
  );
  await trainer.saveModel(path.join(work, "ner-model"));
  const ner = await transformers().pipeline("token-classification", path.join(work, "ner-model"), { dtype: "fp32" });
  const entities = (await ner("EU rejects German call to boycott British lamb .")) as { entity: string }[];
  assert.ok(entities.every((e) => label2id.has(e.entity)));
  model.dispose();
});

test("the fast matmul and cross-entropy give TF.js's own values and gradients", async () => {
  const { tf } = await trainingBackend();
  const { matmul } = await import("../lib/training/models/ops");
  const a = tf.variable(tf.randomNormal([2, 3, 4], 0, 1, "float32", 1));
  const b = tf.variable(tf.randomNormal([2, 4, 5], 0, 1, "float32", 2));
  const ours = tf.variableGrads(() => tf.sum(tf.square(matmul(tf, a, b))) as never, [a, b]);
  const ref = tf.variableGrads(() => tf.sum(tf.square(tf.matMul(a, b))) as never, [a, b]);
  const diff = (x: any, y: any) => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0];
  assert.ok(diff(ours.value, ref.value) < 1e-5);
  for (const v of [a, b]) assert.ok(diff(ours.grads[v.name], ref.grads[v.name]) < 1e-4, `gradient of ${v.name}`);
  const x = tf.variable(tf.randomNormal([6, 7], 0, 2, "float32", 3));
  const labels = tf.tensor1d([0, 6, 2, 3, 1, 5], "int32");
  const ce = tf.variableGrads(() => crossEntropy(tf, x, labels), [x]);
  const refCe = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 7), x) as never, [x]);
  assert.ok(diff(ce.value, refCe.value) < 1e-6);
  assert.ok(diff(ce.grads[x.name], refCe.grads[x.name]) < 1e-6);
});

// The Trainer's evaluate() and predict() on ONNX Runtime (the default) give what TensorFlow.js gives:
// the same logits and loss, for each head that evaluates there.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Dataset } from "../lib/datasets/dataset";
import { trainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { bertConfig, distilbertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import type { HeadKind } from "../lib/training/heads";
import { Trainer } from "../lib/training/trainer";
import { scratchDir } from "./helpers/notebooks";

const ids = (i: number) => [
  101,
  ...Array.from({ length: 3 + (i % 5) }, (_, k) => 1000 + ((i * 7 + k * 13) % 900)),
  102,
];
const rowsFor = (head: HeadKind) =>
  Array.from({ length: 21 }, (_, i) => {
    const input_ids = ids(i);
    if (head === "sequence-classification") return { input_ids, label: i % 3 };
    if (head === "token-classification")
      return { input_ids, labels: input_ids.map((_, k) => (k === 0 ? -100 : (i + k) % 3)) };
    return { input_ids, start_positions: 1, end_positions: input_ids.length - 2 };
  });
const maxAbs = (a: unknown, b: unknown): number =>
  Array.isArray(a)
    ? Math.max(0, ...a.map((x, i) => maxAbs(x, (b as unknown[])[i])))
    : Math.abs((a as number) - (b as number));

test(
  "evaluate() and predict() on ONNX Runtime match TensorFlow.js for every head that evaluates there",
  { timeout: 120_000 },
  async () => {
    const { tf } = await trainingBackend();
    const id2label = { 0: "a", 1: "b", 2: "c" };
    const configs = [bertConfig({ vocab_size: 2000, id2label }), distilbertConfig({ vocab_size: 2000, id2label })];
    for (const config of configs) {
      for (const head of ["sequence-classification", "token-classification", "question-answering"] as HeadKind[]) {
        const model = EncoderModel.fromConfig(tf, config, { seed: 5, head });
        const data = Dataset.fromRows(rowsFor(head));
        const run = async (evalBackend: "onnxruntime" | "tfjs") => {
          const args = trainingArguments({
            outputDir: scratchDir("onnx-eval"),
            evalBatchSize: 8,
            plot: false,
            progress: false,
            evalBackend,
          });
          const trainer = new Trainer({ model, args, trainDataset: data, evalDataset: data });
          return { metrics: await trainer.evaluate(), predicted: await trainer.predict(data) };
        };
        const [onnx, tfjs] = [await run("onnxruntime"), await run("tfjs")];
        const what = `${config.model_type} ${head}`;
        assert.ok(
          Math.abs(onnx.metrics.eval_loss - tfjs.metrics.eval_loss) < 1e-5,
          `${what}: loss ${onnx.metrics.eval_loss} vs ${tfjs.metrics.eval_loss}`,
        );
        assert.equal(onnx.predicted.predictions.length, data.length);
        assert.ok(
          maxAbs(onnx.predicted.predictions, tfjs.predicted.predictions) < 1e-4,
          `${what}: logits differ by ${maxAbs(onnx.predicted.predictions, tfjs.predicted.predictions)}`,
        );
        assert.deepEqual(onnx.predicted.labelIds, tfjs.predicted.labelIds);
        model.dispose();
      }
    }
    assert.throws(
      () => trainingArguments({ outputDir: "x", evalBackend: "gpu" as never }),
      /evalBackend must be "onnxruntime" or "tfjs"/,
    );
  },
);

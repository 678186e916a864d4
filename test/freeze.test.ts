// Freezing parameters: a cheaper fine-tune a learner can choose. Frozen weights stay as they were,
// get no gradient and no optimizer state; the others train as before.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Dataset } from "../lib/datasets/dataset";
import { trainingArguments } from "../lib/training/arguments";
import { trainingBackend } from "../lib/training/backend";
import { bertConfig, distilbertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { Trainer } from "../lib/training/trainer";
import { scratchDir } from "./helpers/notebooks";

const rows = Array.from({ length: 24 }, (_, i) => ({
  input_ids: [101, 2000 + (i % 7), 3000 + (i % 5), 102],
  label: i % 2,
}));

async function snapshot(model: EncoderModel): Promise<Map<string, Float32Array>> {
  return new Map([...(await model.weights())].map(([name, t]) => [name, Float32Array.from(t.data)]));
}

test("frozen parameters do not change in training, and the others do (BERT and DistilBERT)", async () => {
  const { tf } = await trainingBackend();
  for (const [config, lower] of [
    [bertConfig({ vocab_size: 4000, hidden_size: 32, intermediate_size: 64, num_attention_heads: 2 }), /\.layer\.0\./],
    [distilbertConfig({ vocab_size: 4000, dim: 32, hidden_dim: 64, n_heads: 2 }), /\.layer\.0\./],
  ] as const) {
    const model = EncoderModel.fromConfig(
      tf,
      { ...config, id2label: { 0: "a", 1: "b" } },
      { seed: 3, head: "sequence-classification" },
    );
    const frozen = [...model.freeze("embeddings."), ...model.freeze(lower)];
    assert.ok(
      frozen.some((n) => n.includes("word_embeddings")) && frozen.some((n) => /layer\.0\./.test(n)),
      frozen.join(", "),
    );
    assert.equal(model.trainableVariables.length, model.params.size - frozen.length);
    const before = await snapshot(model);
    const trainer = new Trainer({
      model,
      trainDataset: Dataset.fromRows(rows),
      args: trainingArguments({
        outputDir: scratchDir("freeze"),
        maxSteps: 3,
        batchSize: 8,
        learningRate: 1e-2,
        plot: false,
        progress: false,
      }),
    });
    await trainer.train();
    const after = await snapshot(model);
    for (const [name, values] of before) {
      const same = values.every((v, i) => v === after.get(name)![i]);
      if (frozen.includes(name)) assert.ok(same, `${name} is frozen but changed`);
      else if (!name.endsWith(".bias") || name.includes("classifier"))
        assert.ok(!same || /LayerNorm|layer_norm/.test(name), `${name} is trainable but did not change`);
    }
    const changed = [...before].filter(([name, v]) => !v.every((x, i) => x === after.get(name)![i])).length;
    assert.ok(
      changed >= model.trainableVariables.length * 0.8,
      `${changed} of ${model.trainableVariables.length} trainable parameters changed`,
    );
    model.unfreeze();
    assert.equal(model.trainableVariables.length, model.params.size);
    assert.throws(() => model.freeze("no-such-weight"), /matches no parameter; names look like/);
    model.dispose();
  }
});

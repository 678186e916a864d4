// One training step of the real all-MiniLM-L6-v2 with a classification head: the course's loss and
// gradients (TF.js, with its own fused linear/LayerNorm/GELU gradients in lib/training/models/ops.ts)
// equal PyTorch's on the same weights and the same batch of real sentences, padding included.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { ensureRealEncoder, REAL_ENCODER } from "../lib/models/real-encoder";
import { settings } from "../lib/settings";
import { trainingBackend } from "../lib/training/backend";
import { dataCollatorWithPadding, disposeBatch } from "../lib/training/collator";
import { EncoderModel } from "../lib/training/models/encoder";
import { transformers } from "../lib/transformers-env";
import { scratchDir } from "./helpers/notebooks";
import { seedRealCheckpoints } from "../tools/models/seed-real-checkpoints";
import { referenceSkip, runReference } from "./helpers/reference-python";

const SENTENCES = [
  ["it 's a charming and often affecting journey .", 1],
  ["unflinchingly bleak and desperate", 0],
  [
    "the acting , costumes , music , cinematography and sound are all astounding given the production 's austere locales .",
    1,
  ],
  ["it 's slow -- very , very slow .", 0],
] as const;

// Parameters compared: the head, the pooler, the top and bottom layers' attention, feed-forward and LayerNorm.
const COMPARED = [
  "classifier.weight",
  "classifier.bias",
  "bert.pooler.dense.weight",
  "bert.encoder.layer.5.attention.self.query.weight",
  "bert.encoder.layer.5.attention.output.LayerNorm.weight",
  "bert.encoder.layer.5.intermediate.dense.weight",
  "bert.encoder.layer.0.output.dense.weight",
  "bert.encoder.layer.0.attention.self.value.bias",
  "bert.embeddings.LayerNorm.weight",
  "bert.embeddings.position_embeddings.weight",
];

const PYTORCH = `
import json, sys, torch
from transformers import AutoModelForSequenceClassification
job = json.load(sys.stdin)
torch.manual_seed(0)
model = AutoModelForSequenceClassification.from_pretrained(job["dir"])
model.train()  # dropout is 0 in the saved config: train mode changes nothing else for BERT
out = model(input_ids=torch.tensor(job["input_ids"]), attention_mask=torch.tensor(job["attention_mask"]), labels=torch.tensor(job["labels"]))
out.loss.backward()
params = dict(model.named_parameters())
print(json.dumps({"loss": out.loss.item(), "grads": {n: params[n].grad.flatten().tolist() for n in job["names"]}, "shapes": {n: list(params[n].shape) for n in job["names"]}}))
`;

test(
  "a training step of the real MiniLM: loss and gradients equal PyTorch's",
  { skip: referenceSkip, timeout: 600_000 },
  async () => {
    const cache = scratchDir("training-parity-cache");
    await seedRealCheckpoints(cache);
    const saved = settings.cacheDir;
    settings.cacheDir = cache;
    let base: string;
    try {
      base = await ensureRealEncoder(REAL_ENCODER, { progress: false });
    } finally {
      settings.cacheDir = saved;
    }
    // The checkpoint with dropout off, so both sides compute the same deterministic step.
    const dir = scratchDir("training-parity-model");
    for (const f of ["model.safetensors", "tokenizer.json", "tokenizer_config.json"])
      fs.copyFileSync(path.join(base, f), path.join(dir, f));
    const config = JSON.parse(fs.readFileSync(path.join(base, "config.json"), "utf8"));
    fs.writeFileSync(
      path.join(dir, "config.json"),
      JSON.stringify({ ...config, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 }),
    );

    const { tf } = await trainingBackend();
    const { model, newlyInitialised } = await EncoderModel.fromPretrained(tf, dir, {
      head: "sequence-classification",
      id2label: { 0: "negative", 1: "positive" },
      seed: 5,
    });
    assert.ok(
      newlyInitialised.some((n) => n.startsWith("classifier.")),
      `a new head: ${newlyInitialised.join(", ")}`,
    );
    // PyTorch reads the very weights the course holds, its new head included.
    const withHead = scratchDir("training-parity-with-head");
    await model.saveWeightsAndConfig(withHead);

    const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
    const rows = SENTENCES.map(([text, label]) => ({
      input_ids: tokenizer.encode(text) as number[],
      label: label as number,
    }));
    const batch = dataCollatorWithPadding(tf)(rows);
    assert.ok(
      new Set(rows.map((r) => r.input_ids.length)).size > 1,
      "rows of different lengths: padding is part of the step",
    );

    const variables = COMPARED.map((n) => {
      const v = model.params.get(n);
      assert.ok(v, `the course's model has ${n} (it has ${[...model.params.keys()].slice(0, 5).join(", ")}, …)`);
      return v!;
    });
    const { value, grads } = tf.variableGrads(
      () => model.loss(model.forward(batch, { training: true }), batch),
      variables,
    );
    const ours = {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(
        COMPARED.map((n, i) => [
          n,
          { shape: grads[variables[i].name].shape, data: grads[variables[i].name].dataSync() as Float32Array },
        ]),
      ),
    };

    const reference = runReference<{ loss: number; grads: Record<string, number[]>; shapes: Record<string, number[]> }>(
      PYTORCH,
      {
        dir: withHead,
        input_ids: batch.inputIds.arraySync(),
        attention_mask: batch.attentionMask.arraySync(),
        labels: rows.map((r) => r.label),
        names: COMPARED,
      },
    );
    tf.dispose([value, ...Object.values(grads)]);
    disposeBatch(batch);
    model.dispose();

    assert.ok(Math.abs(ours.loss - reference.loss) < 1e-5, `loss ${ours.loss} vs PyTorch ${reference.loss}`);
    for (const name of COMPARED) {
      const mine = ours.grads[name];
      const theirs = reference.grads[name];
      assert.deepEqual(mine.shape, reference.shapes[name], `${name}: shape`);
      const scale = theirs.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
      const worst = theirs.reduce((w, t, i) => Math.max(w, Math.abs(mine.data[i] - t)), 0);
      assert.ok(scale > 0, `${name}: PyTorch's gradient is not all zero`);
      assert.ok(
        worst <= 1e-4 * scale,
        `${name}: largest difference ${worst.toExponential(2)} against a largest gradient of ${scale.toExponential(2)}`,
      );
    }
  },
);

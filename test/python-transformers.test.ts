// What the course saves, Python transformers loads: no missing or unexpected weights, and the same
// logits as the course's TF.js models. Uses the reference environment .ci/run creates
// (.venv-reference: torch 2.13.0 CPU + transformers); on a laptop without it the test is skipped.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { trainingBackend } from "../lib/training/backend";
import { bertConfig, distilbertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { Seq2SeqLM } from "../lib/training/models/bart";
import { Gpt2LM, tinyGpt2Config } from "../lib/training/models/gpt2";
import type { HeadKind } from "../lib/training/heads";
import { savePretrained } from "../lib/training/save";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { REFERENCE_PYTHON, referenceSkip } from "./helpers/reference-python";

const PYTHON = REFERENCE_PYTHON;
const skip = referenceSkip;

const DISTIL = distilbertConfig();

test(
  "Python transformers loads every saved model without missing weights and computes the same logits",
  { skip, timeout: 300_000 },
  async () => {
    const { tf } = await trainingBackend();
    const work = scratchDir("python-transformers");
    const ids = [
      [101, 7592, 2088, 2003, 2307, 1012, 102, 0],
      [101, 2023, 102, 0, 0, 0, 0, 0],
    ];
    const mask = ids.map((r) => r.map((t) => (t === 0 ? 0 : 1)));
    const batch = {
      inputIds: tf.tensor2d(ids, undefined, "int32"),
      attentionMask: tf.tensor2d(mask, undefined, "int32"),
    };
    const cases: {
      name: string;
      dir: string;
      ids: number[][];
      mask: number[][];
      decoder_ids?: number[][];
      logits: number[];
    }[] = [];
    const encoders: [string, Record<string, unknown>, HeadKind][] = [
      ["bert-sequence", bertConfig({ id2label: { 0: "a", 1: "b", 2: "c" } }), "sequence-classification"],
      ["distilbert-sequence", DISTIL, "sequence-classification"],
      ["bert-tokens", bertConfig({ id2label: { 0: "O", 1: "B-PER", 2: "I-PER" } }), "token-classification"],
      ["distilbert-qa", DISTIL, "question-answering"],
      ["bert-mlm", bertConfig(), "masked-lm"],
      ["bert-base", bertConfig(), "base"],
    ];
    for (const [name, config, head] of encoders) {
      const model = EncoderModel.fromConfig(tf, config, { seed: 12, head });
      const dir = path.join(work, name);
      await savePretrained(model, dir);
      const out = model.forward(batch);
      const logits =
        head === "question-answering"
          ? tf.stack([out.startLogits!, out.endLogits!], -1)
          : head === "base"
            ? out.lastHiddenState
            : out.logits!;
      cases.push({ name, dir, ids, mask, logits: Array.from(await logits.data()) });
      model.dispose();
    }
    const gpt2 = Gpt2LM.fromConfig(tf, tinyGpt2Config(), { seed: 13 });
    await savePretrained(gpt2, path.join(work, "gpt2"));
    const gids = [[40, 1053, 587, 4953, 329, 257]];
    const gi = tf.tensor2d(gids, undefined, "int32");
    cases.push({
      name: "gpt2",
      dir: path.join(work, "gpt2"),
      ids: gids,
      mask: [[1, 1, 1, 1, 1, 1]],
      logits: Array.from(await gpt2.forward({ inputIds: gi, attentionMask: tf.onesLike(gi) }).logits.data()),
    });
    gpt2.dispose();
    const bart = Seq2SeqLM.fromConfig(
      tf,
      {
        model_type: "bart",
        vocab_size: 300,
        max_position_embeddings: 32,
        d_model: 32,
        encoder_layers: 2,
        decoder_layers: 2,
        encoder_attention_heads: 4,
        decoder_attention_heads: 4,
        encoder_ffn_dim: 64,
        decoder_ffn_dim: 64,
      },
      { seed: 14 },
    );
    await savePretrained(bart, path.join(work, "bart"));
    const bids = [
      [0, 50, 60, 70, 2],
      [0, 80, 2, 1, 1],
    ];
    const bmask = bids.map((r) => r.map((t) => (t === 1 ? 0 : 1)));
    const decoderIds = [
      [2, 0, 9, 10, 11],
      [2, 0, 12, 13, 14],
    ];
    const bartLogits = bart.forward({
      inputIds: tf.tensor2d(bids, undefined, "int32"),
      attentionMask: tf.tensor2d(bmask, undefined, "int32"),
      decoderInputIds: tf.tensor2d(decoderIds, undefined, "int32"),
    }).logits;
    cases.push({
      name: "bart",
      dir: path.join(work, "bart"),
      ids: bids,
      mask: bmask,
      decoder_ids: decoderIds,
      logits: Array.from(await bartLogits.data()),
    });
    bart.dispose();
    fs.writeFileSync(path.join(work, "cases.json"), JSON.stringify(cases));

    const run = spawnSync(
      PYTHON,
      [path.join(PROJECT, "test", "python", "compare_logits.py"), path.join(work, "cases.json")],
      { encoding: "utf8", timeout: 240_000 },
    );
    assert.equal(run.status, 0, run.stderr.slice(-3000));
    const report = JSON.parse(run.stdout.trim().split("\n").pop()!);
    console.log(
      `# Python transformers ${report.transformers}, torch ${report.torch}: ${Object.entries(report.results)
        .map(([k, r]: [string, any]) => `${k} ${r.max_diff.toExponential(1)}`)
        .join(", ")}`,
    );
    const classes: Record<string, string> = {
      "bert-sequence": "BertForSequenceClassification",
      "distilbert-sequence": "DistilBertForSequenceClassification",
      "bert-tokens": "BertForTokenClassification",
      "distilbert-qa": "DistilBertForQuestionAnswering",
      "bert-mlm": "BertForMaskedLM",
      "bert-base": "BertModel",
      gpt2: "GPT2LMHeadModel",
      bart: "BartForConditionalGeneration",
    };
    for (const [name, r] of Object.entries(report.results) as [string, any][]) {
      assert.equal(r.class, classes[name]);
      assert.deepEqual(r.missing, [], `${name}: weights Python had to initialise`);
      assert.deepEqual(r.unexpected, [], `${name}: weights Python did not expect`);
      assert.ok(r.max_diff <= 1e-4, `${name}: max |logit difference| ${r.max_diff}`);
    }
  },
);

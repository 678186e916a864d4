// The table of training heads (lib/training/heads.ts): each head's row as the course trains it, rows
// that agree with themselves, and Python class names transformers.js knows.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { encoderArchitectures, ENCODER_HEADS, HEADS, type ModelHead } from "../lib/training/heads";
import { PROJECT } from "./helpers/notebooks";

test("each head's row: what it learns from, its collator, loss, evaluation, ONNX outputs and class name", () => {
  const row = (head: ModelHead) => {
    const h = HEADS[head];
    return [
      h.labelColumn ?? h.spanColumns?.join("+") ?? "-",
      h.labelIds ?? "-",
      h.collator,
      h.loss,
      h.languageModel ? "LM" : "metrics",
      h.predictions,
      h.onnxOutputs.join("+") || "-",
      h.onnxEvaluation ? "onnx" : "tfjs",
      h.architecture + (h.baseModel ? " (base model)" : ""),
    ].join(" | ");
  };
  assert.deepEqual(Object.fromEntries(Object.keys(HEADS).map((h) => [h, row(h as ModelHead)])), {
    "sequence-classification":
      "label | classes | padding | cross-entropy | metrics | logits | logits | onnx | ForSequenceClassification",
    "token-classification":
      "labels | classes | padding | cross-entropy | metrics | logits | logits | onnx | ForTokenClassification",
    "question-answering":
      "start_positions+end_positions | - | padding | span cross-entropy | metrics | start-end | start_logits+end_logits | onnx | ForQuestionAnswering",
    "masked-lm": "labels | vocabulary | padding | cross-entropy | LM | none | logits | tfjs | ForMaskedLM",
    base: "- | - | padding | none | metrics | none | - | tfjs | Model (base model)",
    "causal-lm": "- | - | causal-lm | next-token cross-entropy | LM | none | logits | tfjs | LMHeadModel",
    "seq2seq-lm":
      "labels | vocabulary | seq2seq | cross-entropy | LM | none | logits | tfjs | ForConditionalGeneration",
    "image-classification":
      "label | classes | images | cross-entropy | metrics | logits | logits | tfjs | ForImageClassification",
  });
});

test("the rows agree: a label column says what its ids name, a language model collects no predictions, ONNX evaluation reads what the export outputs", () => {
  for (const [head, h] of Object.entries(HEADS)) {
    assert.equal(
      h.labelColumn === undefined,
      h.labelIds === undefined,
      `${head}: a label column and what its ids name go together`,
    );
    assert.ok(!(h.labelColumn && h.spanColumns), `${head}: labels or an answer span, not both`);
    if (h.languageModel)
      assert.equal(h.predictions, "none", `${head}: a language model's logits are too large to collect`);
    if (h.onnxEvaluation)
      assert.ok(
        h.predictions !== "none" && h.onnxOutputs.length > 0,
        `${head}: evaluated on ONNX Runtime, so its export outputs what evaluation collects`,
      );
    if (h.predictions === "start-end") assert.deepEqual(h.onnxOutputs, ["start_logits", "end_logits"]);
    if (h.loss === "none") assert.ok(!h.labelColumn && !h.spanColumns, `${head}: nothing to learn, so no targets`);
  }
  assert.deepEqual(
    [...ENCODER_HEADS].sort(),
    Object.keys(HEADS)
      .filter((h) => !["causal-lm", "seq2seq-lm", "image-classification"].includes(h))
      .sort(),
  );
});

test("every class name the course saves a model under is one transformers.js declares", () => {
  const declared = (family: string) =>
    fs.readFileSync(
      path.join(
        PROJECT,
        "node_modules",
        "@huggingface",
        "transformers",
        "types",
        "models",
        family,
        `modeling_${family}.d.ts`,
      ),
      "utf8",
    );
  const names = [
    ...Object.values(encoderArchitectures("Bert")).map((n) => ["bert", n]),
    ...Object.values(encoderArchitectures("DistilBert")).map((n) => ["distilbert", n]),
    ["gpt2", "GPT2" + HEADS["causal-lm"].architecture],
    ["bart", "Bart" + HEADS["seq2seq-lm"].architecture],
    ["vit", "ViT" + HEADS["image-classification"].architecture],
  ];
  for (const [family, name] of names)
    assert.match(
      declared(family),
      new RegExp(`export class ${name} extends`),
      `${name} is not a class of transformers.js's ${family}`,
    );
  assert.equal(encoderArchitectures("Bert").base, "BertModel");
});

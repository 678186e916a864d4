// Token classification, question answering and masked-LM heads: TF.js and the exported ONNX agree
// through transformers.js's own model classes, and its pipelines run the saved folders.
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, test } from "node:test";
import { bertConfig, distilbertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import type { HeadKind } from "../lib/training/heads";
import { trainingBackend } from "../lib/training/backend";
import { savePretrained } from "../lib/training/save";
import { transformers } from "../lib/transformers-env";
import { TOKENIZERS } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const TOKENIZER = TOKENIZERS.miniLM;
const TEXTS = ["Hugging Face is based in New York City.", "Where is it?"];
const NER = { 0: "O", 1: "B-PER", 2: "I-PER", 3: "B-ORG", 4: "I-ORG", 5: "B-LOC", 6: "I-LOC" };
const work = scratchDir("encoder-heads");
let tf: Awaited<ReturnType<typeof trainingBackend>>["tf"];

before(async () => {
  tf = (await trainingBackend()).tf;
});

const DISTIL = distilbertConfig();

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const AUTO: Record<Exclude<HeadKind, "sequence-classification">, string> = {
  "token-classification": "AutoModelForTokenClassification",
  "question-answering": "AutoModelForQuestionAnswering",
  "masked-lm": "AutoModelForMaskedLM",
  base: "AutoModel",
};

for (const [arch, base] of [
  ["bert", bertConfig()],
  ["distilbert", DISTIL],
] as const) {
  for (const head of Object.keys(AUTO) as (keyof typeof AUTO)[]) {
    test(`${arch} ${head}: TF.js and the exported ONNX agree in transformers.js`, async () => {
      const config = { ...base, ...(head === "token-classification" ? { id2label: NER } : {}) };
      const model = EncoderModel.fromConfig(tf, config as Record<string, unknown>, { seed: 5, head });
      const dir = path.join(work, `${arch}-${head}`);
      await savePretrained(model, dir, { tokenizerDir: TOKENIZER });
      const tjs = transformers();
      const tokenizer = await tjs.AutoTokenizer.from_pretrained(dir);
      const inputs = tokenizer(TEXTS, { padding: true });
      const shape = inputs.input_ids.dims as [number, number];
      const int = (t: any) => tf.tensor2d(Array.from(t.data as BigInt64Array, Number), shape, "int32");
      const ours = model.forward({
        inputIds: int(inputs.input_ids),
        attentionMask: int(inputs.attention_mask),
        tokenTypeIds: arch === "bert" ? int(inputs.token_type_ids) : undefined,
      });
      const onnx = await (tjs as any)[AUTO[head]].from_pretrained(dir, { dtype: "fp32" });
      const out = await onnx(inputs);
      if (head === "base") {
        assert.deepEqual(Object.keys(out), ["last_hidden_state"], "a bare encoder outputs only its hidden states");
        const d = maxDiff(out.last_hidden_state.data, await ours.lastHiddenState.data());
        assert.ok(d <= 1e-4, `max difference ${d}`);
      } else if (head === "question-answering") {
        const d = Math.max(
          maxDiff(out.start_logits.data, await ours.startLogits!.data()),
          maxDiff(out.end_logits.data, await ours.endLogits!.data()),
        );
        assert.ok(d <= 1e-4, `max difference ${d}`);
      } else {
        assert.deepEqual(out.logits.dims, ours.logits!.shape);
        const d = maxDiff(out.logits.data, await ours.logits!.data());
        assert.ok(d <= 1e-4, `max difference ${d}`);
      }
      model.dispose();
    });
  }
}

test("the saved heads run in transformers.js pipelines: NER, question answering, fill-mask", async () => {
  const tjs = transformers();
  const ner = await tjs.pipeline("token-classification", path.join(work, "bert-token-classification"), {
    dtype: "fp32",
  });
  const entities = (await ner(TEXTS[0])) as { entity: string; word: string }[];
  assert.ok(
    entities.every((e) => Object.values(NER).includes(e.entity)),
    JSON.stringify(entities),
  );
  const qa = await tjs.pipeline("question-answering", path.join(work, "distilbert-question-answering"), {
    dtype: "fp32",
  });
  const answer = (await qa(TEXTS[1], TEXTS[0])) as { answer: string };
  assert.equal(typeof answer.answer, "string");
  const fill = await tjs.pipeline("fill-mask", path.join(work, "bert-masked-lm"), { dtype: "fp32" });
  const guesses = (await fill("Paris is the [MASK] of France.", { top_k: 3 })) as {
    score: number;
    token_str: string;
  }[];
  assert.equal(guesses.length, 3);
  assert.ok(guesses[0].score >= guesses[1].score && guesses[1].score >= guesses[2].score, "sorted by score");
});

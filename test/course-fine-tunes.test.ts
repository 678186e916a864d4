// The course's fine-tunes of the real MiniLM (data/models/minilm-*): what ships is only the trained
// layers; assembled with the verified base they rebuild the measured model bit for bit; a changed
// byte is refused; offline, the course's pipelines use them with a notice; and each card's numbers
// come out again from the assembled model on the held-out data the card names.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { CONLL_NER_TAGS } from "../lib/datasets/conll";
import { loadDataset } from "../lib/datasets/load";
import { folderBytes } from "../lib/folder-bytes";
import { accuracy, argmax, seqeval, squad as squadMetric } from "../lib/metrics";
import { ensureCourseFineTune, readAssembly, TRAINED_FILE } from "../lib/models/course-fine-tune";
import { COURSE_MODELS } from "../lib/models/manifest";
import { pipeline } from "../lib/models/pipeline";
import { settings } from "../lib/settings";
import { tokenizeAndAlignLabels } from "../lib/training/align-words";
import { transformers } from "../lib/transformers-env";
import { ZOO } from "../lib/zoo/recipes";
import { seededSample } from "../lib/zoo/context";
import { splitSquadArticles } from "../lib/zoo/data";
import type { SquadRow } from "../lib/datasets/squad";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { seedRealCheckpoints } from "./helpers/real-checkpoints";

const ZOO_DIR = path.join(PROJECT, "data", "models");
const FINE_TUNES = COURSE_MODELS.filter((m) => m.fineTuned);
const cache = scratchDir("fine-tunes-cache");

before(async () => {
  await seedRealCheckpoints(cache);
  Object.assign(settings, { cacheDir: cache, offline: true, zooDir: ZOO_DIR });
});

/** The metric values a card reports, by name. */
function cardMetrics(folder: string): Record<string, number> {
  const card = fs.readFileSync(path.join(ZOO_DIR, folder, "README.md"), "utf8");
  return Object.fromEntries([...card.matchAll(/^\| (\w+) \| (\d+\.\d{4}) \|$/gm)].map((m) => [m[1], Number(m[2])]));
}

test("each fine-tune ships only its trained layers in half precision, with its card and assembly record", () => {
  assert.equal(FINE_TUNES.length, 4);
  for (const m of FINE_TUNES) {
    const dir = path.join(ZOO_DIR, m.fineTuned!.folder);
    for (const f of ["config.json", TRAINED_FILE, "assembly.json", "README.md"]) assert.ok(fs.existsSync(path.join(dir, f)), `${dir}/${f} (run: npm run zoo -- ${m.fineTuned!.folder})`);
    assert.ok(!fs.existsSync(path.join(dir, "onnx")) && !fs.existsSync(path.join(dir, "model.safetensors")), `${dir} ships a whole model`);
    const bytes = fs.readFileSync(path.join(dir, TRAINED_FILE));
    const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString("utf8")) as Record<string, { dtype?: string }>;
    const tensors = Object.entries(header).filter(([k]) => k !== "__metadata__");
    assert.ok(tensors.every(([, t]) => t.dtype === "F16"), "half precision");
    assert.ok(!tensors.some(([k]) => /embeddings\.|encoder\.layer\.[0-2]\./.test(k)), "the frozen embeddings and lower layers are not shipped");
    assert.ok(tensors.some(([k]) => /encoder\.layer\.5\./.test(k)), "the top layer is shipped");
    assert.ok(folderBytes(dir) < 13e6, `${dir}: ${folderBytes(dir)} bytes`);
    assert.equal(readAssembly(dir).base, "sentence-transformers/all-MiniLM-L6-v2");
    const recipe = ZOO.find((r) => r.name === m.fineTuned!.folder);
    assert.ok(recipe?.base, `${m.fineTuned!.folder} has a zoo recipe with a base`);
  }
});

test("offline, the course's pipelines use the fine-tunes, assembled once into the cache and checked, with a notice", async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    const classify = await pipeline("sentiment-analysis");
    const out = (await classify(["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"])) as { label: string }[];
    assert.deepEqual(out.map((r) => r.label), ["POSITIVE", "NEGATIVE"]);
    const ner = await pipeline("token-classification");
    const entities = (await ner("My name is Sylvain and I work at Hugging Face in Brooklyn.")) as { entity: string; word: string }[];
    assert.ok(entities.some((e) => /PER/.test(e.entity) && /sylvain|sy/.test(e.word.toLowerCase())), JSON.stringify(entities));
    assert.ok(entities.some((e) => /LOC/.test(e.entity) && /brooklyn|bro/.test(e.word.toLowerCase())), JSON.stringify(entities));
    const qa = await pipeline("question-answering");
    const answer = (await qa("Where do I work?", "My name is Sylvain and I work at Hugging Face in Brooklyn")) as { answer: string };
    assert.match(answer.answer.toLowerCase(), /hugging face/);
  } finally {
    console.log = log;
  }
  assert.ok(lines.some((l) => /^ℹ Xenova\/distilbert-base-uncased-finetuned-sst-2-english is not available \(offline mode \(HF_HUB_OFFLINE=1\)\): using the course's own fine-tune of the real all-MiniLM-L6-v2 for sentiment \(GLUE SST-2\) \(hf-course\/all-MiniLM-L6-v2-sst2, (just assembled|from the course cache)/.test(l)), lines.join("\n"));
  // A second session finds it in the cache.
  const again = await (await import("../lib/models/resolve")).resolveModel("sentiment-analysis", "hf-course/all-MiniLM-L6-v2-sst2");
  assert.equal(again.source, "cache");
});

test("a changed byte in the shipped layers is refused with what to do, not run", async () => {
  const zoo = scratchDir("fine-tunes-tampered");
  fs.cpSync(path.join(ZOO_DIR, "minilm-sst2"), path.join(zoo, "minilm-sst2"), { recursive: true });
  const file = path.join(zoo, "minilm-sst2", TRAINED_FILE);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 3] ^= 0x10;
  fs.writeFileSync(file, bytes);
  const was = { zooDir: settings.zooDir, cacheDir: settings.cacheDir };
  settings.zooDir = zoo;
  settings.cacheDir = scratchDir("fine-tunes-tampered-cache");
  try {
    await seedRealCheckpoints(settings.cacheDir);
    await assert.rejects(ensureCourseFineTune("hf-course/all-MiniLM-L6-v2-sst2"), /has sha256 [0-9a-f]{64}, not the [0-9a-f]{64} its card was measured on\. One of them changed: restore data\/models with git/);
  } finally {
    Object.assign(settings, was);
  }
});

test("the cards' numbers come out again from the assembled models on their held-out data", { timeout: 1_200_000 }, async () => {
  const t = transformers();
  const sst2 = (await loadDataset("nyu-mll/glue", "sst2", { split: "validation" })).toRows().map((r) => ({ text: String(r.sentence), label: Number(r.label) }));
  const close = (got: number, card: number, what: string) => assert.ok(Math.abs(got - card) < 6e-5, `${what}: ${got} recomputed, ${card} in the card`);

  // Sentiment: accuracy through pipeline() on all of SST-2 validation.
  const classify = await t.pipeline("sentiment-analysis", await ensureCourseFineTune("hf-course/all-MiniLM-L6-v2-sst2"), { dtype: "fp32" });
  const predicted: number[] = [];
  for (const r of sst2) predicted.push(((await classify(r.text)) as { label: string }[])[0].label === "POSITIVE" ? 1 : 0);
  close(accuracy(predicted, sst2.map((r) => r.label)), cardMetrics("minilm-sst2").accuracy, "SST-2 accuracy");

  // Zero-shot: SST-2 validation with the labels "negative" and "positive".
  const zeroShot = await t.pipeline("zero-shot-classification", await ensureCourseFineTune("hf-course/all-MiniLM-L6-v2-nli"), { dtype: "fp32" });
  const chosen: number[] = [];
  for (const r of sst2) chosen.push(((await zeroShot(r.text, ["negative", "positive"])) as { labels: string[] }).labels[0] === "positive" ? 1 : 0);
  close(accuracy(chosen, sst2.map((r) => r.label)), cardMetrics("minilm-nli").zero_shot_sst2_accuracy, "zero-shot SST-2 accuracy");

  // NER: each word's tag from its first piece's logits, entity-level seqeval F1 on CoNLL-2003 validation.
  const nerDir = await ensureCourseFineTune("hf-course/all-MiniLM-L6-v2-conll2003");
  const tokenizer = await t.AutoTokenizer.from_pretrained(nerDir);
  const model = await t.AutoModelForTokenClassification.from_pretrained(nerDir, { dtype: "fp32" });
  const conll = (await loadDataset("eriktks/conll2003", { split: "validation" })).toRows().map((r) => ({ tokens: r.tokens as string[], tags: (r.ner_tags as number[]).map(Number) }));
  const predictions: string[][] = [];
  for (const s of conll) {
    const { input_ids, word_ids } = tokenizeAndAlignLabels(tokenizer, s.tokens, s.tags, { maxLength: ZOO.find((r) => r.name === "minilm-conll2003")!.training.maxLength });
    const ids = new t.Tensor("int64", BigInt64Array.from(input_ids.map(BigInt)), [1, input_ids.length]);
    const mask = new t.Tensor("int64", new BigInt64Array(input_ids.length).fill(1n), [1, input_ids.length]);
    const types = new t.Tensor("int64", new BigInt64Array(input_ids.length), [1, input_ids.length]);
    const logits = (await model({ input_ids: ids, attention_mask: mask, token_type_ids: types })).logits.tolist()[0] as number[][];
    const words = s.tokens.map(() => "O");
    argmax(logits).forEach((tag, i) => {
      if (word_ids[i] >= 0 && word_ids[i] !== word_ids[i - 1]) words[word_ids[i]] = CONLL_NER_TAGS[tag];
    });
    predictions.push(words);
  }
  close(seqeval(predictions, conll.map((s) => s.tags.map((x) => CONLL_NER_TAGS[x]))).f1, cardMetrics("minilm-conll2003").entity_f1, "CoNLL-2003 entity F1");

  // QA: the SQuAD metric on the held-out articles' questions the card scored (same seeded sample).
  const seed = ZOO.find((r) => r.name === "minilm-squad")!.seed;
  const questions = splitSquadArticles((await loadDataset("rajpurkar/squad", { split: "validation" })).toRows() as unknown as SquadRow[], seed).heldOut;
  const qa = await t.pipeline("question-answering", await ensureCourseFineTune("hf-course/all-MiniLM-L6-v2-squad"), { dtype: "fp32" });
  const evaluated = seededSample(questions, 1000, seed);
  const answers = [];
  for (const r of evaluated) answers.push({ id: r.id, prediction_text: ((await qa(r.question, r.context)) as { answer: string }).answer });
  close(squadMetric(answers, evaluated.map((r) => ({ id: r.id, answers: r.answers }))).f1 / 100, cardMetrics("minilm-squad").f1, "SQuAD F1");
});

// fromPretrained(hubId): weights come through the course's Hub layer (a loopback Hub here), are
// cached, and load again offline; a base checkpoint gets a new head and says which weights are new.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { settings } from "../lib/settings";
import { trainingBackend } from "../lib/training/backend";
import { bertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { savePretrained } from "../lib/training/save";
import { startHub, type TestHub } from "./helpers/hub-server";
import { TOKENIZERS } from "./fixtures";
import { scratchDir } from "./helpers/notebooks";

const TOKENIZER = TOKENIZERS.miniLM;
const work = scratchDir("pretrained-hub");
let hub: TestHub;
let tf: Awaited<ReturnType<typeof trainingBackend>>["tf"];
let classifier: EncoderModel;
let masked: EncoderModel;

before(async () => {
  tf = (await trainingBackend()).tf;
  classifier = EncoderModel.fromConfig(tf, bertConfig({ id2label: { 0: "no", 1: "yes" } }), { seed: 8 });
  masked = EncoderModel.fromConfig(tf, bertConfig(), { seed: 9, head: "masked-lm" });
  await savePretrained(classifier, path.join(work, "repo-classifier"), { tokenizerDir: TOKENIZER });
  await savePretrained(masked, path.join(work, "repo-base"), { tokenizerDir: TOKENIZER });
  fs.mkdirSync(path.join(work, "repo-onnx-only"), { recursive: true });
  fs.copyFileSync(path.join(work, "repo-classifier", "config.json"), path.join(work, "repo-onnx-only", "config.json"));
  hub = await startHub([
    { type: "model", name: "course-tests/tiny-classifier", revisions: { main: path.join(work, "repo-classifier") } },
    { type: "model", name: "course-tests/tiny-base", revisions: { main: path.join(work, "repo-base") } },
    { type: "model", name: "course-tests/onnx-only", revisions: { main: path.join(work, "repo-onnx-only") } },
  ]);
  settings.hubEndpoint = hub.url;
  settings.cacheDir = path.join(work, "cache");
  settings.offline = false;
});

after(() => hub.close());

test("a Hub id downloads into the course cache, loads the same weights, and loads again offline", async () => {
  const ids = tf.tensor2d([[101, 2023, 2003, 102]], [1, 4], "int32");
  const batch = { inputIds: ids, attentionMask: tf.onesLike(ids) };
  const want = Array.from(await classifier.forward(batch).logits!.data());
  const { model, newlyInitialised } = await EncoderModel.fromPretrained(tf, "course-tests/tiny-classifier");
  assert.deepEqual(newlyInitialised, []);
  assert.deepEqual(Array.from(await model.forward(batch).logits!.data()), want);
  assert.ok(
    fs.existsSync(path.join(settings.cacheDir, "models", "course-tests", "tiny-classifier", "model.safetensors")),
  );
  const requests = hub.requests.length;
  settings.offline = true;
  try {
    const { model: again } = await EncoderModel.fromPretrained(tf, "course-tests/tiny-classifier");
    assert.deepEqual(Array.from(await again.forward(batch).logits!.data()), want);
    again.dispose();
  } finally {
    settings.offline = false;
  }
  assert.equal(hub.requests.length, requests, "offline: no request");
  model.dispose();
});

test("a base checkpoint gets a new classification head and names the new weights", async () => {
  const { model, newlyInitialised } = await EncoderModel.fromPretrained(tf, "course-tests/tiny-base", {
    head: "sequence-classification",
    id2label: { 0: "neg", 1: "pos" },
  });
  assert.deepEqual(newlyInitialised.sort(), [
    "bert.pooler.dense.bias",
    "bert.pooler.dense.weight",
    "classifier.bias",
    "classifier.weight",
  ]);
  const weights = await model.weights();
  const original = await masked.weights();
  assert.deepEqual(
    weights.get("bert.encoder.layer.1.output.dense.weight")!.data,
    original.get("bert.encoder.layer.1.output.dense.weight")!.data,
    "the encoder's weights are the checkpoint's",
  );
  assert.deepEqual(model.config.id2label, { 0: "neg", 1: "pos" });
  model.dispose();
});

test("bad input: a repo without safetensors weights, an unknown repo, neither a folder nor an id", async () => {
  await assert.rejects(
    EncoderModel.fromPretrained(tf, "course-tests/onnx-only"),
    /course-tests\/onnx-only has no model\.safetensors at main: the course loads weights in the safetensors format/,
  );
  await assert.rejects(
    EncoderModel.fromPretrained(tf, "course-tests/missing"),
    /no model course-tests\/missing on the Hub \(check the spelling; a private repo needs HF_TOKEN\)/,
  );
  await assert.rejects(EncoderModel.fromPretrained(tf, "./no/such/folder"), /is neither a folder nor a Hub model id/);
});

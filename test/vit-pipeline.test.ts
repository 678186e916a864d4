// Beyond text, offline: pipeline("image-classification") falls back to the course's ViT stand-in
// (data/models/vit-digits), whose card's accuracy is recomputed here on the held-out digits; speech
// recognition has no stand-in, and pipelineIfAvailable() says so in one line instead of failing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { digitImage, digitsSplit, readDigits } from "../lib/datasets/digits";
import { folderBytes } from "../lib/folder-bytes";
import { accuracy } from "../lib/metrics";
import { pipeline, pipelineIfAvailable } from "../lib/models/pipeline";
import { NoStandInError } from "../lib/models/resolve";
import { offline, ZOO_DIR } from "./helpers/offline";

const STAND_IN = path.join(ZOO_DIR, "vit-digits");
const CACHE = "vit-empty-cache";

test("the digits: 1797 images of 0-9, split with no image on both sides", () => {
  const digits = readDigits();
  assert.equal(digits.length, 1797);
  assert.ok(
    digits.every(
      (d) =>
        d.pixels.length === 64 &&
        d.pixels.every((v) => Number.isInteger(v) && v >= 0 && v <= 16) &&
        d.label >= 0 &&
        d.label <= 9,
    ),
  );
  const { train, heldOut } = digitsSplit(digits);
  assert.equal(heldOut.length, Math.round(1797 * 0.2));
  const held = new Set(heldOut.map((d) => d.pixels.join(",")));
  assert.ok(train.every((d) => !held.has(d.pixels.join(","))));
  assert.equal(train.length + heldOut.length, 1797, "no duplicate images in the file, so none was dropped");
});

test(
  "offline, pipeline('image-classification') uses the ViT stand-in, and its card's accuracy is what the pipeline scores on the held-out digits",
  { timeout: 300_000 },
  async () => {
    const { heldOut } = digitsSplit();
    const { value: predicted, lines } = await offline(CACHE, async () => {
      const classify = await pipeline("image-classification");
      const out = (await classify(await Promise.all(heldOut.map((d) => digitImage(d))), { top_k: 1 })) as {
        label: string;
        score: number;
      }[][];
      await classify.dispose();
      return out.map((r) => Number(r[0].label));
    });
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^ℹ Xenova\/vit-base-patch16-224 is not available \(offline mode \(HF_HUB_OFFLINE=1\)\): using the course's offline stand-in data\/models\/vit-digits/,
    );
    const measured = accuracy(
      predicted,
      heldOut.map((d) => d.label),
    );
    const card = fs.readFileSync(path.join(STAND_IN, "README.md"), "utf8");
    const written = Number(/^\| accuracy \| (\d+\.\d+) \|$/m.exec(card)?.[1]);
    assert.ok(Math.abs(written - measured) < 1e-6, `card ${written}, pipeline ${measured}`);
    assert.ok(measured > 0.5, `the stand-in reads digits (accuracy ${measured})`);
  },
);

test("the stand-in folder is complete and small (< 2 MB)", () => {
  for (const f of ["config.json", "preprocessor_config.json", "model.safetensors", "onnx/model.onnx", "README.md"])
    assert.ok(fs.existsSync(path.join(STAND_IN, f)), f);
  assert.ok(folderBytes(STAND_IN) < 2e6, `${folderBytes(STAND_IN)} bytes`);
});

test("offline, speech recognition has no stand-in: pipelineIfAvailable() says so in one line and gives undefined; pipeline() throws", async () => {
  const { value, lines } = await offline(CACHE, () => pipelineIfAvailable("automatic-speech-recognition"));
  assert.equal(value, undefined);
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    /^ℹ Skipped, the course has no offline stand-in for automatic-speech-recognition: Xenova\/whisper-tiny\.en is not in the course cache and offline mode is on \(HF_HUB_OFFLINE=1\)\. Once you are online, run: npm run models -- pull Xenova\/whisper-tiny\.en$/,
  );
  await assert.rejects(
    offline(CACHE, () => pipeline("automatic-speech-recognition")),
    NoStandInError,
  );
  // A model with a stand-in is never skipped: pipelineIfAvailable gives the pipeline.
  const { value: classify } = await offline(CACHE, () => pipelineIfAvailable("image-classification"));
  assert.equal(typeof classify, "function");
  await classify!.dispose();
});

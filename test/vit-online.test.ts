// Beyond text, online, against the loopback Hub: pipeline("image-classification") downloads the pinned
// ViT's files (its image processor's preprocessor_config.json too) and classifies a digit as the same
// weights do from the stand-in's folder; the speech sample comes from the Hub's dataset repo, is cached,
// and decodes to Whisper's 16 kHz.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { WaveFile } from "wavefile";
import { decodeWav, speechSample, SPEECH_SAMPLE } from "../lib/audio/speech-sample";
import { digitImage, digitsSplit } from "../lib/datasets/digits";
import { pipeline } from "../lib/models/pipeline";
import { modelDir } from "../lib/models/snapshot";
import { settings } from "../lib/settings";
import { startHub, type TestHub } from "./helpers/hub-server";
import { PROJECT, scratchDir } from "./helpers/notebooks";

const VIT = "Xenova/vit-base-patch16-224";
const STAND_IN = path.join(PROJECT, "data", "models", "vit-digits");
const work = scratchDir("vit-online");
let hub: TestHub;
const was = {
  hubEndpoint: settings.hubEndpoint,
  offline: settings.offline,
  hubTimeoutMs: settings.hubTimeoutMs,
  cacheDir: settings.cacheDir,
  zooDir: settings.zooDir,
};

/** One second of a 440 Hz tone at 8 kHz, 16-bit: a WAV at another rate than Whisper's. */
function toneWav(): Buffer {
  const wav = new WaveFile();
  wav.fromScratch(
    1,
    8000,
    "16",
    Int16Array.from({ length: 8000 }, (_, i) => Math.round(16000 * Math.sin((2 * Math.PI * 440 * i) / 8000))),
  );
  return Buffer.from(wav.toBuffer());
}

before(async () => {
  // The Hub repo as Xenova's layout has it for dtype q8: the stand-in's weights under onnx/model_quantized.onnx.
  const repo = path.join(work, "vit-repo");
  fs.mkdirSync(path.join(repo, "onnx"), { recursive: true });
  for (const f of ["config.json", "preprocessor_config.json"])
    fs.copyFileSync(path.join(STAND_IN, f), path.join(repo, f));
  fs.copyFileSync(path.join(STAND_IN, "onnx", "model.onnx"), path.join(repo, "onnx", "model_quantized.onnx"));
  const docs = path.join(work, "docs-repo");
  fs.mkdirSync(docs, { recursive: true });
  fs.writeFileSync(path.join(docs, SPEECH_SAMPLE.file), toneWav());
  hub = await startHub([
    { type: "model", name: VIT, revisions: { main: repo } },
    { type: "dataset", name: SPEECH_SAMPLE.dataset, revisions: { main: docs } },
  ]);
  Object.assign(settings, {
    hubEndpoint: hub.url,
    offline: false,
    hubTimeoutMs: 3000,
    cacheDir: path.join(work, "cache"),
    zooDir: path.join(work, "no-zoo"),
  });
});

after(async () => {
  await hub.close();
  Object.assign(settings, was);
});

test(
  "online, pipeline('image-classification') downloads the pinned ViT with its preprocessor_config.json and classifies digits",
  { timeout: 120_000 },
  async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => lines.push(a.join(" "));
    const images = await Promise.all(
      digitsSplit()
        .heldOut.slice(0, 8)
        .map((d) => digitImage(d)),
    );
    let online: { label: string }[][];
    try {
      const classify = await pipeline("image-classification");
      online = (await classify(images, { top_k: 1 })) as { label: string }[][];
      await classify.dispose();
    } finally {
      console.log = log;
    }
    assert.deepEqual(
      lines.filter((l) => l.startsWith("ℹ")),
      [],
      "no offline notice",
    );
    assert.ok(
      fs.existsSync(path.join(modelDir(VIT), "preprocessor_config.json")),
      "the image processor's settings were downloaded",
    );
    const local = await pipeline("image-classification", STAND_IN);
    const expected = (await local(images, { top_k: 1 })) as { label: string }[][];
    await local.dispose();
    assert.deepEqual(
      online.map((r) => r[0].label),
      expected.map((r) => r[0].label),
    );
  },
);

test("speechSample(): the Hub's recording, cached after the first call, mixed to mono and resampled to 16 kHz", async () => {
  const samples = await speechSample(16000);
  assert.ok(samples instanceof Float32Array);
  assert.ok(Math.abs(samples.length - 16000) <= 2, `${samples.length} samples for one second`);
  assert.ok(Math.max(...samples) > 0.4 && Math.max(...samples) <= 1, "scaled to [-1, 1]");
  const requests = hub.requests.length;
  assert.deepEqual(await speechSample(16000), samples);
  assert.equal(hub.requests.length, requests, "the second call reads the cache");
  const stereo = new WaveFile();
  stereo.fromScratch(2, 16000, "16", [Int16Array.from([16384, 0]), Int16Array.from([0, 16384])]);
  const mixed = Array.from(decodeWav(stereo.toBuffer(), 16000));
  assert.equal(mixed.length, 2);
  for (const v of mixed) assert.ok(Math.abs(v - 0.25) < 1e-4, `two channels become their mean: ${mixed}`);
});

// The shipped zoo: complete folders in the transformers.js layout with a card, under the size
// budget, and the course's pipeline() falls back to them when the Hub is out of reach.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { folderBytes } from "../lib/folder-bytes";
import { pipeline } from "../lib/models/pipeline";
import { settings } from "../lib/settings";
import { ZOO } from "../lib/zoo/recipes";
import { PROJECT, scratchDir } from "./helpers/notebooks";

const ZOO_DIR = path.join(PROJECT, "data", "models");

test("every stand-in ships complete, with a model card of measured metrics, and the zoo stays under 60 MB", () => {
  for (const recipe of ZOO) {
    const dir = path.join(ZOO_DIR, recipe.name);
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx", "model.safetensors", "README.md"]) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${recipe.name}/${f} (run: npm run zoo -- ${recipe.name})`);
    }
    const card = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    assert.match(card, /## Metrics on the held-out split/);
    assert.match(card, /\| seed \| \d+ \|/);
    assert.match(card, /\| (accuracy|perplexity) \| \d+\.\d{4} \|/);
  }
  const total = ZOO.reduce((a, r) => a + folderBytes(path.join(ZOO_DIR, r.name)), 0);
  assert.ok(total <= 60e6, `the zoo is ${(total / 1e6).toFixed(1)} MB`);
});

async function offline<T>(f: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const was = { offline: settings.offline, cacheDir: settings.cacheDir, zooDir: settings.zooDir };
  settings.offline = true;
  settings.cacheDir = scratchDir("zoo-empty-cache");
  settings.zooDir = ZOO_DIR;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    return { value: await f(), lines };
  } finally {
    console.log = log;
    Object.assign(settings, was);
  }
}

test("offline, pipeline('sentiment-analysis') uses the stand-in, says so, and reads plain sentiment right", async () => {
  const { value: results, lines } = await offline(async () => {
    const classify = await pipeline("sentiment-analysis");
    return (await classify(["This movie is wonderful , i loved every minute of it .", "a dull , boring and painful mess of a film ."])) as { label: string; score: number }[];
  });
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^ℹ Xenova\/distilbert-base-uncased-finetuned-sst-2-english is not available \(offline mode \(HF_HUB_OFFLINE=1\)\): using the course's offline stand-in data\/models\/sentiment/);
  assert.deepEqual(results.map((r) => r.label), ["POSITIVE", "NEGATIVE"]);
  for (const r of results) assert.ok(r.score > 0.5 && r.score <= 1);
});

test("offline, pipeline('text-generation') uses the stand-in and continues the prompt", async () => {
  const { value: out } = await offline(async () => {
    const generate = await pipeline("text-generation");
    return (await generate("The game was", { max_new_tokens: 8, do_sample: false })) as { generated_text: string }[];
  });
  assert.ok(out[0].generated_text.startsWith("The game was"));
  assert.ok(out[0].generated_text.length > "The game was".length + 3);
});

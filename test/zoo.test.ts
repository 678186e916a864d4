// The shipped zoo: complete folders in the transformers.js layout with a card, under the size
// budget, and the course's pipeline() falls back to them when the Hub is out of reach.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { folderBytes } from "../lib/folder-bytes";
import { pipeline } from "../lib/models/pipeline";
import { COURSE_MODELS } from "../lib/models/manifest";
import { buildStandIn } from "../tools/zoo/build";
import { ZOO } from "../tools/zoo/recipes";
import { spawnSync } from "node:child_process";
import { parseSourceOption } from "../tools/datasets/source";
import { squad, sst2 } from "../tools/zoo/data";
import { MIRROR } from "./fixtures";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { offline as offlineRun } from "./helpers/offline";

/** A source datasets folder (the layout `npm run zoo -- --source DIR` reads) holding SST-2 only, made of the mirror's files. */
function sst2SourceFolder(dir: string): string {
  for (const [split, file] of [
    ["train", MIRROR.sst2Train],
    ["validation", MIRROR.sst2Validation],
  ]) {
    const to = path.join(dir, "nyu-mll", "glue", "parquet", "sst2", split, "0000.parquet");
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.symlinkSync(file, to);
  }
  return dir;
}

const ZOO_DIR = path.join(PROJECT, "data", "models");

test("every stand-in ships complete, with a model card of measured metrics, and the zoo stays under 80 MB", () => {
  // The fine-tunes of a real checkpoint ship only their trained layers (test/course-fine-tunes.test.ts).
  for (const recipe of ZOO.filter((r) => !r.base)) {
    const dir = path.join(ZOO_DIR, recipe.name);
    const onnx =
      recipe.model.model_type === "bart"
        ? ["onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"]
        : ["onnx/model.onnx"];
    // An image model has an image processor where a text model has a tokenizer.
    const image = recipe.model.model_type === "vit";
    for (const f of [
      "config.json",
      ...(image ? ["preprocessor_config.json"] : ["tokenizer.json", "tokenizer_config.json"]),
      ...onnx,
      "model.safetensors",
      "README.md",
    ]) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${recipe.name}/${f} (run: npm run zoo -- ${recipe.name})`);
    }
    const card = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    assert.match(card, /## Metrics on the held-out split/);
    assert.match(card, /\| seed \| \d+ \|/);
    assert.match(card, /\| \w+ \| \d+\.\d{4,} \|/, `${recipe.name}: a measured metric`);
    if (image) continue;
    // The tokenizer never lets the pipeline feed more tokens than the model has positions.
    const positions = Number(
      JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")).max_position_embeddings ??
        JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")).n_positions,
    );
    assert.equal(
      JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8")).model_max_length,
      positions,
      `${recipe.name}: model_max_length`,
    );
  }
  const sizes = ZOO.map((r) => [r.name, folderBytes(path.join(ZOO_DIR, r.name))] as const);
  console.log(`# zoo: ${sizes.map(([n, b]) => `${n} ${(b / 1e6).toFixed(1)} MB`).join(", ")}`);
  const total = sizes.reduce((a, [, b]) => a + b, 0);
  assert.ok(total <= 80e6, `the zoo is ${(total / 1e6).toFixed(1)} MB`);
});

test("every pinned course checkpoint that names a stand-in has it in the zoo (speech recognition names none)", () => {
  for (const m of COURSE_MODELS.filter((r) => r.standIn))
    assert.ok(
      ZOO.some((r) => r.name === m.standIn),
      `${m.id} -> data/models/${m.standIn}`,
    );
});

const offline = <T>(f: () => Promise<T>) => offlineRun("zoo-empty-cache", f);

test("offline, pipeline('sentiment-analysis') uses the stand-in, says so, and reads plain sentiment right", async () => {
  const { value: results, lines } = await offline(async () => {
    const classify = await pipeline("sentiment-analysis");
    return (await classify([
      "This movie is wonderful , i loved every minute of it .",
      "a dull , boring and painful mess of a film .",
    ])) as { label: string; score: number }[];
  });
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    /^ℹ Xenova\/distilbert-base-uncased-finetuned-sst-2-english is not available \(offline mode \(HF_HUB_OFFLINE=1\)\): using the course's offline stand-in data\/models\/sentiment/,
  );
  assert.deepEqual(
    results.map((r) => r.label),
    ["POSITIVE", "NEGATIVE"],
  );
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

test("offline, the text-generation stand-in never writes WikiText's <unk> (it trained on text without it)", async () => {
  const prompts = [
    "The game was",
    "In 1996, the",
    "He was born in",
    "The species is",
    "The album received",
    "After the war,",
  ];
  const { value: texts } = await offline(async () => {
    const generate = await pipeline("text-generation");
    const out: string[] = [];
    for (const p of prompts)
      out.push(
        ((await generate(p, { max_new_tokens: 40, do_sample: false })) as { generated_text: string }[])[0]
          .generated_text,
      );
    return out;
  });
  for (const t of texts) assert.doesNotMatch(t, /<unk>|unk>|<unk| @[-.,]@ /, t);
  const card = fs.readFileSync(path.join(ZOO_DIR, "text-generation", "README.md"), "utf8");
  assert.match(card, /every <unk> \(WikiText's mark for a rare word\) dropped/, "its card says how");
});

test("offline with neither the Hub nor the real MiniLM in the cache, NER, QA and zero-shot (which have no small stand-in) say what to pull", async () => {
  for (const [task, id, offlineModel] of [
    ["token-classification", "Xenova/bert-base-NER", "hf-course/all-MiniLM-L6-v2-conll2003"],
    ["question-answering", "Xenova/distilbert-base-cased-distilled-squad", "hf-course/all-MiniLM-L6-v2-squad"],
    ["zero-shot-classification", "Xenova/mobilebert-uncased-mnli", "hf-course/all-MiniLM-L6-v2-nli"],
  ] as const) {
    await assert.rejects(
      offline(() => pipeline(task)),
      (err: Error) =>
        err.message ===
        `${id} is not in the course cache and offline mode is on (HF_HUB_OFFLINE=1). Once you are online, run: npm run models -- pull ${id} (or, for the course's offline model, npm run models -- pull ${offlineModel})`,
    );
  }
});

test("offline, pipeline('fill-mask') returns top_k tokens of its vocabulary in the masked place", async () => {
  const { value: out } = await offline(async () => {
    const unmask = await pipeline("fill-mask");
    return (await unmask("The game was released in [MASK] .", { top_k: 4 })) as {
      token_str: string;
      token: number;
      score: number;
      sequence: string;
    }[];
  });
  assert.equal(out.length, 4);
  const vocab = JSON.parse(fs.readFileSync(path.join(ZOO_DIR, "fill-mask", "tokenizer.json"), "utf8")).model
    .vocab as Record<string, number>;
  for (const r of out) assert.equal(vocab[r.token_str], r.token, JSON.stringify(r));
  for (let i = 1; i < out.length; i++) assert.ok(out[i - 1].score >= out[i].score, "sorted by score");
});

test("offline, pipeline('feature-extraction') gives unit-length sentence vectors of the model's width", async () => {
  const { value: vectors } = await offline(async () => {
    const extract = await pipeline("feature-extraction");
    return (await extract(["The game was released in Japan .", "It was developed by Sega ."], {
      pooling: "mean",
      normalize: true,
    })) as { dims: number[]; tolist(): number[][] };
  });
  const width = JSON.parse(
    fs.readFileSync(path.join(ZOO_DIR, "feature-extraction", "config.json"), "utf8"),
  ).hidden_size;
  assert.deepEqual(vectors.dims, [2, width]);
  for (const v of vectors.tolist()) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
});

test("offline, summarization, translation and text2text-generation return text from the encoder-decoder stand-in", async () => {
  for (const [task, key] of [
    ["summarization", "summary_text"],
    ["translation", "translation_text"],
    ["text2text-generation", "generated_text"],
  ] as const) {
    const { value: out, lines } = await offline(async () => {
      const run = await pipeline(task);
      return (await run("The game was released in Japan in 2011 , and it was developed by Sega .", {
        max_new_tokens: 12,
      })) as Record<string, string>[];
    });
    assert.match(lines[0], /data\/models\/text2text/);
    assert.equal(typeof out[0][key], "string", `${task}: ${JSON.stringify(out)}`);
    assert.ok(out[0][key].trim().length > 0, `${task} returned empty text`);
  }
});

test(
  "building a stand-in twice with the same seed gives identical weights, and another seed other weights",
  { timeout: 300_000 },
  async () => {
    const base = ZOO.find((r) => r.name === "sentiment")!;
    const recipe = {
      ...base,
      tokenizer: { ...base.tokenizer!, vocabSize: 600 },
      training: { ...base.training, steps: 4, trainRows: 300 },
    };
    const source = sst2SourceFolder(scratchDir("zoo-source"));
    const [a, b, c] = [scratchDir("zoo-seed-a"), scratchDir("zoo-seed-b"), scratchDir("zoo-seed-c")];
    await buildStandIn(recipe, { outDir: a, source });
    await buildStandIn(recipe, { outDir: b, source });
    await buildStandIn({ ...recipe, seed: recipe.seed + 1 }, { outDir: c, source });
    const file = (dir: string, f: string) => fs.readFileSync(path.join(dir, "sentiment", f));
    for (const f of ["model.safetensors", "tokenizer.json", "onnx/model.onnx"])
      assert.ok(file(a, f).equals(file(b, f)), `${f} differs between two builds`);
    assert.ok(!file(a, "model.safetensors").equals(file(c, "model.safetensors")), "the seed changes the weights");
  },
);

test("--source DIR: the zoo's data readers take the source folder; a missing folder or file says what to pass", async () => {
  const source = sst2SourceFolder(scratchDir("zoo-source-read"));
  const data = await sst2(source);
  assert.equal(data.heldOut.length, 872, "SST-2 validation, whole");
  assert.ok(
    data.train.length > 1000 && data.train.every((r) => typeof r.text === "string" && (r.label === 0 || r.label === 1)),
  );
  await assert.rejects(
    squad(source, 1),
    /rajpurkar\/squad\/dev-v1\.1\.json does not exist: --source must name the course's source datasets folder .*leave --source out to read the datasets from the Hub/,
  );
  assert.deepEqual(parseSourceOption(["--source", source, "sentiment"]), { source, rest: ["sentiment"] });
  assert.deepEqual(parseSourceOption([`--source=${source}`]), { source, rest: [] });
  assert.deepEqual(parseSourceOption(["sentiment"]), { source: undefined, rest: ["sentiment"] });
  assert.throws(() => parseSourceOption(["--source"]), /--source needs a folder: --source DIR/);
  assert.throws(() => parseSourceOption(["--source", source, "--source", source]), /--source is given twice/);
  const run = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT, "scripts", script), ...args], {
      cwd: PROJECT,
      encoding: "utf8",
    });
  for (const script of ["zoo.ts", "data.ts"]) {
    const missing = run(script, "--source", path.join(source, "nope"));
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(
      missing.stderr,
      /--source .*nope: no such folder\. Pass the course's source datasets folder .*or leave --source out/,
    );
    assert.match(missing.stderr, new RegExp(`usage: npm run ${script.replace(".ts", "")} -- \\[--source DIR\\]`));
  }
  assert.match(run("zoo.ts", "--sorce", source).stderr, /unknown option --sorce/);
  assert.match(run("data.ts", "extra").stderr, /unknown argument extra/);
});

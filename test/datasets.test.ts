// loadDataset on real data (test/fixtures/) served by a loopback Hub, read from the cache and from a
// mirror, and in a notebook. Expected counts come from SOURCES.md, not from this file. Local files and
// the shipped mirror, without a Hub: datasets-local.test.ts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { Dataset } from "../lib/datasets/dataset";
import { loadDataset } from "../lib/datasets/load";
import { HubNotFoundError } from "../lib/hub/errors";
import { runNotebook } from "../tools/notebook/runner";
import { settings } from "../lib/settings";
import { transformers } from "../lib/transformers-env";
import { startHub, type TestHub } from "./helpers/hub-server";
import { freePort } from "./helpers/lab";
import { DATASETS, SOURCES_MD, TOKENIZERS } from "./fixtures";
import { cellText, makeNotebook, PROJECT, scratchDir } from "./helpers/notebooks";
import { labelCounts, recordedMrpcLabels, recordedRows } from "./helpers/recorded-counts";

const SOURCES = fs.readFileSync(SOURCES_MD, "utf8");
const work = scratchDir("datasets");
let hub: TestHub;

before(async () => {
  const glueMain = path.join(work, "glue-main");
  fs.mkdirSync(glueMain, { recursive: true });
  fs.writeFileSync(path.join(glueMain, "README.md"), "# GLUE (test repo: its Parquet lives in refs/convert/parquet)\n");
  hub = await startHub([
    {
      type: "dataset",
      name: "nyu-mll/glue",
      revisions: { main: glueMain, "refs/convert/parquet": DATASETS.glueHubParquet },
    },
    { type: "dataset", name: "google-research-datasets/poem_sentiment", revisions: { main: DATASETS.poemSentiment } },
  ]);
  settings.hubEndpoint = hub.url;
  settings.offline = false;
  settings.cacheDir = path.join(work, "cache");
  settings.datasetsMirror = path.join(work, "empty-mirror");
});

after(() => hub.close());

test("GLUE MRPC from the Hub's Parquet conversion: splits, rows, features and labels as SOURCES.md records", async () => {
  const raw = await loadDataset("nyu-mll/glue", "mrpc");
  assert.deepEqual(raw.splitNames, ["train", "validation", "test"]);
  for (const split of ["train", "validation", "test"]) {
    assert.equal(
      raw[split].length,
      recordedRows(`datasets/nyu-mll/glue/hub-parquet/mrpc/${split}/0000.parquet`),
      split,
    );
  }
  assert.deepEqual(raw.train.columnNames, ["sentence1", "sentence2", "label", "idx"]);
  assert.deepEqual(raw.train.features.sentence1, { _type: "Value", dtype: "string" });
  assert.deepEqual(raw.train.features.idx, { _type: "Value", dtype: "int32" });
  assert.deepEqual(raw.train.labelNames(), ["not_equivalent", "equivalent"]);
  assert.deepEqual(labelCounts(raw.train), recordedMrpcLabels("train"));
  assert.deepEqual(labelCounts(raw.validation), recordedMrpcLabels("dev / validation"));
  assert.equal(typeof raw.train.get(0).label, "number", "64-bit labels arrive as numbers");
  assert.match(
    String(raw),
    /^DatasetDict\(\{\n    train: Dataset\(\{\n        features: \['sentence1', 'sentence2', 'label', 'idx'\],\n        num_rows: \d+\n    \}\)/,
  );
  // @huggingface/hub listed main, found no Parquet, then listed the converter branch (encoded).
  assert.ok(
    hub.requests.some((r) =>
      r.url.startsWith("/api/datasets/nyu-mll/glue/tree/refs%2Fconvert%2Fparquet?recursive=true"),
    ),
  );
  assert.ok(
    hub.requests.some(
      (r) => r.url === "/datasets/nyu-mll/glue/resolve/refs%2Fconvert%2Fparquet/mrpc/train/0000.parquet",
    ),
  );
});

test("one split, and a repo's own data/<split>-00000-of-00001.parquet layout", async () => {
  const validation = await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
  assert.ok(validation instanceof Dataset);
  assert.equal(validation.length, recordedRows("hub-parquet/mrpc/validation/0000.parquet"));
  const poems = await loadDataset("google-research-datasets/poem_sentiment");
  assert.deepEqual(poems.splitNames.sort(), ["test", "train", "validation"]);
  const counts = SOURCES.match(/poem_sentiment\/data\/` \| .*? \| (\d+) \/ (\d+) \/ (\d+) \|/)!
    .slice(1)
    .map(Number);
  assert.deepEqual([poems.train.length, poems.validation.length, poems.test.length], counts);
  assert.deepEqual(poems.train.labelNames(), ["negative", "positive", "no_impact", "mixed"]);
});

test("cached: the same call works offline and with the Hub gone (saying where it read from)", async () => {
  await loadDataset("nyu-mll/glue", "mrpc", { split: "train" });
  const before = hub.requests.length;
  settings.offline = true;
  const offline = await loadDataset("nyu-mll/glue", "mrpc", { split: "train" });
  settings.offline = false;
  assert.equal(offline.length, recordedRows("hub-parquet/mrpc/train/0000.parquet"));
  assert.equal(hub.requests.length, before, "offline mode sent nothing");
  settings.hubEndpoint = `http://127.0.0.1:${await freePort()}`;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    const unreachable = await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
    assert.equal(unreachable.length, recordedRows("hub-parquet/mrpc/validation/0000.parquet"));
  } finally {
    console.log = log;
    settings.hubEndpoint = hub.url;
  }
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    /^ℹ the Hub at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\): reading nyu-mll\/glue from the cache\.$/,
  );
});

test("offline with an empty cache: the course's mirror folder in the Hub's layout, else a clear error", async () => {
  settings.offline = true;
  settings.cacheDir = path.join(work, "empty-cache");
  try {
    await assert.rejects(
      loadDataset("google-research-datasets/poem_sentiment"),
      /poem_sentiment is not in the course cache or its dataset mirror, and offline mode \(HF_HUB_OFFLINE=1\)\. Run the same loadDataset call once while online/,
    );
    const mirror = path.join(work, "mirror");
    fs.mkdirSync(path.join(mirror, "google-research-datasets", "poem_sentiment"), { recursive: true });
    fs.symlinkSync(DATASETS.poemSentiment, path.join(mirror, "google-research-datasets", "poem_sentiment", "main"));
    settings.datasetsMirror = mirror;
    const poems = await loadDataset("google-research-datasets/poem_sentiment", { split: "validation" });
    assert.equal(poems.length, Number(SOURCES.match(/poem_sentiment\/data\/` \| .*? \| \d+ \/ (\d+) \//)![1]));
  } finally {
    settings.offline = false;
    settings.cacheDir = path.join(work, "cache");
    settings.datasetsMirror = path.join(work, "empty-mirror");
  }
});

test("bad input: unknown repo, unknown split and config, column typos, a truncated Parquet file", async () => {
  // The Hub answers an anonymous request for a repo that does not exist with 401 RepoNotFound: not "needs a token".
  await assert.rejects(
    loadDataset("nyu-mll/glu", "mrpc"),
    (e: Error) =>
      e instanceof HubNotFoundError &&
      /^no dataset nyu-mll\/glu on the Hub \(check the spelling; a private repo needs HF_TOKEN\)\.$/.test(e.message),
  );
  await assert.rejects(
    loadDataset("nyu-mll/glue", "mrpc", { split: "dev" }),
    /nyu-mll\/glue \(mrpc\) has no split "dev"\. Splits: train, validation, test$/,
  );
  await assert.rejects(loadDataset("nyu-mll/glue", "mnli"), /has no configuration "mnli"\. Configurations: mrpc, sst2/);
  await assert.rejects(
    loadDataset("nyu-mll/glue"),
    /has several configurations: name one, e\.g\. loadDataset\("nyu-mll\/glue", "mrpc"\)/,
  );
  await assert.rejects(
    loadDataset("nyu-mll/glue", "mrpc", { split: "validation", columns: ["sentence", "label"] }),
    /no column "sentence" in .*; its columns are: sentence1, sentence2, label, idx/,
  );
  const ds = await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
  assert.throws(
    () => ds.column("lable" as never),
    /no column "lable"; the columns are: sentence1, sentence2, label, idx/,
  );
  assert.throws(() => ds.removeColumns(["idx", "sentense2"]), /no column "sentense2"/);
  assert.throws(() => ds.get(ds.length), /row \d+ is out of range: this dataset has \d+ rows/);
  const truncated = path.join(work, "truncated.parquet");
  const bytes = fs.readFileSync(path.join(DATASETS.glueHubParquet, "mrpc", "validation", "0000.parquet"));
  fs.writeFileSync(truncated, bytes.subarray(0, bytes.length / 2));
  await assert.rejects(
    loadDataset("parquet", { dataFiles: truncated }),
    /truncated\.parquet is not a readable Parquet file .*delete it and load again/,
  );
  const notParquet = path.join(work, "notes.parquet");
  fs.writeFileSync(notParquet, "these are not Parquet bytes at all, just text\n".repeat(20));
  await assert.rejects(
    loadDataset("parquet", { dataFiles: notParquet }),
    /notes\.parquet is not a readable Parquet file/,
  );
});

test("shuffle(42) is the same on every run, in any process", async () => {
  const ds = await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
  const order = ds.shuffle(42).column("idx");
  assert.deepEqual(ds.shuffle(42).column("idx"), order);
  assert.notDeepEqual(order, ds.column("idx"));
  assert.notDeepEqual(ds.shuffle(7).column("idx"), order);
  assert.deepEqual(
    [...order].sort((a, b) => (a as number) - (b as number)),
    [...ds.column("idx")].sort((a, b) => (a as number) - (b as number)),
  );
  const script = `const { permutation } = require(${JSON.stringify(path.join(PROJECT, "lib", "random.ts"))}); console.log(JSON.stringify(permutation(${ds.length}, 42)));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  const fromChild = (JSON.parse(child.stdout) as number[]).map((i) => ds.get(i).idx);
  assert.deepEqual(fromChild, order);
});

test("map, batched, adds a tokenized column; filter, select, split, rename, remove, batches", async () => {
  const ds = await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
  const { AutoTokenizer } = transformers();
  const tokenizer = await AutoTokenizer.from_pretrained(TOKENIZERS.miniLM);
  let calls = 0;
  const tokenized = ds.map(
    (batch) => {
      calls++;
      const ids = (batch.sentence1 as string[]).map((s, i) =>
        tokenizer.encode(s, { text_pair: (batch.sentence2 as string[])[i] }),
      );
      return { input_ids: ids, length: ids.map((x) => x.length) };
    },
    { batched: true, batchSize: 100 },
  );
  assert.equal(calls, Math.ceil(ds.length / 100));
  assert.deepEqual(tokenized.columnNames, ["sentence1", "sentence2", "label", "idx", "input_ids", "length"]);
  assert.deepEqual(
    tokenized.get(5).input_ids,
    tokenizer.encode(ds.get(5).sentence1 as string, { text_pair: ds.get(5).sentence2 as string }),
  );
  assert.deepEqual(tokenized.features.input_ids, { _type: "Sequence", feature: { _type: "Value", dtype: "int64" } });
  assert.deepEqual(tokenized.features.label, ds.features.label, "untouched columns keep their features");
  const short = tokenized.filter((r) => (r.length as number) < 40);
  assert.ok(short.length > 0 && short.length < tokenized.length);
  assert.ok(short.column("length").every((n) => (n as number) < 40));
  const { train, test: held } = tokenized.trainTestSplit({ testSize: 0.2, seed: 1 });
  assert.equal(held.length, Math.ceil(0.2 * ds.length));
  assert.equal(train.length + held.length, ds.length);
  assert.equal(new Set([...train.column("idx"), ...held.column("idx")]).size, ds.length, "no row in both");
  const renamed = tokenized.removeColumns(["sentence1", "sentence2", "idx"]).renameColumn("label", "labels");
  assert.deepEqual(renamed.columnNames, ["labels", "input_ids", "length"]);
  assert.deepEqual(renamed.features.labels, ds.features.label);
  const batches = [...renamed.batches(64)];
  assert.equal(batches.length, Math.ceil(ds.length / 64));
  assert.equal(batches[batches.length - 1].labels.length, ds.length - 64 * (batches.length - 1));
  assert.deepEqual(ds.select([3, 1]).column("idx"), [ds.get(3).idx, ds.get(1).idx]);
  const exploded = ds
    .take(3)
    .map((b) => ({ word: (b.sentence1 as string[]).flatMap((s) => s.split(" ").slice(0, 2)) }), {
      batched: true,
      removeColumns: ds.columnNames,
    });
  assert.equal(exploded.length, 6, "a batched map may change the number of rows");
  assert.throws(
    () =>
      ds
        .take(3)
        .map((b) => ({ word: (b.sentence1 as string[]).flatMap((s) => s.split(" ").slice(0, 2)) }), { batched: true }),
    /returned 6 rows for a batch of 3: also remove the old columns/,
  );
});

test("inside a notebook: loadDataset from the mirror and a readable table", async () => {
  const mirror = path.join(work, "nb-mirror");
  fs.mkdirSync(path.join(mirror, "nyu-mll", "glue", "refs", "convert"), { recursive: true });
  fs.symlinkSync(DATASETS.glueHubParquet, path.join(mirror, "nyu-mll", "glue", "refs", "convert", "parquet"));
  const file = makeNotebook(scratchDir("datasets-nb"), "data.ipynb", [
    `import { loadDataset } from "hf-course";\nconst raw = await loadDataset("nyu-mll/glue", "mrpc");\nraw`,
    `raw.train.show(3);`,
  ]);
  const result = await runNotebook(file, {
    cellTimeoutMs: 120_000,
    env: { HF_HUB_OFFLINE: "1", HF_COURSE_CACHE: path.join(work, "nb-cache"), HF_COURSE_DATASETS_MIRROR: mirror },
  });
  assert.deepEqual(result.failures, []);
  assert.match(cellText(result.executed, 0), /^DatasetDict\(\{\n    train: Dataset\(\{/);
  const table = result.executed.cells[1];
  const html =
    table.cell_type === "code" && table.outputs[0].output_type === "display_data"
      ? String(table.outputs[0].data["text/html"])
      : "";
  assert.match(html, /<table>.*<th title="Value\(&#39;string&#39;\)">sentence1<\/th>.*<\/table>/s);
  assert.match(html, /3 of \d+ rows/);
  assert.match(html, /\((not_equivalent|equivalent)\)/, "class labels are shown with their names");
});

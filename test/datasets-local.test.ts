// loadDataset without a Hub: local files (csv, tsv, parquet, json, jsonl), an aclImdb folder, and the
// course's shipped mirror data/datasets offline with an empty cache. Expected counts come from
// SOURCES.md and data/datasets/README.md, not from this file. With a loopback Hub: datasets.test.ts.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { readAclImdb } from "../tools/datasets/imdb";
import { loadDataset } from "../lib/datasets/load";
import { settings } from "../lib/settings";
import { DATASETS, MIRROR, SOURCES_MD } from "./fixtures";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { labelCounts, recordedMrpcLabels, recordedRows } from "./helpers/recorded-counts";

const SOURCES = fs.readFileSync(SOURCES_MD, "utf8");
const work = scratchDir("datasets-local");
// No Hub in this file: offline, a cache of its own, and no mirror unless a test names one.
settings.offline = true;
settings.cacheDir = path.join(work, "cache");
settings.datasetsMirror = path.join(work, "empty-mirror");

test("local files: GLUE's TSV (BOM, quotes in the text), Parquet, JSON and JSON lines", async () => {
  const mrpc = await loadDataset("csv", { dataFiles: { validation: DATASETS.mrpcDevTsv } });
  assert.deepEqual(mrpc.validation.columnNames, ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]);
  const quality = mrpc.validation.column("Quality") as number[];
  assert.deepEqual(
    [quality.filter((q) => q === 0).length, quality.filter((q) => q === 1).length],
    recordedMrpcLabels("dev / validation"),
  );
  assert.equal(mrpc.validation.length, recordedRows("datasets/nyu-mll/glue/mrpc/dev.tsv"));
  assert.ok(
    (mrpc.validation.column("#1 String") as string[]).some((s) => s.includes('"')),
    "a sentence with a quote stays whole",
  );
  const sst2 = await loadDataset("parquet", { dataFiles: MIRROR.sst2Validation });
  assert.equal(sst2.train.length, Number(SOURCES.match(/train 67349, dev (\d+)/)![1]));
  const [neg, pos] = SOURCES.match(/dev: (\d+) \/ (\d+)\./)!
    .slice(1)
    .map(Number);
  assert.deepEqual(labelCounts(sst2.train), [neg, pos]);
  const squadFile = DATASETS.squadDevHead;
  const squad = await loadDataset("json", { dataFiles: squadFile });
  assert.equal(squad.train.length, JSON.parse(fs.readFileSync(squadFile, "utf8")).data.length);
  const jsonl = path.join(work, "reviews.jsonl");
  fs.writeFileSync(jsonl, '{"text": "great", "label": 1}\n{"text": "dull", "label": 0}\n');
  const reviews = await loadDataset("json", { dataFiles: jsonl });
  assert.deepEqual(reviews.train.toColumns(), { text: ["great", "dull"], label: [1, 0] });
  await assert.rejects(loadDataset("csv", { dataFiles: path.join(work, "nope.csv") }), /nope\.csv: no such file/);
});

test("the shipped mirror data/datasets: offline with an empty cache, the course's datasets load with their features, counts as in SOURCES.md", async () => {
  settings.offline = true;
  settings.cacheDir = path.join(work, "empty-cache-2");
  settings.datasetsMirror = path.join(PROJECT, "data", "datasets");
  try {
    const mrpc = await loadDataset("nyu-mll/glue", "mrpc");
    assert.deepEqual(mrpc.split("train").labelNames(), ["not_equivalent", "equivalent"]);
    for (const split of ["train", "validation"])
      assert.deepEqual(
        labelCounts(mrpc.split(split)),
        recordedMrpcLabels(split === "validation" ? "dev / validation" : split),
      );
    const sst2 = await loadDataset("nyu-mll/glue", "sst2", { split: "validation" });
    assert.equal(sst2.length, Number(SOURCES.match(/train 67349, dev (\d+)/)![1]));
    const conll = await loadDataset("eriktks/conll2003", { split: "validation" });
    assert.equal(conll.length, Number(SOURCES.match(/validation (\d+), test \d+ sentences/)![1]));
    assert.deepEqual((conll.features.ner_tags as { feature: { names: string[] } }).feature.names.slice(0, 3), [
      "O",
      "B-PER",
      "I-PER",
    ]);
    const squad = await loadDataset("rajpurkar/squad", { split: "validation" });
    assert.equal(squad.length, Number(SOURCES.match(/\| SQuAD v1\.1 dev, the official file \| (\d+) questions/)![1]));
    const first = squad.get(0) as { context: string; answers: { text: string[]; answer_start: number[] } };
    assert.equal(
      first.context.slice(first.answers.answer_start[0], first.answers.answer_start[0] + first.answers.text[0].length),
      first.answers.text[0],
    );
  } finally {
    settings.cacheDir = path.join(work, "cache");
    settings.datasetsMirror = path.join(work, "empty-mirror");
  }
});

test("IMDb: an aclImdb folder read as the Hub's stanfordnlp/imdb rows (text = the file, neg = 0, pos = 1, by review id)", () => {
  const acl = path.join(work, "aclImdb");
  const review = (split: string, label: string, name: string, text: string) => {
    fs.mkdirSync(path.join(acl, split, label), { recursive: true });
    fs.writeFileSync(path.join(acl, split, label, name), text);
  };
  review("train", "pos", "10_9.txt", "Loved it.<br /><br />Again!");
  review("train", "pos", "2_10.txt", "Café scene: superb.");
  review("train", "neg", "7_1.txt", "Dull.");
  review("train", "neg", "urls_neg.txt", "not a review");
  assert.deepEqual(readAclImdb(acl, "train"), [
    { text: "Dull.", label: 0 },
    { text: "Café scene: superb.", label: 1 },
    { text: "Loved it.<br /><br />Again!", label: 1 },
  ]);
  assert.throws(
    () => readAclImdb(acl, "test"),
    /test[/\\]neg does not exist: an aclImdb folder holds train\/neg, train\/pos, test\/neg and test\/pos/,
  );
});

test("the shipped mirror's IMDb sample: loadDataset(\"stanfordnlp/imdb\") offline gives train and test with the Hub's features, as data/datasets/README.md records", async () => {
  settings.offline = true;
  settings.cacheDir = path.join(work, "empty-cache-3");
  settings.datasetsMirror = path.join(PROJECT, "data", "datasets");
  try {
    const imdb = await loadDataset("stanfordnlp/imdb");
    assert.deepEqual(imdb.splitNames, ["train", "test"]);
    const readme = fs.readFileSync(path.join(PROJECT, "data", "datasets", "README.md"), "utf8");
    const texts: Set<string>[] = [];
    for (const split of ["train", "test"]) {
      const ds = imdb.split(split);
      assert.deepEqual(ds.columnNames, ["text", "label"]);
      assert.deepEqual(ds.features.text, { _type: "Value", dtype: "string" });
      assert.deepEqual(ds.labelNames(), ["neg", "pos"]);
      const recorded = new RegExp(
        `IMDb \\(plain_text\\) ${split}: (\\d+) of .*? reviews, seeded sample: (\\d+) neg, (\\d+) pos`,
      ).exec(readme);
      assert.ok(recorded, `data/datasets/README.md records the IMDb ${split} sample`);
      assert.equal(ds.length, Number(recorded[1]));
      assert.deepEqual(labelCounts(ds), [Number(recorded[2]), Number(recorded[3])]);
      assert.ok(ds.length <= 1000, "a small sample keeps data/ small");
      const column = ds.column("text") as string[];
      assert.ok(
        column.every((t) => t.length > 20),
        "every row is a review",
      );
      texts.push(new Set(column));
    }
    // aclImdb's README: the train and test sets hold reviews of disjoint sets of movies (a review may repeat within one).
    assert.ok(![...texts[1]].some((t) => texts[0].has(t)), "IMDb's train and test reviews are disjoint");
    assert.equal(
      (await loadDataset("stanfordnlp/imdb", "plain_text", { split: "test" })).length,
      imdb.split("test").length,
    );
  } finally {
    settings.cacheDir = path.join(work, "cache");
    settings.datasetsMirror = path.join(work, "empty-mirror");
  }
});

// The datasets the course ships in data/datasets/ (its offline mirror), in the Hub's own layout
// (<org>/<name>/<revision>/<file>) so that loadDataset finds them with no network. `npm run data`
// writes them from the source datasets as ./source-datasets.ts reads them (a source datasets folder with
// `--source DIR`, else the Hub). Large training splits are cut to a seeded sample (said in
// data/datasets/README.md); evaluation splits are whole.
import * as fs from "fs";
import * as path from "path";
import { CONLL_NER_TAGS } from "./conll";
import type { Features } from "../../lib/datasets/features";
import { IMDB_LABELS } from "./imdb";
import { conll2003Splits, glueSplits, imdbSplits, squadSplits, wikitextSplits } from "./source-datasets";
import { writeParquet } from "./write-parquet";
import { permutation } from "../../lib/random";

export interface MirrorFile {
  /** Path under data/datasets/. */
  file: string;
  rows: Record<string, unknown>[];
  features: Features;
  /** What was kept, for the README. */
  note: string;
}

const CONVERTED = ["refs", "convert", "parquet"];
const SEED = 42;
const sample = <R>(rows: R[], n: number): R[] =>
  rows.length <= n
    ? rows
    : permutation(rows.length, SEED)
        .slice(0, n)
        .sort((a, b) => a - b)
        .map((i) => rows[i]);

async function glue(
  source: string | undefined,
  config: "sst2" | "mrpc",
  splits: Record<string, number>,
): Promise<MirrorFile[]> {
  const features: Features =
    config === "sst2"
      ? {
          sentence: { _type: "Value", dtype: "string" },
          label: { _type: "ClassLabel", names: ["negative", "positive"] },
          idx: { _type: "Value", dtype: "int32" },
        }
      : {
          sentence1: { _type: "Value", dtype: "string" },
          sentence2: { _type: "Value", dtype: "string" },
          label: { _type: "ClassLabel", names: ["not_equivalent", "equivalent"] },
          idx: { _type: "Value", dtype: "int32" },
        };
  const read = await glueSplits(source, config, Object.keys(splits));
  const out: MirrorFile[] = [];
  for (const [split, keep] of Object.entries(splits)) {
    const rows = read.splits[split];
    const kept = sample(rows, keep);
    out.push({
      file: path.join("nyu-mll", "glue", ...CONVERTED, config, split, "0000.parquet"),
      rows: kept,
      features,
      note: `GLUE ${config} ${split}: ${kept.length === rows.length ? `all ${rows.length} rows` : `${kept.length} of ${rows.length} rows (seeded sample)`}`,
    });
  }
  return out;
}

async function wikitext(source: string | undefined): Promise<MirrorFile[]> {
  const features: Features = { text: { _type: "Value", dtype: "string" } };
  const splits = ["validation", "test"] as const;
  const read = await wikitextSplits(source, splits);
  const out: MirrorFile[] = [];
  for (const split of splits) {
    const rows = read.splits[split];
    out.push({
      file: path.join("Salesforce", "wikitext", "main", "wikitext-2-v1", `${split}-00000-of-00001.parquet`),
      rows,
      features,
      note: `WikiText-2 (v1) ${split}: all ${rows.length} lines`,
    });
  }
  return out;
}

async function conll(
  source: string | undefined,
  splits: Record<"train" | "validation" | "test", number>,
): Promise<MirrorFile[]> {
  const features: Features = {
    id: { _type: "Value", dtype: "string" },
    tokens: { _type: "Sequence", feature: { _type: "Value", dtype: "string" } },
    ner_tags: { _type: "Sequence", feature: { _type: "ClassLabel", names: [...CONLL_NER_TAGS] } },
  };
  const entries = Object.entries(splits) as ["train" | "validation" | "test", number][];
  const read = await conll2003Splits(
    source,
    entries.map(([split]) => split),
  );
  const out: MirrorFile[] = [];
  for (const [split, keep] of entries) {
    const rows = read.splits[split];
    const kept = sample(rows, keep);
    out.push({
      file: path.join("eriktks", "conll2003", ...CONVERTED, "conll2003", split, "0000.parquet"),
      rows: kept,
      features,
      note: `CoNLL-2003 ${split}: ${kept.length === rows.length ? `all ${rows.length}` : `${kept.length} of ${rows.length} (seeded sample)`} sentences; columns id, tokens, ner_tags (the POS and chunk tags are left out)`,
    });
  }
  return out;
}

async function squad(source: string | undefined): Promise<MirrorFile[]> {
  const features: Features = {
    id: { _type: "Value", dtype: "string" },
    title: { _type: "Value", dtype: "string" },
    context: { _type: "Value", dtype: "string" },
    question: { _type: "Value", dtype: "string" },
    answers: { _type: "Sequence", feature: { _type: "Value", dtype: "object" } },
  };
  const rows = (await squadSplits(source, ["validation"])).splits.validation;
  return [
    {
      file: path.join("rajpurkar", "squad", ...CONVERTED, "plain_text", "validation", "0000.parquet"),
      rows: rows as unknown as Record<string, unknown>[],
      features,
      note: `SQuAD v1.1 validation: all ${rows.length} questions (the train split is not shipped)`,
    },
  ];
}

async function imdb(source: string | undefined, splits: Record<"train" | "test", number>): Promise<MirrorFile[]> {
  const features: Features = {
    text: { _type: "Value", dtype: "string" },
    label: { _type: "ClassLabel", names: [...IMDB_LABELS] },
  };
  const entries = Object.entries(splits) as ["train" | "test", number][];
  const read = await imdbSplits(
    source,
    entries.map(([split]) => split),
  );
  const out: MirrorFile[] = [];
  for (const [split, keep] of entries) {
    const rows = read.splits[split];
    const kept = sample(rows, keep);
    const counts = IMDB_LABELS.map((name, l) => `${kept.filter((r) => r.label === l).length} ${name}`).join(", ");
    // The source folder holds part of each split's files; the Hub, all 25,000 reviews.
    const of = `${rows.length}${read.fromSourceFolder ? " (the source folder's part of aclImdb)" : ""}`;
    out.push({
      file: path.join("stanfordnlp", "imdb", "main", "plain_text", `${split}-00000-of-00001.parquet`),
      rows: kept,
      features,
      note: `IMDb (plain_text) ${split}: ${kept.length} of ${of} reviews, seeded sample: ${counts}; columns text, label (the unsupervised split is not shipped)`,
    });
  }
  return out;
}

/** The mirror's files, read from `source` (the course's source datasets folder) or, without one, the Hub. */
export async function mirrorFiles(source?: string): Promise<MirrorFile[]> {
  return [
    ...(await glue(source, "mrpc", { train: Infinity, validation: Infinity, test: Infinity })),
    ...(await glue(source, "sst2", { train: 16000, validation: Infinity })),
    ...(await wikitext(source)),
    ...(await conll(source, { train: 3000, validation: Infinity, test: Infinity })),
    ...(await squad(source)),
    ...(await imdb(source, { train: 1000, test: 500 })),
  ];
}

export function writeMirror(dir: string, files: MirrorFile[]): void {
  for (const f of files) writeParquet(path.join(dir, f.file), f.rows, f.features);
  const lines = files.map((f) => `| \`${f.file}\` | ${f.note} |`).join("\n");
  fs.writeFileSync(
    path.join(dir, "README.md"),
    `# The course's dataset mirror

\`loadDataset\` reads these when the Hugging Face Hub cannot be reached (or with \`HF_HUB_OFFLINE=1\`),
in the Hub's own layout: \`<org>/<name>/<revision>/<file>\`. \`npm run data\` writes them from the public
datasets (seeded samples of the large training splits, whole evaluation splits but IMDb's test split, a
sample too). Online, the course reads the full datasets from the Hub instead.

| file | what it holds |
|---|---|
${lines}

Licences: GLUE MRPC and SST-2 (see gluebenchmark.com), WikiText (CC BY-SA), CoNLL-2003 (Reuters
corpus, research use), SQuAD (CC BY-SA 4.0), IMDb (Large Movie Review Dataset, Maas et al. 2011: no licence
stated; its README asks users to cite the ACL 2011 paper).

Not written by \`npm run data\` (it is not a Hub dataset; it ships as it is):
\`scikit-learn/digits/digits.csv.gz\` holds the 1797 8×8 handwritten digits of scikit-learn's \`load_digits\`
(64 pixels from 0 to 16, then the label, per line), copied byte for byte from the scikit-learn 1.9.1 wheel on
PyPI (\`sklearn/datasets/data/digits.csv.gz\`, sha256 \`09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22\`;
the wheel \`scikit_learn-1.9.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl\`, sha256
\`52a0703bbc07ad27f560fa63fa68e4c54dd735bfbbf65b4dd3c225dc7547b6df\`), with its description \`digits.rst\` (same
wheel, \`sklearn/datasets/descr/digits.rst\`). Licence: BSD-3-Clause, scikit-learn's (\`scikit-learn/digits/COPYING\`,
the BSD part of the wheel's \`COPYING\`). The images are the test set of the UCI "Optical Recognition of
Handwritten Digits" (E. Alpaydin, C. Kaynak, 1998), written by 13 people. The course's ViT stand-in
(\`data/models/vit-digits\`) learns from them (\`lib/datasets/digits.ts\` reads them).
`,
  );
}

// The course's source datasets, read for both the mirror (`npm run data`, ./mirror.ts) and the zoo
// (`npm run zoo`, tools/zoo/data.ts): from the source datasets folder with `--source DIR` (layout in
// ./source.ts), else from the Hub through loadDataset. Each reader gives the rows of the splits asked
// for, as the Hub's dataset has them; what to keep of them (samples, held-out splits) is the caller's.
import * as fs from "fs";
import { loadDataset } from "../../lib/datasets/load";
import { readParquet } from "../../lib/datasets/parquet";
import { readConll } from "./conll";
import { readAclImdb, type ImdbRow } from "./imdb";
import { sourcePath } from "./source";
import { readSquad, type SquadRow } from "./squad";

/** The rows of each split asked for, and where they came from. */
export interface SourceDataset<S extends string, R> {
  splits: Record<S, R[]>;
  /** Read from the source datasets folder (else from the Hub). */
  fromSourceFolder: boolean;
}

/** Each split from the source folder when there is one (`local`), else from the Hub (`hub`). */
async function readSplits<S extends string, R>(
  source: string | undefined,
  splits: readonly S[],
  local: (folder: string, split: S) => R[] | Promise<R[]>,
  hub: (split: S) => Promise<R[]>,
): Promise<SourceDataset<S, R>> {
  const rows = {} as Record<S, R[]>;
  for (const split of splits) rows[split] = source === undefined ? await hub(split) : await local(source, split);
  return { splits: rows, fromSourceFolder: source !== undefined };
}

/** The file of a split in a source dataset that has only some of the Hub's splits. */
function splitFile(files: Record<string, string>, split: string, dataset: string): string {
  const file = files[split];
  if (!file)
    throw new Error(
      `the source folder's ${dataset} has no ${split} split (it has ${Object.keys(files).join(", ")}); leave --source out to read it from the Hub`,
    );
  return file;
}

/** GLUE (nyu-mll/glue) SST-2 or MRPC: the Parquet rows (sentence(s), label, idx). */
export function glueSplits<S extends string>(
  source: string | undefined,
  config: "sst2" | "mrpc",
  splits: readonly S[],
): Promise<SourceDataset<S, Record<string, unknown>>> {
  return readSplits(
    source,
    splits,
    async (folder, split) =>
      (await readParquet(sourcePath(folder, "nyu-mll", "glue", "parquet", config, split, "0000.parquet"))).rows,
    async (split) => (await loadDataset("nyu-mll/glue", config, { split })).toRows(),
  );
}

const WIKITEXT_FILES: Record<string, string> = { validation: "valid.txt", test: "test.txt" };

/** WikiText-2 v1 (Salesforce/wikitext): one row per line with its line break, as the Hub's dataset has it (empty lines and " = Heading = " lines included). */
export function wikitextSplits<S extends "train" | "validation" | "test">(
  source: string | undefined,
  splits: readonly S[],
): Promise<SourceDataset<S, { text: string }>> {
  return readSplits(
    source,
    splits,
    (folder, split) =>
      fs
        .readFileSync(
          sourcePath(folder, "Salesforce", "wikitext", "wikitext-2-v1", splitFile(WIKITEXT_FILES, split, "WikiText-2")),
          "utf8",
        )
        .split(/(?<=\n)/)
        .map((text) => ({ text })),
    async (split) =>
      (await loadDataset("Salesforce/wikitext", "wikitext-2-v1", { split })).toRows() as { text: string }[],
  );
}

/** A CoNLL-2003 sentence as the Hub's rows have it, without the POS and chunk tags. */
export type ConllRow = { id: string; tokens: string[]; ner_tags: number[] };

const CONLL_FILES: Record<string, string> = { train: "train.txt", validation: "valid.txt", test: "test.txt" };

/** CoNLL-2003 English (eriktks/conll2003); from the source folder a sentence's id is its number in the file. */
export function conll2003Splits<S extends "train" | "validation" | "test">(
  source: string | undefined,
  splits: readonly S[],
): Promise<SourceDataset<S, ConllRow>> {
  return readSplits(
    source,
    splits,
    (folder, split) =>
      readConll(sourcePath(folder, "eriktks", "conll2003", CONLL_FILES[split])).map((s, i) => ({
        id: String(i),
        tokens: s.tokens,
        ner_tags: s.ner_tags,
      })),
    async (split) =>
      (await loadDataset("eriktks/conll2003", { split }))
        .toRows()
        .map((r) => ({ id: r.id as string, tokens: r.tokens as string[], ner_tags: r.ner_tags as number[] })),
  );
}

/** SQuAD v1.1 (rajpurkar/squad); the source folder holds only the validation file. */
export function squadSplits<S extends "train" | "validation">(
  source: string | undefined,
  splits: readonly S[],
): Promise<SourceDataset<S, SquadRow>> {
  return readSplits(
    source,
    splits,
    (folder, split) =>
      readSquad(sourcePath(folder, "rajpurkar", "squad", splitFile({ validation: "dev-v1.1.json" }, split, "SQuAD"))),
    async (split) => (await loadDataset("rajpurkar/squad", { split })).toRows() as unknown as SquadRow[],
  );
}

/** IMDb (stanfordnlp/imdb, plain_text): from the source folder, the aclImdb files it holds (part of each split). */
export function imdbSplits<S extends "train" | "test">(
  source: string | undefined,
  splits: readonly S[],
): Promise<SourceDataset<S, ImdbRow>> {
  return readSplits(
    source,
    splits,
    (folder, split) => readAclImdb(sourcePath(folder, "stanfordnlp", "imdb", "aclImdb"), split),
    async (split) => (await loadDataset("stanfordnlp/imdb", "plain_text", { split })).toRows() as ImdbRow[],
  );
}

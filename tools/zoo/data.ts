// The real data each stand-in learns from: a source datasets folder when one is given
// (`npm run zoo -- --source DIR`, layout in tools/datasets/source.ts), else the same datasets from the Hub
// through loadDataset.
import * as fs from "fs";
import * as path from "path";
import { readConll, type ConllSentence } from "../datasets/conll";
import { Dataset } from "../../lib/datasets/dataset";
import { loadDataset } from "../../lib/datasets/load";
import { sourcePath } from "../datasets/source";
import { readSquad, type SquadRow } from "../datasets/squad";
import { permutation } from "../../lib/random";
import { plainWikitext } from "./wikitext-text";

export interface Splits<R> {
  train: R[];
  heldOut: R[];
  /** For the model card: which dataset, which split trains, which is held out. */
  source: string;
}

export async function sst2(source?: string): Promise<Splits<{ text: string; label: number }>> {
  const local = sourcePath(source, "nyu-mll", "glue", "parquet", "sst2");
  const raw = local
    ? await loadDataset("parquet", { dataFiles: { train: path.join(local, "train", "0000.parquet"), validation: path.join(local, "validation", "0000.parquet") } })
    : await loadDataset("nyu-mll/glue", "sst2");
  const rows = (ds: Dataset) => ds.toRows().map((r) => ({ text: String(r.sentence), label: Number(r.label) }));
  return { train: rows(raw.split("train")), heldOut: rows(raw.split("validation")), source: "GLUE SST-2 (nyu-mll/glue, sst2): train split for training, validation split held out" };
}

/** The paragraphs of a WikiText file (one per line), without its "= Heading =" lines. */
export function wikitextLines(text: string): { text: string }[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith("=")).map((line) => ({ text: line }));
}

/** WikiText-2 lines without headings: the validation text trains and the test text is held out (the source folder has no train split). */
export async function wikitext(source?: string): Promise<Splits<{ text: string }>> {
  const local = sourcePath(source, "Salesforce", "wikitext", "wikitext-2-v1");
  if (local) {
    return {
      train: wikitextLines(fs.readFileSync(path.join(local, "valid.txt"), "utf8")),
      heldOut: wikitextLines(fs.readFileSync(path.join(local, "test.txt"), "utf8")),
      source: "WikiText-2 v1 (Salesforce/wikitext, wikitext-2-v1): validation text for training, test text held out",
    };
  }
  const raw = await loadDataset("Salesforce/wikitext", "wikitext-2-v1");
  const col = (split: string) => wikitextLines((raw.split(split).column("text") as string[]).join("\n"));
  return { train: col("train"), heldOut: col("test"), source: "WikiText-2 v1 (Salesforce/wikitext, wikitext-2-v1): train split for training, test split held out" };
}

/** The same WikiText-2 splits as plain text without <unk> (./wikitext-text.ts), for the stand-ins that write text. */
export async function plainWikitextSplits(source?: string): Promise<Splits<{ text: string }>> {
  const data = await wikitext(source);
  return { train: plainRows(data.train), heldOut: plainRows(data.heldOut), source: `${data.source}; ${PLAIN_TEXT_NOTE}` };
}

/** What plainRows() did to the text, for the card. */
export const PLAIN_TEXT_NOTE = "every <unk> (WikiText's mark for a rare word) dropped and WikiText's spaces around punctuation undone, so the text reads as typed";

export function plainRows(rows: { text: string }[]): { text: string }[] {
  return rows.map((r) => ({ text: plainWikitext(r.text) })).filter((r) => r.text.length > 0);
}

export async function conll2003(source?: string): Promise<Splits<ConllSentence>> {
  const local = sourcePath(source, "eriktks", "conll2003");
  const card = "CoNLL-2003 English (eriktks/conll2003): train split for training, validation split held out";
  if (local) return { train: readConll(path.join(local, "train.txt")), heldOut: readConll(path.join(local, "valid.txt")), source: card };
  const raw = await loadDataset("eriktks/conll2003");
  const rows = (split: string) => raw.split(split).toRows().map((r) => ({ tokens: r.tokens as string[], ner_tags: (r.ner_tags as number[]).map(Number) }));
  return { train: rows("train"), heldOut: rows("validation"), source: card };
}

/**
 * SQuAD v1.1. The source folder holds only the validation file, so there its articles are split: a seeded
 * fifth of the articles is held out, the rest trains (no article is in both).
 */
export async function squad(source: string | undefined, seed: number): Promise<Splits<SquadRow>> {
  const local = sourcePath(source, "rajpurkar", "squad", "dev-v1.1.json");
  if (!local) {
    const raw = await loadDataset("rajpurkar/squad");
    const rows = (split: string) => raw.split(split).toRows() as unknown as SquadRow[];
    return { train: rows("train"), heldOut: rows("validation"), source: "SQuAD v1.1 (rajpurkar/squad): train split for training, validation split held out" };
  }
  return splitSquadArticles(readSquad(local), seed);
}

/** SQuAD v1.1's validation questions split by article: a seeded fifth of the articles held out, the rest for training. */
export function splitSquadArticles(rows: SquadRow[], seed: number): Splits<SquadRow> {
  const titles = [...new Set(rows.map((r) => r.title))];
  const held = new Set(permutation(titles.length, seed).slice(0, Math.round(titles.length / 5)).map((i) => titles[i]));
  return {
    train: rows.filter((r) => !held.has(r.title)),
    heldOut: rows.filter((r) => held.has(r.title)),
    source: `SQuAD v1.1 validation (rajpurkar/squad; the only split the course's build has): ${titles.length - held.size} articles for training, ${held.size} other articles held out (seed ${seed})`,
  };
}

/** GLUE MRPC sentence pairs (label 1 = paraphrase): validation split, to measure sentence features. */
export async function mrpcValidation(source?: string): Promise<{ rows: { sentence1: string; sentence2: string; label: number }[]; source: string }> {
  const local = sourcePath(source, "nyu-mll", "glue", "parquet", "mrpc", "validation", "0000.parquet");
  const ds = local ? (await loadDataset("parquet", { dataFiles: { validation: local } })).split("validation") : await loadDataset("nyu-mll/glue", "mrpc", { split: "validation" });
  return {
    rows: ds.toRows().map((r) => ({ sentence1: String(r.sentence1), sentence2: String(r.sentence2), label: Number(r.label) })),
    source: "GLUE MRPC validation (nyu-mll/glue, mrpc)",
  };
}

// The real data each stand-in learns from, read by tools/datasets/source-datasets.ts: a source
// datasets folder when one is given (`npm run zoo -- --source DIR`, layout in tools/datasets/source.ts),
// else the same datasets from the Hub. This file chooses the splits that train and those held out.
import type { ConllSentence } from "../datasets/conll";
import { conll2003Splits, glueSplits, squadSplits, wikitextSplits } from "../datasets/source-datasets";
import type { SquadRow } from "../datasets/squad";
import { permutation } from "../../lib/random";
import { plainWikitext } from "./wikitext-text";

export interface Splits<R> {
  train: R[];
  heldOut: R[];
  /** For the model card: which dataset, which split trains, which is held out. */
  source: string;
}

export async function sst2(source?: string): Promise<Splits<{ text: string; label: number }>> {
  const read = await glueSplits(source, "sst2", ["train", "validation"]);
  const rows = (split: "train" | "validation") =>
    read.splits[split].map((r) => ({ text: String(r.sentence), label: Number(r.label) }));
  return {
    train: rows("train"),
    heldOut: rows("validation"),
    source: "GLUE SST-2 (nyu-mll/glue, sst2): train split for training, validation split held out",
  };
}

/** The paragraphs of a WikiText file (one per line), without its "= Heading =" lines. */
export function wikitextLines(text: string): { text: string }[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("="))
    .map((line) => ({ text: line }));
}

/** WikiText-2 lines without headings: the train split trains and the test split is held out; the source folder has no train split, so there its validation text trains. */
export async function wikitext(source?: string): Promise<Splits<{ text: string }>> {
  const train = source === undefined ? "train" : "validation";
  const read = await wikitextSplits(source, [train, "test"]);
  const lines = (split: "train" | "validation" | "test") =>
    wikitextLines(read.splits[split].map((r) => r.text).join("\n"));
  const which = read.fromSourceFolder
    ? "validation text for training, test text held out"
    : "train split for training, test split held out";
  return {
    train: lines(train),
    heldOut: lines("test"),
    source: `WikiText-2 v1 (Salesforce/wikitext, wikitext-2-v1): ${which}`,
  };
}

/** The same WikiText-2 splits as plain text without <unk> (./wikitext-text.ts), for the stand-ins that write text. */
export async function plainWikitextSplits(source?: string): Promise<Splits<{ text: string }>> {
  const data = await wikitext(source);
  return {
    train: plainRows(data.train),
    heldOut: plainRows(data.heldOut),
    source: `${data.source}; ${PLAIN_TEXT_NOTE}`,
  };
}

/** What plainRows() did to the text, for the card. */
export const PLAIN_TEXT_NOTE =
  "every <unk> (WikiText's mark for a rare word) dropped and WikiText's spaces around punctuation undone, so the text reads as typed";

export function plainRows(rows: { text: string }[]): { text: string }[] {
  return rows.map((r) => ({ text: plainWikitext(r.text) })).filter((r) => r.text.length > 0);
}

export async function conll2003(source?: string): Promise<Splits<ConllSentence>> {
  const read = await conll2003Splits(source, ["train", "validation"]);
  const rows = (split: "train" | "validation") =>
    read.splits[split].map((r) => ({ tokens: r.tokens, ner_tags: r.ner_tags.map(Number) }));
  return {
    train: rows("train"),
    heldOut: rows("validation"),
    source: "CoNLL-2003 English (eriktks/conll2003): train split for training, validation split held out",
  };
}

/**
 * SQuAD v1.1. The source folder holds only the validation file, so there its articles are split: a seeded
 * fifth of the articles is held out, the rest trains (no article is in both).
 */
export async function squad(source: string | undefined, seed: number): Promise<Splits<SquadRow>> {
  if (source !== undefined)
    return splitSquadArticles((await squadSplits(source, ["validation"])).splits.validation, seed);
  const read = await squadSplits(source, ["train", "validation"]);
  return {
    train: read.splits.train,
    heldOut: read.splits.validation,
    source: "SQuAD v1.1 (rajpurkar/squad): train split for training, validation split held out",
  };
}

/** SQuAD v1.1's validation questions split by article: a seeded fifth of the articles held out, the rest for training. */
export function splitSquadArticles(rows: SquadRow[], seed: number): Splits<SquadRow> {
  const titles = [...new Set(rows.map((r) => r.title))];
  const held = new Set(
    permutation(titles.length, seed)
      .slice(0, Math.round(titles.length / 5))
      .map((i) => titles[i]),
  );
  return {
    train: rows.filter((r) => !held.has(r.title)),
    heldOut: rows.filter((r) => held.has(r.title)),
    source: `SQuAD v1.1 validation (rajpurkar/squad; the only split the course's build has): ${titles.length - held.size} articles for training, ${held.size} other articles held out (seed ${seed})`,
  };
}

/** GLUE MRPC sentence pairs (label 1 = paraphrase): validation split, to measure sentence features. */
export async function mrpcValidation(
  source?: string,
): Promise<{ rows: { sentence1: string; sentence2: string; label: number }[]; source: string }> {
  const read = await glueSplits(source, "mrpc", ["validation"]);
  return {
    rows: read.splits.validation.map((r) => ({
      sentence1: String(r.sentence1),
      sentence2: String(r.sentence2),
      label: Number(r.label),
    })),
    source: "GLUE MRPC validation (nyu-mll/glue, mrpc)",
  };
}

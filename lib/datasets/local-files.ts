// loadDataset("csv" | "json" | "parquet", { dataFiles }): the course's own or a learner's files,
// like Python's `load_dataset("csv", data_files=...)`. TSV is CSV with a tab delimiter.
import * as fs from "fs";
import * as path from "path";
import { parse } from "csv-parse/sync";
import { Dataset, type Row } from "./dataset";
import { datasetDict, type DatasetDictWithSplits } from "./dataset-dict";
import { readParquet } from "./parquet";

export type LocalFormat = "csv" | "json" | "parquet";
export const LOCAL_FORMATS: readonly string[] = ["csv", "json", "parquet"];

export interface LocalOptions {
  /** A file, a list of files (one "train" split), or split name -> file(s). */
  dataFiles: string | string[] | Record<string, string | string[]>;
  /** CSV: the field separator; "\t" for TSV (the default for .tsv files). */
  delimiter?: string;
  /** CSV: the quote character, or false for none (the default for TSV, whose texts contain quotes). */
  quote?: string | false;
  split?: string;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Columns whose every non-empty value is a number become numbers (as pandas does). */
function castNumbers(rows: Row[]): Row[] {
  if (rows.length === 0) return rows;
  const numeric = Object.keys(rows[0]).filter(
    (c) => rows.every((r) => r[c] === "" || NUMBER.test(String(r[c]))) && rows.some((r) => r[c] !== ""),
  );
  return rows.map((r) => {
    const out: Row = { ...r };
    for (const c of numeric) out[c] = r[c] === "" ? null : Number(r[c]);
    return out;
  });
}

function readCsv(file: string, options: LocalOptions): Row[] {
  const tsv = file.endsWith(".tsv") || options.delimiter === "\t";
  const delimiter = options.delimiter ?? (tsv ? "\t" : ",");
  const quote = options.quote ?? (tsv ? false : '"');
  try {
    return castNumbers(
      parse(fs.readFileSync(file, "utf8"), {
        columns: true,
        delimiter,
        quote: quote === false ? null : quote,
        bom: true,
        skip_empty_lines: true,
      }) as Row[],
    );
  } catch (err) {
    throw new Error(
      `${file}: cannot read it as ${tsv ? "TSV" : "CSV"} (${(err as Error).message})${tsv ? "" : '; for tab-separated files pass delimiter: "\\t"'}`,
    );
  }
}

function readJson(file: string): Row[] {
  const text = fs.readFileSync(file, "utf8");
  if (file.endsWith(".jsonl") || (!text.trimStart().startsWith("[") && !text.trimStart().startsWith('{"'))) {
    return text
      .split("\n")
      .filter((l) => l.trim())
      .map((l, i) => {
        try {
          return JSON.parse(l) as Row;
        } catch {
          throw new Error(`${file}, line ${i + 1}: not valid JSON`);
        }
      });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (Array.isArray(data)) return data as Row[];
  const lists = Object.entries(data as Record<string, unknown>).filter(([, v]) => Array.isArray(v));
  if (lists.length === 1) return lists[0][1] as Row[];
  throw new Error(`${file}: expected a list of objects, JSON lines, or an object with one list of rows`);
}

async function readFile(format: LocalFormat, file: string, options: LocalOptions): Promise<Dataset> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  if (format === "parquet") {
    const t = await readParquet(file);
    return new Dataset(t.rows, t.features);
  }
  return new Dataset(format === "csv" ? readCsv(file, options) : readJson(file));
}

export async function loadLocalFiles(format: LocalFormat, options: LocalOptions): Promise<DatasetDictWithSplits> {
  if (!options?.dataFiles)
    throw new Error(`loadDataset("${format}") needs dataFiles: a file, a list of files, or { train: ..., test: ... }`);
  const bySplit: Record<string, string[]> =
    typeof options.dataFiles === "string" || Array.isArray(options.dataFiles)
      ? { train: ([] as string[]).concat(options.dataFiles) }
      : Object.fromEntries(Object.entries(options.dataFiles).map(([k, v]) => [k, ([] as string[]).concat(v)]));
  const splits: Record<string, Dataset> = {};
  for (const [split, files] of Object.entries(bySplit)) {
    const parts = await Promise.all(files.map((f) => readFile(format, path.resolve(f), options)));
    splits[split] = new Dataset(
      parts.flatMap((p) => p.toRows()),
      parts[0]?.features,
      split,
    );
  }
  return datasetDict(splits);
}

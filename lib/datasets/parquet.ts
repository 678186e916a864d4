// Reads a Parquet file into rows with hyparquet (ESM-only; Node >= 20.19 loads it with require).
import * as fs from "fs";
import { featuresFromHubMetadata, inferFeature, type Features } from "./features";

export interface ParquetTable {
  rows: Record<string, unknown>[];
  features: Features;
}

/** 64-bit integers arrive as BigInt; the course's labels and ids fit in a number, so make them numbers. */
function toNumber(v: unknown): unknown {
  if (typeof v === "bigint")
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(toNumber);
  return v;
}

/** The columns of a Parquet schema (the root's children; a list or struct column is one column, not its leaves). */
function topLevelColumns(schema: { name: string; num_children?: number }[]): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const children = schema[i++].num_children ?? 0;
    for (let c = 0; c < children; c++) skip();
  };
  for (let c = 0; c < (schema[0].num_children ?? 0); c++) {
    names.push(schema[i].name);
    skip();
  }
  return names;
}

export async function readParquet(file: string, options: { columns?: string[] } = {}): Promise<ParquetTable> {
  const hyparquet = require("hyparquet") as typeof import("hyparquet");
  const buf = fs.readFileSync(file);
  const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  let meta;
  try {
    meta = hyparquet.parquetMetadata(data);
  } catch (err) {
    throw new Error(
      `${file} is not a readable Parquet file (${(err as Error).message}): it may be truncated or not Parquet at all; delete it and load again.`,
    );
  }
  const names = topLevelColumns(meta.schema);
  if (options.columns) {
    const unknown = options.columns.filter((c) => !names.includes(c));
    if (unknown.length > 0)
      throw new Error(
        `no column ${unknown.map((c) => `"${c}"`).join(", ")} in ${file}; its columns are: ${names.join(", ")}`,
      );
  }
  const raw = (await hyparquet.parquetReadObjects({ file: data, metadata: meta, columns: options.columns })) as Record<
    string,
    unknown
  >[];
  const rows = raw.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toNumber(v)])));
  const hub = featuresFromHubMetadata(
    meta.key_value_metadata?.find((kv) => kv.key === "huggingface")?.value ?? undefined,
  );
  const columns = options.columns ?? names;
  const features: Features = {};
  for (const c of columns) features[c] = hub?.[c] ?? inferFeature(rows.slice(0, 1000).map((r) => r[c]));
  return { rows, features };
}

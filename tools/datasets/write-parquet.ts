// Writes rows as a Parquet file the way the Hub does, with the dataset's features in the file's
// "huggingface" metadata (so ClassLabel names survive), using hyparquet-writer.
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../../lib/atomic-write";
import type { Feature, Features } from "../../lib/datasets/features";

function hubFeature(f: Feature): unknown {
  if (f._type === "ClassLabel") return { names: f.names, _type: "ClassLabel" };
  if (f._type === "Sequence") return { feature: hubFeature(f.feature), _type: "Sequence" };
  return { dtype: f.dtype, _type: "Value" };
}

const TYPES: Record<string, string> = {
  string: "STRING",
  int32: "INT32",
  int64: "INT64",
  float32: "FLOAT",
  float64: "DOUBLE",
  bool: "BOOLEAN",
};

export function writeParquet(file: string, rows: Record<string, unknown>[], features: Features): void {
  const writer = require("hyparquet-writer") as typeof import("hyparquet-writer");
  const columnData = Object.entries(features).map(([name, f]) => {
    const type = f._type === "Value" ? TYPES[f.dtype] : f._type === "ClassLabel" ? "INT64" : undefined;
    const data = rows.map((r) =>
      type === "INT64" && typeof r[name] === "number" ? BigInt(r[name] as number) : r[name],
    );
    return type ? { name, data, type: type as never } : { name, data };
  });
  const buffer = writer.parquetWriteBuffer({
    columnData: columnData as never,
    kvMetadata: [
      {
        key: "huggingface",
        value: JSON.stringify({
          info: { features: Object.fromEntries(Object.entries(features).map(([k, f]) => [k, hubFeature(f)])) },
        }),
      },
    ],
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, Buffer.from(buffer));
}

// Column types, in the Python `datasets` vocabulary: Value(dtype), ClassLabel(names), Sequence.
export type Feature =
  | { _type: "Value"; dtype: string }
  | { _type: "ClassLabel"; names: string[] }
  | { _type: "Sequence"; feature: Feature };

export type Features = Record<string, Feature>;

/** A type for a column from its values (used for columns that map() adds and for CSV/JSON files). */
export function inferFeature(values: unknown[]): Feature {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return { _type: "Value", dtype: "null" };
  if (present.every((v) => typeof v === "string")) return { _type: "Value", dtype: "string" };
  if (present.every((v) => typeof v === "boolean")) return { _type: "Value", dtype: "bool" };
  if (present.every((v) => typeof v === "bigint")) return { _type: "Value", dtype: "int64" };
  if (present.every((v) => typeof v === "number"))
    return { _type: "Value", dtype: present.every((v) => Number.isInteger(v)) ? "int64" : "float64" };
  if (present.every((v) => Array.isArray(v) || ArrayBuffer.isView(v))) {
    return {
      _type: "Sequence",
      feature: inferFeature(present.flatMap((v) => Array.from(v as ArrayLike<unknown>)).slice(0, 1000)),
    };
  }
  return { _type: "Value", dtype: "object" };
}

export function describeFeature(f: Feature): string {
  if (f._type === "ClassLabel") return `ClassLabel(names=[${f.names.map((n) => `'${n}'`).join(", ")}])`;
  if (f._type === "Sequence") return `Sequence(${describeFeature(f.feature)})`;
  return `Value('${f.dtype}')`;
}

/** The features the Hub wrote into a Parquet file's "huggingface" metadata, if any. */
export function featuresFromHubMetadata(json: string | undefined): Features | undefined {
  if (!json) return undefined;
  try {
    const features = JSON.parse(json)?.info?.features as Record<string, any> | undefined;
    if (!features) return undefined;
    const convert = (f: any): Feature =>
      f?._type === "ClassLabel"
        ? { _type: "ClassLabel", names: f.names }
        : f?._type === "Sequence"
          ? { _type: "Sequence", feature: convert(f.feature) }
          : Array.isArray(f)
            ? { _type: "Sequence", feature: convert(f[0]) }
            : { _type: "Value", dtype: String(f?.dtype ?? "object") };
    return Object.fromEntries(Object.entries(features).map(([k, v]) => [k, convert(v)]));
  } catch {
    return undefined;
  }
}

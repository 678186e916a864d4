// Named splits (train / validation / test) of one dataset, like Python's DatasetDict. Each split
// is also a property: `raw.train`, `raw.validation`.
import { inspect } from "util";
import { Dataset, type Batch, type MapOptions, type Row } from "./dataset";

export class DatasetDict {
  constructor(readonly splits: Record<string, Dataset>) {
    for (const [name, ds] of Object.entries(splits)) {
      if (name in this) throw new Error(`a split cannot be called "${name}"`);
      Object.defineProperty(this, name, { value: ds, enumerable: true });
    }
  }

  get splitNames(): string[] {
    return Object.keys(this.splits);
  }

  /** One split; the error lists the splits there are. */
  split(name: string): Dataset {
    const ds = this.splits[name];
    if (!ds) throw new Error(`no split "${name}": this dataset has ${this.splitNames.map((s) => `"${s}"`).join(", ")}`);
    return ds;
  }

  private each(fn: (ds: Dataset) => Dataset): DatasetDictWithSplits {
    return datasetDict(Object.fromEntries(Object.entries(this.splits).map(([k, ds]) => [k, fn(ds)])));
  }

  map(
    fn: (row: Row, index: number) => Row,
    options?: Omit<MapOptions, "batched"> & { batched?: false },
  ): DatasetDictWithSplits;
  map(fn: (batch: Batch, indices: number[]) => Batch, options: MapOptions & { batched: true }): DatasetDictWithSplits;
  map(fn: (input: any, index: any) => any, options: MapOptions = {}): DatasetDictWithSplits {
    return this.each((ds) => ds.map(fn, options as never));
  }

  filter(fn: (row: Row, index: number) => boolean): DatasetDictWithSplits {
    return this.each((ds) => ds.filter(fn));
  }

  shuffle(seed = 42): DatasetDictWithSplits {
    return this.each((ds) => ds.shuffle(seed));
  }

  removeColumns(names: string | string[]): DatasetDictWithSplits {
    return this.each((ds) => ds.removeColumns(names));
  }

  renameColumn(from: string, to: string): DatasetDictWithSplits {
    return this.each((ds) => ds.renameColumn(from, to));
  }

  toString(): string {
    const inner = Object.entries(this.splits)
      .map(([k, ds]) => `    ${k}: ${ds.toString().replace(/\n/g, "\n    ")}`)
      .join("\n");
    return `DatasetDict({\n${inner}\n})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A DatasetDict whose splits are also typed as properties (`raw.train`). */
export type DatasetDictWithSplits = DatasetDict & { readonly [split: string]: Dataset };

export function datasetDict(splits: Record<string, Dataset>): DatasetDictWithSplits {
  return new DatasetDict(splits) as DatasetDictWithSplits;
}

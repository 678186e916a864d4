// A table of examples with the operations the course uses from Python's `datasets.Dataset`.
// Immutable: every operation returns a new Dataset (rows that did not change are shared).
import { inspect } from "util";
import { displayBundle } from "../display";
import { permutation } from "../random";
import { describeFeature, inferFeature, type Feature, type Features } from "./features";
import { tableHtml, tableText } from "./table";

export type Row = Record<string, unknown>;
/** A batch: one array per column, as `map({ batched: true })` passes and returns it. */
export type Batch = Record<string, unknown[]>;

export interface MapOptions {
  /** Call the function with batches of rows (column arrays) instead of one row at a time. */
  batched?: boolean;
  /** Rows per batch (default 1000, as in Python). */
  batchSize?: number;
  /** Columns to drop from the result. */
  removeColumns?: string[];
}

export class Dataset<R extends Row = Row> {
  readonly features: Features;

  constructor(
    private readonly rows: readonly R[],
    features?: Features,
    readonly split?: string,
  ) {
    this.features = features ?? Dataset.infer(rows);
  }

  private static infer(rows: readonly Row[]): Features {
    const names = new Set<string>();
    for (const r of rows.slice(0, 100)) for (const k of Object.keys(r)) names.add(k);
    return Object.fromEntries([...names].map((n) => [n, inferFeature(rows.slice(0, 1000).map((r) => r[n]))]));
  }

  /** A dataset from rows, e.g. `Dataset.fromRows([{ text: "hi", label: 1 }])`. */
  static fromRows<R extends Row>(rows: R[], features?: Features): Dataset<R> {
    return new Dataset(rows, features);
  }

  /** A dataset from columns, e.g. `Dataset.fromColumns({ text: ["a", "b"], label: [0, 1] })`. */
  static fromColumns(columns: Batch, features?: Features): Dataset {
    return new Dataset(columnsToRows(columns), features);
  }

  get length(): number {
    return this.rows.length;
  }

  get numRows(): number {
    return this.rows.length;
  }

  get columnNames(): string[] {
    return Object.keys(this.features);
  }

  private checkColumns(names: string[]): void {
    const unknown = names.filter((n) => !(n in this.features));
    if (unknown.length > 0)
      throw new Error(
        `no column ${unknown.map((n) => `"${n}"`).join(", ")}; the columns are: ${this.columnNames.join(", ")}`,
      );
  }

  /** Row i (0-based; negative counts from the end). */
  get(i: number): R {
    const at = i < 0 ? this.rows.length + i : i;
    if (!Number.isInteger(at) || at < 0 || at >= this.rows.length)
      throw new RangeError(
        `row ${i} is out of range: this dataset has ${this.rows.length} rows (0 to ${this.rows.length - 1})`,
      );
    return this.rows[at];
  }

  /** Every value of one column. */
  column<K extends keyof R & string>(name: K): R[K][] {
    this.checkColumns([name]);
    return this.rows.map((r) => r[name]);
  }

  /** The label names of a ClassLabel column, e.g. ["negative", "positive"]. */
  labelNames(column = "label"): string[] {
    this.checkColumns([column]);
    const f = this.features[column];
    if (f._type !== "ClassLabel")
      throw new Error(`column "${column}" is ${describeFeature(f)}, not a ClassLabel with names`);
    return f.names;
  }

  toRows(): R[] {
    return [...this.rows];
  }

  toColumns(): Batch {
    return Object.fromEntries(this.columnNames.map((c) => [c, this.rows.map((r) => r[c])]));
  }

  [Symbol.iterator](): Iterator<R> {
    return this.rows[Symbol.iterator]();
  }

  /** Consecutive batches (column arrays) of `size` rows; the last one may be smaller unless dropLast. */
  *batches(size: number, options: { dropLast?: boolean } = {}): Generator<Batch> {
    if (!(size >= 1)) throw new RangeError(`batch size must be at least 1, not ${size}`);
    for (let start = 0; start < this.rows.length; start += size) {
      const slice = this.rows.slice(start, start + size);
      if (options.dropLast && slice.length < size) return;
      yield Object.fromEntries(this.columnNames.map((c) => [c, slice.map((r) => r[c])]));
    }
  }

  private derive<T extends Row>(rows: T[], changed: string[], dropped: string[] = []): Dataset<T> {
    const features: Features = { ...this.features };
    for (const d of dropped) delete features[d];
    for (const c of changed) features[c] = inferFeature(rows.slice(0, 1000).map((r) => r[c]));
    return new Dataset(rows, features, this.split);
  }

  /**
   * Adds or replaces columns. Row by row: `fn(row, index)` returns the new columns of that row.
   * Batched: `fn(batch, indices)` returns column arrays; they may hold more or fewer rows than the batch
   * (then every column of the result must come from the function), as in Python.
   */
  map<T extends Row = Row>(
    fn: (row: R, index: number) => Partial<T> | T,
    options?: Omit<MapOptions, "batched"> & { batched?: false },
  ): Dataset<R & T>;
  map<T extends Row = Row>(
    fn: (batch: Batch, indices: number[]) => Batch,
    options: MapOptions & { batched: true },
  ): Dataset<R & T>;
  map(fn: (input: any, index: any) => any, options: MapOptions = {}): Dataset {
    const removed = options.removeColumns ?? [];
    this.checkColumns(removed);
    const out: Row[] = [];
    const changed = new Set<string>();
    if (!options.batched) {
      this.rows.forEach((row, i) => {
        const update = fn(row, i);
        if (update === null || typeof update !== "object" || Array.isArray(update))
          throw new TypeError(
            `map: the function must return an object of columns for each row (row ${i} gave ${inspect(update)})`,
          );
        for (const k of Object.keys(update)) changed.add(k);
        out.push(dropColumns({ ...row, ...update }, removed));
      });
    } else {
      const size = options.batchSize ?? 1000;
      let start = 0;
      for (const batch of this.batches(size)) {
        const indices = Array.from({ length: batch[this.columnNames[0]]?.length ?? 0 }, (_, k) => start + k);
        const result = fn(batch, indices) as Batch;
        if (result === null || typeof result !== "object")
          throw new TypeError(
            `map (batched): the function must return an object of column arrays, got ${inspect(result)}`,
          );
        const lengths = new Set(
          Object.values(result).map((v) =>
            Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<unknown>).length : -1,
          ),
        );
        if (lengths.has(-1) || lengths.size > 1)
          throw new TypeError(
            `map (batched): every returned column must be an array of the same length (got ${Object.entries(result)
              .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : typeof v}`)
              .join(", ")})`,
          );
        const n = lengths.size === 0 ? indices.length : [...lengths][0];
        for (const k of Object.keys(result)) changed.add(k);
        const rows = this.rows.slice(start, start + indices.length);
        if (n !== indices.length) {
          const kept = this.columnNames.filter((c) => !removed.includes(c) && !(c in result));
          if (kept.length > 0)
            throw new Error(
              `map (batched) returned ${n} rows for a batch of ${indices.length}: also remove the old columns with removeColumns: [${kept.map((c) => `"${c}"`).join(", ")}]`,
            );
          out.push(...columnsToRows(result));
        } else {
          for (let k = 0; k < n; k++) {
            const update: Row = {};
            for (const [col, values] of Object.entries(result))
              update[col] = Array.from(values as ArrayLike<unknown>)[k];
            out.push(dropColumns({ ...rows[k], ...update }, removed));
          }
        }
        start += indices.length;
      }
    }
    return this.derive(
      out,
      [...changed].filter((c) => !removed.includes(c)),
      removed,
    );
  }

  /** Keeps the rows for which `fn` returns true. */
  filter(fn: (row: R, index: number) => boolean): Dataset<R> {
    return new Dataset(
      this.rows.filter((r, i) => fn(r, i)),
      this.features,
      this.split,
    );
  }

  /** The rows at these indices, in this order. */
  select(indices: Iterable<number>): Dataset<R> {
    return new Dataset(
      [...indices].map((i) => this.get(i)),
      this.features,
      this.split,
    );
  }

  /** The same rows in a random order that depends only on `seed`. */
  shuffle(seed = 42): Dataset<R> {
    return this.select(permutation(this.rows.length, seed));
  }

  /** The first n rows. */
  take(n: number): Dataset<R> {
    return new Dataset(this.rows.slice(0, n), this.features, this.split);
  }

  /** Splits into train and test, shuffled by `seed` (testSize: a fraction below 1, or a number of rows). */
  trainTestSplit(options: { testSize?: number; trainSize?: number; seed?: number; shuffle?: boolean } = {}): {
    train: Dataset<R>;
    test: Dataset<R>;
  } {
    const n = this.rows.length;
    const size = (v: number | undefined) => (v === undefined ? undefined : v < 1 ? Math.ceil(v * n) : Math.floor(v));
    const test =
      size(options.testSize) ?? (options.trainSize !== undefined ? n - size(options.trainSize)! : Math.ceil(0.25 * n));
    const train = size(options.trainSize) ?? n - test;
    if (test < 1 || train < 1 || test + train > n)
      throw new RangeError(`cannot split ${n} rows into ${train} train and ${test} test rows`);
    const order =
      options.shuffle === false ? Array.from({ length: n }, (_, i) => i) : permutation(n, options.seed ?? 42);
    return {
      train: new Dataset(
        order.slice(0, train).map((i) => this.rows[i]),
        this.features,
        "train",
      ),
      test: new Dataset(
        order.slice(n - test).map((i) => this.rows[i]),
        this.features,
        "test",
      ),
    };
  }

  removeColumns(names: string | string[]): Dataset {
    const list = typeof names === "string" ? [names] : names;
    this.checkColumns(list);
    const features = { ...this.features };
    for (const n of list) delete features[n];
    return new Dataset(
      this.rows.map((r) => dropColumns(r, list)),
      features,
      this.split,
    );
  }

  renameColumn(from: string, to: string): Dataset {
    this.checkColumns([from]);
    if (to in this.features) throw new Error(`a column "${to}" exists already; remove it first or choose another name`);
    const features: Features = {};
    for (const [k, f] of Object.entries(this.features)) features[k === from ? to : k] = f;
    return new Dataset(
      this.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k === from ? to : k, v]))),
      features,
      this.split,
    );
  }

  /** Shows the first rows (from `start`) as a table in the notebook. */
  show(count = 5, start = 0): void {
    const rows = this.rows.slice(start, start + count);
    displayBundle({
      "text/html": tableHtml(rows as Row[], this.features, this.length, start),
      "text/plain": tableText(rows as Row[], this.features, this.length, start),
    });
  }

  /** Python's summary: Dataset({ features: [...], num_rows: N }). */
  toString(): string {
    return `Dataset({\n    features: [${this.columnNames.map((c) => `'${c}'`).join(", ")}],\n    num_rows: ${this.length}\n})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function dropColumns<T extends Row>(row: T, names: string[]): T {
  if (names.length === 0) return row;
  const copy: Row = { ...row };
  for (const n of names) delete copy[n];
  return copy as T;
}

function columnsToRows(columns: Batch): Row[] {
  const names = Object.keys(columns);
  const n = names.length ? (columns[names[0]] as unknown[]).length : 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((c) => [c, (columns[c] as unknown[])[i]])));
}

export type { Feature, Features };

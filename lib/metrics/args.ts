// Argument checks shared by the metrics: each error names the argument and what was expected,
// so a bad input is never scored as NaN, -Infinity or some other number.
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "number") return String(v);
  return typeof v;
}

export function expectArray(name: string, v: unknown, what: string): asserts v is unknown[] {
  if (!Array.isArray(v)) throw new TypeError(`${name} must be ${what}; got ${describe(v)}`);
}

export function expectNonEmpty(name: string, v: readonly unknown[], what: string): void {
  if (v.length === 0) throw new RangeError(`${name} is empty: ${what}`);
}

export function expectSameLength(a: string, av: readonly unknown[], b: string, bv: readonly unknown[]): void {
  if (av.length !== bv.length)
    throw new RangeError(`${av.length} ${a} but ${bv.length} ${b}: they must pair up one to one`);
}

/** Refuses options a metric does not implement, instead of ignoring them. */
export function expectOptions(metric: string, options: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (options[k] === undefined) continue;
    if (!known.includes(k))
      throw new TypeError(`${metric} has no option ${k}${known.length ? `; its options: ${known.join(", ")}` : ""}`);
  }
}

// Repeated timings and their summary (median and spread), as every benchmark reports them.
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: values.length };
}

/** Seconds of each of `runs` calls, after one warm-up call. */
export async function timed(fn: () => Promise<unknown> | unknown, runs: number): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push((performance.now() - t) / 1000);
  }
  return out;
}

/** A rate (things per second) from the seconds each run took. */
export function rates(amount: number, seconds: number[]): Summary {
  return summarise(seconds.map((s) => amount / s));
}

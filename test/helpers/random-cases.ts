// Seeded random cases for the comparisons against outside references: every run checks the same ones.
import { seededRandom } from "../../lib/random";

export function rng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}

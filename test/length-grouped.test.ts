// groupByLength's order (Hugging Face's LengthGroupedSampler): every row once per epoch, seeded,
// batches of similar lengths (far less padding than a random order), the longest row in the first batch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { lengthGroupedOrder } from "../lib/training/length-grouped";
import { permutation, seededRandom } from "../lib/random";

const random = seededRandom(7);
// Lengths like SST-2's: mostly short, a long tail.
const lengths = Array.from({ length: 5000 }, () => Math.round(4 + 60 * random() ** 3));
const padded = (order: number[], batch: number) => {
  let total = 0;
  for (let i = 0; i < order.length; i += batch) {
    const rows = order.slice(i, i + batch);
    total += rows.length * Math.max(...rows.map((r) => lengths[r]));
  }
  return total;
};

test("groupByLength's order holds every row once, is seeded, and pads far less than a random order", () => {
  const order = lengthGroupedOrder(lengths, 32, 42);
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    lengths.map((_, i) => i),
  );
  assert.deepEqual(lengthGroupedOrder(lengths, 32, 42), order);
  assert.notDeepEqual(lengthGroupedOrder(lengths, 32, 43), order);
  const real = lengths.reduce((a, b) => a + b, 0);
  const random = padded(permutation(lengths.length, 42), 32);
  const grouped = padded(order, 32);
  assert.ok(grouped < 1.15 * real, `grouped: ${grouped} padded tokens for ${real} real`);
  assert.ok(random > 2 * real, `random: ${random} padded tokens for ${real} real`);
  assert.equal(
    Math.max(...order.slice(0, 32).map((r) => lengths[r])),
    Math.max(...lengths),
    "the longest row is in the first batch",
  );
});

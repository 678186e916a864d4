// The order of one epoch's rows when `groupByLength` is on: Hugging Face's LengthGroupedSampler
// (transformers' trainer_pt_utils.get_length_grouped_indices). A seeded random order is cut into
// megabatches of 50 batches, each sorted by length, longest first: a batch then holds rows of similar
// length and pads far less (short SST-2 sentences beside a long one cost the long one's length),
// while the order stays random at the scale of an epoch.
import { permutation } from "../random";

const MEGABATCH = 50;

export function lengthGroupedOrder(lengths: readonly number[], batchSize: number, seed: number): number[] {
  const order = permutation(lengths.length, seed);
  const size = batchSize * MEGABATCH;
  const grouped: number[] = [];
  for (let i = 0; i < order.length; i += size)
    grouped.push(...order.slice(i, i + size).sort((a, b) => lengths[b] - lengths[a]));
  // As in transformers: the batch holding the longest row goes first, so running out of memory shows at once.
  const longest = grouped.reduce((best, row, i) => (lengths[row] > lengths[grouped[best]] ? i : best), 0);
  const first = Math.floor(longest / batchSize) * batchSize;
  if (first > 0) {
    const head = grouped.slice(0, batchSize);
    const swap = grouped.slice(first, first + batchSize);
    grouped.splice(first, swap.length, ...head.slice(0, swap.length));
    grouped.splice(0, batchSize, ...swap);
  }
  return grouped;
}

// The order of one epoch's rows when `groupByLength` is on: Hugging Face's LengthGroupedSampler
// (transformers' trainer_pt_utils.get_length_grouped_indices, step for step). A seeded random order
// is cut into megabatches (50 batches, or fewer so that there are at least four megabatches), each
// sorted by length, longest first: a batch then holds rows of similar length and pads far less (short
// SST-2 sentences beside a long one cost the long one's length), while the order stays random at the
// scale of an epoch.
import { permutation } from "../random";

export function lengthGroupedOrder(lengths: readonly number[], batchSize: number, seed: number): number[] {
  return groupByLength(permutation(lengths.length, seed), lengths, batchSize);
}

/** get_length_grouped_indices after its random permutation `order` (test/length-grouped.test.ts runs both). */
export function groupByLength(order: readonly number[], lengths: readonly number[], batchSize: number): number[] {
  // transformers' default: 50 batches a megabatch, or the number that makes four megabatches, whichever is smaller.
  if (order.length === 0) return [];
  const multiple = Math.max(1, Math.min(Math.floor(lengths.length / (batchSize * 4)), 50));
  const size = multiple * batchSize;
  const megabatches: number[][] = [];
  for (let i = 0; i < order.length; i += size)
    megabatches.push(order.slice(i, i + size).sort((a, b) => lengths[b] - lengths[a])); // stable, as Python's sorted
  // As in transformers: the longest row goes first (swapped with the first megabatch's first row), so
  // running out of memory shows at once.
  const longest = megabatches.reduce((best, m, i) => (lengths[m[0]] > lengths[megabatches[best][0]] ? i : best), 0);
  [megabatches[0][0], megabatches[longest][0]] = [megabatches[longest][0], megabatches[0][0]];
  return megabatches.flat();
}

// groupByLength's order is transformers' get_length_grouped_indices: given the same random permutation
// (torch.randperm replaced by ours), the same order, row for row, for datasets large and small.
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupByLength } from "../lib/training/length-grouped";
import { permutation, seededRandom } from "../lib/random";
import { referenceSkip, runReference } from "./helpers/reference-python";

const SCRIPT = `
import json, sys, torch
from transformers.trainer_pt_utils import get_length_grouped_indices
cases = json.load(sys.stdin)
out = []
for c in cases:
    torch.randperm = lambda n, generator=None, _o=c["order"]: torch.tensor(_o)
    out.append(get_length_grouped_indices(c["lengths"], c["batch"]))
print(json.dumps(out))
`;

test(
  "the same order as transformers' get_length_grouped_indices for the same permutation",
  { skip: referenceSkip, timeout: 120_000 },
  () => {
    const random = seededRandom(11);
    // SST-2-like lengths (many ties), a handful of rows (one megabatch of one batch), chapter 5's sizes.
    const cases = [
      [4000, 32],
      [480, 16],
      [800, 16],
      [640, 16],
      [7, 4],
      [130, 8],
      [5000, 32],
    ].map(([n, batch], k) => {
      const lengths = Array.from({ length: n }, () => Math.round(4 + 60 * random() ** 3));
      return { lengths: lengths, batch: batch, order: permutation(n, 100 + k) };
    });
    const theirs = runReference<number[][]>(SCRIPT, cases);
    cases.forEach((c, k) =>
      assert.deepEqual(
        groupByLength(c.order, c.lengths, c.batch),
        theirs[k],
        `${c.lengths.length} rows, batch ${c.batch}`,
      ),
    );
  },
);

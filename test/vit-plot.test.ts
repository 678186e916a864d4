// The charts of chapter 1's "an image becomes a sequence of patches": patches in reading order, a large
// input drawn smaller with patch borders kept, cut lines between patches, one row per patch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { imagePatches, patchGridFigure, patchSequenceFigure, shrinkForDisplay } from "../lib/plot/image-patches";
import type { HeatmapTrace } from "../lib/plot/figure";

const square = (n: number) => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => r * n + c));

test("imagePatches: left to right, then top to bottom, each patch row by row", () => {
  assert.deepEqual(imagePatches(square(4), 2), [
    [0, 1, 4, 5],
    [2, 3, 6, 7],
    [8, 9, 12, 13],
    [10, 11, 14, 15],
  ]);
  assert.throws(() => imagePatches(square(5), 2), /a 5×5 image does not cut into 2×2 patches/);
});

test("shrinkForDisplay: 224×224 with patches of 16 is drawn 28×28 (blocks of 8 averaged); 32×32 stays", () => {
  const { image, factor } = shrinkForDisplay(square(224), 16);
  assert.equal(factor, 8);
  assert.equal(image.length, 28);
  assert.equal(image[0][0], 3.5 * 224 + 3.5, "the mean of the first 8×8 block");
  assert.equal(shrinkForDisplay(square(32), 8).factor, 1);
});

test("patchGridFigure: one cut line between patches, its own labels; patchSequenceFigure: one row per patch", () => {
  const grid = patchGridFigure(
    square(32).map((r) => r.map((v) => v / 1024)),
    8,
    { min: 0, max: 1 },
  ).data[0] as HeatmapTrace;
  assert.equal(grid.z.length, 35);
  assert.equal(grid.z[0].length, 35);
  assert.equal(new Set(grid.x).size, 35, "every column its own category (Plotly merges equal ones)");
  assert.ok(
    grid.z.every((row, r) => ((r + 1) % 9 === 0 ? row.every((v) => v > 1) : row.filter((v) => v > 1).length === 3)),
    "3 cut columns, 3 cut rows",
  );
  const sequence = patchSequenceFigure(square(32), 8).data[0] as HeatmapTrace;
  assert.equal(sequence.z.length, 16);
  assert.equal(sequence.z[0].length, 64);
  assert.deepEqual(sequence.y?.slice(-1), ["patch 0"], "patch 0 drawn at the top");
});

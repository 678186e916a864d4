// Pictures of what a Vision Transformer reads: an image cut into square patches, and the sequence of patches (one row per patch) that the model takes in as a sentence of tokens.
import type { Figure } from "./figure";

/** An image's patches in reading order (left to right, then top to bottom), each flattened row by row. */
export function imagePatches(image: number[][], patch: number): number[][] {
  const height = image.length;
  const width = image[0]?.length ?? 0;
  if (height % patch !== 0 || width % patch !== 0)
    throw new Error(
      `a ${height}×${width} image does not cut into ${patch}×${patch} patches: its sides must be multiples of ${patch}`,
    );
  const out: number[][] = [];
  for (let r = 0; r < height; r += patch) {
    for (let c = 0; c < width; c += patch)
      out.push(image.slice(r, r + patch).flatMap((row) => row.slice(c, c + patch)));
  }
  return out;
}

/**
 * The image drawn `factor` times smaller (the mean of each factor×factor block), so that a large input
 * (224×224 for google/vit-base-patch16-224) stays a light chart: the smallest divisor of `patch` that
 * brings the sides to `maxSide` cells or fewer (224 with patches of 16: 28), so patch borders stay on cell borders.
 */
export function shrinkForDisplay(
  image: number[][],
  patch: number,
  maxSide = 32,
): { image: number[][]; factor: number } {
  const side = Math.max(image.length, image[0]?.length ?? 0);
  const factor =
    [...Array(patch).keys()].map((i) => i + 1).find((f) => patch % f === 0 && side / f <= maxSide) ?? patch;
  if (factor === 1) return { image, factor };
  const rows = image.length / factor;
  const cols = (image[0]?.length ?? 0) / factor;
  const out = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => {
      let sum = 0;
      for (let i = 0; i < factor; i++) for (let j = 0; j < factor; j++) sum += image[r * factor + i][c * factor + j];
      return sum / (factor * factor);
    }),
  );
  return { image: out, factor };
}

/** The image's rows bottom to top: Plotly draws a heatmap's row 0 at the bottom, a picture's row 0 is its top. */
function upright(image: number[][]): number[][] {
  return [...image].reverse();
}

const rowLabels = (n: number) => Array.from({ length: n }, (_, i) => String(n - 1 - i));

/**
 * A grey image (`min` black to `max` white) cut into patch×patch squares, drawn apart by blue lines one
 * cell wide (drawn smaller when large, see shrinkForDisplay). The lines are a value above `max` that the
 * colour scale shows in blue, so the static picture and Plotly's chart draw them alike.
 */
export function patchGridFigure(
  picture: number[][],
  patchSize: number,
  options: { title?: string; min: number; max: number; size?: number },
): Figure {
  const { min, max } = options;
  const { image, factor } = shrinkForDisplay(picture, patchSize);
  const patch = patchSize / factor;
  const cut = max + (max - min) / 10;
  const rows: number[][] = [];
  image.forEach((row, r) => {
    if (r > 0 && r % patch === 0) rows.push(new Array(row.length + row.length / patch - 1).fill(cut));
    rows.push(row.flatMap((v, c) => (c > 0 && c % patch === 0 ? [cut, v] : [v])));
  });
  const inside = (max - min) / (cut - min);
  // Axis labels: the image's own pixel numbers; each cut line gets an invisible label of its own
  // (k zero-width spaces), so that Plotly keeps every column and row apart.
  const labels = (n: number) =>
    [...Array(n).keys()].flatMap((i) =>
      i > 0 && i % patch === 0 ? ["\u200b".repeat(i / patch), String(i * factor)] : [String(i * factor)],
    );
  const size = options.size ?? 360;
  return {
    data: [
      {
        type: "heatmap",
        z: upright(rows),
        x: labels(image[0].length),
        y: labels(image.length).reverse(),
        colorscale: [
          [0, "#000000"],
          [inside, "#ffffff"],
          [Math.min(1, inside + 1e-6), "#4a90d9"],
          [1, "#4a90d9"],
        ],
        zmin: min,
        zmax: cut,
      },
    ],
    layout: { title: options.title, width: size + 90, height: size },
  };
}

/** The sequence the model reads: one row per patch (its pixels row by row), patch 0 at the top (drawn smaller when large). */
export function patchSequenceFigure(
  picture: number[][],
  patchSize: number,
  options: { title?: string; min?: number; max?: number } = {},
): Figure {
  const { image, factor } = shrinkForDisplay(picture, patchSize);
  const patch = patchSize / factor;
  const patches = imagePatches(image, patch);
  return {
    data: [
      {
        type: "heatmap",
        z: upright(patches),
        y: rowLabels(patches.length).map((i) => `patch ${i}`),
        colorscale: "Greys",
        zmin: options.min,
        zmax: options.max,
      },
    ],
    layout: {
      title: options.title,
      width: 720,
      height: 80 + 22 * patches.length,
      xaxis: {
        title:
          factor === 1
            ? `the ${patch * patch} pixels of a patch, row by row`
            : `the patch's pixels, row by row (drawn ${factor}×${factor} to a cell)`,
      },
    },
  };
}

// The 8×8 handwritten digits that scikit-learn ships (load_digits: 1797 images, the test set of the UCI
// "Optical Recognition of Handwritten Digits"), copied byte for byte into data/datasets/scikit-learn/digits/
// (source, hash and licence in data/datasets/README.md). The course's image stand-in learns from them.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { parse } from "csv-parse/sync";
import { DATASETS_MIRROR } from "../paths";
import { permutation } from "../random";
import { transformers } from "../transformers-env";

const DIGITS_FILE = path.join(DATASETS_MIRROR, "scikit-learn", "digits", "digits.csv.gz");
/** Each pixel counts the inked pixels of a 4×4 block of the 32×32 scan: 0 (none) to 16 (all). */
export const DIGIT_SIDE = 8;
const DIGIT_MAX = 16;

export interface Digit {
  /** 64 values, row by row, 0..16. */
  pixels: number[];
  label: number;
}

/** All 1797 digits, in the file's order (scikit-learn's CSV: 64 pixels, then the label). */
export function readDigits(file: string = DIGITS_FILE): Digit[] {
  if (!fs.existsSync(file))
    throw new Error(`${file} does not exist: it ships with the course (git checkout data/datasets/scikit-learn)`);
  const rows = parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8"), { cast: true }) as unknown as number[][];
  return rows.map((r, i) => {
    if (r.length !== DIGIT_SIDE * DIGIT_SIDE + 1)
      throw new Error(`${file} line ${i + 1} has ${r.length} values, not 65 (64 pixels and a label)`);
    return { pixels: r.slice(0, -1), label: r[r.length - 1] };
  });
}

/** The course's split of the digits, fixed like a dataset's own train and test splits: a seeded fifth held out. */
export const DIGITS_HELD_OUT = { fraction: 0.2, seed: 42 } as const;

/**
 * The digits split in two: `fraction` of them held out (picked by `seed`), the rest for training. No
 * image is in both (a training image identical to a held-out one is dropped). The 1797 images were
 * written by 13 people and the file does not say who wrote which, so the same hands are on both sides.
 */
export function digitsSplit(
  digits: Digit[] = readDigits(),
  { fraction, seed }: { fraction: number; seed: number } = DIGITS_HELD_OUT,
): { train: Digit[]; heldOut: Digit[] } {
  const order = permutation(digits.length, seed);
  const cut = Math.round(digits.length * fraction);
  const heldOut = order
    .slice(0, cut)
    .sort((a, b) => a - b)
    .map((i) => digits[i]);
  const seen = new Set(heldOut.map((d) => d.pixels.join(",")));
  const train = order
    .slice(cut)
    .map((i) => digits[i])
    .filter((d) => !seen.has(d.pixels.join(",")));
  return { train, heldOut };
}

/**
 * A digit as a grey picture, dark ink on white paper, enlarged `scale` times (each pixel a scale×scale
 * square, nearest-neighbour): a transformers.js RawImage, which pipeline("image-classification") takes.
 */
export async function digitImage(digit: Digit, scale = 4): Promise<DigitPicture> {
  const { RawImage } = transformers();
  const grey = Uint8ClampedArray.from(digit.pixels, (v) => Math.round(255 * (1 - v / DIGIT_MAX)));
  const small = new RawImage(grey, DIGIT_SIDE, DIGIT_SIDE, 1);
  return scale === 1 ? small : small.resize(DIGIT_SIDE * scale, DIGIT_SIDE * scale, { resample: 0 });
}

/**
 * What digitImage gives: a transformers.js RawImage, typed by the fields a lesson reads (RawImage's own
 * type would bring transformers.js's declarations into every cell that imports from "hf-course").
 */
export interface DigitPicture {
  width: number;
  height: number;
  channels: number;
  data: Uint8ClampedArray | Uint8Array;
}

// How a course fine-tune ships its trained matrices: not the weights themselves but their difference
// from the base checkpoint, in int8 with one float32 scale per row (the row's largest difference / 127).
// A fine-tune moves weights little, so the difference rounds finely: all six layers of MiniLM ship in
// the size three took in half precision. Hand-written (a few lines; no package does this for a
// safetensors file). The build rounds the model it measures with `restoreDelta`, and the first use
// assembles with the same function, so the learner's model is the measured one bit for bit.
import type { NamedTensor } from "./safetensors";

/** The companion tensor of an int8 difference `name`: its per-row scales. */
export const SCALE_SUFFIX = ".delta_scale";

export interface Int8Delta {
  /** The matrix's shape; its rows are the first dimension. */
  shape: number[];
  /** The difference divided by the row's scale, rounded: integers in -127..127 (held as float32). */
  q: Float32Array;
  /** One scale per row (float32 values, as written). */
  scale: Float32Array;
}

/** The int8 difference of a trained matrix from its base (same shape), one scale per row. */
export function quantizeDelta(trained: Float32Array, base: Float32Array, shape: number[]): Int8Delta {
  const rows = shape[0];
  const cols = trained.length / rows;
  if (shape.length < 2 || base.length !== trained.length || cols !== shape.slice(1).reduce((a, b) => a * b, 1))
    throw new Error(`an int8 difference needs a matrix and its base of one shape, not [${shape.join(", ")}]`);
  const q = new Float32Array(trained.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let i = r * cols; i < (r + 1) * cols; i++) max = Math.max(max, Math.abs(trained[i] - base[i]));
    scale[r] = max / 127; // rounded to float32 here, as it is stored
    if (scale[r] === 0) continue;
    // `+ 0` turns -0 into 0, as the I8 file stores it (else a -0 base weight restores differently).
    for (let i = r * cols; i < (r + 1) * cols; i++)
      q[i] = Math.max(-127, Math.min(127, Math.round((trained[i] - base[i]) / scale[r]))) + 0;
  }
  return { shape, q, scale };
}

/** Whether a difference changes nothing (a parameter training left as the base had it). */
export function isZeroDelta(delta: Int8Delta): boolean {
  return delta.scale.every((s) => s === 0);
}

/** base + q × scale, row by row, rounded to float32: the weights a shipped difference stands for. */
export function restoreDelta(base: Float32Array, baseShape: number[], delta: Int8Delta): Float32Array {
  const rows = delta.shape[0];
  if (
    baseShape.join() !== delta.shape.join() ||
    delta.scale.length !== rows ||
    delta.q.length !== base.length ||
    !delta.q.every((v) => Number.isInteger(v) && v >= -127 && v <= 127)
  )
    throw new Error(
      `an int8 difference of shape [${delta.shape.join(", ")}] with ${delta.scale.length} scales does not fit weights of shape [${baseShape.join(", ")}]`,
    );
  const cols = base.length / rows;
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = base[i] + delta.q[i] * delta.scale[Math.floor(i / cols)];
  return out;
}

/** Splits a shipped file's tensors into whole values and int8 differences (a tensor with a `.delta_scale` companion). */
export function splitShipped(tensors: Map<string, NamedTensor>): {
  whole: Map<string, NamedTensor>;
  deltas: Map<string, Int8Delta>;
} {
  const whole = new Map<string, NamedTensor>();
  const deltas = new Map<string, Int8Delta>();
  for (const [name, t] of tensors) {
    if (name.endsWith(SCALE_SUFFIX)) {
      if (!tensors.has(name.slice(0, -SCALE_SUFFIX.length)))
        throw new Error(`${name} has no difference ${name.slice(0, -SCALE_SUFFIX.length)} beside it`);
      continue;
    }
    const scale = tensors.get(name + SCALE_SUFFIX);
    if (scale) deltas.set(name, { shape: t.shape, q: t.data, scale: scale.data });
    else whole.set(name, t);
  }
  return { whole, deltas };
}

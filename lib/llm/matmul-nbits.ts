// GGML 4-bit blocks (Q4_0, Q4_1) re-laid out for ONNX Runtime's com.microsoft MatMulNBits (bits 4,
// block_size 32), so a weight stays 4-bit in the ONNX file. Written by hand: no kept library converts
// GGML blocks to MatMulNBits.
//   GGML block (one row, 32 consecutive inputs): fp16 d [, fp16 m], 16 bytes; byte j = value j (low
//   nibble) | value j + 16 (high nibble);  x = d * q + m  (Q4_0: x = d * (q - 8)).
//   MatMulNBits, B [N, K / 32, 16] uint8: byte i = value 2i (low) | value 2i + 1 (high);
//   scales [N * K / 32]; uint8 zero points (4-bit, packed two a byte);  x = (q - zero_point) * scale.
// The 4-bit values, the scales and Q4_0's zero point 8 carry over exactly. Q4_1's min m is no integer
// zero point; float zero points (-m / d) work in ONNX Runtime but take a slow path (about 6x slower
// than float32 MatMul on CPU), so instead the zero point is 0 and the mins are added separately:
//   sum_k a_k (d_b q_k + m_b) = sum_b d_b sum_{k in b} a_k q_k + sum_b m_b (sum_{k in b} a_k),
// the second term one small MatMul of the block sums of the input [.., K / 32] by mins^T [K / 32, N].
// Equal to the dequantized weights' product up to float32 rounding.
import { halfToFloat } from "./dequantize";
import { GGMLQuantizationType } from "./gguf-read";

export interface NBitsWeight {
  /** N: output features (rows of the PyTorch [out, in] weight). */
  rows: number;
  /** K: input features. */
  cols: number;
  /** [N, K / 32, 16] */
  packed: Uint8Array;
  /** [N, K / 32] */
  scales: Float32Array;
  /** [N, ceil(K / 32 / 2)]: 4-bit zero points, two a byte. */
  zeroPoints: Uint8Array;
  /** [N, K / 32]: Q4_1's block mins (added as block sums of the input times mins); absent for Q4_0. */
  mins?: Float32Array;
}

export function isNBitsType(type: GGMLQuantizationType): boolean {
  return type === GGMLQuantizationType.Q4_0 || type === GGMLQuantizationType.Q4_1;
}

/** A [rows, cols] weight stored as GGML Q4_0 / Q4_1 blocks, re-laid out for MatMulNBits. */
export function ggmlToNBits(bytes: Uint8Array, type: GGMLQuantizationType, rows: number, cols: number): NBitsWeight {
  if (!isNBitsType(type)) throw new Error(`GGML type ${GGMLQuantizationType[type] ?? type} is not a 4-bit block type`);
  if (cols % 32 !== 0) throw new Error(`${cols} inputs are not whole blocks of 32`);
  const q41 = type === GGMLQuantizationType.Q4_1;
  const blockBytes = q41 ? 20 : 18;
  const perRow = cols / 32;
  const blocks = rows * perRow;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packed = new Uint8Array(blocks * 16);
  const scales = new Float32Array(blocks);
  const mins = q41 ? new Float32Array(blocks) : undefined;
  // Q4_0: zero point 8 in every nibble; Q4_1: 0 (its mins are added apart).
  const zeroPoints = new Uint8Array(rows * Math.ceil(perRow / 2)).fill(q41 ? 0 : 0x88);
  if (!q41 && perRow % 2) for (let r = 0; r < rows; r++) zeroPoints[(r + 1) * Math.ceil(perRow / 2) - 1] = 0x08;
  const q = new Uint8Array(32);
  for (let b = 0; b < blocks; b++) {
    const at = b * blockBytes;
    scales[b] = halfToFloat(view.getUint16(at, true));
    if (mins) mins[b] = halfToFloat(view.getUint16(at + 2, true));
    const data = at + (q41 ? 4 : 2);
    // GGML's "j | j + 16" nibble order to values, then values 2i | 2i + 1 per byte.
    for (let j = 0; j < 16; j++) {
      q[j] = bytes[data + j] & 15;
      q[j + 16] = bytes[data + j] >> 4;
    }
    for (let i = 0; i < 16; i++) packed[b * 16 + i] = q[2 * i] | (q[2 * i + 1] << 4);
  }
  return { rows, cols, packed, scales, zeroPoints, mins };
}

/** Several weights with the same inputs stacked by rows (q, k, v -> one MatMulNBits). */
export function concatRows(parts: NBitsWeight[]): NBitsWeight {
  const cols = parts[0].cols;
  if (parts.some((p) => p.cols !== cols)) throw new Error("stacked weights must have the same inputs");
  const cat = <T extends Uint8Array | Float32Array>(arrays: T[], make: (n: number) => T): T => {
    const out = make(arrays.reduce((a, x) => a + x.length, 0));
    let at = 0;
    for (const x of arrays) {
      out.set(x, at);
      at += x.length;
    }
    return out;
  };
  const anyMins = parts.some((p) => p.mins);
  return {
    rows: parts.reduce((a, p) => a + p.rows, 0),
    cols,
    packed: cat(
      parts.map((p) => p.packed),
      (n) => new Uint8Array(n),
    ),
    scales: cat(
      parts.map((p) => p.scales),
      (n) => new Float32Array(n),
    ),
    zeroPoints: cat(
      parts.map((p) => p.zeroPoints),
      (n) => new Uint8Array(n),
    ),
    mins: anyMins
      ? cat(
          parts.map((p) => p.mins ?? new Float32Array(p.scales.length)),
          (n) => new Float32Array(n),
        )
      : undefined,
  };
}

/** The float32 weight [rows, cols] a MatMulNBits weight (with its mins) stands for (tests). */
export function nbitsToFloat(w: NBitsWeight): Float32Array {
  const perRow = w.cols / 32;
  const zpRow = Math.ceil(perRow / 2);
  const out = new Float32Array(w.rows * w.cols);
  for (let b = 0; b < w.scales.length; b++) {
    const r = Math.floor(b / perRow),
      c = b % perRow;
    const zpByte = w.zeroPoints[r * zpRow + (c >> 1)];
    const zp = c & 1 ? zpByte >> 4 : zpByte & 15;
    for (let i = 0; i < 32; i++) {
      const byte = w.packed[b * 16 + (i >> 1)];
      const q = i & 1 ? byte >> 4 : byte & 15;
      out[b * 32 + i] = Math.fround(Math.fround((q - zp) * w.scales[b]) + (w.mins ? w.mins[b] : 0));
    }
  }
  return out;
}

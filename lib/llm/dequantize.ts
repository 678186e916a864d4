// GGML block formats to float32, written by hand: @huggingface/gguf parses headers only, and no npm
// package the course keeps dequantizes GGML blocks. Each formula is the one of the `gguf` Python
// package (gguf/quants.py), which Python transformers uses to load a GGUF, computed in float32 the same
// way, so both sides hold identical weights:
//   Q4_0: 32 values = fp16 scale d, 16 bytes of 4-bit q;  x = d * (q - 8)
//   Q4_1: 32 values = fp16 scale d, fp16 min m, 16 bytes of 4-bit q;  x = d * q + m
//   Q8_0: 32 values = fp16 scale d, 32 int8 q;  x = q * d
// In a 4-bit block, byte j holds value j in its low nibble and value j + 16 in its high nibble.
import { GGMLQuantizationType } from "./gguf-read";

const QK = 32;

/** Bytes and values per block of each supported type. */
const LAYOUT: Partial<Record<GGMLQuantizationType, { bytes: number; values: number }>> = {
  [GGMLQuantizationType.F32]: { bytes: 4, values: 1 },
  [GGMLQuantizationType.F16]: { bytes: 2, values: 1 },
  [GGMLQuantizationType.Q4_0]: { bytes: 18, values: QK },
  [GGMLQuantizationType.Q4_1]: { bytes: 20, values: QK },
  [GGMLQuantizationType.Q8_0]: { bytes: 34, values: QK },
};

/** The byte size of `count` values of `type`. */
export function byteSize(type: GGMLQuantizationType, count: number): number {
  const l = LAYOUT[type];
  if (!l)
    throw new Error(
      `GGML type ${GGMLQuantizationType[type] ?? type} is not supported (F32, F16, Q4_0, Q4_1, Q8_0 are)`,
    );
  if (count % l.values !== 0) throw new Error(`${count} values are not whole ${GGMLQuantizationType[type]} blocks`);
  return (count / l.values) * l.bytes;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half (as its 16 bits) to float (exact: every half is a float). */
export function halfToFloat(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return (sign ? -1 : 1) * frac * 2 ** -24; // zero and subnormals
  if (exp === 31)
    u32[0] = sign | 0x7f800000 | (frac << 13); // inf, NaN
  else u32[0] = sign | ((exp + 112) << 23) | (frac << 13);
  return f32[0];
}

/** `count` values of `type` stored in `bytes`, as float32. */
export function dequantize(bytes: Uint8Array, type: GGMLQuantizationType, count: number): Float32Array {
  const need = byteSize(type, count);
  if (bytes.length < need) throw new Error(`${need} bytes needed, ${bytes.length} given`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  const fr = Math.fround;
  switch (type) {
    case GGMLQuantizationType.F32:
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case GGMLQuantizationType.F16:
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    case GGMLQuantizationType.Q4_0:
      for (let b = 0, o = 0; o < count; b += 18, o += QK) {
        const d = halfToFloat(view.getUint16(b, true));
        for (let j = 0; j < 16; j++) {
          const q = bytes[b + 2 + j];
          out[o + j] = fr(((q & 15) - 8) * d);
          out[o + j + 16] = fr(((q >> 4) - 8) * d);
        }
      }
      return out;
    case GGMLQuantizationType.Q4_1:
      for (let b = 0, o = 0; o < count; b += 20, o += QK) {
        const d = halfToFloat(view.getUint16(b, true));
        const m = halfToFloat(view.getUint16(b + 2, true));
        for (let j = 0; j < 16; j++) {
          const q = bytes[b + 4 + j];
          // float32 product, then float32 sum (numpy's (d * qs) + m); fround of the exact double result is that.
          out[o + j] = fr(fr(d * (q & 15)) + m);
          out[o + j + 16] = fr(fr(d * (q >> 4)) + m);
        }
      }
      return out;
    case GGMLQuantizationType.Q8_0:
      for (let b = 0, o = 0; o < count; b += 34, o += QK) {
        const d = halfToFloat(view.getUint16(b, true));
        for (let j = 0; j < QK; j++) out[o + j] = fr(view.getInt8(b + 2 + j) * d);
      }
      return out;
    default:
      throw new Error(`GGML type ${GGMLQuantizationType[type] ?? type} is not supported`);
  }
}

// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length, a JSON header { name: { dtype, shape, data_offsets: [begin, end] } }, then the raw
// little-endian tensor bytes. Hand-written: no maintained npm package reads and writes it.
import * as fs from "fs";
import { Float16Array, getFloat16 } from "@petamoriken/float16";
import { writeFileAtomic } from "../atomic-write";

export type SafeDtype = "F32" | "F16" | "BF16" | "I64" | "I32" | "I8";
/** What the course writes: float32, half precision, or small integers (int8 deltas, lib/training/int8-delta.ts). */
export type WriteDtype = "F32" | "F16" | "I8";

export interface NamedTensor {
  shape: number[];
  /** Always float32 values in memory (F16/BF16 are widened on read, integers converted). */
  data: Float32Array;
}

const BYTES: Record<SafeDtype, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I8: 1 };

function decode(dtype: SafeDtype, bytes: Buffer): Float32Array {
  const n = bytes.length / BYTES[dtype];
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case "F32":
        out[i] = bytes.readFloatLE(i * 4);
        break;
      case "F16":
        out[i] = getFloat16(view, i * 2, true);
        break;
      case "BF16":
        out[i] = new Float32Array(new Uint32Array([bytes.readUInt16LE(i * 2) << 16]).buffer)[0];
        break;
      case "I32":
        out[i] = bytes.readInt32LE(i * 4);
        break;
      case "I64":
        out[i] = Number(bytes.readBigInt64LE(i * 8));
        break;
      case "I8":
        out[i] = bytes.readInt8(i);
        break;
    }
  }
  return out;
}

/** Reads every tensor of a .safetensors file. */
export function readSafetensors(file: string): Map<string, NamedTensor> {
  const buf = fs.readFileSync(file);
  if (buf.length < 8) throw new Error(`${file} is not a safetensors file (too short)`);
  const headerLength = Number(buf.readBigUInt64LE(0));
  if (headerLength <= 0 || 8 + headerLength > buf.length)
    throw new Error(`${file} is not a safetensors file (bad header length ${headerLength})`);
  let header: Record<string, { dtype: SafeDtype; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLength).toString("utf8"));
  } catch {
    throw new Error(`${file} is not a safetensors file (its header is not JSON)`);
  }
  const body = buf.subarray(8 + headerLength);
  const tensors = new Map<string, NamedTensor>();
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    if (!(info.dtype in BYTES))
      throw new Error(`${file}: tensor ${name} has dtype ${info.dtype}, which the course cannot read`);
    const [begin, end] = info.data_offsets;
    if (end > body.length) throw new Error(`${file} is truncated: tensor ${name} ends past the end of the file`);
    tensors.set(name, { shape: info.shape, data: decode(info.dtype, body.subarray(begin, end)) });
  }
  return tensors;
}

/**
 * Writes tensors (sorted by name, as the Python library does), atomically: as float32, or with
 * `dtype: "F16"` rounded to half precision (to ship fine-tuned layers at half the size); `dtype` may
 * also be chosen per tensor ("I8" for tensors whose values are integers in -128..127).
 */
export function writeSafetensors(
  file: string,
  tensors: Map<string, NamedTensor>,
  metadata: Record<string, string> = { format: "pt" },
  dtype: WriteDtype | ((name: string) => WriteDtype) = "F32",
): void {
  const names = [...tensors.keys()].sort();
  const dtypeOf = typeof dtype === "function" ? dtype : () => dtype;
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const bytes = t.data.length * BYTES[dtypeOf(name)];
    header[name] = { dtype: dtypeOf(name), shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8); // keep the data 8-byte aligned
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  // One tensor's bytes at a time: F16 and I8 copies are made as they are written.
  function* chunks(): Generator<Buffer | string> {
    yield head;
    yield json;
    for (const name of names) {
      const d = encode(dtypeOf(name), name, tensors.get(name)!.data);
      yield Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    }
  }
  writeFileAtomic(file, chunks());
}

function encode(dtype: WriteDtype, name: string, f32: Float32Array): Float32Array | Float16Array | Int8Array {
  if (dtype === "F16") return new Float16Array(f32);
  if (dtype === "F32") return f32;
  const i8 = Int8Array.from(f32);
  if (!i8.every((v, i) => v === f32[i]))
    throw new Error(`tensor ${name} has values that are not integers in -128..127: it cannot be written as I8`);
  return i8;
}

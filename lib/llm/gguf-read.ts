// Reads a GGUF file with Hugging Face's own parser, @huggingface/gguf (metadata, tensor names, types,
// shapes, offsets). The parser stops at the header; the tensor bytes are read here from the offsets it
// gives (tensorDataOffset + each tensor's offset), one tensor at a time.
import * as fs from "node:fs";
import { gguf, GGMLQuantizationType } from "@huggingface/gguf";

export { GGMLQuantizationType };

export interface GgufTensor {
  name: string;
  type: GGMLQuantizationType;
  /** GGUF order: shape[0] is the fastest-varying dimension (a 2-D weight [in, out] is PyTorch's [out, in]). */
  shape: number[];
  /** Absolute byte offset of the data in the file. */
  offset: number;
}

export interface GgufFile {
  path: string;
  /** Metadata values as parsed (numbers, strings, booleans, arrays; 64-bit integers as bigint). */
  metadata: Record<string, unknown>;
  tensors: Map<string, GgufTensor>;
}

export async function readGguf(path: string): Promise<GgufFile> {
  const parsed = await gguf(path, { allowLocalFile: true });
  const base = Number(parsed.tensorDataOffset);
  const tensors = new Map<string, GgufTensor>();
  for (const t of parsed.tensorInfos) {
    tensors.set(t.name, { name: t.name, type: t.dtype, shape: t.shape.map(Number), offset: base + Number(t.offset) });
  }
  return { path, metadata: parsed.metadata as Record<string, unknown>, tensors };
}

/** A metadata value, or an error naming the key. */
export function meta<T = unknown>(file: GgufFile, key: string): T {
  if (!(key in file.metadata)) throw new Error(`${file.path}: no GGUF metadata key ${key}`);
  const v = file.metadata[key];
  return (typeof v === "bigint" ? Number(v) : v) as T;
}

/** Reads `length` bytes at `offset` (synchronously: one tensor at a time, at most ~30 MB here). */
export function readBytes(fd: number, offset: number, length: number): Uint8Array {
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, out, done, length - done, offset + done);
    if (n === 0) throw new Error(`unexpected end of GGUF file at byte ${offset + done}`);
    done += n;
  }
  return new Uint8Array(out.buffer, out.byteOffset, length);
}

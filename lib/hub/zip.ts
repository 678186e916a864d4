// Reading a few files out of a zip archive on disk (a Python wheel is a zip), streamed: the central
// directory says where each entry is, and only the entries asked for are inflated (node's zlib).
// Stored and deflated entries, as wheels use; zip64 archives (over 4 GB) are refused by name.
import { createHash } from "crypto";
import * as fs from "fs";
import { Readable, Transform } from "stream";
import { pipeline } from "stream/promises";
import { createInflateRaw } from "zlib";

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** The entries of a zip file, by name, from its central directory. */
export function listZip(file: string): Map<string, ZipEntry> {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { at = i; break; }
    if (at < 0) throw new Error(`${file} is not a zip archive (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) throw new Error(`${file} is a zip64 archive, which the course does not read`);
    const cd = readAt(fd, cdOffset, cdSize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new Error(`${file}: damaged zip central directory (entry ${i})`);
      const nameLength = cd.readUInt16LE(p + 28);
      const entry: ZipEntry = {
        name: cd.subarray(p + 46, p + 46 + nameLength).toString("utf8"),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
      };
      entries.set(entry.name, entry);
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes one entry's content to `dest` (streamed); returns its size and sha256. */
export async function extractZipEntry(file: string, entry: ZipEntry, dest: string): Promise<{ size: number; sha256: string }> {
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`${file}: ${entry.name} uses zip compression method ${entry.method}; only stored and deflated entries are read`);
  const fd = fs.openSync(file, "r");
  let start: number;
  try {
    const header = readAt(fd, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new Error(`${file}: damaged zip entry ${entry.name}`);
    start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    fs.closeSync(fd);
  }
  const hash = createHash("sha256");
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = entry.compressedSize === 0 ? Readable.from([]) : fs.createReadStream(file, { start, end: start + entry.compressedSize - 1 });
  const out = fs.createWriteStream(dest);
  if (entry.method === 8) await pipeline(source, createInflateRaw(), count, out);
  else await pipeline(source, count, out);
  if (size !== entry.size) throw new Error(`${file}: ${entry.name} inflated to ${size} bytes, the archive says ${entry.size}`);
  return { size, sha256: hash.digest("hex") };
}

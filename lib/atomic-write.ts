// The course's one way to write a file (or a folder) whose final path must only ever hold something
// complete: write it under a temporary name in the same folder, then rename it into place. A rename
// within one filesystem is atomic, so a reader, a crash or Ctrl+C sees the old version or the new one,
// never half of it. The temporary name is hidden and unique to the process and the call, so two writers
// of the same path do not write into each other's temporary file.
import * as fs from "fs";
import * as path from "path";

type Chunk = string | NodeJS.ArrayBufferView;

let calls = 0;

/** `.<name>.<pid>-<n>.tmp` beside `target`. */
function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${calls++}.tmp`);
}

function writeChunks(fd: number, chunks: Iterable<Chunk>): void {
  for (const chunk of chunks) {
    if (typeof chunk === "string") fs.writeSync(fd, chunk);
    else fs.writeSync(fd, chunk);
  }
}

/** Runs `write` on a temporary name beside `file`, then renames it to `file`; on failure removes it and throws. */
function atomically(file: string, write: (tmp: string) => void): void {
  const tmp = temporaryName(file);
  try {
    write(tmp);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes `data` to `file` atomically. `data` is a string, bytes, or an iterable of them written in
 * order (a generator keeps only one chunk in memory at a time). The folder must exist. When writing
 * fails, the temporary file is removed and the error thrown; `file` is left as it was.
 */
export function writeFileAtomic(file: string, data: Chunk | Iterable<Chunk>): void {
  atomically(file, (tmp) => {
    if (typeof data === "string" || ArrayBuffer.isView(data)) return fs.writeFileSync(tmp, data);
    const fd = fs.openSync(tmp, "w");
    try {
      writeChunks(fd, data);
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** Copies `source` to `file` atomically (as fs.copyFileSync copies: contents and mode). */
export function copyFileAtomic(source: string, file: string): void {
  atomically(file, (tmp) => fs.copyFileSync(source, tmp));
}

/** Writes `value` as JSON (indented by `indent` spaces, with a final newline) to `file` atomically. */
export function writeJsonAtomic(file: string, value: unknown, indent = 1): void {
  writeFileAtomic(file, JSON.stringify(value, null, indent) + "\n");
}

/**
 * Makes the folder `dir` with `fill`, which writes into the temporary folder it is given (and creates
 * it), then puts it in place of `dir` (an older `dir` is deleted first), so that `dir` is complete or
 * absent. When `fill` fails, the temporary folder is removed and the error thrown.
 */
export async function writeFolderAtomic(dir: string, fill: (tmp: string) => void | Promise<void>): Promise<void> {
  const tmp = temporaryName(dir);
  try {
    await fill(tmp);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

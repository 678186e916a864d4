// lib/atomic-write.ts: a file or folder at its final path is complete or as it was before, and no
// temporary file is left behind, whether the write succeeds or fails.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { copyFileAtomic, writeFileAtomic, writeFolderAtomic, writeJsonAtomic } from "../lib/atomic-write";
import { scratchDir } from "./helpers/notebooks";

const dir = scratchDir("atomic-write");

test("a string, bytes, chunks from a generator and JSON are written whole, with nothing else left in the folder", () => {
  const folder = path.join(dir, "writes");
  fs.mkdirSync(folder, { recursive: true });
  writeFileAtomic(path.join(folder, "a.txt"), "héllo\n");
  writeFileAtomic(path.join(folder, "b.bin"), new Uint8Array([0, 1, 255]));
  function* chunks() {
    yield Buffer.from([1, 2]);
    yield "three";
    yield new Float32Array([1.5]);
  }
  writeFileAtomic(path.join(folder, "c.bin"), chunks());
  writeJsonAtomic(path.join(folder, "d.json"), { b: [1, 2], a: "x" });
  writeJsonAtomic(path.join(folder, "e.json"), { a: 1 }, 2);
  assert.equal(fs.readFileSync(path.join(folder, "a.txt"), "utf8"), "héllo\n");
  assert.deepEqual([...fs.readFileSync(path.join(folder, "b.bin"))], [0, 1, 255]);
  assert.deepEqual(
    fs.readFileSync(path.join(folder, "c.bin")),
    Buffer.concat([Buffer.from([1, 2]), Buffer.from("three"), Buffer.from(new Float32Array([1.5]).buffer)]),
  );
  assert.equal(fs.readFileSync(path.join(folder, "d.json"), "utf8"), '{\n "b": [\n  1,\n  2\n ],\n "a": "x"\n}\n');
  assert.equal(fs.readFileSync(path.join(folder, "e.json"), "utf8"), '{\n  "a": 1\n}\n');
  copyFileAtomic(path.join(folder, "b.bin"), path.join(folder, "f.bin"));
  assert.deepEqual(fs.readFileSync(path.join(folder, "f.bin")), fs.readFileSync(path.join(folder, "b.bin")));
  assert.deepEqual(fs.readdirSync(folder).sort(), ["a.txt", "b.bin", "c.bin", "d.json", "e.json", "f.bin"]);
});

test("a write that fails halfway leaves the old file as it was and no temporary file", () => {
  const folder = path.join(dir, "fails");
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, "data.bin");
  writeFileAtomic(file, "old contents");
  function* failing() {
    yield "new contents, the first half";
    throw new Error("the disk is full");
  }
  assert.throws(() => writeFileAtomic(file, failing()), /the disk is full/);
  assert.equal(fs.readFileSync(file, "utf8"), "old contents");
  assert.deepEqual(fs.readdirSync(folder), ["data.bin"]);
  assert.throws(() => writeFileAtomic(path.join(folder, "no-such-folder", "x.txt"), "x"), /ENOENT/);
  assert.throws(() => copyFileAtomic(path.join(folder, "missing.bin"), file), /ENOENT/);
  assert.equal(fs.readFileSync(file, "utf8"), "old contents");
  assert.deepEqual(fs.readdirSync(folder), ["data.bin"]);
});

test("a folder replaces the old one only once it is filled; a fill that fails leaves the old one and no temporary folder", async () => {
  const parent = path.join(dir, "folders");
  fs.mkdirSync(parent, { recursive: true });
  const target = path.join(parent, "checkpoint-1");
  await writeFolderAtomic(target, (tmp) => {
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, "old.txt"), "1");
  });
  await writeFolderAtomic(target, async (tmp) => {
    fs.mkdirSync(tmp);
    assert.ok(fs.existsSync(path.join(target, "old.txt")), "the old folder stays while the new one is filled");
    fs.writeFileSync(path.join(tmp, "new.txt"), "2");
  });
  assert.deepEqual(fs.readdirSync(target), ["new.txt"], "replaced, not merged");
  await assert.rejects(
    writeFolderAtomic(target, async (tmp) => {
      fs.mkdirSync(tmp);
      fs.writeFileSync(path.join(tmp, "half.txt"), "3");
      throw new Error("interrupted");
    }),
    /interrupted/,
  );
  assert.deepEqual(fs.readdirSync(target), ["new.txt"]);
  assert.deepEqual(fs.readdirSync(parent), ["checkpoint-1"]);
});

// The model cache trusts a file whose size and mtime match its record, and re-hashes it when its mtime
// moved. A file copied or touched with its content unchanged was re-hashed on every check (every
// pipeline() call: ~0.2 s for the 91 MB MiniLM fine-tune); its new mtime is now recorded once verified.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { settings } from "../lib/settings";
import { checkSnapshot, modelDir, readSnapshot, writeSnapshot } from "../lib/models/snapshot";
import { scratchDir } from "./helpers/notebooks";

const ID = "course-test/stamps";

function setUp(): { file: string; content: Buffer } {
  settings.cacheDir = scratchDir("snapshot-stamps");
  const dir = modelDir(ID);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "model.bin");
  const content = Buffer.from("weights ".repeat(1000));
  fs.writeFileSync(file, content);
  const sha256 = createHash("sha256").update(content).digest("hex");
  // Recorded with another mtime than the file has: what a copy that rounds mtimes leaves.
  const mtimeMs = fs.statSync(file).mtimeMs - 1234.567;
  writeSnapshot({
    id: ID,
    revision: "main",
    task: "test",
    dtype: "fp32",
    pulledAt: new Date(0).toISOString(),
    files: { "model.bin": { size: content.length, sha256: sha256, mtimeMs: mtimeMs } },
  });
  return { file: file, content: content };
}

test("a file whose mtime moved but whose content did not: verified once, then trusted by its new mtime", async () => {
  const { file, content } = setUp();
  // A copy or touch that sets the mtime (the same call again later gives the same mtime back).
  const touched = new Date(Date.UTC(2024, 0, 1, 12, 0, 0, 250));
  fs.utimesSync(file, touched, touched);
  const mtimeMs = fs.statSync(file).mtimeMs;
  assert.notEqual(readSnapshot(ID)!.files["model.bin"].mtimeMs, mtimeMs);

  assert.equal((await checkSnapshot(ID)).ok, true, "same content: the snapshot checks out");
  assert.equal(readSnapshot(ID)!.files["model.bin"].mtimeMs, mtimeMs, "the verified file's mtime is recorded");

  // Proof that the next check reads the stamp, not the file: change the content, keep size and mtime.
  const flipped = Buffer.from(content);
  flipped[0] ^= 1;
  fs.writeFileSync(file, flipped);
  fs.utimesSync(file, touched, touched);
  assert.equal(fs.statSync(file).mtimeMs, mtimeMs);
  assert.equal((await checkSnapshot(ID)).ok, true, "a matching stamp is trusted without reading the file");
  const deep = await checkSnapshot(ID, { deep: true });
  assert.equal(deep.ok, false, "a deep check reads the file and sees the change");
  assert.match(deep.problems[0], /model\.bin: content changed/);
});

test("a file whose content changed with its mtime: refused, and its record is left as it was", async () => {
  const { file, content } = setUp();
  const before = readSnapshot(ID)!;
  const changed = Buffer.from(content);
  changed[10] ^= 1;
  fs.writeFileSync(file, changed);
  const check = await checkSnapshot(ID);
  assert.equal(check.ok, false);
  assert.match(check.problems[0], /model\.bin: content changed \(sha256 [0-9a-f]{12}…, expected [0-9a-f]{12}…\)/);
  assert.deepEqual(readSnapshot(ID), before, "a failed check records nothing");
});

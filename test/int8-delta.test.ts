// The int8 differences a course fine-tune ships (lib/training/int8-delta.ts): written and read back
// through safetensors as I8 + F32, restored within half a step of each row's scale, and bit for bit
// the same weights whichever side (the build or a learner's first use) restores them.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import test from "node:test";
import { isZeroDelta, quantizeDelta, restoreDelta, SCALE_SUFFIX, splitShipped } from "../lib/training/int8-delta";
import { readSafetensors, writeSafetensors } from "../lib/training/safetensors";

/** Seeded uniform values in [-1, 1) (mulberry32). */
function values(n: number, seed: number, amplitude = 1): Float32Array {
  let a = seed;
  return Float32Array.from({ length: n }, () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return amplitude * (((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1);
  });
}

test("an int8 difference restores each weight within half a step of its row's scale", () => {
  const shape = [12, 40];
  const base = values(480, 1);
  base[5] = -0; // a negative zero in the base (the real MiniLM's word embeddings hold one)
  const change = values(480, 2, 0.01);
  change.fill(0, 40, 80); // a row training left alone
  change[5] = 0;
  const trained = base.map((b, i) => b + change[i]);
  const delta = quantizeDelta(trained, base, shape);
  assert.equal(delta.scale.length, 12);
  assert.equal(delta.scale[1], 0, "an unchanged row has scale 0");
  assert.ok(delta.q.every((q) => Number.isInteger(q) && q >= -127 && q <= 127 && !Object.is(q, -0)));
  for (let r = 0; r < 12; r++)
    if (r !== 1)
      assert.equal(
        Math.max(...delta.q.subarray(r * 40, (r + 1) * 40).map(Math.abs)),
        127,
        `row ${r}'s largest difference is 127 steps`,
      );
  const restored = restoreDelta(base, shape, delta);
  for (let i = 0; i < 480; i++) {
    const step = delta.scale[Math.floor(i / 40)];
    assert.ok(Math.abs(restored[i] - trained[i]) <= step / 2 + 1e-7, `weight ${i}: ${restored[i]} vs ${trained[i]}`);
  }
  assert.deepEqual(restored.subarray(40, 80), base.subarray(40, 80), "an unchanged row comes back exactly");
  assert.equal(isZeroDelta(delta), false);
  assert.equal(isZeroDelta(quantizeDelta(base, base, shape)), true, "no change, nothing to ship");
});

test("a difference that does not fit its weights is refused", () => {
  const base = values(12, 5);
  const delta = quantizeDelta(
    base.map((b) => b + 0.01),
    base,
    [3, 4],
  );
  assert.throws(
    () => restoreDelta(base, [4, 3], delta),
    /shape \[3, 4\] with 3 scales does not fit weights of shape \[4, 3\]/,
  );
  assert.throws(
    () => restoreDelta(base, [3, 4], { ...delta, scale: delta.scale.subarray(0, 2) }),
    /with 2 scales does not fit/,
  );
  assert.throws(
    () => restoreDelta(base, [3, 4], { ...delta, q: delta.q.map((q) => q + 0.5) }),
    /does not fit/,
    "fractional steps (not an I8 tensor)",
  );
  assert.throws(() => quantizeDelta(base, base, [12]), /needs a matrix/);
});

test("int8 differences go through safetensors as I8 with F32 scales and restore bit for bit", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "int8-delta-"));
  const base = values(6 * 8, 3);
  const trained = base.map((b, i) => b + values(48, 4, 0.02)[i]);
  const delta = quantizeDelta(trained, base, [6, 8]);
  const head = { shape: [2], data: Float32Array.from([0.5, -0.25]) };
  const file = path.join(dir, "fine-tuned.safetensors");
  const tensors = new Map([
    ["layer.weight", { shape: [6, 8], data: delta.q }],
    [`layer.weight${SCALE_SUFFIX}`, { shape: [6], data: delta.scale }],
    ["head.bias", head],
  ]);
  writeSafetensors(file, tensors, { format: "pt" }, (name) =>
    name.endsWith(SCALE_SUFFIX) ? "F32" : name === "head.bias" ? "F16" : "I8",
  );
  const bytes = fs.readFileSync(file);
  const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString("utf8"));
  assert.deepEqual(
    [header["layer.weight"].dtype, header[`layer.weight${SCALE_SUFFIX}`].dtype, header["head.bias"].dtype],
    ["I8", "F32", "F16"],
  );
  assert.equal(bytes.length, 8 + Number(bytes.readBigUInt64LE(0)) + 48 + 6 * 4 + 2 * 2);
  const { whole, deltas } = splitShipped(readSafetensors(file));
  assert.deepEqual([...whole.keys()], ["head.bias"]);
  assert.deepEqual(whole.get("head.bias")!.data, head.data);
  const read = deltas.get("layer.weight")!;
  assert.deepEqual([read.shape, read.q, read.scale], [delta.shape, delta.q, delta.scale], "read back as written");
  assert.deepEqual(
    restoreDelta(base, [6, 8], read),
    restoreDelta(base, [6, 8], delta),
    "the same weights as the build's",
  );
  fs.rmSync(dir, { recursive: true });
});

test("I8 refuses values that are not small integers; a scale without its difference is refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "int8-delta-"));
  const bad = new Map([["w", { shape: [2], data: Float32Array.from([3, 200]) }]]);
  assert.throws(() => writeSafetensors(path.join(dir, "x.safetensors"), bad, {}, "I8"), /not integers in -128\.\.127/);
  const lone = new Map([[`w${SCALE_SUFFIX}`, { shape: [1], data: Float32Array.from([1]) }]]);
  assert.throws(() => splitShipped(lone), /has no difference w beside it/);
  fs.rmSync(dir, { recursive: true });
});

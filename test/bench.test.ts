// The benchmark's own parts that can be checked without timing anything against a goal:
// medians and spreads, and the training-step profile (real kernels on the training backend).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { profileTrainingStep } from "../bench/profile-training";
import { summarise } from "../bench/stats";
import { trainingBackend } from "../lib/training/backend";
import { PROJECT } from "./helpers/notebooks";

test("summarise: median of odd and even counts, min, max, runs", () => {
  assert.deepEqual(summarise([3, 1, 2]), { median: 2, min: 1, max: 3, runs: 3 });
  assert.deepEqual(summarise([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4, runs: 4 });
});

test("the training-step profile lists real kernels by time, matrix products among them, and leaves no tensor behind", async () => {
  const { tf } = await trainingBackend();
  const config = JSON.parse(fs.readFileSync(path.join(PROJECT, "data", "models", "sentiment", "config.json"), "utf8"));
  const before = tf.memory().numTensors;
  const p = await profileTrainingStep(tf, config, { batch: 4, seq: 16 });
  assert.equal(tf.memory().numTensors, before);
  const names = p.kernels.map((k) => k.kernel);
  for (const k of ["BatchMatMul", "Softmax", "GatherV2"]) assert.ok(names.includes(k), `${k} in ${names.join(", ")}`);
  assert.ok(!names.includes("forward"), "customGrad's wrapper is not counted twice");
  assert.deepEqual(
    p.kernels.map((k) => k.ms),
    [...p.kernels.map((k) => k.ms)].sort((a, b) => b - a),
    "sorted by time",
  );
  assert.equal(
    p.calls,
    p.kernels.reduce((n, k) => n + k.calls, 0),
  );
  assert.ok(Math.abs(p.totalMs - p.kernels.reduce((n, k) => n + k.ms, 0)) < 1e-6);
  // Two layers: the attention products alone are 6 batched products forward, 12 backward.
  assert.ok(p.kernels.find((k) => k.kernel === "BatchMatMul")!.calls >= 18);
});

// The training backend: native TensorFlow when installed, else wasm, never silently pure JS.
import assert from "node:assert/strict";
import { test } from "node:test";
import { settings } from "../lib/settings";
import { nativeBackendInstalled, trainingBackend } from "../lib/training/backend";
import { compareBackendSpeeds } from "../lib/training/speed";

test("auto picks tfjs-node when installed, else wasm, and says which", async () => {
  const b = await trainingBackend();
  assert.equal(b.name, nativeBackendInstalled() ? "tensorflow" : "wasm");
  assert.equal(b.tf.getBackend(), b.name);
  assert.match(b.description, b.name === "wasm" ? /WebAssembly/ : /native TensorFlow/);
});

test("the backend trains: Adam drives a weight to the minimum of a quadratic", async () => {
  const { tf } = await trainingBackend();
  const w = tf.variable(tf.scalar(0));
  const optimizer = tf.train.adam(0.1);
  for (let i = 0; i < 200; i++) optimizer.minimize(() => w.sub(3).square() as any);
  const value = (await w.data())[0];
  assert.ok(Math.abs(value - 3) < 0.05, `w = ${value}`);
  w.dispose();
});

test("the pure-JS cpu backend is used only when asked for by name", async () => {
  const was = settings.trainingBackend;
  try {
    settings.trainingBackend = "cpu";
    const cpu = await trainingBackend();
    assert.equal(cpu.name, "cpu");
    assert.match(cpu.description, /slow/);
  } finally {
    settings.trainingBackend = was;
  }
  assert.notEqual((await trainingBackend()).name, "cpu");
});

test("the speed comparison measures the training backend and cpu, then switches back", async () => {
  const speeds = await compareBackendSpeeds(128, 2);
  const b = await trainingBackend();
  assert.deepEqual(speeds.map((s) => s.backend), [b.name, "cpu"]);
  for (const s of speeds) assert.ok(s.gflops > 0 && Number.isFinite(s.gflops));
  assert.equal(b.tf.getBackend(), b.name);
});

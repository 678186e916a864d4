// The training backend: native TensorFlow when installed, else wasm, never silently pure JS.
import assert from "node:assert/strict";
import { test } from "node:test";
import { settings } from "../lib/settings";
import { nativeBackendInstalled, trainingBackend } from "../lib/training/backend";
import { compareBackendSpeeds } from "../lib/training/speed";
import { PROJECT } from "./helpers/notebooks";

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
  assert.deepEqual(
    speeds.map((s) => s.backend),
    [b.name, "cpu"],
  );
  for (const s of speeds) assert.ok(s.gflops > 0 && Number.isFinite(s.gflops));
  assert.equal(b.tf.getBackend(), b.name);
});

test("embedding gradients (tf.gather) train on the active backend and match the cpu backend", async () => {
  const { tf, name } = await trainingBackend();
  const table = [
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ];
  const ids = [2, 0, 2, 3, 2];
  const weights = [
    [0.5, -1],
    [2, 1],
    [1, 1],
    [-1, 3],
    [0, 2],
  ];
  const grad = (backend: string) => {
    tf.setBackend(backend);
    const g = tf.grad((t: any) => tf.gather(t, tf.tensor1d(ids, "int32")).mul(tf.tensor2d(weights)).sum())(
      tf.tensor2d(table),
    );
    const out = g.arraySync() as number[][];
    g.dispose();
    return out;
  };
  const here = grad(name);
  const reference = grad("cpu");
  await tf.setBackend(name);
  assert.deepEqual(here, reference);
  // Row 2 was gathered three times: its gradient is the sum of those three rows of weights.
  assert.deepEqual(here[2], [
    weights[0][0] + weights[2][0] + weights[4][0],
    weights[0][1] + weights[2][1] + weights[4][1],
  ]);
  assert.deepEqual(here[1], [0, 0]);
});

test("the course's wasm kernels (batched matMul per matrix, row gather, shared identity) agree with the cpu backend", async () => {
  const { tf, name } = await trainingBackend();
  const run = (backend: string) => {
    tf.setBackend(backend);
    return tf.tidy(() => {
      const a = tf.randomNormal([2, 3, 5, 7], 0, 1, "float32", 1);
      const b = tf.randomNormal([2, 3, 7, 4], 0, 1, "float32", 2);
      const table = tf.randomNormal([6, 3, 2], 0, 1, "float32", 3);
      const ids = tf.tensor2d(
        [
          [5, 0, 2],
          [2, 2, 1],
        ],
        undefined,
        "int32",
      );
      // The gradient of a batched product goes through matMul again, and saves (clones) its inputs.
      const [da, db] = tf.grads((x: any, y: any) => tf.matMul(x, y).square().sum())([a, b]);
      return {
        product: tf.matMul(a, b).arraySync(),
        transposed: tf.matMul(a, a, false, true).arraySync(),
        da: da.arraySync(),
        db: db.arraySync(),
        gathered: tf.gather(table, ids).arraySync(),
        clone: tf.clone(a).add(1).arraySync(),
      };
    });
  };
  const here = run(name);
  const reference = run("cpu");
  await tf.setBackend(name);
  const close = (x: unknown, y: unknown, path: string): void => {
    if (Array.isArray(x)) return (x as unknown[]).forEach((v, i) => close(v, (y as unknown[])[i], `${path}[${i}]`));
    assert.ok(Math.abs((x as number) - (y as number)) < 1e-4, `${path}: ${x} vs ${y}`);
  };
  for (const key of Object.keys(reference) as (keyof typeof reference)[]) close(here[key], reference[key], key);
  assert.deepEqual((here.gathered as number[][][][])[0][0], (reference.gathered as number[][][][])[0][0]);
  assert.throws(
    () => tf.tidy(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([3], "int32"))),
    /index value 3 is not in \[0, 2\]/,
  );
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    tf.matMul(tf.ones([4, 2, 3]), tf.ones([4, 3, 2]));
    tf.clone(tf.ones([2]));
  });
  assert.equal(tf.memory().numTensors, before, "no tensor is left behind");
});

// Regression: the course's kernels once took views of their inputs before allocating their output;
// when that allocation grew the WebAssembly memory the views detached and the kernel silently read
// nothing (a BERT forward off by the token-type embeddings, lost embedding gradients). Each kernel
// here makes an output larger than the whole heap, so the memory must grow inside the kernel.
test("the course's wasm kernels stay right when their output grows the WebAssembly memory", async (t) => {
  const was = settings.trainingBackend;
  settings.trainingBackend = "wasm"; // also where tfjs-node is the default
  t.after(async () => {
    settings.trainingBackend = was;
    await trainingBackend();
  });
  const { tf } = await trainingBackend();
  const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
  const sum = (xs: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i];
    return s;
  };

  // GatherV2 (embedding lookup): every output row is table row 1 = [5, 6, 7, 8].
  let before = heapBytes();
  const rows = Math.ceil((1.5 * before) / 16);
  const gathered = tf.tidy(() =>
    tf.gather(
      tf.tensor2d([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
      tf.fill([rows], 1, "int32"),
    ),
  );
  assert.ok(heapBytes() > before, "the gather grew the memory");
  const g = await gathered.data();
  gathered.dispose();
  assert.equal(g.length, rows * 4);
  assert.equal(sum(g), rows * 26);
  assert.deepEqual(Array.from(g.subarray(g.length - 4)), [5, 6, 7, 8]);

  // UnsortedSegmentSum (the embedding gradient): three rows summed into segment 2 of many.
  before = heapBytes();
  const segments = Math.ceil((1.5 * before) / 8);
  const summed = tf.tidy(() =>
    tf.unsortedSegmentSum(
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tf.tensor1d([2, 0, 2], "int32"),
      segments,
    ),
  );
  assert.ok(heapBytes() > before, "the segment sum grew the memory");
  const s = await summed.data();
  summed.dispose();
  assert.equal(s.length, segments * 2);
  assert.deepEqual(Array.from(s.subarray(0, 6)), [3, 4, 0, 0, 6, 8]);
  assert.equal(sum(s), 21);

  // BatchMatMul per matrix: outer products a_i b_j, an output of 1.5 heaps.
  before = heapBytes();
  const side = Math.ceil(Math.sqrt((1.5 * before) / 8));
  const [av, bv] = [0, 1].map((k) => Float32Array.from({ length: 2 * side }, (_, i) => ((i * 7 + k * 3) % 11) - 5));
  const product = tf.tidy(() => tf.matMul(tf.tensor3d(av, [2, side, 1]), tf.tensor3d(bv, [2, 1, side])));
  assert.ok(heapBytes() > before, "the product grew the memory");
  const p = await product.data();
  product.dispose();
  for (const [m, i, j] of [
    [0, 0, 0],
    [0, side - 1, side - 1],
    [1, 3, side - 2],
    [1, side - 1, 0],
  ]) {
    assert.equal(p[(m * side + i) * side + j], av[m * side + i] * bv[m * side + j], `product[${m}][${i}][${j}]`);
  }
  const expected = [0, 1].reduce(
    (acc, m) => acc + sum(av.subarray(m * side, (m + 1) * side)) * sum(bv.subarray(m * side, (m + 1) * side)),
    0,
  );
  assert.ok(Math.abs(sum(p) - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `sum ${sum(p)} vs ${expected}`);
});

// Threads on WebAssembly under Node (lib/training/wasm-threads.ts): the backend runs on
// settings.wasmThreads threads, a process with threads exits by itself, and one thread or several
// compute the same products, gradients and gathers.
test(
  "the WebAssembly backend runs on settings.wasmThreads threads; one thread or several give the same numbers",
  { timeout: 180_000 },
  async () => {
    const { execFileSync } = await import("node:child_process");
    const script = `
    const { settings } = require("./lib/settings");
    const { trainingBackend } = require("./lib/training/backend");
    settings.trainingBackend = "wasm";
    trainingBackend().then(({ tf, threads }) => {
      const a = tf.randomNormal([3, 64, 96], 0, 1, "float32", 1), b = tf.randomNormal([3, 96, 80], 0, 1, "float32", 2);
      const big = tf.matMul(tf.randomNormal([256, 512], 0, 1, "float32", 3), tf.randomNormal([512, 256], 0, 1, "float32", 4));
      const g = tf.grad((x) => tf.matMul(x, b).square().sum())(a);
      const gathered = tf.gather(tf.randomNormal([50, 8], 0, 1, "float32", 5), tf.tensor1d([3, 49, 0, 3], "int32"));
      const sum = (t) => Array.from(t.dataSync()).reduce((s, v) => s + v, 0);
      console.log(JSON.stringify({ threads, product: sum(tf.matMul(a, b)), big: sum(big), grad: sum(g), gathered: sum(gathered) }));
    });`;
    const run = (threads: number) =>
      JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
          cwd: PROJECT,
          env: { ...process.env, HF_COURSE_WASM_THREADS: String(threads) },
          encoding: "utf8",
          timeout: 120_000,
        })
          .trim()
          .split("\n")
          .pop()!,
      );
    const one = run(1);
    const two = run(2); // returns: the process exited on its own with its workers
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
    for (const k of ["product", "big", "grad", "gathered"])
      assert.ok(
        Math.abs(one[k] - two[k]) <= 1e-3 * Math.max(1, Math.abs(one[k])),
        `${k}: ${one[k]} (1 thread) vs ${two[k]} (2 threads)`,
      );
  },
);

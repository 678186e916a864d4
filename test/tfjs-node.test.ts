// tfjs-node (native TensorFlow), however it was installed (Google's download or npm run setup's
// build from TensorFlow's PyPI wheel): its kernels and a training step of the course's encoder
// agree with the pure-JS cpu backend and with wasm. Skipped where it does not load, except in CI,
// which trains on it (.ci/run: npm run setup builds it).
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import type * as TF from "@tensorflow/tfjs-core";
import { activateBackend } from "../lib/training/backend";
import { bertConfig } from "../lib/training/models/config";
import { EncoderModel } from "../lib/training/models/encoder";
import { AdamW } from "../lib/training/optimizer";
import { probeTfjsNode } from "../tools/setup/tfjs-node/install";
import { tfjsNodeMode } from "../tools/setup/tfjs-node/offer";
import { stubSource } from "../tools/setup/tfjs-node/shim";

const ROOT = path.resolve(__dirname, "..");
const probe = probeTfjsNode(ROOT);
const CI = /^(1|true)$/i.test(process.env.CI ?? "");
const skip = !probe.ok && !CI ? `tfjs-node does not load here (${probe.reason}); npm run setup builds it` : false;

const use = activateBackend;

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    if (!(d <= worst)) [worst, at] = [d, i];
  }
  assert.ok(
    worst <= tol,
    `${what}: element ${at} is ${got[at]}, the cpu backend says ${want[at]} (relative difference ${worst})`,
  );
}

test("tfjs-node loads (where CI runs, npm run setup must have built it)", { skip }, () => {
  assert.ok(
    probe.ok,
    `@tensorflow/tfjs-node does not load: ${probe.ok ? "" : probe.reason}. Run HF_COURSE_TFJS_NODE=pypi npm run setup.`,
  );
  assert.equal(probe.backend, "tensorflow");
});

test("tfjs-node's kernels and gradients agree with the cpu backend", { skip }, async () => {
  const run = async (name: "tensorflow" | "cpu") => {
    const tf = await use(name);
    return tf.tidy(() => {
      const a = tf.randomNormal([2, 3, 5, 7], 0, 1, "float32", 1);
      const b = tf.randomNormal([2, 3, 7, 4], 0, 1, "float32", 2);
      const x = tf.randomNormal([2, 9, 9, 3], 0, 1, "float32", 3);
      const k = tf.randomNormal([3, 3, 3, 4], 0, 1, "float32", 4);
      const table = tf.randomNormal([6, 5], 0, 1, "float32", 5);
      const ids = tf.tensor1d([5, 0, 2, 2, 1], "int32");
      const f = (p: TF.Tensor, q: TF.Tensor, t: TF.Tensor) =>
        tf
          .logSoftmax(tf.tanh(tf.matMul(p, q)))
          .sum()
          .add(tf.gather(t, ids).erf().square().sum()) as TF.Scalar;
      const [da, db, dtable] = tf.grads(f as never)([a, b, table]);
      return {
        matMul: tf.matMul(a, b).dataSync(),
        transposed: tf.matMul(a, a, false, true).dataSync(),
        conv2d: tf.conv2d(x as TF.Tensor4D, k as TF.Tensor4D, [2, 1], "same").dataSync(),
        softmax: tf.softmax(tf.matMul(a, b)).dataSync(),
        moments: tf.moments(a, -1).variance.dataSync(),
        da: da.dataSync(),
        db: db.dataSync(),
        dtable: dtable.dataSync(),
      };
    });
  };
  const here = await run("tensorflow");
  const reference = await run("cpu");
  await use("tensorflow");
  for (const key of Object.keys(reference) as (keyof typeof reference)[])
    assertClose(here[key], reference[key], 1e-4, key);
});

test(
  "a training step of the course's encoder on tfjs-node matches wasm and cpu",
  { skip, timeout: 300_000 },
  async () => {
    const config = bertConfig({
      id2label: { 0: "negative", 1: "positive" },
      vocab_size: 1000,
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      hidden_dropout_prob: 0,
      attention_probs_dropout_prob: 0,
    });
    const steps = async (name: "tensorflow" | "wasm" | "cpu") => {
      const tf = await use(name);
      const model = EncoderModel.fromConfig(tf, config, { seed: 3 });
      const optimizer = new AdamW(tf, model.params, { weightDecay: 0.01 });
      const inputIds = tf.tensor2d(
        [
          [101, 623, 203, 904, 102, 0],
          [101, 919, 385, 999, 112, 102],
        ],
        undefined,
        "int32",
      );
      const batch = {
        inputIds,
        attentionMask: tf.tensor2d(
          [
            [1, 1, 1, 1, 1, 0],
            [1, 1, 1, 1, 1, 1],
          ],
          undefined,
          "int32",
        ),
        labels: tf.tensor1d([1, 0], "int32"),
      };
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { value, grads } = tf.variableGrads(
          () => model.loss(model.forward(batch, { training: true }), batch),
          model.trainableVariables,
        );
        losses.push((await value.data())[0]);
        value.dispose();
        optimizer.applyVariableGrads(grads, 1e-3);
      }
      const weights = await model.weights();
      const sample = [...weights.values()].flatMap((t) => Array.from(t.data.subarray(0, 20)));
      model.dispose();
      optimizer.dispose();
      tf.dispose([inputIds, batch.attentionMask, batch.labels]);
      return { losses, sample };
    };
    const native = await steps("tensorflow");
    const wasm = await steps("wasm");
    const cpu = await steps("cpu");
    await use("tensorflow");
    assert.ok(native.losses[2] < native.losses[0], `the loss falls: ${native.losses.join(", ")}`);
    assertClose(native.losses, cpu.losses, 1e-4, "losses vs cpu");
    assertClose(native.losses, wasm.losses, 1e-4, "losses vs wasm");
    assertClose(native.sample, cpu.sample, 1e-4, "weights after 3 AdamW steps vs cpu");
    assertClose(native.sample, wasm.sample, 1e-4, "weights after 3 AdamW steps vs wasm");
  },
);

test("the setup route's switches and its Python stand-ins", () => {
  assert.equal(tfjsNodeMode({}), "ask");
  assert.equal(tfjsNodeMode({ CI: "true" }), "pypi");
  assert.equal(tfjsNodeMode({ CI: "true", HF_COURSE_TFJS_NODE: "skip" }), "skip");
  assert.equal(tfjsNodeMode({ HF_COURSE_TFJS_NODE: "pypi" }), "pypi");
  assert.throws(() => tfjsNodeMode({ HF_COURSE_TFJS_NODE: "google" }), /must be pypi or skip/);
  const c = stubSource(["PyBool_Type", "_Py_NoneStruct"]);
  assert.match(c, /^void PyBool_Type\(void\) \{ python_missing\("PyBool_Type"\); \}$/m);
  assert.match(c, /^void _Py_NoneStruct\(void\)/m);
});

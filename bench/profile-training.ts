// Where a training step's time goes: tf.profile over one full step (forward, backward, AdamW) of
// the benchmark's encoder, summed by kernel. `npm run bench` stores the table in bench/results.json;
// `npx tsx bench/profile-training.ts` prints it for the active training backend.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import { AdamW } from "../lib/training/optimizer";
import { EncoderModel } from "../lib/training/models/encoder";

export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
}

export async function profileTrainingStep(tf: typeof TF, config: Record<string, unknown>, shape: { batch: number; seq: number }): Promise<{ kernels: KernelShare[]; totalMs: number; calls: number }> {
  const model = EncoderModel.fromConfig(tf, config, { seed: 1 });
  const optimizer = new AdamW(tf, model.params, { weightDecay: 0.01 });
  const ids = tf.randomUniform([shape.batch, shape.seq], 5, Number(config.vocab_size), "int32") as TF.Tensor2D;
  const batch = { inputIds: ids, attentionMask: tf.onesLike(ids) as TF.Tensor2D, labels: tf.randomUniform([shape.batch], 0, 2, "int32") as TF.Tensor1D };
  const step = async () => {
    const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, { training: true }), batch), model.trainableVariables);
    await value.data();
    value.dispose();
    optimizer.applyVariableGrads(grads, 1e-3);
  };
  for (let i = 0; i < 3; i++) await step(); // warm-up: kernels set up, memory grown
  const info = await tf.profile(step);
  const by = new Map<string, KernelShare>();
  for (const k of info.kernels) {
    // customGrad's "forward" wraps kernels that are listed themselves: not counted twice.
    if (k.name === "forward") continue;
    const e = by.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    e.calls++;
    e.ms += Number(k.kernelTimeMs) || 0;
    by.set(k.name, e);
  }
  model.dispose();
  optimizer.dispose();
  tf.dispose([ids, batch.attentionMask, batch.labels]);
  const kernels = [...by.values()].sort((a, b) => b.ms - a.ms);
  return { kernels, totalMs: kernels.reduce((a, k) => a + k.ms, 0), calls: kernels.reduce((a, k) => a + k.calls, 0) };
}

if (require.main === module) {
  (async () => {
    const { trainingBackend } = await import("../lib/training/backend");
    const { tf, name } = await trainingBackend();
    const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "data", "models", "sentiment", "config.json"), "utf8"));
    const p = await profileTrainingStep(tf, config, { batch: 32, seq: 64 });
    console.log(`one training step on ${name}: ${p.totalMs.toFixed(1)} ms in ${p.calls} kernel calls`);
    for (const k of p.kernels.slice(0, 15)) console.log(`${k.kernel.padEnd(22)} ${k.ms.toFixed(1).padStart(7)} ms ${String(k.calls).padStart(5)} calls ${((100 * k.ms) / p.totalMs).toFixed(0).padStart(3)}%`);
  })();
}

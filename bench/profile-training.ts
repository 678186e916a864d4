// Where a training step's time goes: tf.profile over one full step (forward, backward, AdamW) of
// the benchmark's encoder, summed by kernel. `npm run bench` stores the table in bench/results.json;
// `npx tsx bench/profile-training.ts` prints it for the active training backend.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import { trainingStep } from "./training-step";

export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
}

export async function profileTrainingStep(
  tf: typeof TF,
  config: Record<string, unknown>,
  shape: { batch: number; seq: number },
): Promise<{ kernels: KernelShare[]; totalMs: number; calls: number }> {
  const { step, dispose } = trainingStep(tf, config, shape);
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
  dispose();
  const kernels = [...by.values()].sort((a, b) => b.ms - a.ms);
  return { kernels, totalMs: kernels.reduce((a, k) => a + k.ms, 0), calls: kernels.reduce((a, k) => a + k.calls, 0) };
}

if (require.main === module) {
  (async () => {
    const { trainingBackend } = await import("../lib/training/backend");
    const { tf, name } = await trainingBackend();
    const config = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "data", "models", "sentiment", "config.json"), "utf8"),
    );
    const p = await profileTrainingStep(tf, config, { batch: 32, seq: 64 });
    console.log(`one training step on ${name}: ${p.totalMs.toFixed(1)} ms in ${p.calls} kernel calls`);
    for (const k of p.kernels.slice(0, 15))
      console.log(
        `${k.kernel.padEnd(22)} ${k.ms.toFixed(1).padStart(7)} ms ${String(k.calls).padStart(5)} calls ${((100 * k.ms) / p.totalMs).toFixed(0).padStart(3)}%`,
      );
  })();
}

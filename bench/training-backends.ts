// Tokens/s of the benchmark's training step (the stand-in encoder, forward + backward + AdamW) on
// each fast training backend this machine has: tfjs-node (native TensorFlow) where it loads, and
// wasm. `npm run bench` measures the same; this runs only that part:
//   npx tsx bench/training-backends.ts [--batch 32] [--seq 64] [--steps 5] [--repeats 5] [--only wasm] [--json]
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { activateBackend, nativeBackendInstalled, type TrainingBackendName } from "../lib/training/backend";

export { activateBackend };
import { rates, timed, type Summary } from "./stats";
import { trainingStep } from "./training-step";

/** The fast backends to compare here: tfjs-node where it is installed, and wasm. */
export function fastBackends(): TrainingBackendName[] {
  return nativeBackendInstalled() ? ["tensorflow", "wasm"] : ["wasm"];
}

export async function trainingTokensPerS(
  name: TrainingBackendName,
  config: Record<string, unknown>,
  shape: { batch: number; seq: number; steps: number },
  repeats: number,
): Promise<Summary> {
  const tf = await activateBackend(name);
  const t = trainingStep(tf, config, shape);
  const seconds = await timed(async () => {
    for (let i = 0; i < shape.steps; i++) await t.step();
  }, repeats);
  t.dispose();
  return rates(shape.steps * shape.batch * shape.seq, seconds);
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      batch: { type: "string", default: "32" },
      seq: { type: "string", default: "64" },
      steps: { type: "string", default: "5" },
      repeats: { type: "string", default: "5" },
      only: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const shape = { batch: Number(values.batch), seq: Number(values.seq), steps: Number(values.steps) };
  const config = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "data", "models", "sentiment", "config.json"), "utf8"),
  );
  (async () => {
    if (!values.json)
      console.log(
        `training step of data/models/sentiment (batch ${shape.batch}, seq ${shape.seq}, ${shape.steps} steps per run, ${values.repeats} runs after a warm-up)`,
      );
    const names = values.only ? [values.only as TrainingBackendName] : fastBackends();
    const all: Record<string, Summary> = {};
    for (const name of names) {
      const r = (all[name] = await trainingTokensPerS(name, config, shape, Number(values.repeats)));
      if (!values.json)
        console.log(
          `${name.padEnd(10)} ${r.median.toFixed(0).padStart(7)} tokens/s (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)})`,
        );
    }
    if (values.json) console.log(JSON.stringify(all));
  })().catch((err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  });
}

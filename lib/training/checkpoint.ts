// Checkpoints in the Python Trainer's layout: <outputDir>/checkpoint-<step>/ with the model
// (config.json + model.safetensors), optimizer.safetensors (AdamW's moments) and trainer_state.json.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import { writeFolderAtomic } from "../atomic-write";
import type { TrainableModel } from "./model";
import type { AdamW } from "./optimizer";
import { readSafetensors, writeSafetensors, type NamedTensor } from "./safetensors";

export interface SavedState {
  global_step: number;
  epoch: number;
  log_history: Record<string, number>[];
  best_metric?: number;
  best_model_checkpoint?: string;
  optimizer_step: number;
}

export async function saveCheckpoint(
  dir: string,
  model: TrainableModel,
  optimizer: AdamW,
  state: SavedState,
): Promise<void> {
  // A checkpoint folder is complete or absent.
  await writeFolderAtomic(dir, async (tmp) => {
    await model.saveWeightsAndConfig(tmp);
    const moments = new Map<string, NamedTensor>();
    for (const [prefix, map] of [
      ["m", optimizer.m],
      ["v", optimizer.v],
    ] as const) {
      for (const [name, t] of map)
        moments.set(`${prefix}.${name}`, { shape: t.shape, data: (await t.data()) as Float32Array });
    }
    writeSafetensors(path.join(tmp, "optimizer.safetensors"), moments, { step: String(optimizer.step) });
    fs.writeFileSync(path.join(tmp, "trainer_state.json"), JSON.stringify(state, null, 2) + "\n");
  });
}

/** The newest complete checkpoint-<step> folder in outputDir. */
export function latestCheckpoint(outputDir: string): string | undefined {
  if (!fs.existsSync(outputDir)) return undefined;
  const steps = fs
    .readdirSync(outputDir)
    .map((d) => d.match(/^checkpoint-(\d+)$/))
    .filter((m): m is RegExpMatchArray => m !== null && fs.existsSync(path.join(outputDir, m[0], "trainer_state.json")))
    .map((m) => Number(m[1]));
  return steps.length ? path.join(outputDir, `checkpoint-${Math.max(...steps)}`) : undefined;
}

export function loadCheckpoint(tf: typeof TF, dir: string, model: TrainableModel, optimizer: AdamW): SavedState {
  const state = JSON.parse(fs.readFileSync(path.join(dir, "trainer_state.json"), "utf8")) as SavedState;
  model.loadWeights(readSafetensors(path.join(dir, "model.safetensors")));
  const moments = readSafetensors(path.join(dir, "optimizer.safetensors"));
  for (const [prefix, map] of [
    ["m", optimizer.m],
    ["v", optimizer.v],
  ] as const) {
    for (const [name, variable] of map) {
      const t = moments.get(`${prefix}.${name}`);
      if (!t)
        throw new Error(`${dir}/optimizer.safetensors has no state for ${name}: it was saved from a different model`);
      const value = tf.tensor(t.data, t.shape);
      variable.assign(value);
      value.dispose();
    }
  }
  optimizer.step = state.optimizer_step;
  return state;
}

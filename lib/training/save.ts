// savePretrained: a folder that transformers.js's pipeline() loads (config.json, tokenizer files,
// onnx/model.onnx) and that Python transformers loads too (config.json + model.safetensors).
import * as fs from "fs";
import * as path from "path";
import type { EncoderModel } from "./models/encoder";
import { CausalLM } from "./models/gpt2";
import { exportEncoderOnnx } from "./onnx/export-encoder";
import { exportGpt2Onnx } from "./onnx/export-gpt2";

const TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt"];

export interface SaveOptions {
  /** A folder holding the tokenizer the model was trained with (its files are copied). */
  tokenizerDir?: string;
}

export async function savePretrained(model: EncoderModel | CausalLM, dir: string, options: SaveOptions = {}): Promise<void> {
  await model.saveWeightsAndConfig(dir);
  fs.mkdirSync(path.join(dir, "onnx"), { recursive: true });
  const onnxFile = path.join(dir, "onnx", "model.onnx");
  fs.writeFileSync(`${onnxFile}.tmp`, model instanceof CausalLM ? await exportGpt2Onnx(model) : await exportEncoderOnnx(model));
  fs.renameSync(`${onnxFile}.tmp`, onnxFile);
  if (options.tokenizerDir) {
    if (!fs.existsSync(path.join(options.tokenizerDir, "tokenizer.json"))) throw new Error(`${options.tokenizerDir} has no tokenizer.json to save with the model`);
    for (const f of TOKENIZER_FILES) {
      const from = path.join(options.tokenizerDir, f);
      if (fs.existsSync(from) && path.resolve(from) !== path.resolve(dir, f)) fs.copyFileSync(from, path.join(dir, f));
    }
  }
}

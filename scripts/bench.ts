// npm run bench [-- --quick]: what a learner waits for, against the Python reference in the same run
// on the same machine; writes bench/results.json and prints a table with the ratios. Not in npm test.
//   --quick   skip the full notebook run (the slowest part)
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { benchVenv, runPythonBench } from "../bench/python";
import { firstOutput, inference, notebooks, tokenization, training } from "../bench/node-bench";
import { llmBench } from "../bench/llm-bench";
import { profileTrainingStep } from "../bench/profile-training";
import { activateBackend } from "../bench/training-backends";
import { finetuneMiniLm, minilmSentimentFolder } from "../bench/finetune-minilm";
import type { Summary } from "../bench/stats";
import { loadDataset } from "../lib/datasets/load";
import { defaultModel } from "../lib/models/manifest";
import { checkSnapshot, modelDir as cachedModelDir } from "../lib/models/snapshot";
import { settings } from "../lib/settings";
import { trainingBackend, type TrainingBackendName } from "../lib/training/backend";
import { compareBackendSpeeds } from "../lib/training/speed";

const PROJECT = path.resolve(__dirname, "..");
const REPEATS = 5;
const log = (l: string) => console.log(l);

async function main(args: string[]): Promise<void> {
  const unknown = args.filter((a) => a !== "--quick");
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(" ")}: npm run bench [-- --quick]`);
  const quick = args.includes("--quick");
  settings.offline = true; // the benchmark measures local work, not the network
  const modelDir = path.join(settings.zooDir, "sentiment");
  const texts = (await loadDataset("nyu-mll/glue", "sst2", { split: "validation" })).column("sentence") as string[];
  const config = JSON.parse(fs.readFileSync(path.join(modelDir, "config.json"), "utf8"));
  const train = { batch: 32, seq: 64, steps: 5 };
  const job = { modelDir, texts, batchSizes: [1, 32], inferenceTexts: { "1": 64, "32": 256 }, repeats: REPEATS };

  log("bench: inference (transformers.js, ONNX Runtime)");
  const ours: Record<string, Summary | number | string | Record<string, unknown>> = { ...(await inference(job)) };
  // The pinned Hub checkpoint too, when it is in the course cache (never downloaded for the benchmark).
  const hub = defaultModel("sentiment-analysis");
  const hubDir = (await checkSnapshot(hub.id)).ok ? cachedModelDir(hub.id) : undefined;
  if (hubDir) {
    log(`bench: inference with the pinned ${hub.id}`);
    ours.hub = { model: hub.id, ...(await inference({ ...job, modelDir: hubDir })) };
  } else {
    ours.hub = { model: hub.id, skipped: `not in the course cache (npm run models -- pull ${hub.id})` };
  }
  // Python reads the same weights only where the checkpoint has PyTorch ones (Xenova's have ONNX only).
  const hubPython = hubDir && fs.existsSync(path.join(hubDir, "model.safetensors")) ? hubDir : undefined;
  // The model a learner meets offline: the course's fine-tune of the real MiniLM (22.7 M parameters;
  // the stand-in above is 0.7 M, too small to say much), saved with its weights for PyTorch too.
  log("bench: inference with the course's MiniLM sentiment fine-tune");
  const minilmDir = await minilmSentimentFolder();
  ours.minilm = { model: "hf-course/all-MiniLM-L6-v2-sst2", ...(await inference({ ...job, modelDir: minilmDir })) };
  log("bench: tokenization");
  ours.tokenization = await tokenization(modelDir, texts, REPEATS);
  const { tf, name } = await trainingBackend();
  // Where tfjs-node is the training backend, wasm (the fallback elsewhere) is measured beside it.
  const backends: TrainingBackendName[] = [
    name,
    ...(name === "tensorflow" ? (["wasm"] as TrainingBackendName[]) : []),
    ...(name !== "cpu" ? (["cpu"] as TrainingBackendName[]) : []),
  ];
  for (const b of backends) {
    log(`bench: training on TensorFlow.js ${b}`);
    await activateBackend(b);
    // The pure-JS cpu backend is ~500x slower: one step of a quarter batch, once (a step takes ~30 s).
    const r = await training(
      tf,
      config,
      b === "cpu" ? { ...train, batch: train.batch / 4, steps: 1 } : train,
      b === "cpu" ? 1 : REPEATS,
    );
    ours[`training_${b}_tokens_per_s`] = r.tokensPerS;
    ours.parameters = r.parameters;
  }
  await activateBackend(name);
  log(`bench: profile of one training step on ${name}`);
  const profile = await profileTrainingStep(tf, config, train);
  ours[`training_${name}_profile`] = profile as never;
  ours.tfjs_matmul_gflops = Object.fromEntries((await compareBackendSpeeds(512, 5)).map((s) => [s.backend, s.gflops]));
  log("bench: kernel start -> first pipeline output");
  ours.first_output_seconds = await firstOutput(PROJECT, 3);
  if (!quick) ours.notebooks = (await notebooks(PROJECT, log)) as never;

  log("bench: the Python reference");
  const venv = benchVenv(PROJECT, log);
  let python: { ok: boolean; reason?: string; results?: Record<string, any> } = { ok: false, reason: venv.reason };
  if (venv.python) {
    const jobFile = path.join(os.tmpdir(), `bench-job-${process.pid}.json`);
    fs.writeFileSync(
      jobFile,
      JSON.stringify({
        model_dir: modelDir,
        more_model_dirs: { ...(hubPython ? { hub: hubPython } : {}), minilm: minilmDir },
        texts,
        batch_sizes: job.batchSizes,
        inference_texts: job.inferenceTexts,
        repeats: REPEATS,
        train_batch: train.batch,
        train_seq: train.seq,
        train_steps: train.steps,
      }),
    );
    python = runPythonBench(venv.python, jobFile, path.join(PROJECT, "bench", "python_bench.py"));
    fs.rmSync(jobFile, { force: true });
  }

  // WebAssembly on one thread (as tfjs runs it under Node by default): a process of its own, since
  // the backend's thread count is fixed when it starts.
  log("bench: training on wasm, one thread");
  const single = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(PROJECT, "bench", "training-backends.ts"),
      "--only",
      "wasm",
      "--json",
      "--repeats",
      String(REPEATS),
      "--batch",
      String(train.batch),
      "--seq",
      String(train.seq),
      "--steps",
      String(train.steps),
    ],
    { cwd: PROJECT, env: { ...process.env, HF_COURSE_WASM_THREADS: "1" }, encoding: "utf8" },
  );
  if (single.status === 0)
    ours.training_wasm_1_thread_tokens_per_s = JSON.parse(single.stdout.trim().split("\n").pop()!).wasm;
  else log(`bench: wasm on one thread failed: ${single.stderr.trim().split("\n").slice(-2).join(" ")}`);

  const finetuneRows = quick ? 640 : 2560;
  log(`bench: fine-tuning the real all-MiniLM-L6-v2 on ${finetuneRows} SST-2 rows, TS and PyTorch`);
  const finetune = await finetuneMiniLm(finetuneRows, venv.python);
  ours.finetune_minilm = finetune as never;
  // WebAssembly too where tfjs-node trained above (the backend of every learner without it): fewer
  // rows, as it is several times slower; tokens/s compare with PyTorch's from the run above.
  const wasmRows = 640;
  const finetuneWasm =
    name === "tensorflow"
      ? (log(`bench: fine-tuning MiniLM on wasm, ${wasmRows} rows`),
        await finetuneMiniLm(wasmRows, undefined, { backend: "wasm" }))
      : undefined;
  if (finetuneWasm) ours.finetune_minilm_wasm = finetuneWasm.ours as never;
  await activateBackend(name);

  log("bench: SmolLM2-135M-Instruct from its GGUF");
  const llm = await llmBench(venv.python, log);
  ours.llm = llm as never;

  const med = (x: unknown) => (x as Summary | undefined)?.median;
  const py = python.results ?? {};
  const flops = (tokensPerS: number | undefined) =>
    tokensPerS ? (6 * (ours.parameters as number) * tokensPerS) / 1e9 : undefined;
  const rows: [string, number | undefined, number | undefined, string][] = [
    [
      "inference, small stand-in, batch 1 (texts/s)",
      med(ours.inference_batch_1),
      med(py.inference_batch_1),
      "goal ≥ 1.0×",
    ],
    [
      "inference, small stand-in, batch 32 (texts/s)",
      med(ours.inference_batch_32),
      med(py.inference_batch_32),
      "goal ≥ 1.0×",
    ],
    [
      "  the model alone, batch 32 (texts/s)",
      med(ours.model_only_batch_32),
      med(py.model_only_batch_32),
      "ONNX Runtime vs PyTorch",
    ],
    ...job.batchSizes.map(
      (b) =>
        [
          `inference, MiniLM sentiment fine-tune, batch ${b} (texts/s)`,
          med((ours.minilm as Record<string, unknown>)[`inference_batch_${b}`]),
          med(py[`minilm_inference_batch_${b}`]),
          "goal ≥ 1.0×",
        ] as [string, number | undefined, number | undefined, string],
    ),
    ...job.batchSizes.map(
      (b) =>
        [
          `  pinned Hub model, batch ${b} (texts/s)`,
          med((ours.hub as Record<string, unknown>)[`inference_batch_${b}`]),
          med(py[`hub_inference_batch_${b}`]),
          hubDir ? (hubPython ? "" : "no PyTorch weights in the checkpoint") : "not cached: skipped",
        ] as [string, number | undefined, number | undefined, string],
    ),
    ["tokenization (texts/s)", med(ours.tokenization), med(py.tokenization), ""],
    ...backends.map(
      (b) =>
        [
          `training on ${b} (tokens/s)`,
          med(ours[`training_${b}_tokens_per_s`]),
          med(py.training_tokens_per_s),
          b === "wasm" ? "goal ≥ 0.3×" : b === "cpu" ? "a quarter batch, one run" : "",
        ] as [string, number | undefined, number | undefined, string],
    ),
    [
      "  training, PyTorch on one thread (tokens/s)",
      med(ours[`training_${name}_tokens_per_s`]),
      med(py.training_tokens_per_s_1_thread),
      name === "wasm" ? "wasm runs on one thread" : `${name} vs one PyTorch thread`,
    ],
    ...backends.map(
      (b) =>
        [
          `training on ${b} (GFLOP/s, 6N rule)`,
          flops(med(ours[`training_${b}_tokens_per_s`])),
          flops(med(py.training_tokens_per_s)),
          "",
        ] as [string, number | undefined, number | undefined, string],
    ),
    [
      `  training on wasm, one thread (tokens/s)`,
      med(ours.training_wasm_1_thread_tokens_per_s),
      med(py.training_tokens_per_s),
      `wasm on ${settings.wasmThreads} threads above`,
    ],
    [
      `fine-tuning MiniLM, ${finetuneRows} SST-2 rows (tokens/s, ${finetune.ours.backend})`,
      finetune.ours.train_tokens_per_s,
      finetune.python?.train_tokens_per_s,
      finetune.pythonSkipped ?? "goal ≥ 0.5× (≥ 0.3× on wasm)",
    ],
    ...(finetuneWasm
      ? [
          [
            `  on wasm, ${wasmRows} rows (tokens/s)`,
            finetuneWasm.ours.train_tokens_per_s,
            finetune.python?.train_tokens_per_s,
            "goal ≥ 0.3×",
          ] as [string, number | undefined, number | undefined, string],
        ]
      : []),
    [
      "  its evaluation, 872 rows (rows/s)",
      finetune.ours.eval_rows_per_s,
      finetune.python?.eval_rows_per_s,
      "ONNX Runtime vs PyTorch; goal ≥ 0.5×",
    ],
    ["  its validation accuracy", finetune.ours.accuracy, finetune.python?.accuracy, "goal: within 0.01"],
    [
      "fp32 matmul (GFLOP/s): TF.js vs NumPy",
      (ours.tfjs_matmul_gflops as Record<string, number>)[name],
      med(py.numpy_matmul_gflops),
      "the machine's limit",
    ],
    [
      "SmolLM2-135M greedy generation (tokens/s)",
      med(llm.tokens_per_s),
      med(llm.python_tokens_per_s),
      llm.skipped ?? llm.python_unavailable ?? "same GGUF, same fp32 weights; goal ≥ 1.0×",
    ],
    [
      "  SmolLM2 4-bit (MatMulNBits) greedy generation (tokens/s)",
      med(llm.q4_tokens_per_s),
      med(llm.python_tokens_per_s),
      "ours 4-bit vs Python fp32",
    ],
    ["  SmolLM2 GGUF → ONNX conversion, fp32 + q4 (s)", llm.conversion_seconds, undefined, ""],
    ["kernel start → first output (s)", med(ours.first_output_seconds), undefined, "goal ≤ 3 s"],
  ];
  if (!quick) {
    const run = ours.notebooks as { total: number; failed: string[] };
    rows.push([
      "all notebooks offline (s)",
      run.total,
      undefined,
      run.failed.length ? `FAILED: ${run.failed.join(", ")} (the time means nothing)` : "goal ≤ 600 s",
    ]);
  }
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, backend: name },
    repeats: REPEATS,
    course: ours,
    python: python.ok ? py : { unavailable: python.reason },
  };
  fs.writeFileSync(path.join(PROJECT, "bench", "results.json"), JSON.stringify(results, null, 1) + "\n");
  const fmt = (x: number | undefined) => (x === undefined ? "–" : x >= 100 ? x.toFixed(0) : x.toFixed(2));
  console.log(`\n| measure | course (TS) | Python | ratio | |\n|---|---|---|---|---|`);
  for (const [label, a, b, note] of rows)
    console.log(
      `| ${label} | ${fmt(a)} | ${fmt(b)} | ${a !== undefined && b ? `${(a / b).toFixed(2)}×` : "–"} | ${note} |`,
    );
  if (!python.ok) console.log(`\nPython reference unavailable: ${python.reason}`);
  console.log(`\nmedians of ${REPEATS} runs (spread in bench/results.json)`);
  console.log(
    `\nwhere a training step on ${name} spends its time (tf.profile, ${profile.calls} kernel calls, ${profile.totalMs.toFixed(0)} ms):`,
  );
  for (const k of profile.kernels.slice(0, 6))
    console.log(`  ${k.kernel}: ${((100 * k.ms) / profile.totalMs).toFixed(0)}% (${k.calls} calls)`);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});

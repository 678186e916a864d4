// Training as a learner meets it: inside a tslab kernel, the Trainer says which backend it uses,
// shows a progress bar and draws a loss curve that updates in place (one output, its last state).
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { PLOTLY_MIME } from "../lib/plot/plot";
import { runNotebook } from "../tools/notebook/runner";
import { MIRROR, TOKENIZERS } from "./fixtures";
import { cellText, makeNotebook, scratchDir } from "./helpers/notebooks";

test("in a notebook: backend line, progress bar and a live loss curve", { timeout: 600_000 }, async () => {
  const dir = scratchDir("trainer-notebook");
  const sst2 = MIRROR.sst2Validation;
  const tokenizer = TOKENIZERS.miniLM;
  const file = makeNotebook(dir, "train.ipynb", [
    `import { loadDataset } from "hf-course";
import { transformers } from "hf-course/transformers";
import { trainingBackend, EncoderModel, bertConfig, trainingArguments, Trainer } from "hf-course/training";
const { tf } = await trainingBackend();
const raw = await loadDataset("parquet", { dataFiles: ${JSON.stringify(sst2)} });
const tok = await transformers().AutoTokenizer.from_pretrained(${JSON.stringify(tokenizer)});
const data = raw.train.map((b) => ({ input_ids: (b.sentence as string[]).map((s) => tok.encode(s)) }), { batched: true });`,
    `const model = EncoderModel.fromConfig(tf, bertConfig({ hidden_size: 32, intermediate_size: 64, num_hidden_layers: 1, num_attention_heads: 2 }), { seed: 1 });
const trainer = new Trainer({ model, trainDataset: data.take(320), evalDataset: data.take(64),
  args: trainingArguments({ outputDir: ${JSON.stringify(path.join(dir, "out"))}, maxSteps: 20, batchSize: 16, learningRate: 1e-3, loggingSteps: 2, evalStrategy: "steps", evalSteps: 10 }) });
await trainer.train();`,
  ]);
  const result = await runNotebook(file, { cellTimeoutMs: 300_000, env: { HF_HUB_OFFLINE: "1" } });
  assert.deepEqual(result.failures, []);
  const cell = result.executed.cells[1];
  assert.equal(cell.cell_type, "code");
  const outputs = cell.cell_type === "code" ? cell.outputs : [];
  assert.match(cellText(result.executed, 1), /^Training on (wasm|tensorflow): /m);
  const displays = outputs.filter((o) => o.output_type === "display_data") as { data: Record<string, unknown> }[];
  const charts = displays.filter((d) => String(d.data["text/plain"]).startsWith("[chart: Loss]"));
  assert.equal(charts.length, 1, "one loss chart, updated in place");
  // At the end the chart is interactive: Plotly's figure (drawn by its JupyterLab renderer) with its SVG.
  const figure = charts[0].data[PLOTLY_MIME] as { data: { x: number[] }[] };
  assert.deepEqual(figure.data[0].x, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20], "the final chart has every logged step");
  assert.deepEqual(figure.data[1].x, [10, 20], "and both evaluations");
  assert.match(String(charts[0].data["image/svg+xml"]), /<polyline /);
  const bar = displays.find((d) => String(d.data["text/plain"]).startsWith("Training:"));
  assert.match(String(bar?.data["text/plain"]), /^Training: 20 steps in \d+\.\d s$/);
  assert.equal(outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").length, 0, "nothing on stderr");
});

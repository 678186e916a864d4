// The plot helper in a kernel: each chart is Plotly's MIME type with its static SVG, and a live chart
// updates in place. The SVG renderer alone is tested in plot-svg.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Output } from "../tools/notebook/nbformat";
import { runNotebook } from "../tools/notebook/runner";
import { PLOTLY_MIME } from "../lib/plot/plot";
import { makeNotebook, scratchDir } from "./helpers/notebooks";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

function displays(outputs: Output[]) {
  return outputs.filter((o): o is Extract<Output, { output_type: "display_data" }> => o.output_type === "display_data");
}

test("in a kernel: every chart is Plotly's MIME type with its SVG, nothing inlined; a live chart updates its SVG in place, then turns interactive", async () => {
  const dir = scratchDir("plot");
  const file = makeNotebook(dir, "plots.ipynb", [
    `import { plot, livePlot } from "hf-course";`,
    `plot({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: "first" } });`,
    `plot({ data: [{ y: [3, 1, 2] }], layout: { title: "second" } });`,
    `const live = livePlot({ data: [{ x: [], y: [], name: "loss" }], layout: { title: "loss" } });\nfor (let step = 1; step <= 5; step++) live.extend(0, [step], [1 / step]);`,
    `const done = livePlot({ data: [{ x: [], y: [] }], layout: { title: "done" } });\nfor (let step = 1; step <= 3; step++) done.extend(0, [step], [step]);\ndone.finish();`,
  ]);
  const result = await runNotebook(file, { cellTimeoutMs: 120_000 });
  assert.equal(result.ok, true, JSON.stringify(result.failures));
  const outs = result.executed.cells.map((c) => (c.cell_type === "code" ? displays(c.outputs) : []));
  for (const [cell, title] of [
    [1, "first"],
    [2, "second"],
  ] as const) {
    assert.equal(outs[cell].length, 1, "one output per chart");
    const chart = outs[cell][0];
    assert.deepEqual(Object.keys(chart.data).sort(), [PLOTLY_MIME, "image/svg+xml", "text/plain"]);
    assert.match(String(chart.data["image/svg+xml"]), /^<svg /);
    const fig = chart.data[PLOTLY_MIME] as unknown as {
      data: unknown[];
      layout: { title: { text: string }; width: number };
    };
    assert.equal(fig.layout.title.text, title);
    assert.equal(fig.layout.width, 640);
    assert.equal(chart.data["text/plain"], `[chart: ${title}]`);
  }
  const size = JSON.stringify(result.executed).length;
  assert.ok(size < 100_000, `the notebook with its charts is small (${size} bytes)`);
  assert.equal(outs[3].length, 1, "a live chart is one output, updated in place");
  const live = outs[3][0].data;
  assert.equal(
    live[PLOTLY_MIME],
    undefined,
    "while it changes: the static picture, which JupyterLab redraws on each update",
  );
  assert.equal(count(String(live["image/svg+xml"]), /<polyline /g), 1);
  assert.equal(outs[4].length, 1);
  const finished = outs[4][0].data[PLOTLY_MIME] as unknown as { data: { x: number[] }[] };
  assert.deepEqual(
    finished.data[0].x,
    [1, 2, 3],
    "finish() turns the same output into the interactive chart, with every point",
  );
});

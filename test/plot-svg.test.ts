// The static SVG renderer (lib/plot/svg.ts) that every chart carries for GitHub, exports and JupyterLabs
// without Plotly's renderer: ticks, bars, lines, heatmaps with Plotly's colorscales, date axes. No kernel.
import assert from "node:assert/strict";
import { test } from "node:test";
import { niceTicks, renderSvg } from "../lib/plot/svg";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

test("niceTicks gives round steps that cover the range", () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0, 37), [0, 10, 20, 30]);
  assert.deepEqual(niceTicks(-3, 3), [-2, 0, 2]);
  assert.deepEqual(niceTicks(0.5, 0.5), [0.5]);
});

test("a bar chart draws one bar per value, with the categories and the title as text", () => {
  const svg = renderSvg({
    data: [{ type: "bar", x: ["wasm", "cpu"], y: [18.1, 0.6] }],
    layout: { title: "Speed <GFLOP/s>" },
  });
  assert.match(svg, /^<svg [^>]*width="640" height="400"/);
  assert.equal(count(svg, /<rect x=/g), 2);
  assert.match(svg, />wasm</);
  assert.match(svg, />cpu</);
  assert.match(svg, /Speed &lt;GFLOP\/s&gt;/);
  // The taller value gets the taller bar.
  const heights = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" fill="#/g)].map((m) =>
    Number(m[1]),
  );
  assert.ok(heights[0] > heights[1] * 10, String(heights));
});

test("lines become one polyline per trace with a legend; heatmaps one cell per value", () => {
  const lines = renderSvg({
    data: [
      { x: [1, 2, 3], y: [1, 4, 9], name: "train" },
      { y: [2, 3, 4], name: "eval", mode: "lines+markers" },
    ],
  });
  assert.equal(count(lines, /<polyline /g), 2);
  assert.equal(count(lines, /<circle /g), 3);
  assert.match(lines, />train</);
  assert.match(lines, />eval</);
  const heat = renderSvg({
    data: [
      {
        type: "heatmap",
        z: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        x: ["a", "b", "c"],
        y: ["r1", "r2"],
      },
    ],
  });
  assert.equal(
    count(heat, /<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#[0-9a-f]{6}"\/>/g),
    6,
    "one rect per cell",
  );
  assert.equal(count(heat, /<rect class="colorbar"/g), 1, "and a colour bar");
});

/** The x of each marker, in the order drawn. */
const markerXs = (svg: string) => [...svg.matchAll(/<circle cx="([^"]+)"/g)].map((m) => Number(m[1]));

test("date strings make a date axis: points in time order, ticks that read as dates", () => {
  const svg = renderSvg({
    data: [{ mode: "markers", x: ["2018-10", "2019-10", "2018-06", "2020-05"], y: [1, 2, 3, 4] }],
    layout: { width: 700 },
  });
  const [oct18, oct19, jun18, may20] = markerXs(svg);
  assert.ok(jun18 < oct18 && oct18 < oct19 && oct19 < may20, `in time order, not in the data's: ${markerXs(svg)}`);
  // ~Oct 2018 is 4 months after Jun 2018, ~Oct 2019 12 months after Oct 2018: distances follow time.
  assert.ok(Math.abs((oct19 - oct18) / (oct18 - jun18) - 365 / 122) < 0.1);
  const ticks = [...svg.matchAll(/<text [^>]*font-size="11"[^>]*>([A-Z][a-z]{2} \d{4}|\d{4})<\/text>/g)].map(
    (m) => m[1],
  );
  assert.ok(ticks.length >= 3, svg);
  const ms = ticks.map((t) => Date.parse(/^\d{4}$/.test(t) ? `${t}-01-01` : `1 ${t}`));
  assert.deepEqual(
    [...ms].sort((a, b) => a - b),
    ms,
    `ticks in time order: ${ticks}`,
  );
});

test("heatmaps take Plotly's colorscales (Blues runs dark to light; reversescale turns it), cell texts contrast, long labels fit", () => {
  const blues = renderSvg({ data: [{ type: "heatmap", z: [[0, 10]], colorscale: "Blues" }] });
  const fills = (svg: string) =>
    [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="(#[0-9a-f]{6})"\/>/g)].map(
      (m) => m[1],
    );
  assert.deepEqual(fills(blues), ["#050aac", "#dcdcdc"], "Plotly's Blues: rgb(5,10,172) low, rgb(220,220,220) high");
  assert.deepEqual(
    fills(renderSvg({ data: [{ type: "heatmap", z: [[0, 10]], colorscale: "Blues", reversescale: true }] })),
    ["#dcdcdc", "#050aac"],
  );
  assert.deepEqual(
    fills(renderSvg({ data: [{ type: "heatmap", z: [[0, 10]] }] })),
    ["#050aac", "#b20a1c"],
    "no colorscale: Plotly's default, RdBu",
  );
  const confusion = renderSvg({
    data: [
      {
        type: "heatmap",
        z: [
          [50, 3],
          [7, 40],
        ],
        x: ["predicted negative", "predicted positive"],
        y: ["true negative", "true positive"],
        colorscale: "Blues",
        reversescale: true,
        texttemplate: "%{z}",
      },
    ],
    layout: { title: "Confusion matrix", width: 460, height: 380 },
  });
  const texts = [...confusion.matchAll(/<text [^>]*font-size="12" fill="(#[0-9a-f]{3})">(\d+)<\/text>/g)].map(
    (m) => `${m[2]}:${m[1]}`,
  );
  assert.deepEqual(texts.sort(), ["3:#444", "40:#fff", "50:#fff", "7:#444"], "the counts, white on the dark diagonal");
  for (const label of ["true negative", "true positive"]) {
    const m = confusion.match(new RegExp(`<text x="([^"]+)"[^>]*text-anchor="end"[^>]*>${label}</text>`))!;
    assert.ok(m, label);
    assert.ok(Number(m[1]) - label.length * 11 * 0.58 >= 0, `"${label}" fits left of the plot (x=${m[1]})`);
  }
  assert.doesNotMatch(confusion, /rotate\(-30 /, "labels that fit stay level");
  const narrow = renderSvg({
    data: [
      {
        type: "heatmap",
        z: [[1, 2, 3, 4]],
        x: ["predicted negative", "predicted neutral", "predicted positive", "predicted mixed"],
      },
    ],
    layout: { width: 360 },
  });
  assert.equal(
    count(narrow, /transform="rotate\(-30 /g),
    4,
    "x labels wider than their cells are turned, as Plotly does",
  );
});

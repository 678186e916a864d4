// The static SVG next to Plotly's own drawing of the same figure, in Chromium (plotly.js from
// node_modules, no JupyterLab): same point order on a date axis, same colours, same cell texts, and
// every label of the SVG inside the picture. Saves both side by side in test-output/plot-browser/.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { chromium } from "playwright-core";
import type { Figure } from "../lib/plot/figure";
import { plotlyJson } from "../lib/plot/plot";
import { renderSvg } from "../lib/plot/svg";
import { scratchDir } from "./helpers/notebooks";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skip = !fs.existsSync(CHROMIUM) && !process.env.CI ? `no Chromium at ${CHROMIUM} (apt install chromium)` : false;

// The course's figures that misdrew: chapter 2's timeline and attention heatmap, chapter 6's confusion matrix.
const history = [
  ["2017-06", 213e6, "encoder-decoder"],
  ["2018-06", 117e6, "decoder"],
  ["2018-10", 340e6, "encoder"],
  ["2019-02", 1.5e9, "decoder"],
  ["2019-10", 66e6, "encoder"],
  ["2019-10", 406e6, "encoder-decoder"],
  ["2019-10", 11e9, "encoder-decoder"],
  ["2020-05", 175e9, "decoder"],
] as const;
const FIGURES: Record<string, Figure> = {
  timeline: {
    data: ["encoder", "decoder", "encoder-decoder"].map((family) => {
      const rows = history.filter((h) => h[2] === family);
      return {
        type: "scatter" as const,
        mode: "markers" as const,
        name: family,
        x: rows.map((h) => h[0]),
        y: rows.map((h) => Math.log10(h[1])),
      };
    }),
    layout: {
      title: "Transformer models by date and size",
      xaxis: { title: "published" },
      yaxis: { title: "log10(parameters)" },
      width: 700,
      height: 380,
    },
  },
  attention: {
    data: [
      {
        type: "heatmap",
        z: [
          [0.7, 0.2, 0.1],
          [0.3, 0.4, 0.3],
          [0.05, 0.15, 0.8],
        ],
        x: ["the", "film", "was"],
        y: ["the", "film", "was"],
        colorscale: "Blues",
        reversescale: true,
      },
    ],
    layout: { title: "Bidirectional (encoder)", width: 420, height: 360 },
  },
  confusion: {
    data: [
      {
        type: "heatmap",
        z: [
          [380, 48],
          [60, 384],
        ],
        x: ["predicted negative", "predicted positive"],
        y: ["true negative", "true positive"],
        colorscale: "Blues",
        reversescale: true,
        texttemplate: "%{z}",
      },
    ],
    layout: { title: "Confusion matrix, SST-2 validation", width: 460, height: 380 },
  },
};

const rgb = (c: string) => {
  const m =
    c.match(/(\d+),\s*(\d+),\s*(\d+)/) ??
    c
      .match(/^#(..)(..)(..)$/)!
      .slice(0, 4)
      .map((h, i) => (i ? String(parseInt(h, 16)) : h));
  return `rgb(${m[1]}, ${m[2]}, ${m[3]})`;
};

test("the static SVG agrees with Plotly's drawing of the same figures", { skip, timeout: 120_000 }, async () => {
  const out = scratchDir("plot-browser");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 500 } });
    await page.setContent(
      `<body style="margin:0;display:flex;gap:8px;font-family:sans-serif"><div id="svg"></div><div id="plotly"></div></body>`,
    );
    await page.addScriptTag({ path: require.resolve("plotly.js-dist") });
    await page.addScriptTag({ content: "window.__name = (f) => f;" }); // tsx names the functions it compiles into evaluate()
    for (const [name, fig] of Object.entries(FIGURES)) {
      const json = plotlyJson(fig);
      const seen = await page.evaluate(
        async ({ svg, json }) => {
          const P = (
            window as unknown as {
              Plotly: { newPlot: (...a: unknown[]) => Promise<unknown>; purge: (e: Element) => void };
            }
          ).Plotly;
          const host = document.getElementById("svg")!;
          host.innerHTML = svg;
          const gd = document.getElementById("plotly")!;
          P.purge(gd);
          await P.newPlot(gd, json.data, json.layout, json.config);
          const ours = host.querySelector("svg")!;
          const box = ours.getBoundingClientRect();
          const clipped = Array.from(ours.querySelectorAll("text"))
            .filter((t) => {
              const b = t.getBoundingClientRect();
              return (
                b.left < box.left - 0.5 ||
                b.right > box.right + 0.5 ||
                b.top < box.top - 0.5 ||
                b.bottom > box.bottom + 0.5
              );
            })
            .map((t) => t.textContent);
          const byX = (els: Element[], x: (e: Element) => number) =>
            els
              .map((e, i) => [x(e), i] as const)
              .sort((a, b) => a[0] - b[0])
              .map(([, i]) => i);
          const plotlyPoints = Array.from(gd.querySelectorAll(".scatterlayer .trace")).map((tr) =>
            byX(Array.from(tr.querySelectorAll(".point")), (p) => p.getBoundingClientRect().x),
          );
          const plotlyFills = Array.from(gd.querySelectorAll(".scatterlayer .trace")).map(
            (tr) => (tr.querySelector(".point") as SVGElement).style.fill,
          );
          // Our markers, grouped by their fill (one colour per trace, as Plotly's).
          const circles = Array.from(ours.querySelectorAll("circle"));
          const fills = [...new Set(circles.map((c) => c.getAttribute("fill")))];
          const ourPoints = fills.map((f) =>
            byX(
              circles.filter((c) => c.getAttribute("fill") === f),
              (c) => Number(c.getAttribute("cx")),
            ),
          );
          return {
            clipped,
            plotlyPoints,
            ourPoints,
            plotlyFills,
            ourFills: fills,
            plotlyStops: Array.from(gd.querySelectorAll("linearGradient stop")).map(
              (s) => `${s.getAttribute("stop-color")}@${parseFloat(s.getAttribute("offset")!).toFixed(1)}`,
            ),
            ourStops: Array.from(ours.querySelectorAll("linearGradient stop")).map(
              (s) => `${s.getAttribute("stop-color")}@${parseFloat(s.getAttribute("offset")!).toFixed(1)}`,
            ),
            plotlyTexts: Array.from(gd.querySelectorAll(".heatmaplayer text, text.textpoint"))
              .map((t) => `${t.textContent}:${(t as SVGElement).style.fill}`)
              .sort(),
            ourTexts: Array.from(ours.querySelectorAll("text[fill]"))
              .map((t) => `${t.textContent}:${t.getAttribute("fill")}`)
              .sort(),
            plotlyY: Array.from(gd.querySelectorAll(".ytick text")).map((t) => t.textContent),
            plotlyX: Array.from(gd.querySelectorAll(".xtick text")).map((t) => t.textContent),
            ourText: Array.from(ours.querySelectorAll("text")).map((t) => t.textContent),
          };
        },
        { svg: renderSvg(fig), json },
      );
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      assert.deepEqual(seen.clipped, [], `${name}: every label of the SVG is inside it`);
      if (name === "timeline") {
        assert.deepEqual(
          seen.ourPoints,
          seen.plotlyPoints,
          "the points of each trace in the same left-to-right order as Plotly's (a date axis)",
        );
        assert.deepEqual(
          seen.ourFills.map((c) => rgb(c!)),
          seen.plotlyFills.map(rgb),
          "each trace in the same colour",
        );
        for (const tick of seen.plotlyX.filter((t) => /^\d{4}$/.test(t!)))
          assert.ok(seen.ourText.includes(tick), `year tick ${tick} as Plotly's`);
      } else {
        const norm = (stops: string[]) =>
          stops.map((s) => {
            const [c, f] = s.split("@");
            return `${rgb(c)}@${f}`;
          });
        assert.deepEqual(norm(seen.ourStops), norm(seen.plotlyStops), `${name}: the colour bar is Plotly's colorscale`);
        for (const label of fig.data[0].type === "heatmap" ? (fig.data[0].y as string[]) : []) {
          assert.ok(seen.plotlyY.includes(label) && seen.ourText.includes(label), `${name}: "${label}" whole, in both`);
        }
        const texts = (ts: string[]) =>
          ts
            .map((t) => {
              const [v, c] = t.split(":");
              return `${v}:${rgb(c === "#fff" ? "#ffffff" : c === "#444" ? "#444444" : c)}`;
            })
            .sort();
        assert.deepEqual(
          texts(seen.ourTexts),
          texts(seen.plotlyTexts),
          `${name}: the same cell texts in the same colours`,
        );
      }
    }
  } finally {
    await browser.close();
  }
});

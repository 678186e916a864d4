// Charts in the notebook: interactive Plotly (bundle inlined once per kernel session, no CDN),
// with a static SVG kept in the same output for saved, untrusted or exported notebooks.
import { randomBytes } from "crypto";
import { plotlyScript } from "./bundle";
import { displayBundle, escapeHtml, inKernel, type Bundle } from "../display";
import { titleText, type Axis, type Figure, type Layout } from "./figure";
import { renderSvg } from "./svg";

let bundleSent = false;


/** Sends the Plotly bundle once per kernel session, as its own small output. */
function ensurePlotly(): void {
  if (bundleSent || !inKernel()) return;
  displayBundle({
    "text/html": `<script type="text/javascript">${plotlyScript()}</script><div class="hf-course-plotly-loader" style="display:none"></div>`,
    "text/plain": "(interactive charts enabled: plotly.js loaded)",
  });
  bundleSent = true;
}

function base64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

// plotly.js 3+ takes titles only as { text }; the course (like Python's plotly) also accepts a string.
function plotlyAxis(axis: Axis | undefined): Record<string, unknown> | undefined {
  return axis && { ...axis, title: axis.title === undefined ? undefined : { text: titleText(axis.title) } };
}

function plotlyLayout(layout: Layout, width: number, height: number): Record<string, unknown> {
  return {
    margin: { t: layout.title ? 50 : 20 },
    ...layout,
    title: layout.title === undefined ? undefined : { text: titleText(layout.title) },
    xaxis: plotlyAxis(layout.xaxis),
    yaxis: plotlyAxis(layout.yaxis),
    width,
    height,
  };
}

/** The output bundle of a figure: HTML that draws it with Plotly over its static picture. */
export function figureBundle(fig: Figure, id: string = randomBytes(6).toString("hex")): Bundle {
  const svg = renderSvg(fig);
  const width = fig.layout?.width ?? 640;
  const height = fig.layout?.height ?? 400;
  const title = titleText(fig.layout?.title) || "chart";
  const layout = plotlyLayout(fig.layout ?? {}, width, height);
  const figJson = JSON.stringify({ data: fig.data, layout }).replace(/</g, "\\u003c");
  // Until Plotly draws (or where scripts do not run), the static picture shows.
  const html =
    `<div id="hfc-${id}" class="hf-course-plot" style="width:${width}px;height:${height}px">` +
    `<img alt="${escapeHtml(title)}" src="data:image/svg+xml;base64,${base64(svg)}"/></div>` +
    `<script type="text/javascript">(function(){var f=${figJson},n=0;function draw(){` +
    `var el=document.getElementById("hfc-${id}");if(!el)return;` +
    `if(!window.Plotly){if(n++<200)setTimeout(draw,50);return;}` +
    `el.innerHTML="";window.Plotly.newPlot(el,f.data,f.layout,{displaylogo:false,responsive:false});}draw();})();</script>`;
  return { "text/html": html, "image/svg+xml": svg, "text/plain": `[chart: ${title}]` };
}

/** Shows a chart in the cell's output. */
export function plot(fig: Figure): void {
  ensurePlotly();
  displayBundle(figureBundle(fig));
}

/** A chart that redraws in place, e.g. a loss curve during training. */
export class LivePlot {
  private readonly displayId = randomBytes(8).toString("hex");
  private shown = false;
  constructor(private figure: Figure) {}

  /** The figure as it is now. */
  get current(): Figure {
    return this.figure;
  }

  /** Shows the chart (first call) or redraws it with `figure`. */
  show(figure: Figure = this.figure): void {
    this.figure = figure;
    ensurePlotly();
    displayBundle(figureBundle(figure, this.displayId), { displayId: this.displayId, update: this.shown });
    this.shown = true;
  }

  /** Appends points to trace `trace` (a scatter trace) and redraws. */
  extend(trace: number, x: number[], y: number[]): void {
    const t = this.figure.data[trace];
    if (!t || (t.type !== undefined && t.type !== "scatter")) throw new Error(`trace ${trace} is not a line/scatter trace of this chart`);
    t.x = [...(t.x ?? t.y.map((_, i) => i)), ...x];
    t.y = [...t.y, ...y];
    this.show();
  }
}

/** Starts a chart that can be updated in place. */
export function livePlot(fig: Figure): LivePlot {
  const p = new LivePlot(fig);
  p.show();
  return p;
}

// Charts in the notebook, the way Python's plotly shows them: the figure as Plotly's MIME type
// (application/vnd.plotly.v1+json), drawn by Plotly's JupyterLab renderer (the `plotly` package the
// course installs into its JupyterLab: part of the page, so charts draw after a reload and in a
// re-opened notebook), with a static SVG next to it for GitHub, nbviewer, exports and JupyterLabs
// without the renderer. Nothing is inlined: a saved notebook stays small.
import { randomBytes } from "crypto";
import { displayBundle, type Bundle } from "../display";
import { titleText, type Axis, type Figure, type Layout } from "./figure";
import { COLORWAY, renderSvg } from "./svg";

/** Plotly's figure MIME type, rendered by its JupyterLab extension (jupyterlab-plotly). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

// plotly.js 3+ takes titles only as { text }; the course (like Python's plotly) also accepts a string.
function plotlyAxis(axis: Axis | undefined): Record<string, unknown> | undefined {
  return (
    axis && { automargin: true, ...axis, title: axis.title === undefined ? undefined : { text: titleText(axis.title) } }
  );
}

function plotlyLayout(layout: Layout, width: number, height: number): Record<string, unknown> {
  return {
    margin: { t: layout.title ? 50 : 20 },
    colorway: COLORWAY, // the static SVG's trace colours (Python plotly's), not plotly.js's own
    ...layout,
    title: layout.title === undefined ? undefined : { text: titleText(layout.title) },
    xaxis: plotlyAxis(layout.xaxis),
    yaxis: plotlyAxis(layout.yaxis),
    width,
    height,
  };
}

/** The figure as Plotly's JSON (what the MIME type carries): data, layout with its size, config. */
export function plotlyJson(fig: Figure): {
  data: unknown[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
} {
  const width = fig.layout?.width ?? 640;
  const height = fig.layout?.height ?? 400;
  // Through JSON, as the kernel sends it: no undefined fields.
  return JSON.parse(
    JSON.stringify({
      data: fig.data,
      layout: plotlyLayout(fig.layout ?? {}, width, height),
      config: { displaylogo: false, responsive: false },
    }),
  );
}

/**
 * The output bundle of a figure: Plotly's MIME type (interactive), its static SVG, a line of text.
 * `interactive: false` leaves out Plotly's part (a chart that is still being updated, see LivePlot).
 */
export function figureBundle(fig: Figure, options: { interactive?: boolean } = {}): Bundle {
  const title = titleText(fig.layout?.title) || "chart";
  const bundle: Bundle = { "image/svg+xml": renderSvg(fig), "text/plain": `[chart: ${title}]` };
  if (options.interactive ?? true) bundle[PLOTLY_MIME] = plotlyJson(fig);
  return bundle;
}

/** Shows a chart in the cell's output. */
export function plot(fig: Figure): void {
  displayBundle(figureBundle(fig));
}

/**
 * A chart that redraws in place, e.g. a loss curve during training. While it changes it shows its
 * static picture (Plotly's JupyterLab renderer draws a figure once and ignores updates to it);
 * `finish()` turns the last figure into the interactive chart.
 */
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
    this.send(false);
  }

  /** The chart will not change any more: it becomes interactive (Plotly). */
  finish(): void {
    this.send(true);
  }

  private send(interactive: boolean): void {
    displayBundle(figureBundle(this.figure, { interactive }), { displayId: this.displayId, update: this.shown });
    this.shown = true;
  }

  /** Appends points to trace `trace` (a scatter trace) and redraws. */
  extend(trace: number, x: number[], y: number[]): void {
    const t = this.figure.data[trace];
    if (!t || (t.type !== undefined && t.type !== "scatter"))
      throw new Error(`trace ${trace} is not a line/scatter trace of this chart`);
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

// The figures the plot helper draws: a subset of Plotly's figure format (same field names, so a
// learner can take them to plotly.js or Python's plotly), limited to what the static SVG renderer draws.
export type Datum = number | string;

export interface ScatterTrace {
  type?: "scatter";
  x?: Datum[];
  y: number[];
  name?: string;
  mode?: "lines" | "markers" | "lines+markers" | "markers+text" | "lines+markers+text";
  /** A label per point, drawn beside it when `mode` includes "text". */
  text?: string[];
  /** Where each label sits around its point (one for all, or one per point); Plotly's default is "middle center". */
  textposition?: TextPosition | TextPosition[];
}

export type TextPosition = `${"top" | "middle" | "bottom"} ${"left" | "center" | "right"}`;

export interface BarTrace {
  type: "bar";
  x: Datum[];
  y: Datum[];
  name?: string;
  orientation?: "v" | "h";
}

export interface HeatmapTrace {
  type: "heatmap";
  z: number[][];
  x?: Datum[];
  y?: Datum[];
  name?: string;
  /** One of Plotly's named scales ("Blues", "Viridis", ...; Plotly's default is "RdBu") or [fraction, colour] stops. */
  colorscale?: string | [number, string][];
  /** Runs the colorscale the other way (Plotly's "Blues" is dark for low values: reversed, high values are dark). */
  reversescale?: boolean;
  /** Text in each cell: "%{z}" shows the value, "%{z:.2f}" with 2 decimals. */
  texttemplate?: string;
  zmin?: number;
  zmax?: number;
}

export type Trace = ScatterTrace | BarTrace | HeatmapTrace;

export interface Axis {
  title?: string | { text: string };
  /** Numbers; on a date axis, dates ("2019-10", "2019-10-02", ...). */
  range?: [Datum, Datum];
}

export interface Layout {
  title?: string | { text: string };
  xaxis?: Axis;
  yaxis?: Axis;
  width?: number;
  height?: number;
  barmode?: "group" | "stack";
  showlegend?: boolean;
}

export interface Figure {
  data: Trace[];
  layout?: Layout;
}

export function titleText(t: string | { text: string } | undefined): string {
  return typeof t === "string" ? t : (t?.text ?? "");
}

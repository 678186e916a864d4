// The figures the plot helper draws: a subset of Plotly's figure format (same field names, so a
// learner can take them to plotly.js or Python's plotly), limited to what the static SVG renderer draws.
export type Datum = number | string;

export interface ScatterTrace {
  type?: "scatter";
  x?: Datum[];
  y: number[];
  name?: string;
  mode?: "lines" | "markers" | "lines+markers";
}

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
  colorscale?: string;
}

export type Trace = ScatterTrace | BarTrace | HeatmapTrace;

export interface Axis {
  title?: string | { text: string };
  range?: [number, number];
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
  return typeof t === "string" ? t : t?.text ?? "";
}

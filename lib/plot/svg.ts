// A static SVG picture of a figure, stored in the notebook next to the interactive chart so a
// re-opened, untrusted or exported notebook still shows it. Hand-written on purpose: plotly.js
// needs a browser DOM to draw, Kaleido needs Chromium, and vega (which can draw SVG in Node) is
// ESM-only with top-level await, which tslab's CommonJS cells cannot load. It draws only the
// trace kinds in figure.ts: lines/markers, bars, heatmaps.
import { escapeHtml } from "../display";
import { titleText, type BarTrace, type Datum, type Figure, type HeatmapTrace, type Trace } from "./figure";

export const COLORWAY = ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"];
const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

interface Box { left: number; top: number; width: number; height: number }
type Scale = (v: Datum) => number;

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4))));
const text = (x: number, y: number, s: string, attrs = "") => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeHtml(s)}</text>`;

/** Round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  return (v) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
}

function extent(values: number[], includeZero: boolean): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite, includeZero ? 0 : Infinity);
  let hi = Math.max(...finite, includeZero ? 0 : -Infinity);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  // Widen to whole tick steps so the largest value sits below the top gridline, not on the edge.
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(lo) || 1;
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

function categories(values: Datum[][]): string[] {
  const seen = new Set<string>();
  for (const vs of values) for (const v of vs) seen.add(String(v));
  return [...seen];
}

function isBar(t: Trace): t is BarTrace {
  return t.type === "bar";
}

/** x (or, for horizontal bars, y) positions of a trace: given, or 0..n-1. */
function positions(t: Trace): Datum[] {
  if (isBar(t)) return t.orientation === "h" ? t.y : t.x;
  return t.type === "heatmap" ? [] : t.x ?? t.y.map((_, i) => i);
}

function values(t: Trace): number[] {
  if (isBar(t)) return (t.orientation === "h" ? t.x : t.y).map(Number);
  return t.type === "heatmap" ? [] : t.y;
}

function axes(box: Box, xTicks: { at: number; label: string }[], yTicks: { at: number; label: string }[]): string {
  const bottom = box.top + box.height;
  const parts = [`<line x1="${box.left}" y1="${bottom}" x2="${box.left + box.width}" y2="${bottom}" stroke="#444"/>`,
    `<line x1="${box.left}" y1="${box.top}" x2="${box.left}" y2="${bottom}" stroke="#444"/>`];
  for (const t of xTicks) parts.push(text(t.at, bottom + 16, t.label, `text-anchor="middle" font-size="11"`));
  for (const t of yTicks) {
    parts.push(`<line x1="${box.left}" y1="${t.at}" x2="${box.left + box.width}" y2="${t.at}" stroke="#e5e5e5"/>`);
    parts.push(text(box.left - 6, t.at + 4, t.label, `text-anchor="end" font-size="11"`));
  }
  return parts.join("");
}

function cartesian(fig: Figure, box: Box): string {
  const traces = fig.data.filter((t) => t.type !== "heatmap");
  const horizontal = traces.some((t) => isBar(t) && t.orientation === "h");
  const allPos = traces.map(positions);
  const numericPos = allPos.every((ps) => ps.every((p) => typeof p === "number")) && !traces.some(isBar);
  const bars = traces.filter(isBar);
  const stacked = fig.layout?.barmode === "stack";
  const vals = traces.flatMap(values);
  if (stacked) {
    const sums = new Map<string, number>();
    for (const t of bars) positions(t).forEach((p, i) => sums.set(String(p), (sums.get(String(p)) ?? 0) + values(t)[i]));
    vals.push(...sums.values());
  }
  // The value axis runs up (vertical) or right (horizontal bars); the position axis the other way.
  const valueLen = horizontal ? box.width : box.height;
  const posLen = horizontal ? box.height : box.width;
  const [v0, v1] = (horizontal ? fig.layout?.xaxis?.range : fig.layout?.yaxis?.range) ?? extent(vals, bars.length > 0);
  const valueScale = linear([v0, v1], horizontal ? [0, valueLen] : [valueLen, 0]);
  let posScale: Scale;
  let band = 0;
  let posTicks: { at: number; label: string }[];
  if (numericPos) {
    const [p0, p1] = (horizontal ? undefined : fig.layout?.xaxis?.range) ?? extent(allPos.flat() as number[], false);
    const s = linear([p0, p1], [0, posLen]);
    posScale = (v) => s(Number(v));
    posTicks = niceTicks(p0, p1).map((t) => ({ at: s(t), label: fmt(t) }));
  } else {
    const cats = categories(allPos);
    band = posLen / Math.max(1, cats.length);
    const index = new Map(cats.map((c, i) => [c, i]));
    posScale = (v) => (index.get(String(v))! + 0.5) * band;
    const every = Math.ceil(cats.length / Math.max(1, Math.floor(posLen / 60)));
    posTicks = cats.filter((_, i) => i % every === 0).map((c) => ({ at: posScale(c), label: c.length > 14 ? c.slice(0, 13) + "…" : c }));
  }
  const X = (p: number, v: number) => (horizontal ? box.left + v : box.left + p);
  const Y = (p: number, v: number) => (horizontal ? box.top + p : box.top + v);
  const valueTicks = niceTicks(v0, v1).map((t) => ({ at: valueScale(t), label: fmt(t) }));
  const out: string[] = [];
  if (horizontal) {
    out.push(axes(box, valueTicks.map((t) => ({ ...t, at: box.left + t.at })), posTicks.map((t) => ({ ...t, at: box.top + t.at }))));
  } else {
    out.push(axes(box, posTicks.map((t) => ({ ...t, at: box.left + t.at })), valueTicks.map((t) => ({ ...t, at: box.top + t.at }))));
  }
  const base = new Map<string, number>();
  traces.forEach((t, ti) => {
    const color = COLORWAY[ti % COLORWAY.length];
    const ps = positions(t);
    const vs = values(t);
    if (isBar(t)) {
      const bi = bars.indexOf(t);
      const width = stacked ? band * 0.8 : (band * 0.8) / bars.length;
      ps.forEach((p, i) => {
        const start = stacked ? base.get(String(p)) ?? 0 : 0;
        const end = start + vs[i];
        if (stacked) base.set(String(p), end);
        const offset = stacked ? -width / 2 : -band * 0.4 + bi * width;
        const a = valueScale(start), b = valueScale(end);
        const pos = posScale(p) + offset;
        const [x, y, w, h] = horizontal ? [box.left + Math.min(a, b), box.top + pos, Math.abs(b - a), width] : [box.left + pos, box.top + Math.min(a, b), width, Math.abs(b - a)];
        out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`);
      });
      return;
    }
    const mode = t.type === "heatmap" ? "lines" : t.mode ?? "lines";
    const pts = ps.map((p, i) => [X(posScale(p), valueScale(vs[i])), Y(posScale(p), valueScale(vs[i]))]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (mode.includes("lines") && pts.length > 1) {
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}"/>`);
    }
    if (mode.includes("markers") || pts.length === 1) {
      for (const [x, y] of pts) out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${color}"/>`);
    }
  });
  return out.join("");
}

function viridis(f: number): string {
  const i = Math.max(0, Math.min(VIRIDIS.length - 1, Math.round(f * (VIRIDIS.length - 1))));
  return VIRIDIS[i];
}

function heatmap(t: HeatmapTrace, box: Box): string {
  const rows = t.z.length;
  const cols = Math.max(0, ...t.z.map((r) => r.length));
  const flat = t.z.flat().filter(Number.isFinite);
  const [lo, hi] = [Math.min(...flat), Math.max(...flat)];
  const cw = box.width / Math.max(1, cols), ch = box.height / Math.max(1, rows);
  const out: string[] = [];
  const showValues = rows * cols <= 100 && cw > 28 && ch > 14;
  t.z.forEach((row, r) => row.forEach((v, c) => {
    const f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    // Plotly draws row 0 at the bottom.
    const x = box.left + c * cw, y = box.top + (rows - 1 - r) * ch;
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="${viridis(f)}"/>`);
    if (showValues) out.push(text(x + cw / 2, y + ch / 2 + 4, fmt(v), `text-anchor="middle" font-size="10" fill="${f > 0.6 ? "#000" : "#fff"}"`));
  }));
  const xl = t.x ?? Array.from({ length: cols }, (_, i) => i);
  const yl = t.y ?? Array.from({ length: rows }, (_, i) => i);
  const everyX = Math.ceil(cols / Math.max(1, Math.floor(box.width / 50)));
  xl.forEach((l, c) => c % everyX === 0 && out.push(text(box.left + (c + 0.5) * cw, box.top + box.height + 16, String(l), `text-anchor="middle" font-size="11"`)));
  const everyY = Math.ceil(rows / Math.max(1, Math.floor(box.height / 16)));
  yl.forEach((l, r) => r % everyY === 0 && out.push(text(box.left - 6, box.top + (rows - 1 - r + 0.5) * ch + 4, String(l), `text-anchor="end" font-size="11"`)));
  // Colour bar with its range.
  const bx = box.left + box.width + 16;
  VIRIDIS.forEach((c, i) => out.push(`<rect x="${bx}" y="${(box.top + box.height - ((i + 1) * box.height) / VIRIDIS.length).toFixed(1)}" width="12" height="${(box.height / VIRIDIS.length + 0.5).toFixed(1)}" fill="${c}"/>`));
  out.push(text(bx + 16, box.top + 10, fmt(hi), `font-size="10"`), text(bx + 16, box.top + box.height, fmt(lo), `font-size="10"`));
  return out.join("");
}

export function renderSvg(fig: Figure): string {
  const W = fig.layout?.width ?? 640;
  const H = fig.layout?.height ?? 400;
  const title = titleText(fig.layout?.title);
  const heat = fig.data.find((t): t is HeatmapTrace => t.type === "heatmap");
  const named = fig.data.filter((t) => t.name);
  const legend = !heat && (fig.layout?.showlegend ?? named.length > 1);
  const yTitle = titleText(fig.layout?.yaxis?.title);
  const box: Box = { left: yTitle ? 70 : 56, top: title ? 40 : 16, width: 0, height: 0 };
  box.width = W - box.left - (legend ? 140 : heat ? 70 : 20);
  box.height = H - box.top - (titleText(fig.layout?.xaxis?.title) ? 56 : 36);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ];
  if (title) parts.push(text(W / 2, 24, title, `text-anchor="middle" font-size="16"`));
  parts.push(heat ? heatmap(heat, box) : cartesian(fig, box));
  const xTitle = titleText(fig.layout?.xaxis?.title);
  if (xTitle) parts.push(text(box.left + box.width / 2, H - 10, xTitle, `text-anchor="middle" font-size="12"`));
  if (yTitle) parts.push(text(16, box.top + box.height / 2, yTitle, `text-anchor="middle" font-size="12" transform="rotate(-90 16 ${box.top + box.height / 2})"`));
  if (legend) {
    fig.data.forEach((t, i) => {
      const y = box.top + 10 + i * 18;
      parts.push(`<rect x="${W - 130}" y="${y - 9}" width="12" height="12" fill="${COLORWAY[i % COLORWAY.length]}"/>`, text(W - 112, y + 1, t.name ?? `trace ${i}`, `font-size="12"`));
    });
  }
  parts.push("</svg>");
  return parts.join("");
}

// A static SVG picture of a figure, stored in the notebook next to the interactive chart so a
// re-opened, untrusted or exported notebook still shows it. Hand-written on purpose: plotly.js
// needs a browser DOM to draw, Kaleido needs Chromium, and vega (which can draw SVG in Node) is
// ESM-only with top-level await, which tslab's CommonJS cells cannot load. It draws only the
// trace kinds in figure.ts: lines/markers, bars, heatmaps. It follows Plotly where a reader would see
// a difference: date strings make a date axis (in time order, ticks like "Jul 2018"), heatmaps use
// Plotly's colorscales and cell texts, and the margins make room for long labels.
import { escapeHtml } from "../display";
import { colorAt, colorStops, contrastText, toHex } from "./colorscales";
import {
  titleText,
  type BarTrace,
  type Datum,
  type Figure,
  type HeatmapTrace,
  type ScatterTrace,
  type TextPosition,
  type Trace,
} from "./figure";

export const COLORWAY = [
  "#636efa",
  "#EF553B",
  "#00cc96",
  "#ab63fa",
  "#FFA15A",
  "#19d3f3",
  "#FF6692",
  "#B6E880",
  "#FF97FF",
  "#FECB52",
];

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
type Scale = (v: Datum) => number;

const fmt = (v: number) =>
  Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
/** Width of `s` in a sans-serif font of `size` px, estimated (no font metrics in Node). */
export const textWidth = (s: string, size = 11) => s.length * size * 0.58;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
const text = (x: number, y: number, s: string, attrs = "") =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeHtml(s)}</text>`;

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

const DATE = /^\d{4}(-\d{2}(-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?)?$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = 86_400_000;

/** Milliseconds (UTC) of a date string as Plotly reads one ("2019", "2019-10", "2019-10-02 13:45"), else NaN. */
function dateMs(v: Datum): number {
  if (typeof v !== "string" || !DATE.test(v.trim())) return NaN;
  const [d, t = "0:0:0"] = v.trim().split(/[ T]/);
  const [y, m = 1, day = 1] = d.split("-").map(Number);
  const [hh, mm, ss = 0] = t.split(":").map(Number);
  return Date.UTC(y, m - 1, day, hh, mm, 0, ss * 1000);
}

/** Date ticks over [min, max] ms: whole years, months or days, about `count` of them, labelled as Plotly does. */
function dateTicks(min: number, max: number, count = 6): { at: number; label: string }[] {
  const span = Math.max(1, max - min);
  const monthSteps = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600];
  const daySteps = [1, 2, 7, 14];
  const ticks: { at: number; label: string }[] = [];
  const dayStep = daySteps.find((d) => span / (d * DAY) <= count);
  if (span < 60 * DAY && dayStep) {
    const start = new Date(min);
    for (
      let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
      t <= max;
      t += dayStep * DAY
    ) {
      if (t < min) continue;
      const d = new Date(t);
      ticks.push({ at: t, label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}` });
    }
    return ticks;
  }
  const step = monthSteps.find((m) => span / (m * 30.44 * DAY) <= count) ?? 1200;
  const first = new Date(min);
  let y = first.getUTCFullYear(),
    m = first.getUTCMonth();
  m = Math.ceil(m / Math.min(step, 12)) * Math.min(step, 12);
  if (step > 12) y = Math.ceil(y / (step / 12)) * (step / 12);
  for (let t = Date.UTC(y, m, 1); t <= max; t = Date.UTC(y, (m += step), 1)) {
    if (t < min) continue;
    const d = new Date(t);
    ticks.push({
      at: t,
      label: step >= 12 ? String(d.getUTCFullYear()) : `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
    });
  }
  return ticks;
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
  return t.type === "heatmap" ? [] : (t.x ?? t.y.map((_, i) => i));
}

function values(t: Trace): number[] {
  if (isBar(t)) return (t.orientation === "h" ? t.x : t.y).map(Number);
  return t.type === "heatmap" ? [] : t.y;
}

/** Tick labels under the x axis: level, or turned 30° (as Plotly does) when they would run into each other. */
function xLabels(ticks: { at: number; label: string }[], y: number, spacing: number): string {
  const rotate = ticks.some((t) => textWidth(t.label) > spacing * 0.95);
  return ticks
    .map((t) =>
      rotate
        ? text(
            t.at,
            y,
            t.label,
            `text-anchor="end" font-size="11" transform="rotate(-30 ${t.at.toFixed(1)} ${y.toFixed(1)})"`,
          )
        : text(t.at, y + 4, t.label, `text-anchor="middle" font-size="11"`),
    )
    .join("");
}

function axes(box: Box, xTicks: { at: number; label: string }[], yTicks: { at: number; label: string }[]): string {
  const bottom = box.top + box.height;
  const parts = [
    `<line x1="${box.left}" y1="${bottom}" x2="${box.left + box.width}" y2="${bottom}" stroke="#444"/>`,
    `<line x1="${box.left}" y1="${box.top}" x2="${box.left}" y2="${bottom}" stroke="#444"/>`,
  ];
  parts.push(xLabels(xTicks, bottom + 12, xTicks.length > 1 ? Math.abs(xTicks[1].at - xTicks[0].at) : box.width));
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
  // Plotly makes a date axis of date strings ("2018-10"): in time order, not in the data's order.
  const dateAxis =
    !traces.some(isBar) &&
    allPos.some((ps) => ps.length > 0) &&
    allPos.every((ps) => ps.every((p) => Number.isFinite(dateMs(p))));
  const numericPos = dateAxis || (allPos.every((ps) => ps.every((p) => typeof p === "number")) && !traces.some(isBar));
  const posNumber = (v: Datum) => (dateAxis ? dateMs(v) : Number(v));
  const bars = traces.filter(isBar);
  const stacked = fig.layout?.barmode === "stack";
  const vals = traces.flatMap(values);
  if (stacked) {
    const sums = new Map<string, number>();
    for (const t of bars)
      positions(t).forEach((p, i) => sums.set(String(p), (sums.get(String(p)) ?? 0) + values(t)[i]));
    vals.push(...sums.values());
  }
  // The value axis runs up (vertical) or right (horizontal bars); the position axis the other way.
  const valueLen = horizontal ? box.width : box.height;
  const posLen = horizontal ? box.height : box.width;
  const givenValues = horizontal ? fig.layout?.xaxis?.range : fig.layout?.yaxis?.range;
  const [v0, v1] = givenValues ? givenValues.map(Number) : extent(vals, bars.length > 0);
  const valueScale = linear([v0, v1], horizontal ? [0, valueLen] : [valueLen, 0]);
  let posScale: Scale;
  let band = 0;
  let posTicks: { at: number; label: string }[];
  if (numericPos) {
    const given = horizontal ? undefined : fig.layout?.xaxis?.range;
    const nums = allPos.flat().map(posNumber);
    let [p0, p1] = given
      ? given.map(posNumber)
      : dateAxis
        ? [Math.min(...nums), Math.max(...nums)]
        : extent(nums, false);
    if (dateAxis && !given) {
      // Room for the first and last markers, as Plotly leaves.
      const pad = p1 > p0 ? (p1 - p0) * 0.05 : 15 * DAY;
      [p0, p1] = [p0 - pad, p1 + pad];
    }
    const s = linear([p0, p1], [0, posLen]);
    posScale = (v) => s(posNumber(v));
    posTicks = dateAxis
      ? dateTicks(p0, p1, Math.max(2, Math.floor(posLen / 90))).map((t) => ({ at: s(t.at), label: t.label }))
      : niceTicks(p0, p1).map((t) => ({ at: s(t), label: fmt(t) }));
  } else {
    const cats = categories(allPos);
    band = posLen / Math.max(1, cats.length);
    const index = new Map(cats.map((c, i) => [c, i]));
    posScale = (v) => (index.get(String(v))! + 0.5) * band;
    const every = Math.ceil(cats.length / Math.max(1, Math.floor(posLen / 60)));
    posTicks = cats.filter((_, i) => i % every === 0).map((c) => ({ at: posScale(c), label: clip(c, 24) }));
  }
  const X = (p: number, v: number) => (horizontal ? box.left + v : box.left + p);
  const Y = (p: number, v: number) => (horizontal ? box.top + p : box.top + v);
  const valueTicks = niceTicks(v0, v1).map((t) => ({ at: valueScale(t), label: fmt(t) }));
  const out: string[] = [];
  if (horizontal) {
    out.push(
      axes(
        box,
        valueTicks.map((t) => ({ ...t, at: box.left + t.at })),
        posTicks.map((t) => ({ ...t, at: box.top + t.at })),
      ),
    );
  } else {
    out.push(
      axes(
        box,
        posTicks.map((t) => ({ ...t, at: box.left + t.at })),
        valueTicks.map((t) => ({ ...t, at: box.top + t.at })),
      ),
    );
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
        const start = stacked ? (base.get(String(p)) ?? 0) : 0;
        const end = start + vs[i];
        if (stacked) base.set(String(p), end);
        const offset = stacked ? -width / 2 : -band * 0.4 + bi * width;
        const a = valueScale(start),
          b = valueScale(end);
        const pos = posScale(p) + offset;
        const [x, y, w, h] = horizontal
          ? [box.left + Math.min(a, b), box.top + pos, Math.abs(b - a), width]
          : [box.left + pos, box.top + Math.min(a, b), width, Math.abs(b - a)];
        out.push(
          `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`,
        );
      });
      return;
    }
    const mode = (t as ScatterTrace).mode ?? "lines";
    const pts = ps
      .map((p, i) => [X(posScale(p), valueScale(vs[i])), Y(posScale(p), valueScale(vs[i]))])
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (mode.includes("lines") && pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}"/>`,
      );
    }
    if (mode.includes("markers") || pts.length === 1) {
      for (const [x, y] of pts) out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${color}"/>`);
    }
    if (mode.includes("text"))
      out.push(
        ...pointLabels(
          t as ScatterTrace,
          ps.map((p, i) => [X(posScale(p), valueScale(vs[i])), Y(posScale(p), valueScale(vs[i]))]),
        ),
      );
  });
  return out.join("");
}

/** A scatter trace's point labels (Plotly's mode "text"), placed by textposition around each point. */
function pointLabels(t: ScatterTrace, points: number[][]): string[] {
  return (t.text ?? []).flatMap((label, i) => {
    const at = points[i];
    if (!at || !Number.isFinite(at[0]) || !Number.isFinite(at[1]) || !label) return [];
    const position: TextPosition =
      (Array.isArray(t.textposition) ? t.textposition[i] : t.textposition) ?? "middle center";
    const [vertical, horizontal] = position.split(" ");
    const dx = horizontal === "left" ? -6 : horizontal === "right" ? 6 : 0;
    const dy = vertical === "top" ? -7 : vertical === "bottom" ? 15 : 4;
    const anchor = horizontal === "left" ? "end" : horizontal === "right" ? "start" : "middle";
    return [text(at[0] + dx, at[1] + dy, label, `text-anchor="${anchor}" font-size="12" fill="#444"`)];
  });
}

/** A heatmap cell's text from Plotly's texttemplate: %{z}, %{z:.2f}, %{z:.0%}, %{x}, %{y}. */
function cellText(template: string, z: number, x: Datum, y: Datum): string {
  return template.replace(/%\{(x|y|z)(?::\.(\d+)([f%]))?\}/g, (_, key: string, digits?: string, kind?: string) => {
    if (key !== "z") return String(key === "x" ? x : y);
    if (!Number.isFinite(z)) return "";
    if (kind === "%") return `${(z * 100).toFixed(Number(digits))}%`;
    if (kind === "f") return z.toFixed(Number(digits));
    return String(Number(z.toPrecision(6)));
  });
}

function heatmap(t: HeatmapTrace, box: Box): string {
  const rows = t.z.length;
  const cols = Math.max(0, ...t.z.map((r) => r.length));
  const flat = t.z.flat().filter(Number.isFinite);
  const lo = t.zmin ?? Math.min(...flat),
    hi = t.zmax ?? Math.max(...flat);
  const stops = colorStops(t.colorscale, t.reversescale);
  const cw = box.width / Math.max(1, cols),
    ch = box.height / Math.max(1, rows);
  const out: string[] = [];
  const xl = t.x ?? Array.from({ length: cols }, (_, i) => i);
  const yl = t.y ?? Array.from({ length: rows }, (_, i) => i);
  t.z.forEach((row, r) =>
    row.forEach((v, c) => {
      const f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      const color = colorAt(stops, f);
      // Plotly draws row 0 at the bottom.
      const x = box.left + c * cw,
        y = box.top + (rows - 1 - r) * ch;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="${toHex(color)}"/>`,
      );
      if (t.texttemplate)
        out.push(
          text(
            x + cw / 2,
            y + ch / 2 + 4,
            cellText(t.texttemplate, v, xl[c], yl[r]),
            `text-anchor="middle" font-size="12" fill="${contrastText(color)}"`,
          ),
        );
    }),
  );
  const everyX = Math.ceil(cols / Math.max(1, Math.floor(box.width / 50)));
  out.push(
    xLabels(
      xl
        .map((l, c) => ({ at: box.left + (c + 0.5) * cw, label: clip(String(l), 24) }))
        .filter((_, c) => c % everyX === 0),
      box.top + box.height + 12,
      cw * everyX,
    ),
  );
  const everyY = Math.ceil(rows / Math.max(1, Math.floor(box.height / 16)));
  yl.forEach(
    (l, r) =>
      r % everyY === 0 &&
      out.push(
        text(
          box.left - 6,
          box.top + (rows - 1 - r + 0.5) * ch + 4,
          clip(String(l), 24),
          `text-anchor="end" font-size="11"`,
        ),
      ),
  );
  // Colour bar: the scale as a gradient, low at the bottom, with its range.
  const bx = box.left + box.width + 16;
  const id = `cb${Math.abs(stops.reduce((h, [f, c]) => (h * 31 + f * 1000 + c[0] * 7 + c[1] * 3 + c[2]) | 0, 7))}`;
  out.push(
    `<defs><linearGradient id="${id}" x1="0" y1="1" x2="0" y2="0">${stops.map(([f, c]) => `<stop offset="${(f * 100).toFixed(1)}%" stop-color="${toHex(c)}"/>`).join("")}</linearGradient></defs>`,
  );
  out.push(`<rect class="colorbar" x="${bx}" y="${box.top}" width="12" height="${box.height}" fill="url(#${id})"/>`);
  out.push(
    text(bx + 16, box.top + 10, fmt(hi), `font-size="10"`),
    text(bx + 16, box.top + box.height, fmt(lo), `font-size="10"`),
  );
  return out.join("");
}

/** The labels a chart writes left of its plot area and under it (where margins must make room). */
function tickLabels(fig: Figure, heat: HeatmapTrace | undefined): { left: string[]; bottom: string[] } {
  if (heat) {
    const rows = heat.z.length,
      cols = Math.max(0, ...heat.z.map((r) => r.length));
    return {
      left: (heat.y ?? Array.from({ length: rows }, (_, i) => i)).map((l) => clip(String(l), 24)),
      bottom: (heat.x ?? Array.from({ length: cols }, (_, i) => i)).map((l) => clip(String(l), 24)),
    };
  }
  const traces = fig.data;
  const horizontal = traces.some((t) => isBar(t) && t.orientation === "h");
  const pos = traces.flatMap(positions);
  const categorical = traces.some(isBar) || !pos.every((p) => typeof p === "number" || Number.isFinite(dateMs(p)));
  const cats = categorical ? categories(traces.map(positions)).map((c) => clip(c, 24)) : [];
  return horizontal ? { left: cats, bottom: [] } : { left: [], bottom: cats };
}

export function renderSvg(fig: Figure): string {
  const W = fig.layout?.width ?? 640;
  const H = fig.layout?.height ?? 400;
  const title = titleText(fig.layout?.title);
  const heat = fig.data.find((t): t is HeatmapTrace => t.type === "heatmap");
  const named = fig.data.filter((t) => t.name);
  const legend = !heat && (fig.layout?.showlegend ?? named.length > 1);
  const yTitle = titleText(fig.layout?.yaxis?.title);
  const xTitle = titleText(fig.layout?.xaxis?.title);
  // Margins wide enough for the longest labels (Plotly's automargin): "true positive" stays whole.
  const labels = tickLabels(fig, heat);
  const longest = (ls: string[]) => Math.max(0, ...ls.map((l) => textWidth(l)));
  const left = Math.min(W * 0.45, Math.max(yTitle ? 70 : 56, longest(labels.left) + 12 + (yTitle ? 24 : 0)));
  const right = legend ? 140 : heat ? 70 : 20;
  const spacing = (W - left - right) / Math.max(1, labels.bottom.length);
  const turned = longest(labels.bottom) > spacing * 0.95 ? Math.min(H * 0.3, longest(labels.bottom) * 0.5 + 6) : 0;
  const box: Box = { left, top: title ? 40 : 16, width: W - left - right, height: 0 };
  box.height = H - box.top - (xTitle ? 56 : 36) - turned;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ];
  if (title) parts.push(text(W / 2, 24, title, `text-anchor="middle" font-size="16"`));
  parts.push(heat ? heatmap(heat, box) : cartesian(fig, box));
  if (xTitle) parts.push(text(box.left + box.width / 2, H - 10, xTitle, `text-anchor="middle" font-size="12"`));
  if (yTitle)
    parts.push(
      text(
        16,
        box.top + box.height / 2,
        yTitle,
        `text-anchor="middle" font-size="12" transform="rotate(-90 16 ${box.top + box.height / 2})"`,
      ),
    );
  if (legend) {
    fig.data.forEach((t, i) => {
      const y = box.top + 10 + i * 18;
      parts.push(
        `<rect x="${W - 130}" y="${y - 9}" width="12" height="12" fill="${COLORWAY[i % COLORWAY.length]}"/>`,
        text(W - 112, y + 1, t.name ?? `trace ${i}`, `font-size="12"`),
      );
    });
  }
  parts.push("</svg>");
  return parts.join("");
}

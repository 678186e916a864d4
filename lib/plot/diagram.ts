// Box-and-arrow diagrams for the lessons (the pipeline's three steps, a Transformer block), drawn
// as a static SVG and shown in the notebook like a chart. Boxes run top to bottom in columns and an
// arrow joins each box to the next; links join any two boxes: a residual connection around a
// sub-layer (within a column), or the decoder's cross-attention to the encoder (across columns).
import { displayBundle, escapeHtml } from "../display";
import { textWidth } from "./svg";

export interface DiagramBox {
  /** Needed when a link or a repeat frame names the box. */
  id?: string;
  label: string;
  /** Lines under the label (values, shapes), in a monospace font. */
  lines?: string[];
  /** "data" is what flows (text, ids, scores), "step" what transforms it. */
  kind?: "data" | "step";
  /** A short note beside the box, e.g. "chapter 3". */
  note?: string;
}

export interface DiagramColumn {
  title?: string;
  boxes: DiagramBox[];
  /** A dashed frame around the boxes `from`..`to` (ids), labelled e.g. "× 6 layers". */
  repeat?: { from: string; to: string; label: string };
  /** The side where the column's residual links run (default "right"). */
  linkSide?: "left" | "right";
}

export interface DiagramLink {
  from: string;
  to: string;
  /** "residual": around boxes of one column; "cross": from a box of one column to a box of another. */
  kind: "residual" | "cross";
}

export interface Diagram {
  title?: string;
  columns: DiagramColumn[];
  links?: DiagramLink[];
}

const LABEL = 13;
const LINE = 11;
const monoWidth = (s: string) => s.length * LINE * 0.62;
const GAP = 28; // vertical room for an arrow between two boxes
const LANE = 26; // room beside a column for its residual links
const COLORS = { step: { fill: "#dbe4ff", stroke: "#4c6ef5" }, data: { fill: "#f1f3f5", stroke: "#868e96" } };

interface Placed {
  box: DiagramBox;
  column: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

const svgText = (x: number, y: number, s: string, attrs: string) =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeHtml(s)}</text>`;
const line = (points: number[][], attrs = `stroke="#495057" stroke-width="1.5"`) =>
  `<polyline fill="none" ${attrs} points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}"/>`;

/** An arrowhead at (x, y) pointing in direction (dx, dy). */
function head(x: number, y: number, dx: number, dy: number, color = "#495057"): string {
  const [ux, uy] = [dx / Math.hypot(dx, dy), dy / Math.hypot(dx, dy)];
  const [bx, by] = [x - ux * 8, y - uy * 8];
  const pts = [
    [x, y],
    [bx - uy * 4, by + ux * 4],
    [bx + uy * 4, by - ux * 4],
  ];
  return `<polygon fill="${color}" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ")}"/>`;
}

function checkIds(d: Diagram): Map<string, { column: number; index: number }> {
  const ids = new Map<string, { column: number; index: number }>();
  d.columns.forEach((c, column) =>
    c.boxes.forEach((b, index) => {
      if (b.id === undefined) return;
      if (ids.has(b.id)) throw new Error(`diagram: two boxes have the id "${b.id}" (ids must be unique)`);
      ids.set(b.id, { column, index });
    }),
  );
  const need = (id: string, what: string) => {
    if (!ids.has(id))
      throw new Error(`diagram: ${what} names the box "${id}", but no box has that id (give the box an id)`);
    return ids.get(id)!;
  };
  for (const l of d.links ?? []) {
    const [a, b] = [need(l.from, `a ${l.kind} link`), need(l.to, `a ${l.kind} link`)];
    if (l.kind === "residual" && (a.column !== b.column || a.index >= b.index))
      throw new Error(`diagram: the residual link ${l.from} → ${l.to} must go down one column`);
    if (l.kind === "cross" && a.column === b.column)
      throw new Error(`diagram: the cross link ${l.from} → ${l.to} must join two columns`);
  }
  d.columns.forEach((c) => {
    if (!c.repeat) return;
    const [a, b] = [need(c.repeat.from, "a repeat frame"), need(c.repeat.to, "a repeat frame")];
    if (a.column !== b.column || a.index > b.index)
      throw new Error(
        `diagram: the repeat frame ${c.repeat.from}..${c.repeat.to} must span boxes of one column, top to bottom`,
      );
  });
  return ids;
}

/** The diagram as an SVG picture. */
export function renderDiagram(d: Diagram): string {
  checkIds(d);
  const links = d.links ?? [];
  const top = d.title ? 44 : 16;
  const titled = d.columns.some((c) => c.title);
  const placed = new Map<DiagramBox, Placed>();
  const parts: string[] = [];
  let x = 20;
  let bottom = 0;
  const columnEdges: { left: number; right: number }[] = [];
  d.columns.forEach((c, ci) => {
    const hasResidual = links.some((l) => l.kind === "residual" && c.boxes.some((b) => b.id === l.from));
    const side = c.linkSide ?? "right";
    const w = Math.max(
      150,
      ...c.boxes.map((b) => Math.max(textWidth(b.label, LABEL) * 1.08, ...(b.lines ?? []).map(monoWidth)) + 24),
    );
    const noteWidth = Math.max(0, ...c.boxes.map((b) => (b.note ? textWidth(b.note, LINE) + 10 : 0)));
    const left = x + (hasResidual && side === "left" ? LANE : 0);
    let y = top + (titled ? 24 : 0);
    if (c.title)
      parts.push(svgText(left + w / 2, y - 10, c.title, `text-anchor="middle" font-size="14" font-weight="bold"`));
    c.boxes.forEach((b) => {
      const h = 26 + 15 * (b.lines?.length ?? 0);
      placed.set(b, { box: b, column: ci, x: left, y: y, w: w, h: h });
      y += h + GAP + (c.repeat && b.id === c.repeat.to ? 14 : 0);
    });
    bottom = Math.max(bottom, y - GAP);
    const right = left + w + (hasResidual && side === "right" ? LANE : 0);
    columnEdges.push({ left: x, right: right });
    x = right + noteWidth + 70;
  });
  const byId = (id: string) => [...placed.values()].find((p) => p.box.id === id)!;
  // Repeat frames first, so boxes and arrows draw over them.
  d.columns.forEach((c, ci) => {
    if (!c.repeat) return;
    const [a, b] = [byId(c.repeat.from), byId(c.repeat.to)];
    const { left, right } = columnEdges[ci];
    const frameBottom = b.y + b.h + 10;
    parts.push(
      `<rect x="${(left - 6).toFixed(1)}" y="${(a.y - 10).toFixed(1)}" width="${(right - left + 12).toFixed(1)}" height="${(frameBottom - a.y + 10).toFixed(1)}" rx="8" fill="none" stroke="#adb5bd" stroke-dasharray="5 4"/>`,
    );
    parts.push(
      svgText(left - 2, frameBottom + 14, c.repeat.label, `font-size="12" font-style="italic" fill="#495057"`),
    );
  });
  // Arrows between consecutive boxes of a column.
  d.columns.forEach((c) =>
    c.boxes.slice(1).forEach((b, i) => {
      const [from, to] = [placed.get(c.boxes[i])!, placed.get(b)!];
      const cx = from.x + from.w / 2;
      parts.push(
        line([
          [cx, from.y + from.h],
          [cx, to.y - 2],
        ]),
        head(cx, to.y, 0, 1),
      );
    }),
  );
  for (const l of links) {
    const [a, b] = [byId(l.from), byId(l.to)];
    if (l.kind === "residual") {
      const right = (d.columns[a.column].linkSide ?? "right") === "right";
      const edge = right ? a.x + a.w : a.x;
      const lane = right ? edge + LANE - 8 : edge - LANE + 8;
      const [y0, y1] = [a.y + a.h / 2 + 4, b.y + b.h / 2 - 4];
      parts.push(
        line(
          [
            [edge, y0],
            [lane, y0],
            [lane, y1],
            [edge + (right ? 2 : -2), y1],
          ],
          `stroke="#2b8a3e" stroke-width="1.5"`,
        ),
        head(edge, y1, right ? -1 : 1, 0, "#2b8a3e"),
      );
    } else {
      const forward = b.column > a.column;
      const [start, end] = forward ? [a.x + a.w, b.x] : [a.x, b.x + b.w];
      const bend = forward ? columnEdges[b.column].left - 22 : columnEdges[b.column].right + 22;
      const [y0, y1] = [a.y + a.h / 2, b.y + b.h / 2];
      parts.push(
        line(
          [
            [start, y0],
            [bend, y0],
            [bend, y1],
            [end + (forward ? -2 : 2), y1],
          ],
          `stroke="#e8590c" stroke-width="1.5"`,
        ),
        head(end, y1, forward ? 1 : -1, 0, "#e8590c"),
      );
    }
  }
  for (const p of placed.values()) {
    const colors = COLORS[p.box.kind ?? "step"];
    parts.push(
      `<rect x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" width="${p.w.toFixed(1)}" height="${p.h.toFixed(1)}" rx="${p.box.kind === "data" ? 12 : 4}" fill="${colors.fill}" stroke="${colors.stroke}"/>`,
    );
    parts.push(
      svgText(p.x + p.w / 2, p.y + 18, p.box.label, `text-anchor="middle" font-size="${LABEL}" font-weight="bold"`),
    );
    (p.box.lines ?? []).forEach((l, i) =>
      parts.push(
        svgText(
          p.x + p.w / 2,
          p.y + 34 + 15 * i,
          l,
          `text-anchor="middle" font-size="${LINE}" font-family="monospace"`,
        ),
      ),
    );
    if (p.box.note) {
      const side = columnEdges[p.column].right;
      parts.push(
        svgText(side + 8, p.y + p.h / 2 + 4, p.box.note, `font-size="${LINE}" font-style="italic" fill="#868e96"`),
      );
    }
  }
  const width = Math.ceil(x - 50);
  const height = Math.ceil(bottom + 30);
  const title = d.title ? svgText(width / 2, 26, d.title, `text-anchor="middle" font-size="16"`) : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="${width}" height="${height}" fill="#fff"/>${title}${parts.join("")}</svg>`;
}

/** The diagram as plain text: each column's boxes in order, with their lines and links. */
export function diagramText(d: Diagram): string {
  checkIds(d);
  const out: string[] = d.title ? [d.title] : [];
  for (const c of d.columns) {
    if (c.title) out.push(`${c.title}:`);
    c.boxes.forEach((b, i) => {
      out.push(`${i === 0 ? "  " : "  ↓ "}${b.label}${b.note ? ` (${b.note})` : ""}`);
      for (const l of b.lines ?? []) out.push(`      ${l}`);
    });
    if (c.repeat) out.push(`  (${c.repeat.from} … ${c.repeat.to}: ${c.repeat.label})`);
  }
  for (const l of d.links ?? []) out.push(`${l.kind}: ${l.from} → ${l.to}`);
  return out.join("\n");
}

/** Shows a diagram in the cell's output (its SVG, and its text for a plain-text view). */
export function showDiagram(d: Diagram): void {
  displayBundle({ "image/svg+xml": renderDiagram(d), "text/plain": diagramText(d) });
}

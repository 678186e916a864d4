// A readable table of the first rows of a dataset, for the notebook (HTML) and for text output.
import { escapeHtml } from "../display";
import { describeFeature, type Features } from "./features";

const CELL_CHARS = 120;

function cell(value: unknown, feature?: Features[string]): string {
  let s: string;
  if (feature?._type === "ClassLabel" && typeof value === "number") s = `${value} (${feature.names[value] ?? "?"})`;
  else if (typeof value === "string") s = value;
  else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    s = `[${items.slice(0, 12).join(", ")}${items.length > 12 ? `, … (${items.length})` : ""}]`;
  } else s = JSON.stringify(value) ?? String(value);
  return s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS - 1)}…` : s;
}

// JupyterLab typesets $…$ in HTML outputs with MathJax ("$ 693 million … for $" became italic math);
// these classes tell MathJax 2 and 3 to leave the table alone (what pandas does for its tables).
const NO_MATH_CLASS = "tex2jax_ignore mathjax_ignore";

export function tableHtml(rows: Record<string, unknown>[], features: Features, total: number, start = 0): string {
  const cols = Object.keys(features);
  const head = cols
    .map((c) => `<th title="${escapeHtml(describeFeature(features[c]))}">${escapeHtml(c)}</th>`)
    .join("");
  const body = rows
    .map(
      (r, i) =>
        `<tr><td>${start + i}</td>${cols.map((c) => `<td style="text-align:left">${escapeHtml(cell(r[c], features[c]))}</td>`).join("")}</tr>`,
    )
    .join("");
  return (
    `<div class="${NO_MATH_CLASS}"><table><thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>` +
    `<small>${rows.length} of ${total} rows · ${cols.map((c) => `${escapeHtml(c)}: ${escapeHtml(describeFeature(features[c]))}`).join(" · ")}</small></div>`
  );
}

export function tableText(rows: Record<string, unknown>[], features: Features, total: number, start = 0): string {
  const cols = Object.keys(features);
  const lines = rows.map((r, i) => `${start + i}: ${cols.map((c) => `${c}=${cell(r[c], features[c])}`).join(" | ")}`);
  return [...lines, `(${rows.length} of ${total} rows)`].join("\n");
}

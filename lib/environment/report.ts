// Shows environment checks as a table in the notebook (and as text in the saved output).
import { displayBundle, escapeHtml } from "../display";
import type { CheckRow } from "./environment";

// Symbols every common font has (emoji fonts are missing on many Linux machines).
const MARK = { ok: "✔", warn: "⚠", fail: "✘" } as const;
const COLOR = { ok: "#1a7f37", warn: "#b35900", fail: "#cf222e" } as const;

export function checksText(rows: CheckRow[]): string {
  return rows.map((r) => `${MARK[r.status]} ${r.item}: ${r.value}${r.advice ? `  (${r.advice})` : ""}`).join("\n");
}

export function showChecks(rows: CheckRow[]): void {
  const body = rows
    .map(
      (r) =>
        `<tr><td style="color:${COLOR[r.status]};font-weight:bold">${MARK[r.status]}</td><td><b>${escapeHtml(r.item)}</b></td><td>${escapeHtml(r.value)}</td><td>${escapeHtml(r.advice ?? "")}</td></tr>`,
    )
    .join("");
  displayBundle({
    "text/html": `<table><thead><tr><th></th><th>Check</th><th>Result</th><th>What to do</th></tr></thead><tbody>${body}</tbody></table>`,
    "text/plain": checksText(rows),
  });
}

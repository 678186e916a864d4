// How a check's result looks in the notebook: a coloured box with what passed, or what was
// expected versus what came back and a hint; plain text for terminals; and a machine-readable
// copy the grader collects.
import { escapeHtml } from "../display";
import type { Status, Verdict } from "./exercise";

const RESULT_MIME = "application/vnd.hf-course.check+json";

export interface CheckRecord {
  exercise: string;
  title: string;
  hidden: boolean;
  status: Status;
  message: string;
  points: number;
}

const LOOK: Record<Status, { mark: string; colour: string; word: string }> = {
  pass: { mark: "✔", colour: "#1a7f37", word: "Passed" },
  fail: { mark: "✘", colour: "#cf222e", word: "Not yet right" },
  "not-done": { mark: "…", colour: "#6e7781", word: "Not done yet" },
  error: { mark: "⚠", colour: "#bc4c00", word: "Error" },
  missing: { mark: "✘", colour: "#cf222e", word: "Missing" },
  timeout: { mark: "⏱", colour: "#bc4c00", word: "Timed out" },
  crashed: { mark: "⚠", colour: "#bc4c00", word: "Crashed" },
  forged: { mark: "✘", colour: "#cf222e", word: "Forged results" },
};

export function statusWord(status: Status): string {
  return LOOK[status].word;
}

export function resultBundle(record: CheckRecord, verdict: Verdict): Record<string, unknown> {
  const look = LOOK[record.status];
  const rows = [
    verdict.expected !== undefined ? ["expected", verdict.expected] : undefined,
    verdict.got !== undefined ? ["got", verdict.got] : undefined,
    verdict.hint ? ["hint", verdict.hint] : undefined,
  ].filter((r): r is string[] => r !== undefined);
  const html = `<div style="border-left:4px solid ${look.colour};padding:4px 10px;margin:4px 0;font-family:system-ui,sans-serif">
<b style="color:${look.colour}">${look.mark} ${look.word}</b> · ${escapeHtml(record.exercise)} ${escapeHtml(record.title)}${record.hidden ? " (hidden checks)" : ""}
<div>${escapeHtml(verdict.message)}</div>${rows.map(([k, v]) => `<div><b>${k}:</b> <code>${escapeHtml(v)}</code></div>`).join("")}</div>`;
  const text = [
    `${look.mark} ${look.word} · ${record.exercise} ${record.title}${record.hidden ? " (hidden checks)" : ""}`,
    verdict.message,
    ...rows.map(([k, v]) => `${k}: ${v}`),
  ].join("\n");
  return { "text/html": html, "text/plain": text, [RESULT_MIME]: record };
}

// The gradebook (CSV and JSON: student, exercise, points, status, message) and one HTML feedback
// page per submission. Written by the grader only, atomically, after each submission.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../../lib/atomic-write";
import { escapeHtml } from "../../lib/display";
import type { ExerciseGrade } from "./grade";
import { statusWord } from "../../lib/grading/render";

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, text);
}

/** A CSV field: quoted when needed, and a text that starts like a formula (=, +, -, @, tab, CR) made inert with a leading '. */
export function csvField(v: string | number): string {
  if (typeof v === "number") return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The feedback page's file name: the student's name when plain, else a readable form plus a hash of the exact name (Zoé and Zoë get two pages). */
export function feedbackName(student: string): string {
  if (/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/.test(student)) return student;
  const readable = student
    .normalize("NFKD")
    .replace(/[^\w.-]/g, "_")
    .replace(/^\./, "_")
    .slice(0, 60);
  return `${readable}-${createHash("sha256").update(student).digest("hex").slice(0, 8)}`;
}

export interface StudentTotal {
  student: string;
  points: number;
  maxPoints: number;
  passed: number;
  exercises: number;
}

export function totals(rows: readonly ExerciseGrade[]): StudentTotal[] {
  const by = new Map<string, StudentTotal>();
  for (const r of rows) {
    const t = by.get(r.student) ?? { student: r.student, points: 0, maxPoints: 0, passed: 0, exercises: 0 };
    t.points += r.points;
    t.maxPoints += r.maxPoints;
    t.passed += r.status === "pass" ? 1 : 0;
    t.exercises += 1;
    by.set(r.student, t);
  }
  return [...by.values()];
}

export function writeGradebook(outDir: string, rows: readonly ExerciseGrade[], skipped: readonly string[] = []): void {
  const columns = ["student", "exercise", "title", "points", "max_points", "status", "message"] as const;
  const csv =
    [
      columns.join(","),
      ...rows.map((r) =>
        [r.student, r.exercise, r.title, r.points, r.maxPoints, r.status, r.message.replace(/\s+/g, " ")]
          .map(csvField)
          .join(","),
      ),
    ].join("\n") + "\n";
  writeAtomic(path.join(outDir, "gradebook.csv"), csv);
  writeAtomic(
    path.join(outDir, "gradebook.json"),
    JSON.stringify({ students: totals(rows), grades: rows, skipped }, null, 1) + "\n",
  );
}

export function writeFeedback(outDir: string, student: string, rows: readonly ExerciseGrade[]): string {
  const [t] = totals(rows);
  const body = rows
    .map(
      (r) =>
        `<tr class="${r.status}"><td>${escapeHtml(r.exercise)}</td><td>${escapeHtml(r.title)}</td><td>${escapeHtml(statusWord(r.status))}</td><td>${r.points} / ${r.maxPoints}</td><td>${escapeHtml(r.message)}</td></tr>`,
    )
    .join("\n");
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Feedback for ${escapeHtml(student)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}.pass td:nth-child(3){color:#1a7f37}tr:not(.pass) td:nth-child(3){color:#cf222e}</style></head>
<body><h1>Feedback for ${escapeHtml(student)}</h1><p><b>${t?.points ?? 0} / ${t?.maxPoints ?? 0} points</b>, ${t?.passed ?? 0} of ${t?.exercises ?? 0} exercises pass.</p>
<table><thead><tr><th>exercise</th><th></th><th>result</th><th>points</th><th>feedback</th></tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
  const file = path.join(outDir, "feedback", `${feedbackName(student)}.html`);
  writeAtomic(file, html);
  return file;
}

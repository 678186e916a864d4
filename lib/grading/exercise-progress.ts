// A learner's progress: which exercises pass, saved atomically per learner in the course cache
// (<cache>/progress/<learner>.json) and shown by progress() as a chart per chapter.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeJsonAtomic } from "../atomic-write";
import { displayBundle, escapeHtml } from "../display";
import { plot } from "../plot/plot";
import { settings } from "../settings";
import type { Status } from "./exercise";
import { EXERCISES } from "./registry";

export interface ProgressEntry {
  status: Status;
  at: string;
}

export interface ProgressFile {
  learner: string;
  exercises: Record<string, ProgressEntry>;
}

function learnerName(): string {
  return process.env.HF_COURSE_LEARNER || os.userInfo().username || "learner";
}

function progressFile(learner = learnerName()): string {
  return path.join(settings.cacheDir, "progress", `${learner.replace(/[^\w.-]/g, "_")}.json`);
}

function readProgress(learner = learnerName()): ProgressFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(progressFile(learner), "utf8")) as ProgressFile;
    if (parsed && typeof parsed.exercises === "object") return parsed;
  } catch {
    // none yet, or unreadable: start afresh rather than fail a check
  }
  return { learner, exercises: {} };
}

/** Records one result (temporary file + rename, so a crash never leaves half a file). */
export function recordProgress(exercise: string, status: Status, learner = learnerName()): void {
  const file = progressFile(learner);
  const current = readProgress(learner);
  current.exercises[exercise] = { status, at: new Date().toISOString() };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeJsonAtomic(file, current);
}

/** Shows which exercises pass: a bar per chapter (passed / total points) and a table. */
export function progress(learner = learnerName()): void {
  const done = readProgress(learner).exercises;
  const chapters = [...new Set(EXERCISES.map((e) => e.id.split(".")[0]))];
  const points = (ch: string, passedOnly: boolean) =>
    EXERCISES.filter((e) => e.id.split(".")[0] === ch && (!passedOnly || done[e.id]?.status === "pass")).reduce(
      (a, e) => a + e.points,
      0,
    );
  plot({
    data: [
      { type: "bar", name: "passed", x: chapters, y: chapters.map((c) => points(c, true)) },
      { type: "bar", name: "to do", x: chapters, y: chapters.map((c) => points(c, false) - points(c, true)) },
    ],
    layout: {
      title: `Progress of ${learner}`,
      barmode: "stack",
      xaxis: { title: "chapter" },
      yaxis: { title: "points" },
      width: 560,
      height: 300,
    },
  });
  const rows = EXERCISES.map(
    (e) =>
      `<tr><td>${escapeHtml(e.id)}</td><td>${escapeHtml(e.title)}</td><td>${done[e.id]?.status === "pass" ? "✔" : done[e.id] ? escapeHtml(done[e.id].status) : ""}</td><td>${e.points}</td></tr>`,
  ).join("");
  const passed = EXERCISES.filter((e) => done[e.id]?.status === "pass").length;
  displayBundle({
    "text/html": `<table><thead><tr><th>exercise</th><th></th><th>status</th><th>points</th></tr></thead><tbody>${rows}</tbody></table>`,
    "text/plain": `${passed} of ${EXERCISES.length} exercises pass (${progressFile(learner)})`,
  });
}

// Grades a set of submissions unattended: each in its own fresh kernel and sandbox, one after the
// other, with progress. The gradebook is written by the grader alone, from its own memory,
// atomically, after each submission (an interrupted run keeps what it graded), under a lock on the
// output folder (a second run into the same folder is refused).
import * as fs from "fs";
import * as path from "path";
import { settings } from "../../lib/settings";
import { readNotebook } from "../notebook/nbformat";
import { sourceFiles } from "./build";
import { gradeSubmission, type ExerciseGrade, type GradeOptions } from "./grade";
import { ChecksGuard } from "./guard";
import { writeFeedback, writeGradebook, totals } from "./gradebook";
import { exerciseOf, notebookName } from "./release";
import { removeStaleSandboxes, sandboxLevel } from "./sandbox";
import { readSource, type SourceCell } from "./source";

export interface GradeAllOptions extends GradeOptions {
  outDir: string;
  /** The exercise notebook to grade against (e.g. "01-pipelines"); found from the submission when not given. */
  exercises?: string;
  log?: (line: string) => void;
  /** Files given that are not graded (not notebooks): listed in the gradebook. */
  skipped?: string[];
}

export interface GradeRun {
  rows: ExerciseGrade[];
  /** Submissions graded (each gave rows for its exercises). */
  graded: string[];
  /** Submissions not graded, with why (unreadable, no exercises, a conflict). */
  notGraded: { file: string; why: string }[];
  skipped: string[];
}

/** The row a submission that could not be graded gets (so the gradebook says why). */
export const NOTEBOOK_ROW = "(notebook)";

/** The sources a submission answers: named, or every one whose exercise ids its cells carry (else its file name). */
function sourcesFor(file: string, sources: Map<string, SourceCell[]>, named?: string): [string, SourceCell[]][] {
  if (named) {
    const s = sources.get(named);
    if (!s) throw new Error(`no exercises called ${named}; there are: ${[...sources.keys()].join(", ")}`);
    return [[named, s]];
  }
  let ids: string[] = [];
  let why = "";
  try {
    ids = readNotebook(file)
      .cells.map((c) => (c && typeof c === "object" ? exerciseOf(c)?.exercise : undefined))
      .filter((x): x is string => Boolean(x));
  } catch (err) {
    why = (err as Error).message;
  }
  const matched = [...sources].filter(([, cells]) => ids.some((id) => cells.some((c) => c.exercise === id)));
  if (matched.length > 0) return matched;
  const byName = [...sources].filter(([name]) => path.basename(file, ".ipynb") === name);
  if (byName.length > 0) return byName;
  throw new Error(
    why || "the notebook has no exercise cells, so which exercises it answers is unknown (name them with --exercises)",
  );
}

/** alice.ipynb -> "alice"; alice/01-pipelines.ipynb -> "alice". */
export function studentName(file: string, sourceNames: string[]): string {
  const base = path.basename(file, ".ipynb");
  return sourceNames.includes(base) ? path.basename(path.dirname(path.resolve(file))) : base;
}

/** Removes the grader's own paths from a message a student reads. */
function scrub(message: string, paths: string[]): string {
  let out = message;
  for (const p of paths.filter(Boolean).sort((a, b) => b.length - a.length))
    out = out
      .split(p + path.sep)
      .join("")
      .split(p)
      .join("…");
  return out;
}

/** Takes the output folder's lock: a second grading run into the same folder is refused. */
export function lockOutput(outDir: string): () => void {
  fs.mkdirSync(outDir, { recursive: true });
  const lock = path.join(outDir, ".grading.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lock, "utf8").trim() === String(process.pid)) fs.rmSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(lock, "utf8").trim());
      let alive: boolean;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === "EPERM";
      }
      if (alive)
        throw new Error(
          `another grading run (pid ${pid}) is writing to ${outDir}: wait for it to finish, or choose another --out`,
        );
      fs.rmSync(lock, { force: true }); // left by a run that was killed
    }
  }
  throw new Error(`cannot lock ${outDir}`);
}

export async function gradeAll(files: string[], options: GradeAllOptions): Promise<ExerciseGrade[]> {
  return (await gradeRun(files, options)).rows;
}

export async function gradeRun(files: string[], options: GradeAllOptions): Promise<GradeRun> {
  const log = options.log ?? ((l: string) => console.log(l));
  const unlock = lockOutput(options.outDir);
  // The grader judges answers in its own process: the same offline setting as the kernels.
  const offlineBefore = settings.offline;
  if (options.env?.HF_HUB_OFFLINE === "1") settings.offline = true;
  // A kernel runs as another user and cannot signal the grader; Ctrl-C still ends the run cleanly.
  const onSignal = () => {
    unlock();
    removeStaleSandboxes(options.project);
    process.exit(130);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, onSignal);
  try {
    removeStaleSandboxes(options.project);
    if (sandboxLevel() !== "namespace")
      log(
        `note: the kernels run ${sandboxLevel() === "uid" ? "as another user but without a mount namespace: they can read the course's answers" : "as this user, without a sandbox: a submission can tamper with the course (run the grader as root for the sandbox)"}`,
      );
    const sources = new Map(sourceFiles(options.project).map((f) => [notebookName(f), readSource(f)]));
    // Without a sandbox, the after-the-fact guard: the compiled checks are restored if a submission rewrote them.
    // (With one, the kernel cannot write the course, and a restore would undo the instructor's own edits made meanwhile.)
    const guard =
      sandboxLevel() !== "none"
        ? undefined
        : new ChecksGuard([
            path.join(options.project, "lib", "dist"),
            path.join(options.project, "lib", "checks"),
            path.join(options.project, "lib", "grading"),
            path.join(options.project, "exercises", "source"),
          ]);
    const hide = [...new Set([...files.map((f) => path.dirname(path.resolve(f))), path.resolve(options.outDir)])];
    const run: GradeRun = { rows: [], graded: [], notGraded: [], skipped: options.skipped ?? [] };
    const scrubbed = (file: string, m: string) =>
      scrub(m, [path.resolve(options.project), path.dirname(path.resolve(file)), path.resolve(options.outDir)]);
    const students = new Map<string, string>(); // file -> student

    // Which chapters each file answers, and which (student, chapter) pairs have two files.
    const planned = files.map((file) => {
      const student = studentName(file, [...sources.keys()]);
      students.set(file, student);
      try {
        return { file, student, chapters: sourcesFor(file, sources, options.exercises) };
      } catch (err) {
        return { file, student, why: (err as Error).message };
      }
    });
    const owners = new Map<string, string[]>();
    for (const p of planned)
      for (const [name] of p.chapters ?? [])
        owners.set(`${p.student}\u0000${name}`, [...(owners.get(`${p.student}\u0000${name}`) ?? []), p.file]);

    const notGraded = (file: string, student: string, why: string, maxPoints = 0) => {
      const message = scrubbed(file, why);
      run.notGraded.push({ file, why: message });
      run.rows.push({
        student,
        exercise: NOTEBOOK_ROW,
        title: path.basename(file),
        points: 0,
        maxPoints,
        status: "missing",
        message: `not graded: ${message}`,
      });
    };

    for (const [i, p] of planned.entries()) {
      const started = Date.now();
      const prefix = `[${i + 1}/${files.length}] ${p.student}`;
      if (!p.chapters) {
        log(`${prefix}: not graded: ${p.why}`);
        notGraded(p.file, p.student, p.why!);
      } else {
        const conflict = p.chapters
          .map(([name]) => [name, owners.get(`${p.student}\u0000${name}`)!] as const)
          .find(([, fs]) => fs.length > 1);
        if (conflict) {
          const [name, both] = conflict;
          const why = `${p.student} handed in ${both.length} notebooks for ${name} (${both.map((f) => path.join(path.basename(path.dirname(path.resolve(f))), path.basename(f))).join(", ")}): none of them was graded; keep one`;
          log(`${prefix}: not graded: ${why}`);
          notGraded(p.file, p.student, why);
        } else {
          const names = p.chapters.map(([n]) => n);
          log(`${prefix}: grading ${p.file} against ${names.join(", ")}`);
          let grades: ExerciseGrade[];
          try {
            grades = await gradeSubmission(
              p.file,
              p.student,
              p.chapters.flatMap(([, cells]) => cells),
              {
                ...options,
                hide,
                onCell: (cell, cells, first) => log(`${prefix}: cell ${cell}/${cells}  ${first.slice(0, 60)}`),
              },
            );
            grades = grades.map((g) => ({ ...g, message: scrubbed(p.file, g.message) }));
          } catch (err) {
            log(`${prefix}: not graded: ${(err as Error).message}`);
            notGraded(p.file, p.student, (err as Error).message);
            grades = [];
          }
          const tampered = guard?.restore() ?? [];
          if (tampered.length > 0) {
            const what = tampered
              .map((f) => path.relative(options.project, f))
              .slice(0, 3)
              .join(", ");
            grades = grades.map((g) => ({
              ...g,
              points: 0,
              status: "error",
              message: `not graded: the course's checks changed while this submission ran (${what}); they were restored`,
            }));
          }
          if (grades.length > 0) {
            run.rows.push(...grades);
            run.graded.push(p.file);
            const [t] = totals(grades);
            log(
              `${prefix}: ${t.points}/${t.maxPoints} points, ${t.passed}/${t.exercises} exercises pass (${((Date.now() - started) / 1000).toFixed(1)} s)`,
            );
          }
        }
      }
      writeGradebook(options.outDir, run.rows, run.skipped);
      writeFeedback(
        options.outDir,
        p.student,
        run.rows.filter((r) => r.student === p.student),
      );
    }
    writeGradebook(options.outDir, run.rows, run.skipped);
    return run;
  } finally {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeListener(signal, onSignal);
    settings.offline = offlineBefore;
    unlock();
  }
}

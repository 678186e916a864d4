// Grading on real tslab kernels: solutions grade 100% and untouched exercises 0%; bad submissions each
// get a clear per-exercise result while the other exercises are still graded; 20 submissions grade
// unattended with consistent totals. Markers, hashes and the committed notebooks: grading-markers.test.ts.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { sourceFiles } from "../tools/grading/build";
import { gradeAll } from "../tools/grading/grade-all";
import type { ExerciseGrade } from "../tools/grading/grade";
import { exerciseOf } from "../tools/grading/release";
import { sandboxLevel } from "../tools/grading/sandbox";
import { readNotebook, toLines, type Notebook } from "../tools/notebook/nbformat";
import { PROJECT, scratchDir } from "./helpers/notebooks";

const SOLUTION = readNotebook(path.join(PROJECT, "solutions", "00-setup.ipynb"));
const EXERCISE = readNotebook(path.join(PROJECT, "exercises", "00-setup.ipynb"));
const OPTIONS = {
  project: PROJECT,
  cellTimeoutMs: 20_000,
  notebookTimeoutMs: 240_000,
  env: { HF_HUB_OFFLINE: "1" },
  log: () => {},
};

function solutionText(nb: Notebook, id: string): string {
  const cell = nb.cells.find((c) => exerciseOf(c)?.exercise === id && exerciseOf(c)?.role === "solution")!;
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A copy of `nb` with exercise `id`'s answer cell replaced (or removed with null, or doubled). */
function withAnswer(nb: Notebook, id: string, text: string | null, options: { duplicate?: string } = {}): Notebook {
  const copy = structuredClone(nb);
  const i = copy.cells.findIndex((c) => exerciseOf(c)?.exercise === id && exerciseOf(c)?.role === "solution");
  if (text === null) copy.cells.splice(i, 1);
  else {
    copy.cells[i].source = toLines(text);
    if (options.duplicate !== undefined)
      copy.cells.splice(i + 1, 0, { ...structuredClone(copy.cells[i]), id: "dup", source: toLines(options.duplicate) });
  }
  return copy;
}

function save(dir: string, name: string, nb: Notebook): string {
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

const byStudent = (rows: ExerciseGrade[], student: string) =>
  Object.fromEntries(rows.filter((r) => r.student === student).map((r) => [r.exercise, r]));

test(
  "solutions grade 100%, untouched exercises 0% with a 'not done yet' message each; submissions stay unchanged",
  { timeout: 300_000 },
  async () => {
    const dir = scratchDir("grading-basic");
    const files = [save(dir, "solved", SOLUTION), save(dir, "untouched", EXERCISE)];
    const before = files.map((f) => fs.readFileSync(f));
    const out = path.join(dir, "out");
    const rows = await gradeAll(files, { ...OPTIONS, outDir: out });
    const solved = Object.values(byStudent(rows, "solved"));
    const untouched = Object.values(byStudent(rows, "untouched"));
    assert.equal(solved.length, 3);
    for (const r of solved) assert.equal(r.status, "pass", `${r.exercise}: ${r.message}`);
    assert.equal(
      solved.reduce((a, r) => a + r.points, 0),
      solved.reduce((a, r) => a + r.maxPoints, 0),
    );
    for (const r of untouched) {
      assert.equal(r.status, "not-done", `${r.exercise}: ${r.message}`);
      assert.match(r.message, /not done yet/);
      assert.equal(r.points, 0);
    }
    files.forEach((f, i) => assert.ok(fs.readFileSync(f).equals(before[i]), `${f} was modified`));
    const csv = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n");
    assert.equal(csv[0], "student,exercise,title,points,max_points,status,message");
    assert.equal(csv.length, 1 + 6);
    const html = fs.readFileSync(path.join(out, "feedback", "solved.html"), "utf8");
    assert.match(html, /4 \/ 4 points/);
  },
);

// Every chapter's exercises (00-setup is graded above): solutions 100%, untouched exercises 0%.
for (const source of sourceFiles(PROJECT)
  .map((f) => path.basename(f, ".ts"))
  .filter((n) => n !== "00-setup")) {
  test(
    `${source}: the solutions grade 100% and the untouched exercises 0%, each with a message`,
    { timeout: 900_000 },
    async () => {
      const dir = scratchDir(`grading-${source}`);
      const solved = path.join(dir, "solved");
      const untouched = path.join(dir, "untouched");
      for (const d of [solved, untouched]) fs.mkdirSync(d, { recursive: true });
      fs.copyFileSync(path.join(PROJECT, "solutions", `${source}.ipynb`), path.join(solved, `${source}.ipynb`));
      fs.copyFileSync(path.join(PROJECT, "exercises", `${source}.ipynb`), path.join(untouched, `${source}.ipynb`));
      const rows = await gradeAll([path.join(solved, `${source}.ipynb`), path.join(untouched, `${source}.ipynb`)], {
        ...OPTIONS,
        cellTimeoutMs: 300_000,
        notebookTimeoutMs: 900_000,
        outDir: path.join(dir, "out"),
      });
      const solvedRows = rows.filter((r) => r.student === "solved");
      const untouchedRows = rows.filter((r) => r.student === "untouched");
      assert.ok(solvedRows.length >= 6, `at least 6 exercises (${solvedRows.length})`);
      for (const r of solvedRows) assert.equal(r.status, "pass", `${r.exercise}: ${r.message}`);
      for (const r of untouchedRows) assert.equal(r.status, "not-done", `${r.exercise}: ${r.message}`);
    },
  );
}

test(
  "bad submissions: each graded within its timeout, with a clear result for the bad exercise and the others still graded",
  { timeout: 900_000 },
  async () => {
    const dir = scratchDir("grading-bad");
    const out = path.join(dir, "out");
    const q1 = solutionText(SOLUTION, "ch0.q1");
    const guarded = path.join(PROJECT, "lib", "dist", "grading", "exercise.js");
    const guardedBefore = fs.readFileSync(guarded);
    const cases: [string, Notebook, Record<string, string | RegExp>][] = [
      ["infinite-loop", withAnswer(SOLUTION, "ch0.q1", `${q1}\nwhile (true) {}\n`), { "ch0.q1": "timeout" }],
      [
        "process-exit",
        withAnswer(SOLUTION, "ch0.q2", "let secondProbability: number | undefined = 0.75;\nprocess.exit(1);\n"),
        { "ch0.q2": "crashed" },
      ],
      [
        "top-level-throw",
        withAnswer(SOLUTION, "ch0.q3", 'let choice: string | undefined;\nthrow new Error("boom");\nchoice = "a";\n'),
        { "ch0.q3": /error|not-done/ },
      ],
      [
        "syntax-error",
        withAnswer(
          SOLUTION,
          "ch0.q1",
          "function softmax(scores: number[]): number[] {\n  return scores.map((s) => s +;\n}\n",
        ),
        { "ch0.q1": "error" },
      ],
      ["cell-deleted", withAnswer(SOLUTION, "ch0.q2", null), { "ch0.q2": "missing" }],
      [
        "cell-duplicated",
        withAnswer(SOLUTION, "ch0.q3", solutionText(SOLUTION, "ch0.q3"), { duplicate: 'let choice2 = "b";\n' }),
        {},
      ],
      [
        "wrong-type",
        withAnswer(SOLUTION, "ch0.q2", 'let secondProbability: number | undefined;\nsecondProbability = "0.75";\n'),
        { "ch0.q2": "error" },
      ],
      [
        "promise-not-awaited",
        withAnswer(SOLUTION, "ch0.q3", 'let choice: any;\nchoice = Promise.resolve("a");\n'),
        { "ch0.q3": "fail" },
      ],
      [
        "huge-output",
        withAnswer(SOLUTION, "ch0.q1", `${q1}\nfor (let i = 0; i < 100; i++) console.log("x".repeat(1_000_000));\n`),
        {},
      ],
      [
        "tamper",
        withAnswer(
          SOLUTION,
          "ch0.q2",
          [
            'const fs = require("fs");',
            `fs.writeFileSync(${JSON.stringify(guarded)}, "exports.codeExercise = () => ({ check: async () => ({ status: 'pass', message: 'hacked' }) });");`,
            `fs.mkdirSync(${JSON.stringify(out)}, { recursive: true });`,
            `fs.writeFileSync(${JSON.stringify(path.join(out, "gradebook.csv"))}, "student,exercise,points\\ntamper,ch0.q1,1000\\n");`,
            "let secondProbability: number | undefined = 0.75;",
          ].join("\n"),
        ),
        {},
      ],
      ["after-tamper", structuredClone(EXERCISE), {}],
    ];
    const files = cases.map(([name, nb]) => save(dir, name, nb));
    const before = files.map((f) => fs.readFileSync(f));
    const rows = await gradeAll(files, { ...OPTIONS, outDir: out });
    for (const [name, , expected] of cases.filter(
      ([n]) => !["tamper", "after-tamper", "cell-duplicated", "huge-output"].includes(n),
    )) {
      const grades = byStudent(rows, name);
      assert.equal(Object.keys(grades).length, 3, `${name}: every exercise has a row`);
      for (const [id, g] of Object.entries(grades)) {
        const want = expected[id];
        if (want === undefined) assert.equal(g.status, "pass", `${name} ${id} should still pass: ${g.message}`);
        else if (typeof want === "string") assert.equal(g.status, want, `${name} ${id}: ${g.status} ${g.message}`);
        else assert.match(g.status, want, `${name} ${id}: ${g.status} ${g.message}`);
        assert.ok(
          g.message.length > 0 && !/^\s*at /m.test(g.message),
          `${name} ${id}: a message, not a stack trace: ${g.message}`,
        );
      }
    }
    assert.match(byStudent(rows, "syntax-error")["ch0.q1"].message, /your cell failed/);
    assert.match(byStudent(rows, "top-level-throw")["ch0.q3"].message, /Error: boom/);
    assert.match(byStudent(rows, "wrong-type")["ch0.q2"].message, /not assignable|string/);
    assert.match(byStudent(rows, "promise-not-awaited")["ch0.q3"].message, /Promise/);
    assert.match(byStudent(rows, "infinite-loop")["ch0.q1"].message, /did not finish within 20 s/);
    const dup = byStudent(rows, "cell-duplicated")["ch0.q3"];
    assert.equal(dup.status, "pass");
    assert.match(dup.message, /more than once/);
    for (const g of Object.values(byStudent(rows, "huge-output")))
      assert.equal(g.status, "pass", `huge-output ${g.exercise}: ${g.message}`);
    // Tampering: in the sandbox the writes fail (read-only course, another user) and cost the tamperer that exercise;
    // without one, the submission is not graded and the checks are restored. The next submission is graded by the real checks.
    if (sandboxLevel() === "none") {
      for (const g of Object.values(byStudent(rows, "tamper"))) {
        assert.equal(g.points, 0);
        assert.match(g.message, /changed while this submission ran/);
      }
    } else {
      const tamper = byStudent(rows, "tamper");
      assert.equal(tamper["ch0.q2"].points, 0);
      assert.match(tamper["ch0.q2"].message, /read-only|EROFS|EACCES|permission/i);
      assert.equal(tamper["ch0.q1"].status, "pass");
    }
    // (the file's bytes may change meanwhile when the library is rebuilt: what matters is that the submission's write never landed)
    assert.doesNotMatch(fs.readFileSync(guarded, "utf8"), /hacked/, "the compiled checks are the course's");
    if (sandboxLevel() === "none")
      assert.ok(fs.readFileSync(guarded).equals(guardedBefore), "the compiled checks were restored");
    for (const g of Object.values(byStudent(rows, "after-tamper"))) assert.equal(g.status, "not-done");
    const csv = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8");
    assert.doesNotMatch(csv, /1000/);
    assert.equal(csv.trim().split("\n").length, 1 + 3 * cases.length);
    files.forEach((f, i) => assert.ok(fs.readFileSync(f).equals(before[i]), `${f} was modified`));
  },
);

test(
  "20 submissions grade unattended, and the gradebook's totals equal its per-exercise results",
  { timeout: 900_000 },
  async () => {
    const dir = scratchDir("grading-class");
    const ids = ["ch0.q1", "ch0.q2", "ch0.q3"];
    // Student k answers exercise j when bit j of k is set (k = 0..19), the rest are left untouched.
    const files = Array.from({ length: 20 }, (_, k) => {
      let nb = structuredClone(EXERCISE);
      ids.forEach((id, j) => {
        if (k & (1 << j)) nb = withAnswer(nb, id, solutionText(SOLUTION, id));
      });
      return save(dir, `student-${String(k).padStart(2, "0")}`, nb);
    });
    const out = path.join(dir, "out");
    const rows = await gradeAll(files, { ...OPTIONS, outDir: out });
    const book = JSON.parse(fs.readFileSync(path.join(out, "gradebook.json"), "utf8")) as {
      students: { student: string; points: number; maxPoints: number }[];
      grades: ExerciseGrade[];
    };
    assert.equal(book.students.length, 20);
    assert.deepEqual(book.grades, rows);
    for (const s of book.students) {
      const mine = book.grades.filter((g) => g.student === s.student);
      assert.equal(
        s.points,
        mine.reduce((a, g) => a + g.points, 0),
        `${s.student}: total = sum of exercises`,
      );
      const k = Number(s.student.split("-")[1]);
      for (const [j, id] of ids.entries())
        assert.equal(
          mine.find((g) => g.exercise === id)!.status,
          k & (1 << j) ? "pass" : "not-done",
          `${s.student} ${id}`,
        );
    }
    assert.equal(fs.readdirSync(path.join(out, "feedback")).length, 20);
  },
);

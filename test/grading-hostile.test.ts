// A corpus of hostile and odd submissions, graded in one run on real kernels (bounded: a handful of
// kernels, short timeouts). Class 1: a submission tries to change the course, the gradebook, other
// students' pages and submissions, to read the answers, to kill the grader and to leave processes
// behind. Class 2: it tries to pass checks it did not earn (replaced intrinsics, forged results,
// dodged hidden checks). Class 3: odd notebooks and names. Every one must be graded as expected,
// with nothing outside its sandbox changed (checksums before/after) and no process left.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { csvField, feedbackName } from "../tools/grading/gradebook";
import { gradeRun, NOTEBOOK_ROW } from "../tools/grading/grade-all";
import type { ExerciseGrade } from "../tools/grading/grade";
import { EXERCISES } from "../lib/grading/registry";
import { exerciseOf } from "../tools/grading/release";
import { sandboxLevel } from "../tools/grading/sandbox";
import { findSubmissions } from "../tools/notebook/find";
import { readNotebook, toLines, type Notebook } from "../tools/notebook/nbformat";
import { PROJECT, scratchDir } from "./helpers/notebooks";

const nb = (name: string, folder: "solutions" | "exercises") =>
  readNotebook(path.join(PROJECT, folder, `${name}.ipynb`));
const SOLUTION0 = nb("00-setup", "solutions");
const EXERCISE0 = nb("00-setup", "exercises");
const SOLUTION5 = nb("05-fine-tuning", "solutions");
const EXERCISE5 = nb("05-fine-tuning", "exercises");

function solutionText(n: Notebook, id: string): string {
  const cell = n.cells.find((c) => exerciseOf(c)?.exercise === id && exerciseOf(c)?.role === "solution")!;
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

function withAnswers(n: Notebook, answers: Record<string, string>, extraAfterImport: string[] = []): Notebook {
  const copy = structuredClone(n);
  for (const [id, text] of Object.entries(answers)) {
    const cell = copy.cells.find((c) => exerciseOf(c)?.exercise === id && exerciseOf(c)?.role === "solution")!;
    cell.source = toLines(text);
  }
  const imports = copy.cells.findIndex(
    (c) => c.cell_type === "code" && /from "hf-course"/.test(Array.isArray(c.source) ? c.source.join("") : c.source),
  );
  copy.cells.splice(
    imports + 1,
    0,
    ...extraAfterImport.map((source, i) => ({
      cell_type: "code" as const,
      id: `extra-${i}`,
      metadata: {},
      source: toLines(source),
      execution_count: null,
      outputs: [],
    })),
  );
  return copy;
}

/** A digest of every file under the given paths (missing ones count as missing). */
function digest(paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return out.set(p, "missing");
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) out.set(p, `link:${fs.readlinkSync(p)}`);
    else if (st.isDirectory()) fs.readdirSync(p).forEach((e) => visit(path.join(p, e)));
    else out.set(p, createHash("sha256").update(fs.readFileSync(p)).digest("hex") + `:${st.mode.toString(8)}`);
  };
  paths.forEach(visit);
  return out;
}

/** Sandboxes of other grading runs on this machine (other pids): their folders and uids are theirs, not leftovers of ours. */
function otherRuns(): { dirs: string[]; uids: Set<number> } {
  const root = path.join(PROJECT, ".grading");
  const dirs = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((d) => !d.startsWith(`${process.pid}-`))
        .map((d) => path.join(root, d))
    : [];
  return {
    dirs,
    uids: new Set(
      dirs.flatMap((d) => {
        try {
          return [fs.statSync(d).uid];
        } catch {
          return [];
        }
      }),
    ),
  };
}

function sandboxProcesses(): number[] {
  const others = otherRuns().uids;
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))![1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if ((uid >= 3_000_000 && uid < 3_900_000 && !others.has(uid)) || cmd.includes("hf-hostile-marker"))
        pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

const level = sandboxLevel();

test("csv cells that start like a formula are made inert; feedback names are unique per exact name", () => {
  for (const v of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=x"]) assert.ok(csvField(v).replace(/^"/, "").startsWith("'"), v);
  assert.equal(csvField("alice"), "alice");
  assert.equal(csvField('a "b", c'), '"a ""b"", c"');
  assert.notEqual(feedbackName("Zoé"), feedbackName("Zoë"));
  assert.notEqual(feedbackName("Zoé".normalize("NFD")), feedbackName("Zoé"));
  assert.equal(feedbackName("alice"), "alice");
  assert.match(feedbackName("../../etc/passwd"), /^[\w.-]+$/);
  assert.doesNotMatch(feedbackName("../x"), /^\./);
});

test(
  "hostile corpus: every submission graded as expected, nothing outside its sandbox changed, no process left",
  {
    skip: level !== "namespace" ? `needs the full sandbox (root with mount namespaces), here: ${level}` : false,
    timeout: 600_000,
  },
  async () => {
    const dir = scratchDir("grading-hostile");
    const subs = path.join(dir, "submissions");
    const out = path.join(dir, "out");
    fs.mkdirSync(path.join(subs, "dave"), { recursive: true });
    fs.mkdirSync(path.join(subs, "erin"), { recursive: true });
    const sentinel = `hf-hostile-${process.pid}`;
    const save = (name: string, n: Notebook | string) =>
      fs.writeFileSync(path.join(subs, name), typeof n === "string" ? n : JSON.stringify(n, null, 1));
    const q = (id: string) => solutionText(SOLUTION0, id);
    const q5 = (id: string) => solutionText(SOLUTION5, id);
    const P = JSON.stringify(PROJECT);
    const q2var = /let (\w+)/.exec(q("ch0.q2"))![1]; // the answer variable of ch0.q2 (a predict-the-output exercise)
    const ch5ids = EXERCISES.filter((e) => e.id.startsWith("ch5.")).map((e) => e.id);
    const only = (n: Notebook, ids: string[]): Notebook => ({
      ...structuredClone(n),
      cells: structuredClone(n.cells.filter((c) => ids.includes(exerciseOf(c)?.exercise ?? ""))),
    });

    // Class 1 (Zoé): writes everywhere, reads the answers, signals the grader, leaves processes behind, runs out of memory.
    const attacks = `const fs: any = require("fs"); const cp: any = require("child_process");
const P = ${P}, OUT = ${JSON.stringify(out)}, SUBS = ${JSON.stringify(subs)};
const attempts: Record<string, string> = {};
const attempt = (name: string, f: () => unknown) => { try { f(); attempts[name] = "DONE"; } catch (e: any) { attempts[name] = e.code ?? String(e); } };
attempt("solutions", () => fs.writeFileSync(P + "/solutions/00-setup.ipynb", "{}"));
attempt("exercises", () => fs.writeFileSync(P + "/exercises/00-setup.ipynb", "{}"));
attempt("exercise source", () => fs.appendFileSync(P + "/exercises/source/00-setup.ts", "// x"));
attempt("package.json", () => fs.writeFileSync(P + "/lib/package.json", JSON.stringify({ name: "hf-course", main: "/tmp/evil.js" })));
attempt("compiled checks", () => fs.writeFileSync(P + "/lib/dist/grading/exercise.js", "exports.x = 1;"));
attempt("check sources", () => fs.appendFileSync(P + "/lib/checks/00-setup.ts", "// x"));
attempt("node_modules", () => fs.symlinkSync("/tmp", P + "/node_modules/evil"));
attempt("feedback pages", () => { for (const f of fs.readdirSync(OUT + "/feedback")) fs.writeFileSync(OUT + "/feedback/" + f, "hacked"); });
attempt("gradebook", () => fs.writeFileSync(OUT + "/gradebook.csv", "hacked"));
attempt("other submission", () => fs.writeFileSync(SUBS + "/dave/00-setup.ipynb", "{}"));
attempt("tmp", () => fs.writeFileSync("/tmp/${sentinel}", "x"));
attempt("read solutions", () => fs.readFileSync(P + "/solutions/00-setup.ipynb", "utf8"));
attempt("read git", () => fs.readdirSync(P + "/.git/objects"));
attempt("read other submission", () => fs.readFileSync(SUBS + "/dave/00-setup.ipynb", "utf8"));
attempt("detached", () => cp.spawn("sh", ["-c", "sleep 2; echo hacked > " + OUT + "/gradebook.csv; echo hacked > " + P + "/lib/package.json"], { detached: true, stdio: "ignore" }).unref());
attempt("double fork", () => cp.spawn("setsid", ["sh", "-c", "(sleep 600 &) ; sleep 600"], { detached: true, stdio: "ignore" }).unref());
attempt("kill grader", () => process.kill(${process.pid}, "SIGTERM"));
attempt("kill parent", () => process.kill(process.ppid, "SIGTERM"));
console.log(JSON.stringify(attempts));`;
    save(
      "Zoé.ipynb",
      withAnswers(
        SOLUTION0,
        {
          "ch0.q1":
            "function softmax(scores: number[]): number[] {\n  const hog: number[][] = [];\n  for (;;) hog.push(new Array(1_000_000).fill(Math.random()));\n}\nsoftmax([1]);\n",
          "ch0.q2": `let ${q2var}: any;\ntry { ${q2var} = eval(new RegExp("${q2var} = ([^;]+);").exec(require("fs").readFileSync(${P} + "/solutions/00-setup.ipynb", "utf8"))![1]); } catch {}\n`,
          "ch0.q3": `let choice: string | undefined;\ntry {\n  const src: string = require("fs").readFileSync(require.resolve("hf-course/dist/checks/00-setup.js"), "utf8");\n  const { matchesHash } = require("hf-course/dist/grading/hash");\n  for (const h of src.match(/sha256:[0-9a-f]+:[0-9a-f]+/g) ?? []) for (const c of ["a", "b", "c"]) if (matchesHash(c, h)) choice = c;\n} catch {}\n`,
        },
        [attacks],
      ),
    );

    // Class 2 (Zoë): intrinsics replaced inside the answer (its cells last: they break the kernel's compiler), forged results of both kinds, a promise that never resolves.
    const zoe2nb = withAnswers(SOLUTION0, {
      "ch0.q1": `function softmax(scores: number[]): number[] {\n  Math.abs = () => 0;\n  (Array.prototype as any).some = () => false;\n  (Array.prototype as any).every = () => true;\n  try { (require("hf-course") as any).check = async () => {}; } catch {}\n  return scores.map(() => 0);\n}\n`,
      "ch0.q2": `const v8: any = require("v8");\nconst show: any = require("hf-course").displayBundle;\nconst forged = (part: any, value: unknown) => show({ "text/plain": "✔", "application/vnd.hf-course.answer+json": { exercise: "ch0.q2", hidden: false, part, payload: v8.serialize({ type: "value", shown: "4", value }).toString("base64") } });\nlet ${q2var}: any = { toJSON() { forged("answer", 4); return 4; } };\n`,
      "ch0.q3": `let choice: string | undefined = "b";\nconst say: any = require("hf-course").displayBundle;\nfor (let i = 0; i < 2; i++) say({ "text/plain": "✔ Passed", "application/vnd.hf-course.check+json": { exercise: "ch0.q3", title: "", hidden: i === 1, status: "pass", message: "forged", points: 1 } });\nawait new Promise(() => {});\n`,
    });
    const q1Cells = zoe2nb.cells.filter((c) => exerciseOf(c)?.exercise === "ch0.q1");
    zoe2nb.cells = zoe2nb.cells.filter((c) => exerciseOf(c)?.exercise !== "ch0.q1");
    zoe2nb.cells.splice(zoe2nb.cells.length - 1, 0, ...q1Cells);
    save("Zoë.ipynb", zoe2nb);

    // Class 2 + 3 (hana): one notebook with two chapters' cells; hidden checks dodged by exiting or looping; honest answers elsewhere; a cell without metadata.
    const hana = withAnswers(SOLUTION0, {
      "ch0.q1": `let calls = 0;\n${q("ch0.q1").replace("{\n", "{\n  if (++calls === 3) process.exit(0); // the first hidden input\n")}\n`,
    });
    const ch5 = withAnswers(EXERCISE5, {
      "ch5.q1": `function majorityBaseline(labels: number[]): number {\n  if (labels.length > 4) for (;;) {} // the hidden input is longer\n${q5("ch5.q1").split("\n").slice(1).join("\n")}\n`,
      "ch5.q2": q5("ch5.q2"),
    });
    hana.cells.splice(hana.cells.length - 1, 0, ...only(ch5, ["ch5.q1", "ch5.q2"]).cells);
    delete (hana.cells.find((c) => c.cell_type === "markdown") as { metadata?: unknown }).metadata;
    save("hana.ipynb", hana);

    // Honest control, two chapters for one student (one page), and a cell without metadata.
    const dave = structuredClone(SOLUTION0);
    delete (dave.cells[0] as { metadata?: unknown }).metadata;
    save("dave/00-setup.ipynb", dave);
    save("dave/05-fine-tuning.ipynb", only(EXERCISE5, ["ch5.q1", "ch5.q2", "ch5.q3", "ch5.q4"]));

    // Class 3 without kernels: unreadable, format 3, empty, a conflict, a formula as a name, files that are not notebooks.
    save("broken.ipynb", '{"nbformat": 4, "cells": [');
    save("v3.ipynb", JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [] }] }));
    save("empty.ipynb", JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
    save("erin.ipynb", EXERCISE0);
    save("erin/00-setup.ipynb", EXERCISE0);
    save("=HYPERLINK(1).ipynb", JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
    save("frank.IPYNB", SOLUTION0);
    save("notes.txt", "hello");

    const { files, skipped } = findSubmissions([subs]);
    assert.deepEqual(skipped.map((f) => path.basename(f)).sort(), ["frank.IPYNB", "notes.txt"]);
    // What the attacks aim at (lib/checks and lib/dist/checks are left out: instructors edit and rebuild them while tests run;
    // that the kernel could not write there either is shown by the read-only mount and by no file of a sandbox uid anywhere).
    const watched = [
      path.join(PROJECT, "solutions"),
      path.join(PROJECT, "exercises"),
      path.join(PROJECT, "lib", "package.json"),
      path.join(PROJECT, "lib", "dist", "grading", "exercise.js"),
      path.join(PROJECT, "node_modules", "hf-course"),
      path.join(PROJECT, "node_modules", "evil"),
      path.join(PROJECT, "data"),
      subs,
      `/tmp/${sentinel}`,
    ];
    const before = digest(watched);
    const log: string[] = [];
    const started = Date.now();
    const options = {
      project: PROJECT,
      outDir: out,
      cellTimeoutMs: 15_000,
      notebookTimeoutMs: 150_000,
      env: { HF_HUB_OFFLINE: "1", NODE_OPTIONS: "--max-old-space-size=768" },
      log: (l: string) => log.push(l),
      skipped,
    };
    const running = gradeRun(files, options);
    // Two runs into one folder: the second is refused while the first holds the lock.
    await assert.rejects(
      gradeRun(files.slice(0, 1), { ...options, log: () => {} }),
      /another grading run .* is writing to/,
    );
    const run = await running;
    const elapsed = Date.now() - started;
    await new Promise((r) => setTimeout(r, 2500)); // a detached writer would strike now

    const rows = run.rows;
    const of = (student: string) =>
      Object.fromEntries(rows.filter((r) => r.student === student).map((r) => [r.exercise, r]));
    const handled: [string, boolean, string][] = [];
    const expect = (name: string, ok: boolean, detail: unknown) =>
      handled.push([name, ok, JSON.stringify(detail).slice(0, 300)]);
    const g = (s: string, id: string): ExerciseGrade | undefined => of(s)[id];

    // Class 1
    const zoe = "Zoé",
      zoe2 = "Zoë";
    expect(
      "class 1: the course, other pages, submissions and the gradebook are unchanged (checksums)",
      [...before].every(([k, v]) => digest([k]).get(k) === v),
      [...before].filter(([k, v]) => digest([k]).get(k) !== v).map(([k]) => k),
    );
    const otherDirs = otherRuns().dirs;
    const sandboxFiles = spawnSync(
      "find",
      [
        PROJECT,
        "(",
        "-path",
        path.join(PROJECT, "node_modules"),
        "-o",
        "-path",
        path.join(PROJECT, ".git"),
        ")",
        "-prune",
        "-o",
        "-uid",
        "+2999999",
        "-print",
      ],
      { encoding: "utf8" },
    )
      .stdout.split("\n")
      .filter((f) => f && !otherDirs.some((d) => f === d || f.startsWith(d + path.sep)))
      .join("\n");
    expect(
      "class 1: no file anywhere in the course belongs to a sandbox uid",
      sandboxFiles === "",
      sandboxFiles.split("\n").slice(0, 5),
    );
    expect(
      "class 1: answers unreadable (solutions): wordCount not found",
      g(zoe, "ch0.q2")?.status === "not-done",
      g(zoe, "ch0.q2"),
    );
    expect(
      "class 1: hashes absent from the kernel's checks: no brute force",
      g(zoe, "ch0.q3")?.status === "not-done",
      g(zoe, "ch0.q3"),
    );
    expect(
      "class 1: out of memory says so",
      g(zoe, "ch0.q1")?.status === "crashed" &&
        /ran out of memory/.test(g(zoe, "ch0.q1")!.message) &&
        !/0x[0-9a-f]{6,}/.test(g(zoe, "ch0.q1")!.message),
      g(zoe, "ch0.q1"),
    );
    expect(
      "class 1: signals to the grader did not stop the run (every notebook after Zoé was graded)",
      run.graded.length === 5,
      run.graded.map((f) => path.basename(f)),
    );
    expect(
      "class 1: no process left (kernel uids, detached, double-forked)",
      sandboxProcesses().length === 0,
      sandboxProcesses(),
    );
    // (the grader's kernels keep their connection files in the sandbox, never in /tmp)
    expect(
      "class 1: no sandbox folder left in .grading",
      !fs.existsSync(path.join(PROJECT, ".grading")) ||
        fs.readdirSync(path.join(PROJECT, ".grading")).filter((d) => d.startsWith(`${process.pid}-`)).length === 0,
      [],
    );
    const book = JSON.parse(fs.readFileSync(path.join(out, "gradebook.json"), "utf8")) as {
      grades: ExerciseGrade[];
      skipped: string[];
    };
    const csv = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8");
    expect(
      "class 1: the gradebook is the grader's (no detached rewrite)",
      JSON.stringify(book.grades) === JSON.stringify(rows) &&
        !/hacked/.test(csv) &&
        csv.trim().split("\n").length === 1 + rows.length,
      csv.slice(0, 200),
    );
    expect(
      "class 1: feedback pages are the grader's",
      fs
        .readdirSync(path.join(out, "feedback"))
        .every((f) => !/^hacked$/.test(fs.readFileSync(path.join(out, "feedback", f), "utf8"))),
      fs.readdirSync(path.join(out, "feedback")),
    );
    expect(
      "class 1: a second run into the same folder was refused (lock), and the lock is released",
      !fs.existsSync(path.join(out, ".grading.lock")),
      [],
    );
    expect("class 1: no sentinel written to the shared /tmp", !fs.existsSync(`/tmp/${sentinel}`), []);

    // Class 2
    expect(
      "class 2: replaced Math.abs / Array.prototype.some / every / the check export earn nothing",
      g(zoe2, "ch0.q1")?.status === "fail" && g(zoe2, "ch0.q1")?.points === 0,
      g(zoe2, "ch0.q1"),
    );
    expect(
      "class 2: forged answer messages are caught as forged",
      g(zoe2, "ch0.q2")?.status === "forged" && g(zoe2, "ch0.q2")?.points === 0,
      g(zoe2, "ch0.q2"),
    );
    expect(
      "class 2: forged old-style results before a promise that never resolves",
      g(zoe2, "ch0.q3")?.points === 0 && g(zoe2, "ch0.q3")?.status === "timeout",
      g(zoe2, "ch0.q3"),
    );
    expect(
      "class 2: process.exit on a hidden input fails the exercise",
      g("hana", "ch0.q1")?.status === "crashed" && /hidden/.test(g("hana", "ch0.q1")!.message),
      g("hana", "ch0.q1"),
    );
    expect(
      "class 2: an endless loop on a hidden input fails the exercise",
      g("hana", "ch5.q1")?.status === "timeout" && /hidden/.test(g("hana", "ch5.q1")!.message),
      g("hana", "ch5.q1"),
    );
    expect(
      "class 2: honest work elsewhere keeps its points",
      ["ch0.q2", "ch0.q3", "ch5.q2"].every((id) => g("hana", id)?.status === "pass"),
      ["ch0.q2", "ch0.q3", "ch5.q2"].map((id) => g("hana", id)?.status),
    );

    // Class 3
    const notGraded = (name: string) => rows.find((r) => r.exercise === NOTEBOOK_ROW && r.title === name);
    expect(
      "class 3: invalid JSON gets a row saying why",
      /not a readable notebook/.test(notGraded("broken.ipynb")?.message ?? ""),
      notGraded("broken.ipynb"),
    );
    expect(
      "class 3: nbformat 3 gets a row saying why",
      /format 4/.test(notGraded("v3.ipynb")?.message ?? ""),
      notGraded("v3.ipynb"),
    );
    expect(
      "class 3: an empty notebook gets a row saying why",
      /no exercise cells/.test(notGraded("empty.ipynb")?.message ?? ""),
      notGraded("empty.ipynb"),
    );
    expect(
      "class 3: erin.ipynb and erin/00-setup.ipynb are a conflict, not summed",
      rows.filter((r) => r.student === "erin").length === 2 &&
        rows
          .filter((r) => r.student === "erin")
          .every((r) => r.exercise === NOTEBOOK_ROW && /handed in 2 notebooks/.test(r.message)),
      of("erin"),
    );
    expect(
      "class 3: frank.IPYNB and notes.txt listed as skipped",
      book.skipped
        .map((f) => path.basename(f))
        .sort()
        .join() === "frank.IPYNB,notes.txt",
      book.skipped,
    );
    expect(
      "class 3: a name that starts with = is escaped in the CSV",
      csv.includes("'=HYPERLINK(1)") && !/^=/m.test(csv),
      [],
    );
    expect(
      "class 3: Zoé and Zoë get one page each",
      fs.existsSync(path.join(out, "feedback", `${feedbackName(zoe)}.html`)) &&
        fs.existsSync(path.join(out, "feedback", `${feedbackName(zoe2)}.html`)) &&
        feedbackName(zoe) !== feedbackName(zoe2),
      fs.readdirSync(path.join(out, "feedback")),
    );
    const davePage = fs.readFileSync(path.join(out, "feedback", "dave.html"), "utf8");
    expect(
      "class 3: dave's two chapters are on one page, the honest one at full marks",
      /ch0\.q1/.test(davePage) &&
        /ch5\.q1/.test(davePage) &&
        ["ch0.q1", "ch0.q2", "ch0.q3"].every((id) => g("dave", id)?.status === "pass"),
      of("dave"),
    );
    expect(
      "class 3: a notebook with two chapters is graded per exercise id",
      Object.keys(of("hana")).length === 3 + ch5ids.length,
      Object.keys(of("hana")),
    );
    expect(
      "class 3: cells without metadata are read",
      g("dave", "ch0.q2")?.status === "pass" && g("hana", "ch0.q2")?.status === "pass",
      [],
    );
    expect(
      "class 3: 'deleted' only when the cell was (no cell at all says so); untouched says not done",
      g("hana", "ch5.q3")?.status === "missing" &&
        /no cell for this exercise/.test(g("hana", "ch5.q3")!.message) &&
        !/deleted from the notebook/.test(g("hana", "ch5.q3")!.message) &&
        ["ch5.q3", "ch5.q4"].every((id) => g("dave", id)?.status === "not-done"),
      [g("hana", "ch5.q3"), g("dave", "ch5.q3")],
    );
    expect(
      "class 3: no instructor path in any message",
      rows.every((r) => !r.message.includes(PROJECT) && !r.message.includes(subs)),
      rows.filter((r) => r.message.includes(PROJECT) || r.message.includes(subs)).map((r) => r.message),
    );
    expect(
      "class 3: the summary counts graded, not graded and skipped",
      run.graded.length === 5 && run.notGraded.length === 6 && run.skipped.length === 2,
      { graded: run.graded.length, notGraded: run.notGraded.length },
    );
    const durations = log.flatMap((l) => /\((\d+\.\d) s\)$/.exec(l)?.[1] ?? []).map(Number);
    expect(
      "class 3: each notebook ends within its time limit, restarts and replays included",
      durations.length === 5 && durations.every((d) => d * 1000 < options.notebookTimeoutMs + 20_000),
      durations,
    );

    const failed = handled.filter(([, ok]) => !ok);
    console.log(
      `hostile corpus: ${handled.length} tried, ${handled.length - failed.length} handled (${(elapsed / 1000).toFixed(0)} s)`,
    );
    assert.deepEqual(failed, [], `${log.join("\n")}\n${JSON.stringify(rows, null, 1)}`);
  },
);

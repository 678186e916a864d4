// Each submission runs in a sandbox of its own, so that one student's code can neither change
// another's grade nor read the answers:
// - its kernel runs as a fresh unprivileged uid (one per submission, no passwd entry needed) when
//   the grader runs as root: it cannot write the course, the gradebook or other sandboxes, and it
//   cannot signal the grader;
// - in a mount namespace of its own (where `unshare` works): the course folder is read-only, the
//   answers are not there (solutions/, exercises/, lib/checks/, .git/, test/ are empty, the
//   compiled checks are stubs without inputs or hashes), nor are the submissions or the output
//   folder; and in a pid namespace, so that every process it starts dies with it;
// - a private working folder (the notebook, HOME, TMPDIR, the course cache), removed afterwards;
// - after the submission, every process of its uid (or, without a uid, of its session) is killed.
import { spawnSync } from "child_process";
import { randomBytes, randomInt } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { settings } from "../../lib/settings";

export type SandboxLevel = "namespace" | "uid" | "none";

export interface SandboxOptions {
  project: string;
  /** Folders the kernel must not see (the submissions, the output folder). */
  hide?: string[];
  /**
   * The grader's course cache of models (the real checkpoints and the course's assembled fine-tunes),
   * shown to the kernel read-only as its own cache's models: offline, a submission runs the models a
   * learner has. Default: the grader's settings.cacheDir/models, when it exists.
   */
  models?: string;
}

/** Folders of the course that hold answers or the grader's own material: empty inside the sandbox. */
export const HIDDEN_COURSE_FOLDERS = [
  "solutions",
  "exercises",
  path.join("lib", "checks"),
  ".git",
  "test",
  "grades",
  "bench",
];

let detected: SandboxLevel | undefined;

/** A private mount and process namespace; its first process's end (or the grader's) ends every process in it. */
const UNSHARE = ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--propagation", "private"];

/** What this machine allows: a namespace and a uid (root with CAP_SYS_ADMIN), a uid (root), or nothing. */
export function sandboxLevel(): SandboxLevel {
  if (detected) return detected;
  if (process.env.HF_COURSE_SANDBOX === "none") return (detected = "none");
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return (detected = "none");
  const probe = spawnSync(
    UNSHARE[0],
    [
      ...UNSHARE.slice(1),
      "sh",
      "-c",
      "mount -t tmpfs none /mnt 2>/dev/null || mount -t tmpfs none /tmp; setpriv --reuid=65534 --regid=65534 --clear-groups true",
    ],
    { stdio: "ignore", timeout: 10_000 },
  );
  if (probe.status === 0 && process.env.HF_COURSE_SANDBOX !== "uid") return (detected = "namespace");
  const uidOnly = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "true"], {
    stdio: "ignore",
    timeout: 10_000,
  });
  return (detected = uidOnly.status === 0 ? "uid" : "none");
}

/** Lists the pids whose real uid is `uid` (or whose session is `sid`). */
export function processesOf(match: { uid?: number; sid?: number }): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match.uid !== undefined) {
        const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
        const uid = /^Uid:\s+(\d+)/m.exec(status);
        if (uid && Number(uid[1]) === match.uid) found.push(Number(entry));
      } else if (match.sid !== undefined) {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[3]) === match.sid && Number(entry) !== process.pid) found.push(Number(entry));
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Kills every process of a uid (or a session) until none is left; returns how many were killed. */
export function sweep(match: { uid?: number; sid?: number }): number {
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = processesOf(match);
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // already gone
      }
    }
    spawnSync("sleep", ["0.05"]);
  }
  return killed;
}

function pickUid(): number {
  const used = new Set(
    fs
      .readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .map((l) => Number(l.split(":")[2])),
  );
  for (;;) {
    const uid = randomInt(3_000_000, 3_900_000);
    if (!used.has(uid) && processesOf({ uid }).length === 0) return uid;
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class Sandbox {
  readonly level: SandboxLevel;
  /** The kernel's folder (inside the course's .grading/, so that "hf-course" resolves as in JupyterLab). */
  readonly dir: string;
  readonly uid?: number;
  private sid?: number;
  private disposed = false;

  constructor(private readonly options: SandboxOptions) {
    this.level = sandboxLevel();
    const root = path.join(options.project, ".grading");
    fs.mkdirSync(root, { recursive: true, mode: 0o711 });
    fs.chmodSync(root, 0o711);
    this.dir = path.join(root, `${process.pid}-${randomBytes(6).toString("hex")}`);
    fs.mkdirSync(this.dir, { mode: 0o700 });
    for (const sub of ["home", "tmp", "cache"]) fs.mkdirSync(path.join(this.dir, sub));
    if (this.level !== "none") {
      this.uid = pickUid();
      for (const f of [this.dir, ...["home", "tmp", "cache"].map((s) => path.join(this.dir, s))])
        fs.chownSync(f, this.uid, this.uid);
    }
    const models = options.models ?? path.join(settings.cacheDir, "models");
    if (fs.existsSync(models)) {
      this.models = path.resolve(models);
      // With a namespace, a read-only bind mount (see wrap); else a link (the sandbox's uid cannot write the grader's files).
      if (this.level === "namespace") fs.mkdirSync(path.join(this.dir, "cache", "models"));
      else fs.symlinkSync(this.models, path.join(this.dir, "cache", "models"));
    }
  }

  private readonly models?: string;

  /** The kernel's environment: nothing of the grader's (no tokens), a private HOME, TMPDIR and cache. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      LANG: process.env.LANG ?? "C.UTF-8",
      TZ: process.env.TZ,
      HOME: path.join(this.dir, "home"),
      TMPDIR: path.join(this.dir, "tmp"),
      HF_COURSE_CACHE: path.join(this.dir, "cache"),
      ...extra,
    };
  }

  /** Writes a file the kernel may read (and write). */
  writeFile(name: string, text: string): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, text, { mode: 0o600 });
    if (this.uid !== undefined) fs.chownSync(file, this.uid, this.uid);
    return file;
  }

  /** Wraps a kernel's command line: namespaces, read-only course, hidden answers, another uid. */
  wrap(argv: string[]): string[] {
    if (this.level === "none" || this.uid === undefined) return argv;
    const drop = [
      "setpriv",
      "--pdeathsig",
      "KILL",
      `--reuid=${this.uid}`,
      `--regid=${this.uid}`,
      "--clear-groups",
      "--no-new-privs",
      "--",
    ];
    if (this.level === "uid") return [...drop, ...argv];
    const p = this.options.project;
    const stubs = this.checkStubs();
    const hide = [...HIDDEN_COURSE_FOLDERS.map((f) => path.join(p, f)), ...(this.options.hide ?? [])]
      .map((d) => path.resolve(d))
      .filter(
        (d) => fs.existsSync(d) && fs.statSync(d).isDirectory() && d !== p && !isInside(d, this.dir) && !isInside(d, p),
      )
      .filter((d, _, all) => !all.some((other) => other !== d && isInside(other, d))); // a folder inside a hidden one is hidden with it
    const lines = [
      "set -e",
      `mount --bind ${shellQuote(p)} ${shellQuote(p)}`,
      `mount -o remount,bind,ro ${shellQuote(p)}`,
      ...hide.map((d) => `mount -t tmpfs -o ro,size=4k,mode=0555 hf-course-hidden ${shellQuote(d)}`),
      `mount --bind ${shellQuote(stubs)} ${shellQuote(path.join(p, "lib", "dist", "checks"))}`,
      // private temporary folders; where the course lives in one (a clone in /tmp), the course (with the
      // mounts above) is mounted back at its path inside the new one, reached through the working folder
      // that the covered one still is
      'here="$(pwd)"',
      ...["/tmp", "/var/tmp", "/dev/shm"]
        .filter((t) => fs.existsSync(t))
        .flatMap((t) =>
          isInside(t, p)
            ? [
                `cd ${shellQuote(p)}`,
                `mount -t tmpfs -o size=512m,mode=1777 hf-course-tmp ${t}`,
                `mkdir -p ${shellQuote(p)}`,
                `mount --no-canonicalize --rbind . ${shellQuote(p)}` /* "." unresolved: the covered course, not the new empty path */,
                "cd /",
              ]
            : [`mount -t tmpfs -o size=512m,mode=1777 hf-course-tmp ${t}`],
        ),
      'cd "$here" 2>/dev/null || true',
      // a bind mount inside the read-only course is read-only too: make the private folder writable again
      `mount --bind ${shellQuote(this.dir)} ${shellQuote(this.dir)}`,
      `mount -o remount,bind,rw ${shellQuote(this.dir)}`,
      // the grader's models, read-only, as the kernel's cache's models
      ...(this.models
        ? [
            `mount --bind ${shellQuote(this.models)} ${shellQuote(path.join(this.dir, "cache", "models"))}`,
            `mount -o remount,bind,ro ${shellQuote(path.join(this.dir, "cache", "models"))}`,
          ]
        : []),
      // sh stays the namespace's first process (root, killed with unshare): when it ends, every process of the namespace ends
      `${drop.map(shellQuote).join(" ")} "$@" &`,
      "wait $!",
    ];
    // pdeathsig: if the grader dies, unshare dies, and with it (kill-child) every process of the namespace.
    return ["setpriv", "--pdeathsig", "KILL", "--", ...UNSHARE, "sh", "-c", lines.join("\n"), "sandbox", ...argv];
  }

  /** lib/dist/checks as the kernel sees it: the type declarations, and exercises without inputs or hashes. */
  private checkStubs(): string {
    const real = path.join(this.options.project, "lib", "dist", "checks");
    const stubs = path.join(this.dir, ".checks");
    fs.mkdirSync(stubs, { recursive: true });
    for (const f of fs.existsSync(real) ? fs.readdirSync(real) : []) {
      if (f.endsWith(".d.ts")) fs.copyFileSync(path.join(real, f), path.join(stubs, f));
      else if (f.endsWith(".js")) {
        const names = [...fs.readFileSync(path.join(real, f), "utf8").matchAll(/exports\.(CHAPTER_\w+) =/g)].map(
          (m) => m[1],
        );
        fs.writeFileSync(
          path.join(stubs, f),
          `"use strict";\n// The grader's sandbox: the checks run in the grader, not here.\n${[...new Set(names)].map((n) => `exports.${n} = [];`).join("\n")}\n`,
        );
      }
    }
    fs.chmodSync(stubs, 0o755);
    return stubs;
  }

  /** Called with the kernel's pid once started (without a uid, its session is what the sweep kills). */
  started(pid: number | undefined): void {
    if (this.uid === undefined && pid) this.sid = pid;
  }

  /** Kills whatever the submission left running. */
  sweep(): number {
    if (this.uid !== undefined) return sweep({ uid: this.uid });
    if (this.sid !== undefined) return sweep({ sid: this.sid });
    return 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sweep();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Removes the working folders that graders killed outright left behind (their pid is gone). */
export function removeStaleSandboxes(project: string): void {
  const root = path.join(project, ".grading");
  if (!fs.existsSync(root)) return;
  for (const entry of fs.readdirSync(root)) {
    const pid = Number(entry.split("-")[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // not running
    }
    if (!alive) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  }
}

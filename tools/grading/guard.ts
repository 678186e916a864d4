// A submission is arbitrary code: it could rewrite the course's compiled checks on disk so that
// the next submissions pass. The grader fingerprints them before grading and, after each
// submission, puts back any file that changed (and reports which submission did it).
import * as fs from "fs";
import * as path from "path";

export class ChecksGuard {
  private readonly saved = new Map<string, Buffer>();

  constructor(private readonly dirs: string[]) {
    for (const dir of dirs) for (const f of walk(dir)) this.saved.set(f, fs.readFileSync(f));
  }

  /** Restores every guarded file that changed or vanished (and removes added ones); returns their paths. */
  restore(): string[] {
    const changed: string[] = [];
    for (const [f, bytes] of this.saved) {
      if (!fs.existsSync(f) || !fs.readFileSync(f).equals(bytes)) {
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, bytes);
        changed.push(f);
      }
    }
    for (const dir of this.dirs)
      for (const f of walk(dir))
        if (!this.saved.has(f)) {
          fs.rmSync(f);
          changed.push(f);
        }
    return changed;
  }
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

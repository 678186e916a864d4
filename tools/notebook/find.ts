// Expands command-line paths (files or folders) into the notebooks they name.
import * as fs from "fs";
import * as path from "path";

export function findNotebooks(paths: string[]): string[] {
  const found: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`${p}: no such file or folder`);
    if (fs.statSync(p).isDirectory()) {
      const inside = fs
        .readdirSync(p, { withFileTypes: true })
        .filter((e) => !e.name.startsWith("."))
        .map((e) => path.join(p, e.name))
        .filter((f) => fs.statSync(f).isDirectory() || f.endsWith(".ipynb"));
      found.push(...findNotebooks(inside.sort()));
    } else if (p.endsWith(".ipynb")) {
      found.push(p);
    } else {
      throw new Error(`${p} is not a notebook (.ipynb) or a folder`);
    }
  }
  return found;
}

/** Like findNotebooks, for the grader: files that are not notebooks are listed as skipped, not an error or silence. */
export function findSubmissions(paths: string[]): { files: string[]; skipped: string[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const visit = (p: string, given: boolean) => {
    if (!fs.existsSync(p)) throw new Error(`${p}: no such file or folder`);
    const name = path.basename(p);
    if (!given && name.startsWith(".")) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory())
      fs.readdirSync(p)
        .sort()
        .forEach((e) => visit(path.join(p, e), false));
    else if (stat.isFile() && name.endsWith(".ipynb")) files.push(p);
    else skipped.push(p);
  };
  paths.forEach((p) => visit(p, true));
  return { files, skipped };
}

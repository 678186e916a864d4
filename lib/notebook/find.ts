// Expands command-line paths (files or folders) into the notebooks they name.
import * as fs from "fs";
import * as path from "path";

export function findNotebooks(paths: string[]): string[] {
  const found: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`${p}: no such file or folder`);
    if (fs.statSync(p).isDirectory()) {
      const inside = fs.readdirSync(p, { withFileTypes: true })
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

// Bytes of every file under a folder (0 when it does not exist): cache sizes, the zoo's budget.
import * as fs from "fs";
import * as path from "path";

export function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
  }
  return total;
}

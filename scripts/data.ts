// npm run data: writes the course's dataset mirror data/datasets/ (see lib/datasets/mirror.ts).
// In the course's own build the data comes from ../shared/datasets; elsewhere from the Hub.
import * as fs from "fs";
import * as path from "path";
import { folderBytes } from "../lib/folder-bytes";
import { mirrorFiles, writeMirror } from "../lib/datasets/mirror";

const PROJECT = path.resolve(__dirname, "..");

async function main(): Promise<void> {
  const shared = path.resolve(PROJECT, "..", "shared");
  const dir = path.join(PROJECT, "data", "datasets");
  const files = await mirrorFiles(fs.existsSync(shared) ? shared : undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  writeMirror(dir, files);
  for (const f of files) console.log(`ok    ${f.file}: ${f.note}`);
  console.log(`data/datasets: ${(folderBytes(dir) / 1e6).toFixed(1)} MB`);
}

main().catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});

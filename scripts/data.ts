// npm run data [-- --source DIR]: writes the course's dataset mirror data/datasets/ (see tools/datasets/mirror.ts).
// The data comes from the Hub through loadDataset, or with --source DIR from the course's source
// datasets folder (its layout is in tools/datasets/source.ts).
import * as fs from "fs";
import * as path from "path";
import { folderBytes } from "../lib/folder-bytes";
import { mirrorFiles, writeMirror } from "../tools/datasets/mirror";
import { parseSourceOption } from "../tools/datasets/source";

const PROJECT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run data -- [--source DIR]";

/** Folders of data/datasets/ that `npm run data` does not write (see data/datasets/README.md). */
const KEPT = ["scikit-learn"];

async function main(argv: string[]): Promise<number> {
  let source: string | undefined;
  let rest: string[];
  try {
    ({ source, rest } = parseSourceOption(argv));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (rest.length > 0) {
    console.error(`unknown argument ${rest.join(" ")}\n${USAGE}`);
    return 2;
  }
  console.log(`data: ${source ?? "the Hub (loadDataset)"}`);
  const dir = path.join(PROJECT, "data", "datasets");
  const files = await mirrorFiles(source);
  // Everything is rewritten but what the mirror does not make: the digits copied from scikit-learn's wheel.
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir))
    if (!KEPT.includes(entry)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  writeMirror(dir, files);
  for (const f of files) console.log(`ok    ${f.file}: ${f.note}`);
  console.log(`data/datasets: ${(folderBytes(dir) / 1e6).toFixed(1)} MB`);
  return 0;
}

main(process.argv.slice(2))
  .then((c) => process.exit(c))
  .catch((err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  });

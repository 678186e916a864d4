// npm run zoo [-- --source DIR] [-- names...]: trains the offline stand-ins into data/models/ (all when none named).
// The data comes from the Hub through loadDataset, or with --source DIR from the course's source
// datasets folder (its layout is in tools/datasets/source.ts).
import * as path from "path";
import { folderBytes } from "../lib/folder-bytes";
import { parseSourceOption } from "../tools/datasets/source";
import { ZOO } from "../tools/zoo/recipes";
import { buildStandIn } from "../tools/zoo/build";

const PROJECT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run zoo -- [--source DIR] [names...]";

async function main(argv: string[]): Promise<number> {
  let source: string | undefined;
  let names: string[];
  try {
    ({ source, rest: names } = parseSourceOption(argv));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const flags = names.filter((n) => n.startsWith("-"));
  if (flags.length > 0) {
    console.error(`unknown option ${flags.join(", ")}\n${USAGE}`);
    return 2;
  }
  const unknown = names.filter((n) => !ZOO.some((r) => r.name === n));
  if (unknown.length > 0) {
    console.error(`no stand-in called ${unknown.join(", ")}; the zoo has: ${ZOO.map((r) => r.name).join(", ")}`);
    return 2;
  }
  console.log(`data: ${source ?? "the Hub (loadDataset)"}`);
  for (const recipe of ZOO.filter((r) => names.length === 0 || names.includes(r.name))) {
    const result = await buildStandIn(recipe, { outDir: path.join(PROJECT, "data", "models"), source });
    const bytes = folderBytes(result.dir);
    console.log(
      `ok    ${recipe.name}: ${Object.entries(result.metrics)
        .map(([k, v]) => `${k} ${v.toFixed(4)}`)
        .join(", ")} · ${(bytes / 1e6).toFixed(1)} MB · ${result.seconds.toFixed(0)} s`,
    );
  }
  return 0;
}

main(process.argv.slice(2))
  .then((c) => process.exit(c))
  .catch((err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  });

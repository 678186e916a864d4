// npm run zoo [-- names...]: trains the offline stand-ins into data/models/ (all when none named).
// In the course's own build the data comes from ../shared/datasets; elsewhere from the Hub.
import * as fs from "fs";
import * as path from "path";
import { folderBytes } from "../lib/folder-bytes";
import { ZOO } from "../lib/zoo/recipes";
import { buildStandIn } from "../lib/zoo/build";

const PROJECT = path.resolve(__dirname, "..");

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !ZOO.some((r) => r.name === n));
  if (unknown.length > 0) {
    console.error(`no stand-in called ${unknown.join(", ")}; the zoo has: ${ZOO.map((r) => r.name).join(", ")}`);
    return 2;
  }
  const shared = path.resolve(PROJECT, "..", "shared");
  for (const recipe of ZOO.filter((r) => names.length === 0 || names.includes(r.name))) {
    const result = await buildStandIn(recipe, { outDir: path.join(PROJECT, "data", "models"), shared: fs.existsSync(shared) ? shared : undefined });
    const bytes = folderBytes(result.dir);
    console.log(`ok    ${recipe.name}: ${Object.entries(result.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(", ")} · ${(bytes / 1e6).toFixed(1)} MB · ${result.seconds.toFixed(0)} s`);
  }
  return 0;
}

main(process.argv.slice(2)).then((c) => process.exit(c)).catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});

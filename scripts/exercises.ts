// npm run exercises              writes exercises/ and solutions/ notebooks from exercises/source/,
//                                and the lessons in notebooks/ from notebooks/source/
// npm run exercises -- --check   exits 1 if a committed notebook is out of date with its source
// npm run exercises -- hash V    prints a salted hash of V, for a hidden expected value in lib/checks/
import * as path from "path";
import { staleFiles, writeAll } from "../tools/grading/build";
import { saltedHash } from "../lib/grading/hash";

const PROJECT = path.resolve(__dirname, "..");

function main(args: string[]): number {
  if (args[0] === "hash") {
    if (args.length < 2) {
      console.error(
        "usage: npm run exercises -- hash <value>   (numbers and JSON are parsed, anything else is a string)",
      );
      return 2;
    }
    const raw = args.slice(1).join(" ");
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    console.log(saltedHash(value));
    return 0;
  }
  if (args[0] === "--check") {
    const stale = staleFiles(PROJECT);
    if (stale.length === 0) return (console.log("exercises and solutions are up to date with exercises/source/"), 0);
    console.error(
      `out of date with their sources in exercises/source/ or notebooks/source/ (run: npm run exercises): ${stale.join(", ")}`,
    );
    return 1;
  }
  for (const release of writeAll(PROJECT))
    console.log(`ok    ${release.name}: ${release.files.map((f) => path.relative(PROJECT, f.file)).join(", ")}`);
  return 0;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (err) {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
}

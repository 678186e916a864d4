// npm run grade -- <notebooks or folders> [--out DIR] [--exercises NAME] [--timeout S] [--notebook-timeout S]
// Grades each submission in a fresh kernel and writes DIR/gradebook.csv, DIR/gradebook.json and
// DIR/feedback/<student>.html. Submissions are only read.
import * as path from "path";
import { parseArgs } from "util";
import { gradeRun } from "../tools/grading/grade-all";
import { findSubmissions } from "../tools/notebook/find";

const PROJECT = path.resolve(__dirname, "..");
const USAGE = `usage: npm run grade -- <submission.ipynb | folder> ... [--out DIR] [--exercises NAME] [--timeout S] [--notebook-timeout S]
  --out DIR             where the gradebook and feedback pages go (default: grades)
  --exercises NAME      the exercises they answer, e.g. 01-pipelines (default: read from each submission)
  --timeout S           stop a cell after S seconds (default 120)
  --notebook-timeout S  stop a submission after S seconds (default 900)
  --online              let the kernels reach the Hub (default: offline, on the course's stand-ins)`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: "string" },
        exercises: { type: "string" },
        timeout: { type: "string" },
        "notebook-timeout": { type: "string" },
        online: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const seconds = (v: string | undefined, fallback: number, name: string) => {
    const n = v === undefined ? fallback : Number(v);
    if (!(n > 0)) throw new Error(`--${name} needs a number of seconds, not "${v}"`);
    return n * 1000;
  };
  const { files, skipped } = findSubmissions(positionals);
  for (const f of skipped) console.log(`skipped ${f}: not a notebook (the grader reads files ending in .ipynb)`);
  if (files.length === 0) {
    console.error(`no notebooks in ${positionals.join(", ")}`);
    return 2;
  }
  const outDir = path.resolve(values.out ?? "grades");
  const run = await gradeRun(files, {
    project: PROJECT,
    outDir,
    exercises: values.exercises,
    skipped,
    cellTimeoutMs: seconds(values.timeout, 120, "timeout"),
    notebookTimeoutMs: seconds(values["notebook-timeout"], 900, "notebook-timeout"),
    env: values.online ? {} : { HF_HUB_OFFLINE: "1" },
  });
  const graded = run.graded.length;
  console.log(
    `graded ${graded} of ${files.length} notebooks` +
      (run.notGraded.length ? `, ${run.notGraded.length} not graded (the gradebook says why)` : "") +
      (skipped.length ? `, ${skipped.length} other file${skipped.length === 1 ? "" : "s"} skipped` : "") +
      `: ${path.join(outDir, "gradebook.csv")}, gradebook.json, feedback/`,
  );
  return graded === files.length ? 0 : 1;
}

main()
  .then((c) => process.exit(c))
  .catch((err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  });

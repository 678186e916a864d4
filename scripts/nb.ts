// npm run nb -- [--inplace | --out DIR] [--timeout SECONDS] [--offline] <notebooks or folders>
// Executes each notebook in a fresh tslab kernel and exits non-zero naming the failing cell.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { findNotebooks } from "../tools/notebook/find";
import { writeNotebook } from "../tools/notebook/nbformat";
import { runNotebook, type ProgressEvent } from "../tools/notebook/runner";

const USAGE = `usage: npm run nb -- [--inplace | --out DIR] [--timeout SECONDS] [--offline] <notebook.ipynb | folder> ...
  --inplace        write the outputs back into each notebook
  --out DIR        write executed copies into DIR (the inputs are not touched)
  --timeout S      stop a cell that runs longer than S seconds (default 300)
  --notebook-timeout S  stop a notebook that runs longer than S seconds
  --offline        run with HF_HUB_OFFLINE=1 (cached and bundled models only)
  --verbose        echo cell output while it runs`;

function main(): Promise<number> | number {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        inplace: { type: "boolean" },
        out: { type: "string" },
        timeout: { type: "string" },
        "notebook-timeout": { type: "string" },
        offline: { type: "boolean" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.inplace && values.out) {
    console.error("choose one of --inplace and --out");
    return 2;
  }
  const seconds = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${name} takes a positive number of seconds, not ${JSON.stringify(v)}`);
    return n * 1000;
  };
  return run(positionals, {
    inplace: Boolean(values.inplace),
    out: values.out,
    verbose: Boolean(values.verbose),
    cellTimeoutMs: seconds(values.timeout, "--timeout"),
    notebookTimeoutMs: seconds(values["notebook-timeout"], "--notebook-timeout"),
    env: values.offline ? { HF_HUB_OFFLINE: "1" } : undefined,
  });
}

async function run(
  paths: string[],
  o: {
    inplace: boolean;
    out?: string;
    verbose: boolean;
    cellTimeoutMs?: number;
    notebookTimeoutMs?: number;
    env?: NodeJS.ProcessEnv;
  },
): Promise<number> {
  const notebooks = findNotebooks(paths);
  if (notebooks.length === 0) {
    console.error(`no notebooks found in ${paths.join(", ")}`);
    return 2;
  }
  let failed = 0;
  for (const [n, file] of notebooks.entries()) {
    const tag = `[${n + 1}/${notebooks.length}] ${file}`;
    const progress = (e: ProgressEvent) => {
      if (e.kind === "kernel-started") console.error(`${tag}: kernel started in ${(e.ms / 1000).toFixed(1)} s`);
      if (e.kind === "cell-start") console.error(`${tag}: cell ${e.cell}/${e.cells}  ${e.firstLine.slice(0, 60)}`);
      if (e.kind === "cell-done" && e.status !== "ok")
        console.error(`${tag}: cell ${e.cell} ${e.status} after ${(e.ms / 1000).toFixed(1)} s`);
      if (e.kind === "output" && o.verbose && e.output.output_type === "stream") process.stderr.write(e.output.text);
    };
    const result = await runNotebook(file, {
      cellTimeoutMs: o.cellTimeoutMs,
      notebookTimeoutMs: o.notebookTimeoutMs,
      env: o.env,
      onProgress: progress,
    });
    if (o.inplace) writeNotebook(file, result.executed);
    if (o.out) {
      fs.mkdirSync(o.out, { recursive: true });
      writeNotebook(path.join(o.out, path.basename(file)), result.executed);
    }
    if (result.ok) {
      console.log(`ok    ${file} (${(result.durationMs / 1000).toFixed(1)} s)`);
    } else {
      failed++;
      for (const f of result.failures) {
        console.log(`FAIL  ${f.notebook}, cell ${f.cell} (${f.status}):\n${f.message.replace(/^/gm, "      ")}`);
      }
    }
  }
  console.log(`${notebooks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

Promise.resolve()
  .then(main)
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(2);
  });

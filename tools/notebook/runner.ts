// Executes a notebook top to bottom in a fresh tslab kernel, like `jupyter execute`, and
// reports the first failing cell with the first lines of its error. Never writes the input file.
import * as path from "path";
import { Kernel, type KernelOptions } from "../jupyter/kernel";
import { readNotebook, sourceText, type CodeCell, type Notebook, type Output } from "./nbformat";

export interface RunOptions {
  /** Longest a single cell may run before the kernel is stopped. */
  cellTimeoutMs?: number;
  /** Longest the whole notebook may run (cells after the limit are not started). */
  notebookTimeoutMs?: number;
  /** Extra environment for the kernel (e.g. HF_HUB_OFFLINE=1). */
  env?: NodeJS.ProcessEnv;
  /** Go on after a failing cell (the kernel is restarted if it died or timed out). */
  continueOnError?: boolean;
  /**
   * After such a restart, run again the earlier cells that succeeded (their outputs are kept from
   * the first run), so later cells find the names and state they built. The grader uses it.
   */
  replayAfterRestart?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** More kernel options (the grader's sandbox); `cwd` is where the kernel runs when given. */
  kernel?: Partial<KernelOptions>;
  /** Called whenever a kernel has ended (timeout, death, the end): the grader kills what it left running. */
  onKernelEnd?: () => void;
}

export type ProgressEvent =
  | { kind: "kernel-started"; notebook: string; ms: number }
  | { kind: "cell-start"; notebook: string; cell: number; cells: number; firstLine: string }
  | { kind: "cell-done"; notebook: string; cell: number; cells: number; status: CellStatus; ms: number }
  | { kind: "output"; notebook: string; cell: number; output: Output };

export type CellStatus = "ok" | "error" | "timeout" | "died" | "skipped";

export interface CellFailure {
  notebook: string;
  /** 1-based position among all cells, as a reader counts them in JupyterLab. */
  cell: number;
  status: Exclude<CellStatus, "ok">;
  /** The first lines of the error, without the kernel's own stack frames. */
  message: string;
}

export interface RunResult {
  notebook: string;
  /** The executed copy (the input file is not touched). */
  executed: Notebook;
  ok: boolean;
  failures: CellFailure[];
  cellStatus: CellStatus[];
  durationMs: number;
}

export const DEFAULT_CELL_TIMEOUT_MS = 300_000;
const ERROR_LINES = 8;

/** Keeps what a learner needs from tslab's stderr: the message and their own frames. */
export function firstErrorLines(stderr: string, lines = ERROR_LINES): string {
  const kept = stderr
    .split("\n")
    .filter((l) => !/node_modules[\\/]tslab|\(node:vm|at node:vm|sigintHandlersWrap|^\s*at async ZmqServer/.test(l))
    .filter((l, i, all) => l.trim() !== "" || (i > 0 && all[i - 1].trim() !== ""));
  return kept.slice(0, lines).join("\n").trim();
}

function describe(status: CellStatus, stderr: string, timeoutMs: number, exitInfo: string): string {
  switch (status) {
    case "timeout":
      return `did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped (raise the limit with --timeout)`;
    case "died":
      if (/heap out of memory|Reached heap limit|Allocation failed|out of memory/i.test(stderr))
        return "the kernel ran out of memory while running it (too much data at once, or a structure that grows without end)";
      return `the kernel exited while running it (${exitInfo})` + (stderr ? `:\n${firstErrorLines(stderr)}` : "");
    default:
      return firstErrorLines(stderr) || "the cell failed without an error message";
  }
}

async function replay(
  kernel: Kernel,
  nb: Notebook,
  status: CellStatus[],
  upTo: number,
  timeoutMs: number,
  deadline: number,
): Promise<void> {
  for (let j = 0; j < upTo; j++) {
    if (nb.cells[j].cell_type !== "code" || status[j] !== "ok") continue;
    const source = sourceText(nb.cells[j]);
    if (source.trim() === "") continue;
    const left = deadline - Date.now();
    if (left <= 0) return;
    const result = await kernel.execute(source, { timeoutMs: Math.min(timeoutMs, left) });
    if (result.status === "timeout") kernel.kill();
    if (!kernel.alive) return;
  }
}

export async function runNotebook(file: string, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const cellTimeout = options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const deadline = options.notebookTimeoutMs ? started + options.notebookTimeoutMs : Infinity;
  const nb: Notebook = structuredClone(readNotebook(file));
  const name = file;
  const cwd = options.kernel?.cwd ?? path.dirname(path.resolve(file));
  const failures: CellFailure[] = [];
  const cellStatus: CellStatus[] = nb.cells.map(() => "skipped");

  const startKernel = async () => {
    const t = Date.now();
    const left = deadline - Date.now();
    const k = await Kernel.start({
      ...options.kernel,
      cwd,
      env: { ...options.kernel?.env, ...options.env },
      startTimeoutMs: Math.max(1000, Math.min(options.kernel?.startTimeoutMs ?? 60_000, left)),
    });
    options.onProgress?.({ kind: "kernel-started", notebook: name, ms: Date.now() - t });
    return k;
  };
  let kernel = await startKernel();
  try {
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      if (cell.cell_type !== "code") {
        cellStatus[i] = "ok";
        continue;
      }
      const code = cell as CodeCell;
      code.outputs = [];
      code.execution_count = null;
      const source = sourceText(code);
      if (source.trim() === "") {
        cellStatus[i] = "ok";
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        failures.push({
          notebook: name,
          cell: i + 1,
          status: "timeout",
          message: `not run: the notebook's ${Math.round(options.notebookTimeoutMs! / 1000)} s limit was reached`,
        });
        cellStatus[i] = "timeout";
        if (options.continueOnError) continue;
        break;
      }
      if (!kernel.alive) {
        options.onKernelEnd?.();
        try {
          kernel = await startKernel();
        } catch (err) {
          failures.push({
            notebook: name,
            cell: i + 1,
            status: "died",
            message: `not run: the kernel could not be restarted (${(err as Error).message.split("\n")[0]})`,
          });
          cellStatus[i] = "died";
          break;
        }
        if (options.replayAfterRestart) await replay(kernel, nb, cellStatus, i, cellTimeout, deadline);
        if (deadline - Date.now() <= 0) {
          i--; // reported as "not run" by the deadline check above
          continue;
        }
      }
      const firstLine = source.split("\n").find((l) => l.trim() !== "") ?? "";
      options.onProgress?.({ kind: "cell-start", notebook: name, cell: i + 1, cells: nb.cells.length, firstLine });
      const timeout = Math.min(cellTimeout, deadline - Date.now());
      const result = await kernel.execute(source, {
        timeoutMs: timeout,
        onOutput: (output) => options.onProgress?.({ kind: "output", notebook: name, cell: i + 1, output }),
      });
      code.outputs = result.outputs;
      code.execution_count = result.executionCount;
      cellStatus[i] = result.status;
      options.onProgress?.({
        kind: "cell-done",
        notebook: name,
        cell: i + 1,
        cells: nb.cells.length,
        status: result.status,
        ms: result.durationMs,
      });
      if (result.status === "ok") continue;
      if (result.status === "timeout") kernel.kill();
      const processLog = result.status === "died" ? kernel.processLog.trim().split("\n").slice(-6).join("\n") : "";
      const oom = /heap out of memory|Reached heap limit/i.test(kernel.processLog)
        ? "JavaScript heap out of memory"
        : "";
      failures.push({
        notebook: name,
        cell: i + 1,
        status: result.status,
        message: describe(result.status, oom || result.stderr || processLog, timeout, kernel.exitDescription),
      });
      if (!options.continueOnError) break;
    }
  } finally {
    await kernel.shutdown();
    options.onKernelEnd?.();
  }
  return {
    notebook: name,
    executed: nb,
    ok: failures.length === 0,
    failures,
    cellStatus,
    durationMs: Date.now() - started,
  };
}

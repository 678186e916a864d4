// Progress for long operations (downloads, training, grading): an updating bar in the notebook
// cell, cli-progress in a terminal, a few plain lines where output is a log file (CI).
import { randomBytes } from "crypto";
import * as cliProgress from "cli-progress";
import { displayBundle, escapeHtml, inKernel } from "./display";

export type ProgressUnit = "bytes" | "items";

export interface ProgressBar {
  /** `detail` is shown after the numbers, e.g. "loss 0.41 · 1,900 tokens/s". */
  update(done: number, total?: number, detail?: string): void;
  /** Ends the bar with a closing message (e.g. "done" or "from cache"). */
  finish(message?: string): void;
}

/** Byte amounts in the decimal units they claim (kB = 10^3, MB = 10^6, GB = 10^9 bytes), as PyPI and the Hub show sizes. */
export function formatAmount(n: number, unit: ProgressUnit): string {
  // Rates are fractions (bytes or items per second): whole numbers, or one decimal below 10 items.
  if (unit === "items") return Number.isInteger(n) || n >= 10 ? String(Math.round(n)) : n.toFixed(1);
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${Math.round(n)} B`;
}

function describe(
  label: string,
  done: number,
  total: number | undefined,
  unit: ProgressUnit,
  started: number,
  detail?: string,
): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const pct = total ? ` ${Math.floor((100 * done) / total)}%` : "";
  const speed = detail ? ` · ${detail}` : rate > 0 ? ` (${formatAmount(rate, unit)}/s)` : "";
  return `${label}:${pct} ${formatAmount(done, unit)}${total ? ` / ${formatAmount(total, unit)}` : ""}${speed}`;
}

/**
 * What the notebook's bar and the log's lines share: the label, the total (update() may learn it late),
 * the unit, and the start time the rate is measured from.
 */
abstract class DescribedBar implements ProgressBar {
  protected readonly started = Date.now();
  constructor(
    protected readonly label: string,
    protected total: number | undefined,
    protected readonly unit: ProgressUnit,
  ) {}
  /** "label: 42% 4.2 MB / 10.0 MB (1.1 MB/s)", or the detail in place of the rate. */
  protected status(done: number, detail?: string): string {
    return describe(this.label, done, this.total, this.unit, this.started, detail);
  }
  abstract update(done: number, total?: number, detail?: string): void;
  abstract finish(message?: string): void;
}

class NotebookBar extends DescribedBar {
  private readonly id = randomBytes(8).toString("hex");
  private last = 0;
  constructor(label: string, total: number | undefined, unit: ProgressUnit) {
    super(label, total, unit);
    this.show(0, false);
  }
  private detail?: string;
  private show(done: number, update: boolean, message?: string): void {
    const text = message ? `${this.label}: ${message}` : this.status(done, this.detail);
    const bar = this.total ? `<progress value="${done}" max="${this.total}" style="width:240px"></progress> ` : "";
    displayBundle(
      { "text/html": `<div>${bar}<code>${escapeHtml(text)}</code></div>`, "text/plain": text },
      { displayId: this.id, update },
    );
  }
  update(done: number, total?: number, detail?: string): void {
    if (total !== undefined) this.total = total;
    if (detail !== undefined) this.detail = detail;
    const now = Date.now();
    if (now - this.last < 250 && done !== this.total) return;
    this.last = now;
    this.show(done, true);
  }
  finish(message = "done"): void {
    this.show(this.total ?? 0, true, message);
  }
}

class TerminalBar implements ProgressBar {
  private readonly bar: cliProgress.SingleBar;
  constructor(label: string, total: number | undefined, unit: ProgressUnit) {
    const fmt = (v: number) => formatAmount(v, unit);
    this.bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% {done}/{all} {detail}`,
        stream: process.stderr,
        hideCursor: false,
        clearOnComplete: false,
        formatValue: (v, _o, type) => (type === "value" || type === "total" ? fmt(v) : String(v)),
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total ?? 0, 0, { done: fmt(0), all: total ? fmt(total) : "?", detail: "" });
    this.fmt = fmt;
  }
  private fmt: (v: number) => string;
  update(done: number, total?: number, detail?: string): void {
    if (total !== undefined) this.bar.setTotal(total);
    this.bar.update(done, { done: this.fmt(done), all: this.fmt(total ?? this.bar.getTotal()), detail: detail ?? "" });
  }
  finish(message = "done"): void {
    this.bar.stop();
    process.stderr.write(`  ${message}\n`);
  }
}

/** Plain lines at 0, 25, 50, 75 and 100 %: for logs, where a redrawn bar would be noise. */
class LogBar extends DescribedBar {
  private nextQuarter = 1;
  constructor(label: string, total: number | undefined, unit: ProgressUnit) {
    super(label, total, unit);
    process.stderr.write(`${this.status(0)}\n`);
  }
  update(done: number, total?: number, detail?: string): void {
    if (total !== undefined) this.total = total;
    if (!this.total) return;
    while (this.nextQuarter < 4 && done >= (this.total * this.nextQuarter) / 4) {
      process.stderr.write(`${this.status(done, detail)}\n`);
      this.nextQuarter++;
    }
  }
  finish(message = "done"): void {
    process.stderr.write(`${this.label}: ${message}\n`);
  }
}

/** A progress bar fit for where the code runs: a notebook cell, a terminal, or a log. */
export function progressBar(label: string, total?: number, unit: ProgressUnit = "bytes"): ProgressBar {
  if (inKernel()) return new NotebookBar(label, total, unit);
  if (process.stderr.isTTY) return new TerminalBar(label, total, unit);
  return new LogBar(label, total, unit);
}

// The Python side of the benchmark: a bench-only virtual environment (.venv-bench) with transformers,
// PyTorch (CPU), tokenizers and NumPy from PyPI, running bench/python_bench.py on the same files.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface PythonResult {
  ok: boolean;
  /** Why the Python side is missing, when it is. */
  reason?: string;
  results?: Record<string, any>;
}

function python3(): string | undefined {
  for (const p of ["python3", "python"]) if (spawnSync(p, ["--version"]).status === 0) return p;
  return undefined;
}

export function benchVenv(project: string, log: (line: string) => void): { python?: string; reason?: string } {
  const venv = path.join(project, ".venv-bench");
  const python = path.join(venv, "bin", "python");
  if (
    fs.existsSync(python) &&
    spawnSync(python, ["-c", "import torch, transformers, tokenizers, numpy, gguf, accelerate"]).status === 0
  )
    return { python };
  const system = python3();
  if (!system) return { reason: "no python3 on PATH" };
  log(
    "bench: creating .venv-bench with bench/requirements.txt (transformers, torch, tokenizers, numpy, gguf, accelerate) from PyPI (once)",
  );
  if (spawnSync(system, ["-m", "venv", venv], { stdio: "inherit" }).status !== 0)
    return { reason: "python3 -m venv failed (on Debian: apt install python3-venv)" };
  const pip = spawnSync(
    python,
    [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      "-q",
      "-r",
      path.join(project, "bench", "requirements.txt"),
    ],
    { stdio: "inherit" },
  );
  if (pip.status !== 0) return { reason: "pip could not install torch/transformers into .venv-bench" };
  return { python };
}

export function runPythonBench(python: string, jobFile: string, script: string): PythonResult {
  const run = spawnSync(python, [script, jobFile], {
    encoding: "utf8",
    timeout: 1_800_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    return {
      ok: false,
      reason: `python_bench.py failed: ${(run.stderr || run.error?.message || "").trim().split("\n").slice(-3).join(" ")}`,
    };
  return { ok: true, results: JSON.parse(run.stdout.trim().split("\n").pop()!) };
}

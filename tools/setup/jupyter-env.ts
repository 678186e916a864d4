// Finds JupyterLab 4, or creates a project-local Python virtual environment and installs it
// from PyPI; then registers the tslab kernelspec inside that environment (never in the user's
// global Jupyter folders).
import { spawnSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { KERNEL_NAME, tslabKernelSpec } from "../../lib/kernel/kernelspec";

export interface JupyterEnv {
  /** The jupyter command to run (absolute path). */
  jupyter: string;
  /** Where JupyterLab came from. */
  origin: "project venv" | "PATH";
  /** Folder whose kernels/ holds our kernelspec. */
  dataDir: string;
  /** Environment for the jupyter process (JUPYTER_PATH when the spec lives in the project). */
  env: NodeJS.ProcessEnv;
}

/** A problem the learner can fix, with a one-line instruction (printed without a stack trace). */
export class SetupError extends Error {}

const IS_WINDOWS = process.platform === "win32";
const MIN_PYTHON: [number, number] = [3, 9];

function venvBin(venv: string, name: string): string {
  return IS_WINDOWS ? path.join(venv, "Scripts", `${name}.exe`) : path.join(venv, "bin", name);
}

function output(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  return r.status === 0 ? (r.stdout + r.stderr).trim() : undefined;
}

/** The JupyterLab major version a jupyter command provides, or undefined. */
export function jupyterLabMajor(jupyter: string): number | undefined {
  const v = output(jupyter, ["lab", "--version"]);
  const m = v?.match(/^(\d+)\./m);
  return m ? Number(m[1]) : undefined;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const ext of IS_WINDOWS ? [".exe", ".cmd", ""] : [""]) {
      const f = path.join(dir, name + ext);
      if (dir && fs.existsSync(f) && fs.statSync(f).isFile()) return f;
    }
  }
  return undefined;
}

/** A Python >= 3.9 to create the virtual environment with: $PYTHON, python3 or python. */
export function findPython(): string {
  const candidates = [process.env.PYTHON, "python3", "python"].filter((c): c is string => Boolean(c));
  for (const c of candidates) {
    const v = output(c, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
    if (!v) continue;
    const [major, minor] = v.split(".").map(Number);
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return c;
  }
  throw new SetupError(
    "JupyterLab needs Python 3.9 or newer, and none was found: install it (Debian/Ubuntu: sudo apt install python3 python3-venv; macOS: brew install python; Windows: python.org), then run npm start again.",
  );
}

function run(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => reject(new SetupError(`${what} failed: ${err.message}`)));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new SetupError(`${what} failed (exit code ${code}); see the lines above.`)),
    );
  });
}

/** The course's own virtual environment: HF_COURSE_VENV, else <project>/.venv. */
export function venvDir(projectDir: string): string {
  return process.env.HF_COURSE_VENV ? path.resolve(process.env.HF_COURSE_VENV) : path.join(projectDir, ".venv");
}

/**
 * What the course installs into its JupyterLab: JupyterLab 4, and `plotly` for its JupyterLab renderer
 * of Plotly figures (the labextension jupyterlab-plotly; the course's charts are Plotly's MIME type).
 */
export const JUPYTER_REQUIREMENTS = ["jupyterlab>=4,<5", "plotly>=6,<8"];

function hasPlotlyRenderer(venv: string): boolean {
  return fs.existsSync(path.join(venv, "share", "jupyter", "labextensions", "jupyterlab-plotly", "package.json"));
}

/** Creates the course venv and installs JupyterLab 4 (and Plotly's renderer) into it from PyPI, showing pip's progress. */
export async function createVenv(venv: string, log: (line: string) => void): Promise<string> {
  const python = findPython();
  if (!fs.existsSync(venvBin(venv, "python"))) {
    log(`Creating a Python virtual environment for the course in ${venv} ...`);
    const r = spawnSync(python, ["-m", "venv", venv], { encoding: "utf8" });
    if (r.status !== 0) {
      fs.rmSync(venv, { recursive: true, force: true });
      const hint = /ensurepip|venv/.test(r.stderr + r.stdout) ? " (Debian/Ubuntu: sudo apt install python3-venv)" : "";
      throw new SetupError(
        `${python} could not create a virtual environment${hint}; fix that and run npm start again.`,
      );
    }
  }
  log("Installing JupyterLab 4 from PyPI into it (one time, about 1-2 minutes) ...");
  await pipInstall(venv, JUPYTER_REQUIREMENTS, "Installing JupyterLab with pip");
  return venvBin(venv, "jupyter");
}

function pipInstall(venv: string, requirements: string[], what: string): Promise<void> {
  return run(
    venvBin(venv, "python"),
    ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "on", ...requirements],
    what,
  );
}

/** Writes the kernelspec (argv: this Node + the project's tslab) into `dataDir`/kernels/tslab. */
export function writeKernelSpec(dataDir: string): string {
  const dir = path.join(dataDir, "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "kernel.json");
  fs.writeFileSync(file, JSON.stringify(tslabKernelSpec(), null, 1) + "\n");
  return file;
}

/**
 * JupyterLab settings the course starts with (`--LabApp.app_settings_dir`): no "Jupyter news?"
 * prompt and no update check, both of which reach for the network.
 */
export function writeLabSettings(projectDir: string): string {
  const dir = path.join(projectDir, ".jupyter", "lab-settings");
  fs.mkdirSync(dir, { recursive: true });
  const overrides = { "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false } };
  fs.writeFileSync(path.join(dir, "overrides.json"), JSON.stringify(overrides, null, 1) + "\n");
  return dir;
}

/** JupyterLab 4 with the TypeScript kernel registered, installing what is missing. */
export async function ensureJupyterEnv(
  projectDir: string,
  log: (line: string) => void = console.log,
): Promise<JupyterEnv> {
  const venv = venvDir(projectDir);
  const venvJupyter = venvBin(venv, "jupyter");
  let jupyter: string | undefined;
  let origin: JupyterEnv["origin"] = "project venv";
  if (fs.existsSync(venvJupyter) && (jupyterLabMajor(venvJupyter) ?? 0) >= 4) {
    jupyter = venvJupyter;
    if (!hasPlotlyRenderer(venv)) {
      // A venv from before the course's charts used Plotly's renderer.
      log("Installing Plotly's JupyterLab renderer (the plotly package) into the course's environment ...");
      await pipInstall(venv, JUPYTER_REQUIREMENTS.slice(1), "Installing plotly with pip");
    }
  } else {
    const global = onPath("jupyter");
    if (global && (jupyterLabMajor(global) ?? 0) >= 4) {
      jupyter = global;
      origin = "PATH";
    } else {
      log(
        global
          ? "The JupyterLab on your PATH is older than 4; the course installs its own."
          : "JupyterLab was not found; the course installs its own.",
      );
      jupyter = await createVenv(venv, log);
      if ((jupyterLabMajor(jupyter) ?? 0) < 4)
        throw new SetupError(
          `JupyterLab did not install correctly in ${venv}: delete that folder and run npm start again.`,
        );
    }
  }
  // In the venv the spec sits in the environment's own data folder (found by its jupyter);
  // for a JupyterLab on PATH it sits in the project and JUPYTER_PATH points there.
  const dataDir =
    origin === "project venv"
      ? path.join(venv, "share", "jupyter")
      : path.join(projectDir, ".jupyter", "share", "jupyter");
  writeKernelSpec(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (origin === "PATH") env.JUPYTER_PATH = [dataDir, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { jupyter, origin, dataDir, env };
}

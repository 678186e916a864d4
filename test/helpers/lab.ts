// Starts JupyterLab the way a learner does (scripts/start.ts, i.e. `npm start`) on loopback.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { freePorts } from "../../tools/jupyter/net";
import { PROJECT } from "./notebooks";

export interface Lab {
  base: string;
  token: string;
  /** Everything the start script printed so far. */
  output: () => string;
  stop: () => Promise<void>;
  /** Ctrl-C in the terminal: SIGINT to the whole process group; resolves when npm start exited (or after 30 s). */
  interrupt: () => Promise<void>;
  exited: () => boolean;
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/** Runs `npm start`'s script with a known token; resolves once it prints the course URL. */
/** `env` reaches the kernels too (e.g. HF_HUB_OFFLINE=1 to run on the course's stand-ins). */
export async function startLab(timeoutMs = 600_000, env: NodeJS.ProcessEnv = {}): Promise<Lab> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(PROJECT, "scripts", "start.ts"), "--no-browser", "--port", String(port)],
    {
      cwd: PROJECT,
      env: { ...process.env, ...env, JUPYTER_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]); // npm start stops JupyterLab and its kernels first
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  };
  const started = Date.now();
  while (!/The course is open at: http/.test(log)) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${log}`);
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`npm start printed no URL within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const interrupt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGINT");
    } catch {
      /* gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  };
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return { base: `http://127.0.0.1:${port}`, token, output: () => log, stop, interrupt, exited };
}

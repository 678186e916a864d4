// `npm start`: JupyterLab 4 with the TypeScript kernel registered in the course's own environment.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { startLab } from "./helpers/lab";

test(
  "npm start serves JupyterLab 4 whose kernelspecs list the TypeScript kernel, and prints the URL",
  { timeout: 900_000 },
  async () => {
    const lab = await startLab();
    try {
      // It opens the learner's copy (my-work/, git-ignored: running lessons never dirties the clone) and says so.
      assert.match(
        lab.output(),
        /The course is open at: http:\/\/127\.0\.0\.1:\d+\/lab\/tree\/my-work\/notebooks\/00-setup\.ipynb/,
      );
      assert.match(lab.output(), /copies of the lessons and exercises are in my-work\//);
      assert.ok(fs.existsSync(path.join(PROJECT, "my-work", "notebooks", "00-setup.ipynb")));
      assert.ok(fs.existsSync(path.join(PROJECT, "my-work", "exercises", "01-pipelines.ipynb")));
      assert.equal(
        spawnSync("git", ["check-ignore", "-q", "my-work/notebooks/00-setup.ipynb"], { cwd: PROJECT }).status,
        0,
        "git ignores my-work/",
      );
      const headers = { Authorization: `token ${lab.token}` };
      const specs = (await (await fetch(`${lab.base}/api/kernelspecs`, { headers })).json()) as any;
      assert.equal(specs.default, "tslab");
      const tslab = specs.kernelspecs.tslab.spec;
      assert.equal(tslab.display_name, "TypeScript");
      assert.equal(tslab.language, "typescript");
      assert.equal(tslab.argv[0], process.execPath);
      // The course's launcher of the project's tslab (lib/kernel/tslab-kernel.ts: kernel status and history_request mended).
      assert.equal(
        fs.realpathSync(tslab.argv[1]),
        fs.realpathSync(path.join(PROJECT, "lib", "dist", "kernel", "tslab-kernel.js")),
      );
      const lab4 = (await (await fetch(`${lab.base}/api`, { headers })).json()) as any;
      assert.ok(lab4.version, "the server answers its API");
      const listing = (await (await fetch(`${lab.base}/api/contents/notebooks`, { headers })).json()) as any;
      assert.ok(listing.content.some((f: any) => f.name === "00-setup.ipynb"));
      // JupyterLab's workspace (open tabs) is kept in the course folder, not in ~/.jupyter/lab/workspaces.
      const ws = `course-test-${Date.now()}`;
      const put = await fetch(`${lab.base}/lab/api/workspaces/${ws}`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ data: {}, metadata: { id: ws } }),
      });
      assert.equal(put.status, 204);
      const saved = fs.readdirSync(path.join(PROJECT, ".jupyter", "workspaces")).filter((f) => f.startsWith(ws));
      assert.equal(saved.length, 1, "the workspace file is in .jupyter/workspaces");
      fs.rmSync(path.join(PROJECT, ".jupyter", "workspaces", saved[0]));
      // The spec lives in the course's environment, not in the user's Jupyter folders.
      const home = process.env.HOME ?? "";
      for (const global of [
        path.join(home, ".local", "share", "jupyter", "kernels", "tslab"),
        "/usr/local/share/jupyter/kernels/tslab",
        "/usr/share/jupyter/kernels/tslab",
      ]) {
        assert.equal(fs.existsSync(global), false, `${global} should not be written`);
      }
    } finally {
      await lab.stop();
    }
  },
);

test("with no Python and no JupyterLab, npm start says in one line what to install", () => {
  const dir = scratchDir("no-python");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, "node")); // a PATH with Node and nothing else
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(PROJECT, "scripts", "start.ts"), "--no-browser"],
    {
      cwd: PROJECT,
      encoding: "utf8",
      env: { PATH: bin, HOME: dir, HF_COURSE_VENV: path.join(dir, ".venv") },
      timeout: 60_000,
    },
  );
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0],
    /^JupyterLab needs Python 3\.9 or newer, and none was found: install it \(.*\), then run npm start again\.$/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(fs.existsSync(path.join(dir, ".venv")), false);
});

/** Pids of processes whose command line contains `needle` (Linux /proc). */
function pidsWith(needle: string): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, "utf8").includes(needle)) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return pids;
}

test(
  "Ctrl-C on npm start stops JupyterLab and the kernels it started",
  { timeout: 300_000, skip: process.platform !== "linux" ? "reads /proc" : false },
  async () => {
    const lab = await startLab();
    const headers = { Authorization: `token ${lab.token}`, "Content-Type": "application/json" };
    const kernel = (await (
      await fetch(`${lab.base}/api/kernels`, { method: "POST", headers, body: JSON.stringify({ name: "tslab" }) })
    ).json()) as { id: string };
    let kernelPids: number[] = [];
    for (let i = 0; i < 100 && kernelPids.length === 0; i++) {
      kernelPids = pidsWith(`kernel-${kernel.id}.json`).filter((p) =>
        fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("tslab-kernel"),
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(kernelPids.length, 1, "the kernel process runs");
    const started = Date.now();
    await lab.interrupt(); // what the terminal sends on Ctrl-C: SIGINT to npm start's process group
    assert.ok(lab.exited(), `npm start ended on Ctrl-C:\n${lab.output()}`);
    const alive = () =>
      kernelPids.filter(
        (p) => fs.existsSync(`/proc/${p}`) && !/^\S+ \S+ Z/.test(fs.readFileSync(`/proc/${p}/stat`, "utf8")),
      );
    for (let i = 0; i < 50 && alive().length > 0; i++) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(alive(), [], `the kernel stopped with JupyterLab (${Date.now() - started} ms)`);
    assert.match(lab.output(), /Stopping JupyterLab and its kernels/);
  },
);

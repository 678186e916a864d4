// `npm start`: JupyterLab 4 with the TypeScript kernel registered in the course's own environment.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { startLab } from "./helpers/lab";

test("npm start serves JupyterLab 4 whose kernelspecs list the TypeScript kernel, and prints the URL", { timeout: 900_000 }, async () => {
  const lab = await startLab();
  try {
    assert.match(lab.output(), /The course is open at: http:\/\/127\.0\.0\.1:\d+\/lab\/tree\/notebooks\/00-setup\.ipynb/);
    const headers = { Authorization: `token ${lab.token}` };
    const specs = await (await fetch(`${lab.base}/api/kernelspecs`, { headers })).json() as any;
    assert.equal(specs.default, "tslab");
    const tslab = specs.kernelspecs.tslab.spec;
    assert.equal(tslab.display_name, "TypeScript");
    assert.equal(tslab.language, "typescript");
    assert.equal(tslab.argv[0], process.execPath);
    // The course's launcher of the project's tslab (lib/jupyter/tslab-kernel.ts: kernel status and history_request mended).
    assert.equal(fs.realpathSync(tslab.argv[1]), fs.realpathSync(path.join(PROJECT, "lib", "dist", "jupyter", "tslab-kernel.js")));
    const lab4 = await (await fetch(`${lab.base}/api`, { headers })).json() as any;
    assert.ok(lab4.version, "the server answers its API");
    const listing = await (await fetch(`${lab.base}/api/contents/notebooks`, { headers })).json() as any;
    assert.ok(listing.content.some((f: any) => f.name === "00-setup.ipynb"));
    // The spec lives in the course's environment, not in the user's Jupyter folders.
    const home = process.env.HOME ?? "";
    for (const global of [path.join(home, ".local", "share", "jupyter", "kernels", "tslab"), "/usr/local/share/jupyter/kernels/tslab", "/usr/share/jupyter/kernels/tslab"]) {
      assert.equal(fs.existsSync(global), false, `${global} should not be written`);
    }
  } finally {
    await lab.stop();
  }
});

test("with no Python and no JupyterLab, npm start says in one line what to install", () => {
  const dir = scratchDir("no-python");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, "node")); // a PATH with Node and nothing else
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT, "scripts", "start.ts"), "--no-browser"], {
    cwd: PROJECT,
    encoding: "utf8",
    env: { PATH: bin, HOME: dir, HF_COURSE_VENV: path.join(dir, ".venv") },
    timeout: 60_000,
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^JupyterLab needs Python 3\.9 or newer, and none was found: install it \(.*\), then run npm start again\.$/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(fs.existsSync(path.join(dir, ".venv")), false);
});

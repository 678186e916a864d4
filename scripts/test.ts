// npm test [-- files...]: every test/*.test.ts (or the files named) through Node's test runner.
// A launcher because Node 20's `--test` neither expands globs nor finds .ts files in a folder.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const named = process.argv.slice(2);
const files = named.length > 0 ? named : fs.readdirSync(path.join(root, "test")).filter((f) => f.endsWith(".test.ts")).sort().map((f) => path.join("test", f));
// One file at a time: the tests start kernels, JupyterLab and a browser on a 2-core machine.
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);

// npm start: JupyterLab 4 on the course with the TypeScript (tslab) kernel.
//   npm start                      install what is missing, then serve and print the URL
//   npm start -- --port 8890 --no-browser
//   npm run setup                  install only (used by CI); also offers to build tfjs-node from
//                                  TensorFlow's PyPI wheel where it does not load (HF_COURSE_TFJS_NODE=pypi|skip)
import { spawn } from "child_process";
import * as path from "path";
import { parseArgs } from "util";
import { buildIfStale } from "../tools/setup/build";
import { ensureJupyterEnv, SetupError, writeLabSettings } from "../tools/setup/jupyter-env";
import { describeLearnerCopies, ensureLearnerCopies, LEARNER_DIR } from "../tools/setup/learner-copies";
import { offerTfjsNode } from "../tools/setup/tfjs-node/offer";

const PROJECT = path.resolve(__dirname, "..");
const FIRST_NOTEBOOK = `${LEARNER_DIR}/notebooks/00-setup.ipynb`; // the learner's copy (tools/setup/learner-copies.ts)

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "setup-only": { type: "boolean" },
      port: { type: "string" },
      ip: { type: "string" },
      "no-browser": { type: "boolean" },
    },
  });
  buildIfStale(PROJECT); // the kernel's launcher and "hf-course" live in lib/dist
  const env = await ensureJupyterEnv(PROJECT);
  console.log(
    `TypeScript kernel registered in ${path.relative(PROJECT, env.dataDir) || env.dataDir} (JupyterLab from ${env.origin}).`,
  );
  if (values["setup-only"]) {
    await offerTfjsNode(PROJECT);
    return 0;
  }

  for (const line of describeLearnerCopies(ensureLearnerCopies(PROJECT))) console.log(line);
  const args = [
    "lab",
    `--ServerApp.root_dir=${PROJECT}`,
    `--LabApp.default_url=/lab/tree/${FIRST_NOTEBOOK}`,
    `--ServerApp.ip=${values.ip ?? "127.0.0.1"}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--MultiKernelManager.default_kernel_name=tslab",
    "--LabApp.news_url=None", // no news feed to fetch in a course that runs offline
    `--LabApp.app_settings_dir=${writeLabSettings(PROJECT)}`, // ... and no prompt asking about it
    `--LabApp.workspaces_dir=${path.join(PROJECT, ".jupyter", "workspaces")}`, // the course's open tabs, not ~/.jupyter's
  ];
  if (values.port) args.push(`--ServerApp.port=${values.port}`);
  if (values["no-browser"]) args.push("--no-browser");
  if (process.getuid?.() === 0) args.push("--allow-root"); // containers and CI machines run as root
  // Its own process group: Ctrl-C reaches this script only, which stops JupyterLab the way that also
  // stops its kernels (SIGTERM: the server shuts its kernels down; SIGINT without a terminal does not).
  const lab = spawn(env.jupyter, args, {
    cwd: PROJECT,
    env: env.env,
    stdio: ["ignore", "inherit", "pipe"],
    detached: process.platform !== "win32",
  });
  let announced = false;
  lab.stderr.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    process.stderr.write(text);
    const url = !announced && text.match(/https?:\/\/(?:127\.0\.0\.1|localhost)[^\s]*/);
    if (url) {
      announced = true;
      console.log(`\n  The course is open at: ${url[0]}\n  (Ctrl+C stops JupyterLab.)\n`);
    }
  });
  let stopping = false;
  const stop = () => {
    if (stopping) {
      console.log("Stopping now (kernels still running are left behind).");
      lab.kill("SIGKILL");
      return;
    }
    stopping = true;
    console.log("\nStopping JupyterLab and its kernels ...");
    lab.kill("SIGTERM");
    setTimeout(() => lab.kill("SIGKILL"), 30_000).unref();
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, stop);
  return new Promise((resolve) => lab.on("exit", (code) => resolve(code ?? 0)));
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    if (err instanceof SetupError) console.error(err.message);
    else console.error(`npm start failed: ${(err as Error).message}`);
    process.exit(1);
  });

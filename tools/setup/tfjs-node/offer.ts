// `npm run setup`: where tfjs-node does not load (npm dropped it because Google's download host
// could not be reached), offer to build it from TensorFlow's wheel on PyPI.
//   HF_COURSE_TFJS_NODE=pypi   build it without asking, and fail setup if that fails (CI does this)
//   HF_COURSE_TFJS_NODE=skip   never; training uses WebAssembly
import * as readline from "readline";
import { SetupError } from "../jupyter-env";
import { installTfjsNodeFromPypi, probeTfjsNode, TFJS_NODE } from "./install";
import { TENSORFLOW_WHEEL } from "./wheel";

export type TfjsNodeMode = "ask" | "pypi" | "skip";

export function tfjsNodeMode(env: NodeJS.ProcessEnv = process.env): TfjsNodeMode {
  const v = (env.HF_COURSE_TFJS_NODE ?? "").toLowerCase();
  if (v === "skip" || v === "0" || v === "no") return "skip";
  if (v === "pypi" || v === "1" || v === "yes" || (v === "" && /^(1|true)$/i.test(env.CI ?? ""))) return "pypi";
  if (v !== "")
    throw new SetupError(`HF_COURSE_TFJS_NODE=${JSON.stringify(env.HF_COURSE_TFJS_NODE)} must be pypi or skip.`);
  return "ask";
}

function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return Promise.resolve(true); // setup was asked for: do it
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(!/^n/i.test(answer.trim()));
    }),
  );
}

/** Returns true when tfjs-node loads at the end. Throws only in "pypi" mode (required). */
export async function offerTfjsNode(
  projectDir: string,
  log: (line: string) => void = console.log,
  mode: TfjsNodeMode = tfjsNodeMode(),
): Promise<boolean> {
  const probe = probeTfjsNode(projectDir);
  if (probe.ok) {
    log(`${TFJS_NODE} loads: the course trains on native TensorFlow.`);
    return true;
  }
  if (mode === "skip") {
    log(`${TFJS_NODE} does not load (${probe.reason}); HF_COURSE_TFJS_NODE=skip: training uses WebAssembly.`);
    return false;
  }
  log(
    `${TFJS_NODE} does not load here (${probe.reason}), so training would use WebAssembly (several times slower than native TensorFlow).`,
  );
  const size = `${(TENSORFLOW_WHEEL.bytes / 1e6).toFixed(0)} MB download once, ~520 MB in the course cache, needs g++ and make, 1-3 minutes`;
  if (mode === "ask" && !(await ask(`Build it from TensorFlow's wheel on PyPI (${size})? [Y/n] `))) {
    log("Skipped. Later: HF_COURSE_TFJS_NODE=pypi npm run setup");
    return false;
  }
  const started = Date.now();
  try {
    const did = await installTfjsNodeFromPypi(projectDir, log);
    log(
      `${TFJS_NODE} ${did === "built" ? "built from TensorFlow's PyPI wheel" : "restored from the course cache"} in ${((Date.now() - started) / 1000).toFixed(0)} s: the course trains on native TensorFlow.`,
    );
    return true;
  } catch (err) {
    if (mode === "pypi") throw err;
    log(`${(err as Error).message}\nTraining uses WebAssembly meanwhile.`);
    return false;
  }
}

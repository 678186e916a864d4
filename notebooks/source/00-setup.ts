// %% [markdown]
// # 0 · Is your machine ready?
//
// Before the first transformer, let's check the machine it will run on. This notebook looks at
// everything the course needs and tells you, line by line, what it found and what to do if
// something is off. Nothing here changes your system: it only looks.
//
// **How to run it:** click into the first code cell below and press **Shift + Enter** to run it and move to
// the next one. Keep going to the bottom (or use *Run → Run All Cells*). The language of every code cell
// is TypeScript: the kernel named *TypeScript* in the top-right corner compiles and runs each cell.

// %% [markdown]
// ## The course library
//
// The course comes with a small library, `hf-course`, that every chapter uses: it loads models and
// datasets, draws charts, trains models and checks your exercises. The first line of each notebook
// imports what it needs from it, just like you import `@huggingface/transformers`. It has three entries:
// `hf-course` (pipelines, datasets, metrics, charts, exercises), `hf-course/training` (training on
// TensorFlow.js) and `hf-course/transformers` (transformers.js itself, set up with the course's settings).
// The last two bring large type declarations with them, so a chapter imports them where it needs them.

// %%
import { settings, checkEnvironment, showChecks, plot } from "hf-course";

// %% [markdown]
// ## The checks
//
// Run the next cell. It shows a table with one line per check; here is what each line means.
//
// - **Node.js**: the JavaScript runtime behind the kernel. The course needs version 20.19 or newer, because
//   some libraries it uses are published only as modern ES modules, and older versions of Node can't load
//   them from notebook code.
// - **Kernel**: *tslab*, the program that turns each cell's TypeScript into JavaScript and runs it. The line shows its
//   version and the TypeScript version it compiles with.
// - **Training backend**: the engine TensorFlow.js uses when the course *trains* a model (chapter 5).
//   `tensorflow` is native TensorFlow (fastest; it comes with the optional `@tensorflow/tfjs-node` package);
//   `wasm` is WebAssembly, which works everywhere and is fast enough for the course's small models.
//   The course never quietly falls back to the much slower pure-JavaScript `cpu` engine.
// - **Cache folder**: where downloaded models and datasets are kept, so each is fetched only once. It sits
//   outside the course folder, so reinstalling the course doesn't throw the downloads away. Set
//   `HF_COURSE_CACHE` to move it.
// - **Free disk space**: room for the models the course downloads. Below 2 GB free the check warns you, as a safety margin.
// - **Hugging Face Hub**: whether this machine can reach the Hub, where models and datasets live. If it can't,
//   the course still runs: every chapter has small models bundled with the course to fall back on.
// - **HF_TOKEN**: your personal Hub access token, needed only for gated or private models. Create one on the
//   Hub under *Settings → Access Tokens* ([huggingface.co/settings/tokens](https://huggingface.co/settings/tokens));
//   a token with the *read* role is enough to download. The course never prints it; you'll only ever see
//   *set* or *not set*.
//
// ✔ means fine, ⚠ means the course still works but read the advice, ✘ means fix this first.

// %%
const checks = await checkEnvironment();
showChecks(checks);

// %% [markdown]
// ## Which libraries run the models
//
// Deep learning is written on top of a **framework**: a library of tensors (arrays of numbers) that computes
// gradients for training and runs fast on CPUs and GPUs. Python has three main ones, and JavaScript has its own:
//
// | library | language | made by | role |
// |---|---|---|---|
// | PyTorch | Python | Meta (now the PyTorch Foundation) | the framework of Python's 🤗 Transformers today |
// | TensorFlow | Python | Google Brain | supported by 🤗 Transformers up to version 4 |
// | JAX | Python | Google ([DeepMind builds much of its research on it](https://deepmind.com/blog/article/using-jax-to-accelerate-our-research)) | supported by 🤗 Transformers up to version 4 (through Flax) |
// | [transformers.js](https://huggingface.co/docs/transformers.js) | JavaScript | Hugging Face | the `pipeline()` and `Auto*` classes of this course: it **runs** models exported to the ONNX format, with Microsoft's ONNX Runtime; it does not train |
// | [TensorFlow.js](https://www.tensorflow.org/js) | JavaScript | Google | the course's **training** engine (chapter 5): the *Training backend* line above is its backend |
//
// 🤗 Transformers 5 kept only PyTorch ("We're removing the TensorFlow and Jax parts of the library", its
// [migration guide](https://github.com/huggingface/transformers/blob/main/MIGRATION_GUIDE_V5.md)). A checkpoint
// is only numbers, though: the same trained weights can be saved as PyTorch files, as `safetensors`, or exported
// to ONNX, which is how a model trained in Python runs here in TypeScript.
//
// ## Your settings
//
// All of the course's settings live in one object, `settings`. Each field starts from an environment
// variable, and you can also change it in a cell for the rest of the session, e.g. `settings.offline = true`.
//
// | field | environment variable | what it does |
// |---|---|---|
// | `cacheDir` | `HF_COURSE_CACHE` | where models and datasets are cached |
// | `hubEndpoint` | `HF_ENDPOINT` | the Hub's address (or a mirror's) |
// | `offline` | `HF_HUB_OFFLINE=1` | never contact the Hub; use cached and bundled models only |
// | `hubTimeoutMs` | `HF_COURSE_HUB_TIMEOUT_MS` | how long to wait for the Hub before treating it as unreachable |
// | `logLevel` | `HF_COURSE_LOG_LEVEL` | how much the libraries may print in your notebooks |
// | `trainingBackend` | `HF_COURSE_TRAINING_BACKEND` | `auto`, `tensorflow`, `wasm`, or (slow, explicit only) `cpu` |
// | `token` | `HF_TOKEN` | your Hub token: readable in code, never displayed |
//
// Printing the object shows every field, and the token only as *set* or *not set*:

// %%
settings;

// %% [markdown]
// ## How fast can this machine train?
//
// Training a transformer is mostly multiplying matrices. The next cell times a 256 × 256 matrix multiplication
// on your training backend and on the pure-JavaScript engine, and charts the speed in GFLOP/s
// (billions of floating-point operations per second). Taller is faster. You can hover over the bars.

// %%
import { compareBackendSpeeds } from "hf-course/training"; // training's half of the course library

// %%
const speeds = await compareBackendSpeeds();
for (const s of speeds) console.log(`${s.backend}: ${s.gflops.toFixed(2)} GFLOP/s`);
plot({
  data: [{ type: "bar", x: speeds.map((s) => s.backend), y: speeds.map((s) => Number(s.gflops.toFixed(2))) }],
  layout: {
    title: "Matrix multiplication speed on this machine",
    yaxis: { title: "GFLOP/s" },
    width: 560,
    height: 360,
  },
});

// %% [markdown]
// The bar for your training backend should be many times taller than the `cpu` one. That gap is why the course
// insists on a fast backend: the fine-tuning in chapter 5 takes minutes on it, and would take hours on `cpu`.
//
// ## TypeScript and tslab notes
//
// A few things about running TypeScript in a notebook that every chapter relies on.
//
// **Token ids are `BigInt`s.** A tokenizer returns its ids as 64-bit integers, and `.tolist()` turns them
// into JavaScript's `bigint` values, written with an `n` (`101n`). They don't mix with ordinary numbers
// (`101n + 1` is an error) and `JSON.stringify` refuses them; `Number(id)` converts one exactly (every id
// of every vocabulary is far below `Number.MAX_SAFE_INTEGER`). The chapters convert them before printing:

// %%
const ids = [101n, 1045n, 102n]; // ids as a tokenizer gives them (chapter 3)
console.log(typeof ids[0], ids);
try {
  JSON.stringify(ids);
} catch (err) {
  console.log(`JSON.stringify(ids) fails: ${(err as Error).message}`);
}
const idNumbers = ids.map((id) => Number(id));
console.log(typeof idNumbers[0], JSON.stringify(idNumbers));
console.log(`Number.MAX_SAFE_INTEGER = ${Number.MAX_SAFE_INTEGER}`);

// %% [markdown]
// **Two tslab pitfalls.** Both concern a name defined in an *earlier* cell (within one cell, any TypeScript works):
//
// - a shorthand property, `{ model }`, fails with `ReferenceError: model is not defined`: write `{ model: model }`;
// - a renaming destructuring, `const { name: modelName } = model;`, fails with `SyntaxError: Identifier 'exports'
//   has already been declared`: write `const modelName = model.name;`.
//
// **A cell that runs too long.** Stop it with *Kernel → Interrupt Kernel* (the ■ button, or press `I` twice
// outside the editor). A loop stops with "Script execution was interrupted by `SIGINT`"; a cell waiting on
// `await` stops waiting with "Interrupted asynchronously", while the work behind it (a download, a model
// running) may go on in the background until it ends. The names the stopped cell was defining don't exist.
// If the kernel stays busy, *Kernel → Restart Kernel* (`0` twice) stops everything, and forgets every
// variable: run the cells again from the top (*Run → Run All Above Selected Cell*).
//
// **Load a model once, use it many times.** `const classifier = await pipeline(...)` reads the whole model into
// memory; a call such as `await classifier("...")` only runs it, which is much quicker. So the chapters load
// each pipeline in its own cell and call it in the cells after. Re-running the loading cell is allowed (tslab
// lets a re-run cell declare its `const` again) but loads the model again. A loaded model stays in memory
// until the kernel restarts, or until `await classifier.dispose()`.
//
// ## What you learned
//
// - The course checks its own requirements: Node.js, the tslab kernel, a fast training backend, a cache
//   folder with room, the Hub (or the bundled models offline), and your token if you have one.
// - `settings` holds every option, from the environment or set in a cell.
// - Python's 🤗 Transformers runs on PyTorch; here transformers.js runs the models (ONNX) and TensorFlow.js
//   trains them.
// - In cells: ids are `bigint` (convert with `Number`), write `{ name: name }` rather than `{ name }` for
//   earlier cells' names, interrupt a stuck cell, and load a pipeline once.
//
// ## What's next
//
// If every line above is ✔ or ⚠, you're ready. Next comes chapter 1, **`01-pipelines.ipynb`**, where you meet your first transformer.

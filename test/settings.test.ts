// The settings object: environment variables, the hidden token, a Hub that cannot hang us.
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { test } from "node:test";
import { checkHub } from "../lib/hub/reachability";
import { redactToken, settings, settingsFromEnv } from "../lib/settings";

const SECRET = "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123";

test("defaults: a per-user cache outside node_modules, the public Hub, online, quiet, auto backend", () => {
  const s = settingsFromEnv({ HOME: "/home/learner" });
  assert.equal(s.cacheDir, path.join(os.homedir(), ".cache", "hf-course-ts"));
  assert.doesNotMatch(s.cacheDir, /node_modules/);
  assert.equal(s.hubEndpoint, "https://huggingface.co");
  assert.equal(s.offline, false);
  assert.equal(s.logLevel, "error");
  assert.equal(s.trainingBackend, "auto");
  assert.equal(s.token, undefined);
  assert.equal(s.hasToken, false);
});

test("environment variables override each setting", () => {
  const s = settingsFromEnv({
    HF_COURSE_CACHE: "/tmp/course-cache",
    HF_ENDPOINT: "http://127.0.0.1:9/",
    HF_HUB_OFFLINE: "1",
    HF_COURSE_LOG_LEVEL: "warning",
    HF_COURSE_TRAINING_BACKEND: "wasm",
    HF_COURSE_HUB_TIMEOUT_MS: "750",
  });
  assert.equal(s.cacheDir, "/tmp/course-cache");
  assert.equal(s.hubEndpoint, "http://127.0.0.1:9");
  assert.equal(s.offline, true);
  assert.equal(s.logLevel, "warning");
  assert.equal(s.trainingBackend, "wasm");
  assert.equal(s.hubTimeoutMs, 750);
  assert.equal(settingsFromEnv({ XDG_CACHE_HOME: "/xdg" }).cacheDir, "/xdg/hf-course-ts");
  assert.equal(settingsFromEnv({ HF_HUB_OFFLINE: "0" }).offline, false);
});

test("a bad value gets an error naming the variable and the allowed values", () => {
  assert.throws(
    () => settingsFromEnv({ HF_COURSE_TRAINING_BACKEND: "gpu" }),
    /HF_COURSE_TRAINING_BACKEND="gpu" is not valid: use one of auto, tensorflow, wasm, cpu/,
  );
  assert.throws(() => settingsFromEnv({ HF_COURSE_LOG_LEVEL: "loud" }), /HF_COURSE_LOG_LEVEL="loud" is not valid/);
  assert.throws(() => settingsFromEnv({ HF_COURSE_HUB_TIMEOUT_MS: "-5" }), /must be a positive number/);
});

test("the token is readable but never printed, serialised or spread", () => {
  const s = settingsFromEnv({ HF_TOKEN: SECRET });
  assert.equal(s.token, SECRET);
  assert.equal(s.hasToken, true);
  assert.doesNotMatch(JSON.stringify(s), new RegExp(SECRET));
  assert.doesNotMatch(inspect(s), new RegExp(SECRET));
  assert.match(inspect(s), /token: '<set, hidden>'/);
  assert.doesNotMatch(JSON.stringify({ ...s }), new RegExp(SECRET));
  assert.equal(settingsFromEnv({ HF_ACCESS_TOKEN: SECRET }).token, SECRET);
  assert.equal(redactToken(`GET with Bearer ${SECRET} failed`, SECRET), "GET with Bearer <HF_TOKEN> failed");
});

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
}

test("a Hub that accepts connections but never answers is reported unreachable within the timeout", async () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => sockets.push(s)); // accepts, says nothing
  const port = await listen(silent);
  try {
    const started = Date.now();
    const status = await checkHub(`http://127.0.0.1:${port}`, 1000);
    const elapsed = Date.now() - started;
    assert.equal(status.online, false);
    assert.match(status.message, /cannot be reached \(no answer from .* within 1000 ms\)/);
    assert.ok(elapsed >= 900 && elapsed < 5000, `took ${elapsed} ms`);
  } finally {
    sockets.forEach((s) => s.destroy());
    silent.close();
  }
});

test("a closed port is reported unreachable at once; a Hub that answers is online", async () => {
  const closed = net.createServer();
  const closedPort = await listen(closed);
  closed.close();
  const down = await checkHub(`http://127.0.0.1:${closedPort}`, 5000);
  assert.equal(down.online, false);
  assert.match(down.message, /ECONNREFUSED/);

  const hub = http.createServer((req, res) => {
    res.writeHead(req.url?.startsWith("/api/models") ? 200 : 404, { "content-type": "application/json" });
    res.end("[]");
  });
  const port = await listen(hub);
  try {
    const up = await checkHub(`http://127.0.0.1:${port}`, 5000);
    assert.equal(up.online, true, up.message);
  } finally {
    hub.close();
  }
});

test("offline mode answers without touching the network", async () => {
  const was = settings.offline;
  settings.offline = true;
  try {
    const status = await checkHub("http://192.0.2.1", 60_000); // TEST-NET address: never contacted
    assert.equal(status.online, false);
    assert.match(status.message, /offline mode \(HF_HUB_OFFLINE=1\)/);
  } finally {
    settings.offline = was;
  }
});

// transformers.js is configured from the course settings before anything loads.
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { settings } from "../lib/settings";
import { transformers } from "../lib/transformers-env";

test("transformers() points transformers.js at the course cache, Hub, offline mode and log level", () => {
  const { cacheDir, hubEndpoint, offline, logLevel } = settings;
  try {
    settings.cacheDir = "/tmp/course-cache-test";
    settings.hubEndpoint = "http://127.0.0.1:9";
    settings.offline = true;
    settings.logLevel = "none";
    const { env, LogLevel } = transformers();
    assert.equal(env.cacheDir, path.join("/tmp/course-cache-test", "transformers-js"));
    assert.doesNotMatch(String(env.cacheDir), /node_modules/);
    assert.equal(env.remoteHost, "http://127.0.0.1:9/");
    assert.equal(env.allowRemoteModels, false);
    assert.equal(env.logLevel, LogLevel.NONE);
    assert.equal((env.backends.onnx as { logSeverityLevel?: number }).logSeverityLevel, 4);
    settings.offline = false;
    settings.logLevel = "warning";
    assert.equal(transformers().env.allowRemoteModels, true);
    assert.equal(transformers().env.logLevel, LogLevel.WARNING);
  } finally {
    Object.assign(settings, { cacheDir, hubEndpoint, offline, logLevel });
  }
});

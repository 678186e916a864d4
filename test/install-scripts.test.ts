// Every dependency with an install script is reviewed in package.json's allowScripts (npm >= 11.16 lists
// unreviewed ones after each install, npm 12 skips them), and no entry is left for a package that has none.
// Read from package-lock.json (npm's "hasInstallScript"), so the answer does not depend on the npm in use.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

/** "node_modules/a/node_modules/@s/b" → "@s/b" */
const packageName = (lockPath: string) =>
  lockPath.slice(lockPath.lastIndexOf("node_modules/") + "node_modules/".length);

/** allowScripts keys are a name or name@range ("@scope/name@1.2.3"): the name alone. */
const keyName = (key: string) => key.replace(/(?!^)@.*$/, "");

function scripted(): string[] {
  const lock = readJson("package-lock.json");
  return [
    ...new Set(
      Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
        .filter(([p, v]) => p !== "" && v.hasInstallScript)
        .map(([p]) => packageName(p)),
    ),
  ].sort();
}

test("every dependency with an install script has an allowScripts entry", () => {
  const allowed = new Set(Object.keys(readJson("package.json").allowScripts ?? {}).map(keyName));
  const unreviewed = scripted().filter((name) => !allowed.has(name));
  assert.deepEqual(
    unreviewed,
    [],
    `review these install scripts and add them to package.json's allowScripts (true to run, false to skip): ${unreviewed.join(", ")}`,
  );
});

test("allowScripts names only packages that have an install script", () => {
  const withScripts = new Set(scripted());
  const stale = Object.keys(readJson("package.json").allowScripts ?? {}).filter(
    (key) => !withScripts.has(keyName(key)),
  );
  assert.deepEqual(
    stale,
    [],
    `these allowScripts entries match no installed package with an install script: ${stale.join(", ")}`,
  );
});

test("keyName reads scoped and pinned entries", () => {
  assert.equal(keyName("@tensorflow/tfjs-node@4.22.0"), "@tensorflow/tfjs-node");
  assert.equal(keyName("zeromq"), "zeromq");
  assert.equal(keyName("zeromq@^6"), "zeromq");
});

// The fast tier (test/unit-tier.ts) stays fast: each file it lists is a test npm test also runs, and
// imports nothing that starts a kernel, a browser, a server or a model.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { PROJECT } from "./helpers/notebooks";
import { NOT_IN_UNIT_TESTS, UNIT_TESTS } from "./unit-tier";

test("every unit test is a test/*.test.ts file, listed once", () => {
  assert.equal(new Set(UNIT_TESTS).size, UNIT_TESTS.length);
  for (const file of UNIT_TESTS) {
    assert.match(file, /^test\/[^/]+\.test\.ts$/, `${file}: npm test runs test/*.test.ts only`);
    assert.ok(fs.existsSync(path.join(PROJECT, file)), `${file} does not exist`);
  }
});

test("no unit test imports what makes a test slow (a kernel, a browser, a server, a model)", () => {
  const found: string[] = [];
  for (const file of UNIT_TESTS) {
    const imports = fs
      .readFileSync(path.join(PROJECT, file), "utf8")
      .split("\n")
      .filter((l) => /^import |require\(/.test(l));
    for (const line of imports) {
      for (const { pattern, why } of NOT_IN_UNIT_TESTS)
        if (pattern.test(line)) found.push(`${file}: ${line.trim()} (${why})`);
    }
  }
  assert.deepEqual(found, [], "move these files out of test/unit-tier.ts, or the slow part into another test file");
});

test("the guard sees a slow import: a kernel test is refused", () => {
  const kernelTest = fs.readFileSync(path.join(PROJECT, "test", "plot.test.ts"), "utf8");
  assert.ok(
    NOT_IN_UNIT_TESTS.some(({ pattern }) =>
      kernelTest.split("\n").some((l) => l.startsWith("import ") && pattern.test(l)),
    ),
  );
});

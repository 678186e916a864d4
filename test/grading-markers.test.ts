// The exercise notebooks' making, without a kernel: the markers that turn a solution into a stub and
// drop hidden tests, the salted hashes of hidden values, and the committed exercises/ and solutions/
// notebooks up to date with their sources. Grading on real kernels is in grading.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { staleFiles } from "../tools/grading/build";
import { matchesHash, saltedHash } from "../lib/grading/hash";
import { studentSolution, studentTests, withoutMarkers } from "../tools/grading/markers";
import { PROJECT } from "./helpers/notebooks";

test("markers: solutions become stubs, hidden tests disappear, the instructor version keeps everything", () => {
  const fn = "function f(): number {\n  // BEGIN SOLUTION\n  return 42;\n  // END SOLUTION\n}";
  assert.equal(
    studentSolution(fn),
    'function f(): number {\n  // YOUR CODE HERE\n  throw new Error("not done yet");\n}',
  );
  assert.equal(
    studentSolution("let x: number | undefined;\n// BEGIN SOLUTION\nx = 4;\n// END SOLUTION"),
    "let x: number | undefined;\n// YOUR ANSWER HERE",
  );
  assert.equal(studentTests("a();\n// BEGIN HIDDEN TESTS\nb();\n// END HIDDEN TESTS\nc();"), "a();\nc();");
  assert.equal(withoutMarkers(fn), "function f(): number {\n  return 42;\n}");
  assert.throws(() => studentSolution("// BEGIN SOLUTION\nx = 1;"), /not closed/);
  assert.throws(() => studentSolution("x = 1;\n// END SOLUTION"), /not opened/);
});

test("hidden values are salted hashes: the same value matches, another does not, and the salt differs each time", () => {
  const h = saltedHash(4);
  assert.ok(matchesHash(4, h));
  assert.ok(!matchesHash(5, h));
  assert.ok(!h.split(":").includes("4"), "the value itself is not stored");
  assert.notEqual(saltedHash(4), h);
});

test("the committed exercises/ and solutions/ notebooks are up to date with exercises/source/", () => {
  assert.deepEqual(staleFiles(PROJECT), [], "run: npm run exercises");
});

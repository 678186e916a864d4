// npm start's working copies for the learner (my-work/): made once, never overwritten.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { describeLearnerCopies, ensureLearnerCopies, LEARNER_DIR } from "../tools/setup/learner-copies";
import { scratchDir } from "./helpers/notebooks";

test("the learner's copies: made when missing, kept when the learner changed them, reported when the course changed", () => {
  const project = scratchDir("learner-copies");
  fs.mkdirSync(path.join(project, "notebooks"));
  fs.mkdirSync(path.join(project, "exercises"));
  fs.writeFileSync(path.join(project, "notebooks", "00-setup.ipynb"), "lesson v1");
  fs.writeFileSync(path.join(project, "exercises", "01-pipelines.ipynb"), "exercise v1");
  const first = ensureLearnerCopies(project);
  assert.deepEqual(first.created, [
    path.join(LEARNER_DIR, "notebooks", "00-setup.ipynb"),
    path.join(LEARNER_DIR, "exercises", "01-pipelines.ipynb"),
  ]);
  assert.match(describeLearnerCopies(first).join("\n"), /my-work\/ \(2 copied now\).*\n.*git pull/);
  const copy = path.join(project, LEARNER_DIR, "exercises", "01-pipelines.ipynb");
  fs.writeFileSync(copy, "exercise v1 with my answers");
  assert.deepEqual(ensureLearnerCopies(project), { dir: path.join(project, LEARNER_DIR), created: [], outdated: [] });
  // The course updates the exercise (git pull): the learner's answers stay, and npm start says so.
  fs.writeFileSync(path.join(project, "exercises", "01-pipelines.ipynb"), "exercise v2");
  const later = ensureLearnerCopies(project);
  assert.deepEqual(later.outdated, [path.join(LEARNER_DIR, "exercises", "01-pipelines.ipynb")]);
  assert.equal(fs.readFileSync(copy, "utf8"), "exercise v1 with my answers");
  assert.match(
    describeLearnerCopies(later).join("\n"),
    /newer exercises\/01-pipelines\.ipynb; your my-work\/exercises\/01-pipelines\.ipynb is kept/,
  );
  // Deleting the copy brings the new version.
  fs.rmSync(copy);
  assert.deepEqual(ensureLearnerCopies(project).created, [path.join(LEARNER_DIR, "exercises", "01-pipelines.ipynb")]);
  assert.equal(fs.readFileSync(copy, "utf8"), "exercise v2");
  assert.deepEqual(ensureLearnerCopies(project).outdated, []);
});

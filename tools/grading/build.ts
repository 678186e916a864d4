// `npm run exercises`: writes exercises/NN-name.ipynb and solutions/NN-name.ipynb from each
// exercises/source/NN-name.ts, and the chapters' lessons notebooks/NN-name.ipynb from
// notebooks/source/NN-name.ts (same format, no exercise cells); and tells which committed
// notebooks are out of date.
import * as fs from "fs";
import * as path from "path";
import type { Notebook } from "../notebook/nbformat";
import { writeNotebook } from "../notebook/nbformat";
import { findExercise } from "../../lib/grading/registry";
import { notebookName, releaseNotebooks } from "./release";
import { readSource } from "./source";

export interface Release {
  name: string;
  files: { file: string; notebook: Notebook }[];
}

export function sourceFiles(project: string, folder: "exercises" | "notebooks" = "exercises"): string[] {
  const dir = path.join(project, folder, "source");
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^\d\d-.*\.ts$/.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

/** A lesson: notebooks/source/NN-name.ts -> notebooks/NN-name.ipynb. */
export function buildLesson(project: string, sourceFile: string): Release {
  const name = notebookName(sourceFile);
  const cells = readSource(sourceFile);
  if (cells.some((c) => c.exercise))
    throw new Error(`${sourceFile}: a lesson has no exercise cells (they belong in exercises/source/)`);
  return {
    name,
    files: [
      { file: path.join(project, "notebooks", `${name}.ipynb`), notebook: releaseNotebooks(cells, name).solution },
    ],
  };
}

function allReleases(project: string): Release[] {
  return [
    ...sourceFiles(project).map((s) => buildRelease(project, s)),
    ...sourceFiles(project, "notebooks").map((s) => buildLesson(project, s)),
  ];
}

export function buildRelease(project: string, sourceFile: string): Release {
  const name = notebookName(sourceFile);
  const cells = readSource(sourceFile);
  for (const c of cells) {
    if (c.exercise && !findExercise(c.exercise))
      throw new Error(
        `${sourceFile}: exercise "${c.exercise}" has no checks in lib/checks/ (add it to lib/grading/registry.ts)`,
      );
  }
  const { exercise, solution } = releaseNotebooks(cells, name);
  return {
    name,
    files: [
      { file: path.join(project, "exercises", `${name}.ipynb`), notebook: exercise },
      { file: path.join(project, "solutions", `${name}.ipynb`), notebook: solution },
    ],
  };
}

const serialise = (nb: Notebook) => JSON.stringify(nb, null, 1) + "\n";

/** Files whose committed content differs from what their source gives. */
export function staleFiles(project: string): string[] {
  return allReleases(project)
    .flatMap((r) => r.files)
    .filter(({ file, notebook }) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== serialise(notebook))
    .map(({ file }) => path.relative(project, file));
}

export function writeAll(project: string): Release[] {
  const releases = allReleases(project);
  releases.forEach(writeRelease);
  return releases;
}

export function writeRelease(release: Release): void {
  for (const { file, notebook } of release.files) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeNotebook(file, notebook);
  }
}

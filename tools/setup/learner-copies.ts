// The learner's working copies of the lessons and exercises, apart from the course's sources: JupyterLab
// autosaves outputs into the notebooks it runs, and a clone whose tracked notebooks changed cannot
// `git pull`. `npm start` copies notebooks/ and exercises/ into my-work/ (git-ignored) and opens the
// copies; a copy is never overwritten: when the course updates a notebook the learner is told, and gets
// the new version by deleting their copy.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The learner's folder, in the course folder (so notebooks there import "hf-course" as the course's do). */
export const LEARNER_DIR = "my-work";
const FOLDERS = ["notebooks", "exercises"];
const MANIFEST = ".course-versions.json";

export interface LearnerCopies {
  dir: string;
  /** Copies made now (course-relative paths of the copies). */
  created: string[];
  /** Copies kept although the course's notebook changed since it was copied. */
  outdated: string[];
}

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Copies every course notebook the learner has no copy of yet; lists copies whose course notebook changed. */
export function ensureLearnerCopies(projectDir: string): LearnerCopies {
  const dir = path.join(projectDir, LEARNER_DIR);
  const manifestFile = path.join(dir, MANIFEST);
  const copied: Record<string, string> = fs.existsSync(manifestFile)
    ? JSON.parse(fs.readFileSync(manifestFile, "utf8"))
    : {};
  const result: LearnerCopies = { dir, created: [], outdated: [] };
  for (const folder of FOLDERS) {
    const from = path.join(projectDir, folder);
    if (!fs.existsSync(from)) continue;
    for (const name of fs
      .readdirSync(from)
      .filter((n) => n.endsWith(".ipynb"))
      .sort()) {
      const source = `${folder}/${name}`;
      const copy = path.join(dir, folder, name);
      const version = sha(path.join(from, name));
      if (!fs.existsSync(copy)) {
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.copyFileSync(path.join(from, name), copy);
        copied[source] = version;
        result.created.push(path.join(LEARNER_DIR, folder, name));
      } else if (copied[source] !== undefined && copied[source] !== version) {
        result.outdated.push(path.join(LEARNER_DIR, folder, name));
      }
    }
  }
  if (result.created.length > 0) fs.writeFileSync(manifestFile, JSON.stringify(copied, null, 1) + "\n");
  return result;
}

/** What npm start says about the copies. */
export function describeLearnerCopies(copies: LearnerCopies): string[] {
  const lines: string[] = [];
  if (copies.created.length > 0) {
    lines.push(
      `Your own copies of the lessons and exercises are in ${LEARNER_DIR}/ (${copies.created.length} copied now): run and edit those;`,
      `git ignores that folder, so \`git pull\` updates the course without touching your work.`,
    );
  } else {
    lines.push(`Your copies of the lessons and exercises are in ${LEARNER_DIR}/.`);
  }
  for (const copy of copies.outdated) {
    lines.push(
      `The course has a newer ${copy.slice(LEARNER_DIR.length + 1)}; your ${copy} is kept (rename or delete it and run npm start again for the new one).`,
    );
  }
  return lines;
}

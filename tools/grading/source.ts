// The one source of a chapter's exercises: a TypeScript file in jupytext's "percent" format
// (exercises/source/NN-name.ts). "// %%" starts a code cell, "// %% [markdown]" a markdown cell
// (its lines written as "// " comments). A code cell may carry attributes:
//   // %% exercise="ch1.q1" role="solution"   the learner's cell (with BEGIN/END SOLUTION regions)
//   // %% exercise="ch1.q1" role="tests"      the checks (with BEGIN/END HIDDEN TESTS regions)
import * as fs from "fs";

export type CellRole = "solution" | "tests";

export interface SourceCell {
  kind: "code" | "markdown";
  text: string;
  exercise?: string;
  role?: CellRole;
}

const HEADER = /^\/\/ %%(.*)$/;
const ATTRIBUTE = /(\w+)="([^"]*)"/g;

export function parseSource(text: string, file = "exercise source"): SourceCell[] {
  const cells: SourceCell[] = [];
  let current: SourceCell | undefined;
  let lines: string[] = [];
  const close = () => {
    if (!current) return;
    const body = lines.join("\n").replace(/^\n+|\n+$/g, "");
    current.text =
      current.kind === "markdown"
        ? body
            .split("\n")
            .map((l) => l.replace(/^\/\/ ?/, ""))
            .join("\n")
        : body;
    cells.push(current);
  };
  text.split("\n").forEach((line, i) => {
    const header = HEADER.exec(line);
    if (!header) {
      if (!current && line.trim() !== "")
        throw new Error(`${file}:${i + 1}: text before the first "// %%" cell marker`);
      lines.push(line);
      return;
    }
    close();
    lines = [];
    const rest = header[1].trim();
    current = { kind: rest.startsWith("[markdown]") ? "markdown" : "code", text: "" };
    for (const [, key, value] of rest.matchAll(ATTRIBUTE)) {
      if (key === "exercise") current.exercise = value;
      else if (key === "role") {
        if (value !== "solution" && value !== "tests")
          throw new Error(`${file}:${i + 1}: role must be "solution" or "tests", not "${value}"`);
        current.role = value;
      } else throw new Error(`${file}:${i + 1}: unknown cell attribute ${key}`);
    }
    if (Boolean(current.exercise) !== Boolean(current.role))
      throw new Error(`${file}:${i + 1}: an exercise cell needs both exercise="…" and role="…"`);
  });
  close();
  return cells;
}

export function readSource(file: string): SourceCell[] {
  return parseSource(fs.readFileSync(file, "utf8"), file);
}

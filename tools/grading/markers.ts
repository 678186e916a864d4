// nbgrader's markers, in TypeScript comments:
//   // BEGIN SOLUTION … // END SOLUTION         the answer: the student version gets a stub
//   // BEGIN HIDDEN TESTS … // END HIDDEN TESTS  checks only the grader runs
// The stub depends on where the region is: inside a block (indented: a function body) it throws
// "not done yet"; at the top level (e.g. assigning an answer variable) it leaves a comment, so the
// variable stays undefined and the check says "not done yet".
import { NOT_DONE_YET } from "../../lib/grading/exercise";

function regions(
  text: string,
  begin: RegExp,
  end: RegExp,
  replace: (indent: string) => string[],
  where: string,
): string {
  const out: string[] = [];
  let inside: string | undefined;
  text.split("\n").forEach((line, i) => {
    if (begin.test(line)) {
      if (inside !== undefined) throw new Error(`${where}: line ${i + 1} opens a region inside another one`);
      inside = /^\s*/.exec(line)![0];
      out.push(...replace(inside));
    } else if (end.test(line)) {
      if (inside === undefined) throw new Error(`${where}: line ${i + 1} closes a region that was not opened`);
      inside = undefined;
    } else if (inside === undefined) out.push(line);
  });
  if (inside !== undefined) throw new Error(`${where}: a region is not closed`);
  return out.join("\n");
}

const BEGIN_SOLUTION = /^\s*\/\/ BEGIN SOLUTION\s*$/;
const END_SOLUTION = /^\s*\/\/ END SOLUTION\s*$/;
const BEGIN_HIDDEN = /^\s*\/\/ BEGIN HIDDEN TESTS\s*$/;
const END_HIDDEN = /^\s*\/\/ END HIDDEN TESTS\s*$/;
const ANY_MARKER = /^\s*\/\/ (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$/;

export function studentSolution(text: string, where = "solution cell"): string {
  return regions(
    text,
    BEGIN_SOLUTION,
    END_SOLUTION,
    (indent) =>
      indent === ""
        ? ["// YOUR ANSWER HERE"]
        : [`${indent}// YOUR CODE HERE`, `${indent}throw new Error("${NOT_DONE_YET}");`],
    where,
  );
}

export function studentTests(text: string, where = "tests cell"): string {
  return regions(text, BEGIN_HIDDEN, END_HIDDEN, () => [], where);
}

/** The instructor's version: markers removed, everything kept. */
export function withoutMarkers(text: string): string {
  return text
    .split("\n")
    .filter((l) => !ANY_MARKER.test(l))
    .join("\n");
}

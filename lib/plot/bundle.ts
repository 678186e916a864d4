// Where the minified plotly.js bundle lives (written by scripts/build-plotly.ts at install).
import * as fs from "fs";
import * as path from "path";
import { LIB_ROOT } from "../paths";

export const PLOTLY_BUNDLE = path.join(LIB_ROOT, "dist", "plotly.min.js");

/** The plotly.js bundle as a script body that is safe inside an inline <script> tag. */
export function plotlyScript(): string {
  if (!fs.existsSync(PLOTLY_BUNDLE)) {
    throw new Error(`${PLOTLY_BUNDLE} is missing: run \`npm run build\` in the course folder (npm install does it too).`);
  }
  // "</script" inside the bundle would end the tag early.
  return fs.readFileSync(PLOTLY_BUNDLE, "utf8").replace(/<\/script/gi, "<\\/script");
}

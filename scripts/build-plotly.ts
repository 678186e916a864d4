// Part of `npm run build`: plotly.js-dist ships only an unminified 10 MB bundle; charts inline
// the bundle into the notebook once per kernel session, so minify it once here (~4.8 MB).
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { PLOTLY_BUNDLE } from "../lib/plot/bundle";

const source = require.resolve("plotly.js-dist");
const target = PLOTLY_BUNDLE;
if (!fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(source).mtimeMs) {
  const { code } = esbuild.transformSync(fs.readFileSync(source, "utf8"), { minify: true, legalComments: "none" });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(`${target}.tmp`, code);
  fs.renameSync(`${target}.tmp`, target);
}

// npm run build: lib/ → lib/dist/ (what notebooks import as "hf-course"), without the outputs of
// modules that no longer exist (tools/setup/build.ts).
import * as path from "path";
import { buildLib } from "../tools/setup/build";
import { SetupError } from "../tools/setup/jupyter-env";

try {
  const removed = buildLib(path.resolve(__dirname, ".."));
  if (removed.length)
    console.log(`npm run build: removed ${removed.length} old output(s) of deleted modules from lib/dist`);
} catch (err) {
  if (!(err instanceof SetupError)) throw err;
  console.error(err.message); // tsc's own errors are printed above it
  process.exit(1);
}

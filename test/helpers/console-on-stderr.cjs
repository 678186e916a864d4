// Preloaded by scripts/test.ts (`--require`) into every test file's process: console output goes to stderr.
// Why: Node's test runner carries each file's results over that file's stdout as binary frames, and
// Node 20's parser reads the bytes that follow a frame in the same chunk as the next frame's length,
// signed: plain text whose third byte is >= 0x80 (the course's "ℹ …" notices: E2 84 B9) becomes a
// negative length and fails the whole file with "Unable to deserialize cloned data" (nodejs/node#64061,
// fixed by #64706 in Node 24 only). Text on stderr never meets that parser; the runner still shows it.
// Plain CommonJS, not TypeScript: worker threads (tfjs's WebAssembly backend starts some) inherit the
// preload before any TypeScript loader is registered in them.
const { Console } = require("node:console");

if (process.env.NODE_TEST_CONTEXT) {
  const onStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
  for (const m of ["log", "info", "debug", "dir", "dirxml", "table", "trace", "group", "groupCollapsed", "groupEnd"])
    console[m] = onStderr[m];
}

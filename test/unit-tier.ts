// The fast tier, `npm run test:unit`: tests of the library's own logic that need no kernel, no browser,
// no network (a loopback socket at most), no model files and no training; about a minute in all.
// `npm test` runs these too, with every other test/*.test.ts. unit-tier.test.ts keeps this list honest.
export const UNIT_TESTS = [
  "test/atomic-write.test.ts",
  "test/datasets-local.test.ts",
  "test/fixtures.test.ts",
  "test/heads.test.ts",
  "test/grading-markers.test.ts",
  "test/install-scripts.test.ts",
  "test/int8-delta.test.ts",
  "test/layers.test.ts",
  "test/learner-copies.test.ts",
  "test/length-grouped.test.ts",
  "test/metrics.test.ts",
  "test/package-contents.test.ts",
  "test/plot-diagram.test.ts",
  "test/plot-svg.test.ts",
  "test/progress-bar.test.ts",
  "test/settings.test.ts",
  "test/setup-build.test.ts",
  "test/table.test.ts",
  "test/test-launcher.test.ts",
  "test/tokenizer-training.test.ts",
  "test/transformers-env.test.ts",
  "test/unit-tier.test.ts",
];

/** Imports that make a test slow or dependent on more than the library: a unit test has none of them. */
export const NOT_IN_UNIT_TESTS: { pattern: RegExp; why: string }[] = [
  { pattern: /["/]tools\/notebook\/runner["]/, why: "runs notebooks in a kernel" },
  { pattern: /["/]tools\/jupyter\/kernel["]/, why: "starts a kernel" },
  { pattern: /["/]helpers\/lab["]/, why: "starts JupyterLab" },
  { pattern: /["/]helpers\/(hub|pypi)-server["]/, why: "serves models or datasets as the Hub or PyPI" },
  { pattern: /["/]helpers\/(reference-python|models-cli)["]/, why: "needs the real checkpoints or Python" },
  { pattern: /["/]tools\/models\/seed-real-checkpoints["]/, why: "fetches or links the real checkpoints" },
  { pattern: /playwright/, why: "drives a browser" },
  { pattern: /["/]lib\/models\//, why: "loads model files" },
  { pattern: /["/]lib\/training\/(trainer|models\/)/, why: "builds or trains models" },
  { pattern: /from "hf-course/, why: "needs the built lib/dist" },
];

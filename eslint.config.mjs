// @ts-check
// ESLint: typescript-eslint's recommended rules over the TypeScript tsconfig.json type-checks (notebook and exercise
// sources are tslab cells, checked by running them). `npm run lint` fails on errors; warnings (any) are allowed.
import eslint from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "lib/dist/",
    "test-output/",
    "my-work/",
    "data/",
    ".venv*/",
    ".jupyter/",
    ".grading/",
    "grades/",
    "notebooks/",
    "exercises/",
    "solutions/",
  ]),
  {
    files: ["lib/**/*.ts", "tools/**/*.ts", "scripts/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    extends: [eslint.configs.recommended, tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-explicit-any": "warn",
      // require() is deliberate: heavy packages (transformers.js, TensorFlow.js, ONNX Runtime, hyparquet) load on first use.
      "@typescript-eslint/no-require-imports": "off",
      // Errors are rethrown as one message that says what to do and quotes the cause's; a chained cause would print its stack too.
      "preserve-caught-error": "off",
      // A leading underscore names what is left out on purpose (an unused parameter, keys split off a rest object).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    // Expected output is matched with its spaces as printed (Python's indentation, padded columns).
    rules: { "no-regex-spaces": "off" },
  },
);

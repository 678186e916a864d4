// What a progress line says: sizes in the decimal units they claim, rates rounded.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatAmount } from "../lib/progress-bar";

test("amounts and rates read as a person writes them", () => {
  assert.equal(formatAmount(91_000_000, "bytes"), "91.0 MB");
  assert.equal(formatAmount(1_234_567_890, "bytes"), "1.23 GB");
  assert.equal(formatAmount(12_345, "bytes"), "12 kB");
  assert.equal(formatAmount(1300 / 3, "bytes"), "433 B", "a rate below 1 kB/s is whole bytes");
  assert.equal(formatAmount(12, "items"), "12");
  assert.equal(formatAmount(100 / 3, "items"), "33");
  assert.equal(formatAmount(10 / 3, "items"), "3.3", "a slow rate keeps one decimal");
});

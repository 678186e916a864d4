// Dataset.show()'s HTML table, as JupyterLab renders it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { tableHtml } from "../lib/datasets/table";

test("show()'s table is left alone by MathJax: a cell with two $ is not typeset as math", () => {
  const html = tableHtml(
    [{ text: "$ 693 million ... for $ 1.2 billion" }],
    { text: { _type: "Value", dtype: "string" } } as never,
    1,
  );
  // JupyterLab's MathJax skips elements with these classes (pandas marks its tables the same way).
  assert.match(html, /^<div class="tex2jax_ignore mathjax_ignore">/);
  assert.match(html, /\$ 693 million \.\.\. for \$ 1\.2 billion/);
});

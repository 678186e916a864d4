// The lessons' diagrams (lib/plot/diagram.ts) and labelled points on a chart (Plotly's mode "text").
import assert from "node:assert/strict";
import { test } from "node:test";
import { diagramText, renderDiagram, type Diagram } from "../lib/plot/diagram";
import { renderSvg } from "../lib/plot/svg";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const rects = (svg: string) =>
  [...svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" rx="(?:4|12)"/g)].map((m) =>
    m.slice(1).map(Number),
  );

const flow: Diagram = {
  title: "A <pipeline>",
  columns: [
    {
      boxes: [
        { label: "text", kind: "data", lines: ['"I am excited for my next trip."'] },
        { label: "tokenizer", note: "chapter 3" },
        { label: "input_ids", kind: "data", lines: ["[101, 1045, 2572, 7568, 2005, 2026, 2279, 4440, 1012, 102]"] },
      ],
    },
  ],
};

test("a column of boxes: one box per entry, an arrow between neighbours, every text escaped and inside its box", () => {
  const svg = renderDiagram(flow);
  const boxes = rects(svg);
  assert.equal(boxes.length, 3);
  assert.equal(count(svg, /<polygon /g), 2, "two arrowheads");
  assert.match(svg, /A &lt;pipeline&gt;/);
  assert.match(svg, /&quot;I am excited for my next trip\.&quot;/);
  assert.match(svg, />chapter 3</);
  // Boxes run top to bottom without overlapping, and the widest line fits its box.
  for (let i = 1; i < boxes.length; i++)
    assert.ok(boxes[i][1] > boxes[i - 1][1] + boxes[i - 1][3], `box ${i} below box ${i - 1}`);
  assert.ok(boxes[2][2] >= 58 * 11 * 0.6, `the ids fit: box width ${boxes[2][2]}`);
  const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1]);
  assert.ok(
    boxes.every(([x, , w]) => x + w <= width),
    "no box outside the picture",
  );
});

test("residual links run beside their column, cross links join two columns, repeat frames are dashed and labelled", () => {
  const svg = renderDiagram({
    columns: [
      {
        linkSide: "left",
        repeat: { from: "a1", to: "a2", label: "× 6 layers" },
        boxes: [
          { id: "a0", label: "in" },
          { id: "a1", label: "attention" },
          { id: "a2", label: "add & norm" },
          { id: "a3", label: "out" },
        ],
      },
      {
        boxes: [
          { id: "b0", label: "in" },
          { id: "b1", label: "cross-attention" },
        ],
      },
    ],
    links: [
      { from: "a0", to: "a2", kind: "residual" },
      { from: "a3", to: "b1", kind: "cross" },
    ],
  });
  assert.equal(count(svg, /stroke="#2b8a3e"/g), 1, "one residual line");
  assert.equal(count(svg, /stroke="#e8590c"/g), 1, "one cross line");
  assert.equal(count(svg, /stroke-dasharray/g), 1);
  assert.match(svg, />× 6 layers</);
  // The residual line runs left of the encoder's boxes (linkSide "left").
  const residual = /<polyline fill="none" stroke="#2b8a3e"[^>]*points="([^"]+)"/
    .exec(svg)![1]
    .split(" ")
    .map((p) => p.split(",").map(Number));
  const boxLeft = rects(svg)[0][0];
  assert.ok(Math.min(...residual.map(([x]) => x)) < boxLeft, "the lane is on the left");
  // The cross line ends at the left edge of the decoder's cross-attention box.
  const cross = /<polyline fill="none" stroke="#e8590c"[^>]*points="([^"]+)"/
    .exec(svg)![1]
    .split(" ")
    .map((p) => p.split(",").map(Number));
  const target = rects(svg)[5];
  assert.ok(
    Math.abs(cross.at(-1)![0] - target[0]) <= 2 && Math.abs(cross.at(-1)![1] - (target[1] + target[3] / 2)) < 1,
    JSON.stringify({ cross, target }),
  );
});

test("a link or frame that names no box, or goes the wrong way, is an error that says what to fix", () => {
  assert.throws(
    () =>
      renderDiagram({
        columns: [{ boxes: [{ id: "a", label: "a" }] }],
        links: [{ from: "a", to: "b", kind: "residual" }],
      }),
    /names the box "b", but no box has that id/,
  );
  assert.throws(
    () =>
      renderDiagram({
        columns: [
          {
            boxes: [
              { id: "a", label: "a" },
              { id: "b", label: "b" },
            ],
          },
        ],
        links: [{ from: "b", to: "a", kind: "residual" }],
      }),
    /must go down one column/,
  );
  assert.throws(
    () =>
      renderDiagram({
        columns: [
          {
            boxes: [
              { id: "a", label: "a" },
              { id: "b", label: "b" },
            ],
          },
        ],
        links: [{ from: "a", to: "b", kind: "cross" }],
      }),
    /must join two columns/,
  );
  assert.throws(
    () =>
      renderDiagram({
        columns: [
          {
            boxes: [
              { id: "a", label: "a" },
              { id: "a", label: "b" },
            ],
          },
        ],
      }),
    /two boxes have the id "a"/,
  );
});

test("the diagram's text lists the boxes in order with their lines", () => {
  assert.equal(
    diagramText(flow),
    [
      "A <pipeline>",
      "  text",
      '      "I am excited for my next trip."',
      "  ↓ tokenizer (chapter 3)",
      "  ↓ input_ids",
      "      [101, 1045, 2572, 7568, 2005, 2026, 2279, 4440, 1012, 102]",
    ].join("\n"),
  );
});

test("markers+text labels each point beside it, as textposition says; plain markers draw no labels", () => {
  const fig = (mode: "markers" | "markers+text") =>
    renderSvg({
      data: [
        {
          mode: mode,
          x: [1, 2, 3],
          y: [1, 2, 3],
          text: ["GPT", "BERT", "T5 <big>"],
          textposition: ["middle right", "top center", "middle left"],
        },
      ],
    });
  const labelled = fig("markers+text");
  const circles = [...labelled.matchAll(/<circle cx="([^"]+)" cy="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const labels = [
    ...labelled.matchAll(
      /<text x="([^"]+)" y="([^"]+)" text-anchor="(\w+)" font-size="12" fill="#444">([^<]+)<\/text>/g,
    ),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), anchor: m[3], text: m[4] }));
  assert.deepEqual(
    labels.map((l) => [l.text, l.anchor]),
    [
      ["GPT", "start"],
      ["BERT", "middle"],
      ["T5 &lt;big&gt;", "end"],
    ],
  );
  assert.ok(labels[0].x > circles[0][0] && Math.abs(labels[0].y - circles[0][1]) < 6, "right of its point");
  assert.ok(labels[1].y < circles[1][1] && labels[1].x === circles[1][0], "above its point");
  assert.ok(labels[2].x < circles[2][0], "left of its point");
  assert.equal(count(fig("markers"), /fill="#444">/g), 0);
});

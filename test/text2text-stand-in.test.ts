// The text2text stand-in (data/models/text2text): a small BART that gives back the first sentence of
// its input. Offline, chapter 1's summarization passage comes back as its first sentence; the card's
// scores come out again from the shipped model on the held-out WikiText paragraphs it names.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { pipeline } from "../lib/models/pipeline";
import { heldOutLeads, leadMetrics, summarize } from "../tools/zoo/builders/text2text";
import { plainRows, wikitextLines } from "../tools/zoo/data";
import { ZOO } from "../tools/zoo/recipes";
import { MIRROR, wikitextText } from "./fixtures";
import { offline, ZOO_DIR } from "./helpers/offline";

const DIR = path.join(ZOO_DIR, "text2text");

/** The metric values the card reports, by name. */
function cardMetrics(): Record<string, number> {
  const card = fs.readFileSync(path.join(DIR, "README.md"), "utf8");
  return Object.fromEntries([...card.matchAll(/^\| (\w+) \| (\d+\.\d{4}) \|$/gm)].map((m) => [m[1], Number(m[2])]));
}

test("offline, summarization gives back the first sentence of chapter 1's passage, and translation gives back its input", async () => {
  // Chapter 1's passage, line breaks included.
  const passage = `America has changed dramatically during recent years. Not only has the number of graduates in traditional
engineering disciplines such as mechanical, civil, electrical, chemical, and aeronautical engineering declined, but in most
of the premier American universities engineering curricula now concentrate on and encourage largely the study of
engineering science. As a result, there are declining offerings in engineering subjects dealing with infrastructure, the
environment, and related issues, and greater concentration on high technology subjects, largely supporting increasingly
complex scientific developments.`;
  const { value, lines } = await offline("text2text-stand-in", async () => {
    const summarizer = await pipeline("summarization");
    const translator = await pipeline("translation");
    return {
      summary: ((await summarizer(passage, { max_new_tokens: 40 })) as { summary_text: string }[])[0].summary_text,
      translation: (
        (await translator("Ce cours est produit par Hugging Face.", { max_new_tokens: 20 })) as {
          translation_text: string;
        }[]
      )[0].translation_text,
    };
  });
  assert.match(lines[0], /data\/models\/text2text/);
  assert.equal(value.summary, "America has changed dramatically during recent years.");
  assert.equal(value.translation, "Ce cours est produit par Hugging Face.");
});

test(
  "the card's scores come out again from the shipped model on the held-out paragraphs, and it states its goal",
  { timeout: 600_000 },
  async () => {
    const recipe = ZOO.find((r) => r.name === "text2text")!;
    const paragraphs = plainRows(wikitextLines(await wikitextText(MIRROR.wikitextTest))).map((r) => r.text);
    const heldOut = heldOutLeads(paragraphs, recipe.seed);
    const measured = leadMetrics(
      heldOut,
      await summarize(
        DIR,
        heldOut.map((p) => p.passage),
      ),
    );
    const card = cardMetrics();
    for (const [name, value] of Object.entries(measured))
      assert.ok(Math.abs(card[name] - value) < 1e-4, `${name}: card ${card[name]}, measured ${value}`);
    assert.ok(
      measured.lead_rougeL > measured.whole_paragraph_rougeL,
      "it writes the first sentence, not the paragraph",
    );
    assert.match(
      fs.readFileSync(path.join(DIR, "README.md"), "utf8"),
      new RegExp(`Goal: lead_rougeL ≥ ${recipe.goal!.atLeast}: (reached|\\*\\*not reached\\*\\*)`),
    );
  },
);

// WikiText-2 as plain text for the stand-ins that write text (tools/zoo/wikitext-text.ts): no <unk>,
// punctuation spaced as a person types it, and sentences found where they end.
import assert from "node:assert/strict";
import { test } from "node:test";
import { plainRows, wikitextLines } from "../tools/zoo/data";
import { plainWikitext, sentencesOf } from "../tools/zoo/wikitext-text";
import { MIRROR, wikitextText } from "./fixtures";

test("a WikiText line reads as plain text: <unk> dropped with the brackets it leaves empty, punctuation and numbers joined", () => {
  assert.equal(
    plainWikitext(
      " Homarus gammarus , known as the European lobster , is a species of <unk> lobster . Like other crustaceans , lobsters shed in a process called <unk> ( <unk> ) . ",
    ),
    "Homarus gammarus, known as the European lobster, is a species of lobster. Like other crustaceans, lobsters shed in a process called.",
  );
  assert.equal(
    plainWikitext("they weigh 0 @.@ 7 – 2 @.@ 2 kg ( 1 @,@ 500 g ) ; it did n't matter"),
    "they weigh 0.7 – 2.2 kg (1,500 g); it didn't matter",
  );
  assert.equal(
    plainWikitext("the players ' union and the team 's well @-@ known \" Blue \" kit : 10 ° C"),
    "the players' union and the team's well-known \"Blue\" kit: 10°C",
  );
  assert.equal(plainWikitext("<unk> <unk>"), "");
});

test("the held-out WikiText text as the zoo reads it has no <unk> and none of WikiText's @ marks", async () => {
  const rows = plainRows(wikitextLines(await wikitextText(MIRROR.wikitextTest)));
  assert.ok(rows.length > 2000, `${rows.length} paragraphs`);
  for (const r of rows) assert.doesNotMatch(r.text, /<unk>| @[-.,]@ | ,|^\s|\s$/, r.text);
});

test("sentences end where a person would end them, not at an abbreviation or a decimal point", () => {
  assert.deepEqual(sentencesOf("It is related to H. americanus. It grows to 0.7 m. Lobsters are blue!"), [
    "It is related to H. americanus.",
    "It grows to 0.7 m.",
    "Lobsters are blue!",
  ]);
});

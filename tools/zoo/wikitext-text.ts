// WikiText-2 v1 as plain text, for the stand-ins that write text. WikiText v1 replaces rare words
// with the token <unk> and spaces out punctuation ("the 1 @,@ 000 men , of whom"); a model trained on
// it writes both back. plainWikitext() drops each <unk> (and brackets it leaves empty) and undoes the
// spacing with Megatron-LM's WikiText detokenizer rules
// (https://github.com/NVIDIA/Megatron-LM, tasks/zeroshot_gpt/detokenizer.py, Apache-2.0; without its
// single-quote rule, which pairs the apostrophes of "players ' union" and "team 's"), so that the
// training text reads like what a learner types.

/** WikiText's placeholder for a word outside its vocabulary. */
export const UNKNOWN_WORD = "<unk>";

/** One WikiText line as plain text, without <unk>. */
export function plainWikitext(line: string): string {
  const tokens = line.split(" ").filter((w) => w !== "");
  const dropped = (i: number) => tokens[i] === UNKNOWN_WORD;
  const words: string[] = [];
  for (const [i, w] of tokens.entries()) {
    if (dropped(i)) continue;
    // "@-@", "@,@", "@.@" join two parts of a word or number: without one of them, the joiner goes too;
    // and a possessive goes with its owner.
    if (/^@[-.,]@$/.test(w) && (dropped(i - 1) || dropped(i + 1))) continue;
    if ((w === "'s" || w === "'") && dropped(i - 1)) continue;
    // A comma after a comma or an opening bracket, or before a full stop: a list or a phrase lost its item with the <unk>.
    if (w === "," && [",", "(", ";", ":"].includes(words.at(-1) ?? "(")) continue;
    if ([".", "!", "?", ":", ";", ")"].includes(w) && words.at(-1) === ",") words.pop();
    words.push(w);
  }
  let s = ` ${words.join(" ")} `;
  // Contractions
  s = s.replaceAll("s '", "s'").replaceAll(" n't", "n't");
  // Number separators
  s = s.replaceAll(" @-@ ", "-").replaceAll(" @,@ ", ",").replaceAll(" @.@ ", ".");
  // Punctuation
  for (const p of [":", ";", ".", "!", "?", ","]) s = s.replaceAll(` ${p} `, `${p} `);
  // Brackets and quotes hug what they hold
  s = s
    .replace(/\(\s*([^)]*?)\s*\)/g, "($1)")
    .replace(/\[\s*([^\]]*?)\s*\]/g, "[$1]")
    .replace(/\{\s*([^}]*?)\s*\}/g, "{$1}")
    .replace(/"\s*([^"]*?)\s*"/g, '"$1"');
  // Miscellaneous
  s = s.replaceAll(" ° ", "°").replaceAll(" 's", "'s");
  // Brackets left empty (or holding only a separator) where an <unk> was dropped
  s = s.replace(/\s*\(\s*[,;:]?\s*\)/g, "");
  return s.replace(/\s+/g, " ").trim();
}

const SENTENCES = new Intl.Segmenter("en", { granularity: "sentence" });

/** The sentences of a plain text (Unicode sentence boundaries, as ICU finds them). */
export function sentencesOf(text: string): string[] {
  return [...SENTENCES.segment(text)].map((s) => s.segment.trim()).filter((s) => s.length > 0);
}

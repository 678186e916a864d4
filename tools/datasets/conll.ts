// The CoNLL-2003 text format (what the Hub's `conll2003` loader reads): one "word POS chunk NER"
// line per token, a blank line after each sentence, -DOCSTART- lines between documents.
import * as fs from "fs";

/** The Hub dataset's `ner_tags` ids, in its order. */
export const CONLL_NER_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"] as const;

export interface ConllSentence {
  tokens: string[];
  ner_tags: number[];
}

export function parseConll(text: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let tokens: string[] = [];
  let tags: number[] = [];
  const flush = () => {
    if (tokens.length) out.push({ tokens, ner_tags: tags });
    tokens = [];
    tags = [];
  };
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("-DOCSTART-")) return flush();
    const parts = line.trim().split(" ");
    const tag = CONLL_NER_TAGS.indexOf(parts[parts.length - 1] as (typeof CONLL_NER_TAGS)[number]);
    if (parts.length < 2 || tag < 0)
      throw new Error(
        `line ${i + 1} is not "word POS chunk NER" with a CoNLL-2003 tag: ${JSON.stringify(line.slice(0, 80))}`,
      );
    tokens.push(parts[0]);
    tags.push(tag);
  });
  flush();
  return out;
}

export function readConll(file: string): ConllSentence[] {
  return parseConll(fs.readFileSync(file, "utf8"));
}

// Chapter 3's exercises (tokenization). Tokenizer checks compare with what the course's BERT
// tokenizer itself gives (the pinned checkpoint online, the stand-in's offline), on visible and
// hidden texts; the algorithm checks compare with the course's own computation.
import { autoTokenizer, type Tokenizer } from "../models/auto";
import {
  type Exercise,
  choiceExercise,
  codeExercise,
  expectSame,
  jsonAnswer,
  predictExercise,
} from "../grading/exercise";

let bert: Promise<Tokenizer> | undefined;
const tokenizer = () => (bert ??= autoTokenizer("Xenova/bert-base-uncased"));

const same = expectSame;

function pad(batch: number[][], padId: number) {
  const width = Math.max(...batch.map((r) => r.length));
  return {
    input_ids: batch.map((r) => [...r, ...new Array(width - r.length).fill(padId)]),
    attention_mask: batch.map((r) => [...r.map(() => 1), ...new Array(width - r.length).fill(0)]),
  };
}

/** The most frequent adjacent pair of symbols over words given as symbol lists with counts (first seen wins ties). */
function mostFrequentPair(words: [string[], number][]): [string, string] | undefined {
  const counts = new Map<string, number>();
  for (const [symbols, n] of words)
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = `${symbols[i]} ${symbols[i + 1]}`;
      counts.set(key, (counts.get(key) ?? 0) + n);
    }
  let best: string | undefined;
  for (const [k, v] of counts) if (best === undefined || v > counts.get(best)!) best = k;
  return best ? (best.split(" ") as [string, string]) : undefined;
}

const COURSE_WORDS: [string[], number][] = [
  [["h", "u", "g"], 10],
  [["p", "u", "g"], 5],
  [["p", "u", "n"], 12],
  [["b", "u", "n"], 4],
  [["h", "u", "g", "s"], 5],
];
const HIDDEN_WORDS: [string[], number][] = [
  [["l", "o", "w"], 5],
  [["l", "o", "w", "e", "r"], 2],
  [["n", "e", "w", "e", "s", "t"], 6],
  [["w", "i", "d", "e", "s", "t"], 3],
];

export const CHAPTER_03: readonly Exercise[] = [
  codeExercise<[string]>({
    id: "ch3.q1",
    title: "Count the tokens the model sees",
    points: 2,
    cases: [
      {
        input: ["Using a Transformer network is simple"],
        expect: same(
          async () => ((await tokenizer()).encode("Using a Transformer network is simple") as number[]).length,
          "encode() adds [CLS] and [SEP]: count its ids",
        ),
      },
      {
        input: ["Tokenizers split unbelievably long words."],
        hidden: true,
        expect: same(
          async () => ((await tokenizer()).encode("Tokenizers split unbelievably long words.") as number[]).length,
          "count the ids of encode(), special tokens included",
        ),
      },
    ],
  }),
  codeExercise<[string]>({
    id: "ch3.q2",
    title: "Tokens and their ids",
    points: 2,
    cases: [
      {
        input: ["The cat sat."],
        expect: same(async () => {
          const t = await tokenizer();
          return t.tokenize("The cat sat.").map((tok: string) => [tok, t.convert_tokens_to_ids(tok)]);
        }, "tokenize(text), then convert_tokens_to_ids for each token: [[token, id], …]"),
      },
      {
        input: ["Subword tokenization!"],
        hidden: true,
        expect: same(async () => {
          const t = await tokenizer();
          return t.tokenize("Subword tokenization!").map((tok: string) => [tok, t.convert_tokens_to_ids(tok)]);
        }, "[[token, id], …] without special tokens"),
      },
    ],
  }),
  predictExercise({
    id: "ch3.q3",
    title: "Predict: the token_type_ids of a pair",
    points: 1,
    hash: "sha256:960e64ea6559646e:d4963863a4262421bdc6a7b2a4f0b8a439b1b205a2195a972526d9b8e1619145",
    hint: "write the tokens first: where do [CLS] and [SEP] go for a pair, and is punctuation its own token? Answer as an array",
    normalize: jsonAnswer,
  }),
  codeExercise<[number[][], number]>({
    id: "ch3.q4",
    title: "Pad a batch",
    points: 2,
    cases: [
      {
        input: [
          [
            [101, 7592, 102],
            [101, 102],
          ],
          0,
        ],
        expect: same(
          () =>
            pad(
              [
                [101, 7592, 102],
                [101, 102],
              ],
              0,
            ),
          "pad each row to the longest with padId; the mask is 1 for real tokens, 0 for padding",
        ),
      },
      {
        input: [[[5], [5, 6, 7, 8], [5, 6]], 1],
        hidden: true,
        expect: same(() => pad([[5], [5, 6, 7, 8], [5, 6]], 1), "use the padId you are given"),
      },
      {
        input: [
          [
            [1, 2],
            [3, 4],
          ],
          0,
        ],
        hidden: true,
        expect: same(
          () =>
            pad(
              [
                [1, 2],
                [3, 4],
              ],
              0,
            ),
          "rows of equal length need no padding",
        ),
      },
    ],
  }),
  codeExercise<[[string[], number][]]>({
    id: "ch3.q5",
    title: "BPE: the most frequent pair",
    points: 2,
    cases: [
      {
        input: [COURSE_WORDS],
        expect: same(
          () => mostFrequentPair(COURSE_WORDS),
          "count every adjacent pair in every word, weighted by the word's count",
        ),
      },
      {
        input: [HIDDEN_WORDS],
        hidden: true,
        expect: same(
          () => mostFrequentPair(HIDDEN_WORDS),
          "weight each pair by its word's count; on a tie, keep the pair seen first",
        ),
      },
    ],
  }),
  choiceExercise({
    id: "ch3.q6",
    title: "Why subword tokenization?",
    points: 1,
    choices: {
      a: {
        text: "it makes every word a single token",
        why: "That is word-based tokenization, with its huge vocabulary and unknown words.",
      },
      b: {
        text: "a small vocabulary with few unknown tokens, while frequent words stay whole",
        why: "Rare words are cut into frequent pieces; common words keep their own token.",
      },
      c: { text: "it needs no training", why: "BPE, WordPiece and Unigram all learn their vocabulary from a corpus." },
      d: {
        text: "each character becomes a token, so nothing is unknown",
        why: "That is character-based tokenization: no unknown tokens, but very long sequences of tokens that mean little alone.",
      },
    },
    hash: "sha256:46d56f9ed24e1f18:f7e32f4a80170714f4522a206c267e08b6d1511d1e8fcd6ac303a225f36e05fb",
  }),
  choiceExercise({
    id: "ch3.q7",
    title: "What are token_type_ids for?",
    points: 1,
    choices: {
      a: {
        text: "they say which sentence of a pair each token belongs to",
        why: "0 for [CLS] A [SEP], 1 for B [SEP].",
      },
      b: { text: "they mark padding tokens", why: "That is the attention mask." },
      c: {
        text: "they give each token's position",
        why: "Positions are added inside the model (position embeddings); inputs do not carry them.",
      },
      d: {
        text: "they say which tokens are special ([CLS], [SEP])",
        why: "[CLS] is in the first sentence (0) and the last [SEP] in the second (1): the ids follow the sentences, not the token kinds.",
      },
    },
    hash: "sha256:7f3e746696b39ca1:1c6005fce9780dbdac85718eff22f1e69ffeb9ff4014f5500f4165e59e30f16a",
  }),
  // Review
  choiceExercise({
    id: "ch3.q8",
    title: "Review: how does BERT's WordPiece mark a piece that continues a word?",
    points: 1,
    choices: {
      a: {
        text: 'with "Ġ" in front of it',
        why: "GPT-2's byte-level BPE marks the pieces that start after a space with Ġ.",
      },
      b: { text: 'with "▁" in front of it', why: "SentencePiece (T5, XLNet, Llama) marks the start of a word with ▁." },
      c: {
        text: 'with "##" in front of it',
        why: '"tokenization" becomes "token", "##ization": ## says the piece is glued to the one before.',
      },
      d: {
        text: "it does not mark it",
        why: 'Without a mark, decode() could not tell "token ization" from "tokenization".',
      },
    },
    hash: "sha256:417f79fba9734656:ec17b58dbe9835e83b2ca1234411198585b8cfb5500457bdad3d51ccd87c18d0",
  }),
  choiceExercise({
    id: "ch3.q9",
    title: "Review: what does BERT's tokenizer return for a text? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: { text: "input_ids", why: "The ids of the tokens, [CLS] and [SEP] included." },
      b: { text: "attention_mask", why: "1 for each real token (all of them, for a single unpadded text)." },
      c: { text: "token_type_ids", why: "BERT's tokenizer adds them (all 0 for a single text)." },
      d: { text: "logits", why: "Logits come out of the model, not the tokenizer." },
    },
    hash: "sha256:6e5dfa27ded295d8:b64e3af84319d927408935a19a101d04e2900bd24fa71fa15ef2298cee47d350",
  }),
  choiceExercise({
    id: "ch3.q10",
    title: "Review: what does training a tokenizer learn?",
    points: 1,
    choices: {
      a: { text: "the weights of the model", why: "A tokenizer has no weights; the model is trained separately." },
      b: {
        text: "a vocabulary (and for BPE its merge rules) from the frequencies in a corpus",
        why: "It is deterministic counting: the same corpus and size give the same vocabulary.",
      },
      c: {
        text: "the meaning of each word",
        why: "Meaning is what the model learns from the ids; the tokenizer only splits text.",
      },
      d: {
        text: "how to translate between languages",
        why: "A tokenizer works on one text at a time, whatever its language.",
      },
    },
    hash: "sha256:2a104dcce6f38973:2a2e87cc7732cd541314dc65743f1494ffa58dd4ba7fd92b80cde2942f050d80",
  }),
];

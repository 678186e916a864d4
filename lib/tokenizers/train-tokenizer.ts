// Trains a tokenizer on texts and writes it as tokenizer.json + tokenizer_config.json, the files
// transformers.js's AutoTokenizer loads: WordPiece (BERT style) or byte-level BPE (GPT-2 style).
import * as fs from "fs";
import * as path from "path";
import { byteLevelBpeTokenizerJson } from "./byte-level-bpe-json";
import { BYTE_TO_CHAR, bertNormalize, bertPreTokenize, byteLevelPreTokenize } from "./pre-tokenize";
import { runMergeLoop } from "./merge-trainer";
import { trainBpe, wordPieceInitialVocab, wordPieceSplit } from "./train-merges";
import { checkHasWords, checkMinFrequency, checkRoomForAlphabet, checkVocabSize, corpusTexts } from "./training-input";

export interface TokenizerFiles {
  "tokenizer.json": Record<string, unknown>;
  "tokenizer_config.json": Record<string, unknown>;
}

/** How often each word occurs, in order of first appearance; throws on texts that are not an array of strings, or hold no word. */
function countWords(texts: unknown, split: (text: string) => string[], caller: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of corpusTexts(texts, caller)) for (const w of split(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  checkHasWords(counts.size, caller);
  return counts;
}

/** The trainers' shared options, checked: a whole vocabSize of at least 1, minFrequency a whole number or absent. */
function checkOptions(
  options: { vocabSize: number; minFrequency?: number } | undefined,
  caller: string,
): { vocabSize: number; minFrequency?: number } {
  if (options === null || typeof options !== "object")
    throw new TypeError(
      `${caller}: options is ${options === null ? "null" : typeof options}; expected { vocabSize, minFrequency?, ... }`,
    );
  return {
    vocabSize: checkVocabSize(options.vocabSize, caller),
    minFrequency: checkMinFrequency(options.minFrequency, caller),
  };
}

/** Byte-level BPE over the texts' words: the 256 byte characters, then merges until it has vocabSize - reserved tokens. */
function learnByteLevelBpe(
  texts: unknown,
  options: { vocabSize: number; minFrequency?: number } | undefined,
  reserved: number,
  caller: string,
) {
  const { vocabSize, minFrequency } = checkOptions(options, caller);
  checkRoomForAlphabet(
    vocabSize,
    BYTE_TO_CHAR.length + reserved,
    `${BYTE_TO_CHAR.length} byte characters and ${reserved} special token${reserved === 1 ? "" : "s"}`,
    caller,
  );
  const counts = countWords(texts, byteLevelPreTokenize, caller);
  const words = [...counts].map(([w, c]) => [[...w], c] as [string[], number]);
  // All 256 byte characters are in the alphabet, so any text can be encoded.
  return trainBpe(words, vocabSize - reserved, [...BYTE_TO_CHAR], { minFrequency });
}

const addedToken = (content: string, id: number) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

export const BERT_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/** The WordPiece model's max_input_chars_per_word: a longer word is encoded as [UNK]. */
export const WORDPIECE_MAX_CHARS_PER_WORD = 100;

/**
 * A BERT-style WordPiece tokenizer with `vocabSize` tokens: lower-cased with accents stripped
 * (bert-base-uncased), or with `lowercase: false` cased (bert-base-cased, which NER needs).
 */
export function trainWordPieceTokenizer(
  texts: Iterable<string>,
  options: { vocabSize: number; minFrequency?: number; modelMaxLength?: number; lowercase?: boolean },
): TokenizerFiles {
  const caller = "trainWordPieceTokenizer";
  const { vocabSize, minFrequency } = checkOptions(options, caller);
  const lowercase = options.lowercase ?? true;
  const counts = countWords(texts, (t) => bertPreTokenize(bertNormalize(t, lowercase)), caller);
  // As the tokenizers library's WordPieceTrainer: its BPE merge loop by frequency, from every character
  // bare and in its "##" form. (The course's score criterion, a lesson in chapter 3, keeps common
  // words in pieces at small vocabulary sizes.)
  const initial = wordPieceInitialVocab([...counts.keys()], "##", BERT_SPECIAL_TOKENS);
  checkRoomForAlphabet(
    vocabSize,
    initial.length,
    `${BERT_SPECIAL_TOKENS.length} special tokens and ${initial.length - BERT_SPECIAL_TOKENS.length} characters, bare and with "##"`,
    caller,
  );
  // A word longer than WORDPIECE_MAX_CHARS_PER_WORD is [UNK] whatever the vocabulary: its pairs are
  // not counted (its characters stay in the alphabet, as the library keeps them).
  const words = [...counts]
    .filter(([w]) => [...w].length <= WORDPIECE_MAX_CHARS_PER_WORD)
    .map(([w, c]) => [wordPieceSplit(w), c] as [string[], number]);
  const { vocab } = runMergeLoop(words, initial, { vocabSize, prefix: "##", minFrequency });
  const ids = (t: string) => vocab.indexOf(t);
  return {
    "tokenizer.json": {
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: BERT_SPECIAL_TOKENS.map((t, i) => addedToken(t, i)),
      normalizer: {
        type: "BertNormalizer",
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase,
      },
      pre_tokenizer: { type: "BertPreTokenizer" },
      post_processor: {
        type: "TemplateProcessing",
        single: [
          { SpecialToken: { id: "[CLS]", type_id: 0 } },
          { Sequence: { id: "A", type_id: 0 } },
          { SpecialToken: { id: "[SEP]", type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: "[CLS]", type_id: 0 } },
          { Sequence: { id: "A", type_id: 0 } },
          { SpecialToken: { id: "[SEP]", type_id: 0 } },
          { Sequence: { id: "B", type_id: 1 } },
          { SpecialToken: { id: "[SEP]", type_id: 1 } },
        ],
        special_tokens: Object.fromEntries(["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [ids(t)], tokens: [t] }])),
      },
      decoder: { type: "WordPiece", prefix: "##", cleanup: true },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        continuing_subword_prefix: "##",
        max_input_chars_per_word: WORDPIECE_MAX_CHARS_PER_WORD,
        vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      },
    },
    "tokenizer_config.json": {
      tokenizer_class: "BertTokenizer",
      do_lower_case: lowercase,
      model_max_length: options.modelMaxLength ?? 512,
      tokenize_chinese_chars: true,
      cls_token: "[CLS]",
      sep_token: "[SEP]",
      pad_token: "[PAD]",
      unk_token: "[UNK]",
      mask_token: "[MASK]",
    },
  };
}

/** GPT-2's tokenizer.json around a trained vocabulary and its merges (written "a b"), with the ByteLevel post-processor. */
function trainedBpeJson(vocab: string[], merges: [string, string][], addedTokens: object[]): Record<string, unknown> {
  return byteLevelBpeTokenizerJson({
    vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    merges: merges.map(([a, b]) => `${a} ${b}`),
    addedTokens,
    postProcessor: { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
  });
}

const GPT2_END_OF_TEXT = "<|endoftext|>";

/** A GPT-2-style byte-level BPE tokenizer: every text encodes (no unknown tokens) and decodes back exactly. */
export function trainByteLevelBpeTokenizer(
  texts: Iterable<string>,
  options: { vocabSize: number; minFrequency?: number; modelMaxLength?: number },
): TokenizerFiles {
  // The end-of-text token comes last, as in GPT-2's vocabulary.
  const { vocab, merges } = learnByteLevelBpe(texts, options, 1, "trainByteLevelBpeTokenizer");
  vocab.push(GPT2_END_OF_TEXT);
  const eos = vocab.length - 1;
  return {
    "tokenizer.json": trainedBpeJson(vocab, merges, [addedToken(GPT2_END_OF_TEXT, eos)]),
    "tokenizer_config.json": {
      tokenizer_class: "GPT2Tokenizer",
      add_prefix_space: false,
      model_max_length: options.modelMaxLength ?? 1024,
      clean_up_tokenization_spaces: false, // byte-level decoding is exact: keep " ," as written
      bos_token: GPT2_END_OF_TEXT,
      eos_token: GPT2_END_OF_TEXT,
      unk_token: GPT2_END_OF_TEXT,
    },
  };
}

/** BART's special tokens and their ids (<mask> comes last, after the merges). */
const BART_SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>"];

/**
 * A BART-style tokenizer: GPT-2's byte-level BPE, with <s> X </s> around each text (RobertaProcessing)
 * and BART's special tokens <s>=0, <pad>=1, </s>=2, <unk>=3, <mask>=last.
 */
export function trainBartTokenizer(
  texts: Iterable<string>,
  options: { vocabSize: number; minFrequency?: number; modelMaxLength?: number },
): TokenizerFiles {
  const learned = learnByteLevelBpe(texts, options, BART_SPECIAL_TOKENS.length + 1, "trainBartTokenizer");
  const vocab = [...BART_SPECIAL_TOKENS, ...learned.vocab, "<mask>"];
  const id = (t: string) => vocab.indexOf(t);
  return {
    "tokenizer.json": {
      ...trainedBpeJson(
        vocab,
        learned.merges,
        [...BART_SPECIAL_TOKENS, "<mask>"].map((t) => ({ ...addedToken(t, id(t)), lstrip: t === "<mask>" })),
      ),
      post_processor: {
        type: "RobertaProcessing",
        sep: ["</s>", id("</s>")],
        cls: ["<s>", id("<s>")],
        trim_offsets: true,
        add_prefix_space: false,
      },
    },
    "tokenizer_config.json": {
      tokenizer_class: "BartTokenizer",
      add_prefix_space: false,
      model_max_length: options.modelMaxLength ?? 1024,
      clean_up_tokenization_spaces: false,
      bos_token: "<s>",
      eos_token: "</s>",
      sep_token: "</s>",
      cls_token: "<s>",
      unk_token: "<unk>",
      pad_token: "<pad>",
      mask_token: "<mask>",
    },
  };
}

export function writeTokenizer(dir: string, files: TokenizerFiles): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), JSON.stringify(content, null, 1) + "\n");
}

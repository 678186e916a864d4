// The tokenizer files (tokenizer.json, tokenizer_config.json) rebuilt from a GGUF's metadata. A GGUF
// carries no tokenizer.json, only llama.cpp's keys (tokenizer.ggml.*). This mirrors what Python
// transformers builds from them (transformers/integrations/gguf/gguf_tokenizer_mapping.py, for
// `tokenizer.ggml.model = "gpt2"`: `byte_level_tokenizer` + `add_gguf_special_tokens`), so both give
// the same ids. Written by hand: neither @huggingface/gguf nor transformers.js builds a tokenizer from
// GGUF metadata. Only byte-level BPE ("gpt2") vocabularies are handled.
import type { GgufFile } from "./gguf-read";
import { meta } from "./gguf-read";
import { byteLevelBpeTokenizerJson } from "../tokenizers/byte-level-bpe-json";
import { BYTE_TO_CHAR } from "../tokenizers/pre-tokenize";
import type { TokenizerFiles } from "../tokenizers/train-tokenizer";

const CONTROL = 3; // llama.cpp token types
const USER_DEFINED = 4;

export function ggufTokenizer(file: GgufFile): TokenizerFiles {
  const model = meta<string>(file, "tokenizer.ggml.model");
  if (model !== "gpt2")
    throw new Error(`GGUF tokenizer model "${model}" is not supported (only byte-level BPE, "gpt2")`);
  const tokens = meta<string[]>(file, "tokenizer.ggml.tokens");
  const types = (file.metadata["tokenizer.ggml.token_type"] as number[] | undefined) ?? [];
  const merges = meta<string[]>(file, "tokenizer.ggml.merges");

  const alphabet = new Set(BYTE_TO_CHAR); // GPT-2's byte -> printable character table (bytes_to_unicode)
  const inAlphabet = (t: string) => [...t].every((c) => alphabet.has(c));
  const encoder = new TextEncoder();
  // A token spelled outside the byte alphabet is respelled from its UTF-8 bytes.
  const spelled = tokens.map((t) =>
    inAlphabet(t) ? t : Array.from(encoder.encode(t), (b) => BYTE_TO_CHAR[b]).join(""),
  );
  const vocab: Record<string, number> = {};
  spelled.forEach((t, i) => {
    vocab[t] = i;
  });

  const added: unknown[] = [];
  tokens.forEach((t, i) => {
    // Control tokens outside the byte alphabet are llama.cpp mislabels: transformers skips them.
    const special = types[i] === CONTROL && inAlphabet(t);
    const userDefined = types[i] === USER_DEFINED && t in vocab;
    if (special || userDefined)
      added.push({ id: i, content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special });
  });

  const tokenizerJson = byteLevelBpeTokenizerJson({
    vocab,
    merges: merges.map((m) => m.split(" ")),
    addedTokens: added,
    postProcessor: {
      type: "TemplateProcessing",
      single: [{ Sequence: { id: "A", type_id: 0 } }],
      pair: [{ Sequence: { id: "A", type_id: 0 } }, { Sequence: { id: "B", type_id: 1 } }],
      special_tokens: {},
    },
    ignoreMerges: false,
  });

  const tokenAt = (key: string) => {
    const id = file.metadata[`tokenizer.ggml.${key}`];
    return id === undefined ? null : tokens[Number(id)];
  };
  const config: Record<string, unknown> = {
    tokenizer_class: "GPT2Tokenizer",
    bos_token: tokenAt("bos_token_id"),
    eos_token: tokenAt("eos_token_id"),
    unk_token: tokenAt("unknown_token_id"),
    pad_token: tokenAt("padding_token_id"),
    add_bos_token: file.metadata["tokenizer.ggml.add_bos_token"] ?? false,
    add_eos_token: file.metadata["tokenizer.ggml.add_eos_token"] ?? false,
    add_prefix_space: file.metadata["tokenizer.ggml.add_space_prefix"] ?? false,
    clean_up_tokenization_spaces: false,
    model_max_length: meta<number>(file, `${meta<string>(file, "general.architecture")}.context_length`),
  };
  const template = file.metadata["tokenizer.chat_template"];
  if (typeof template === "string") config.chat_template = template;
  return { "tokenizer.json": tokenizerJson, "tokenizer_config.json": config };
}

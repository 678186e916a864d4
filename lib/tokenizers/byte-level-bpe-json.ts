// The tokenizer.json of a byte-level BPE tokenizer (GPT-2's kind): the ByteLevel pre-tokeniser and
// decoder around a BPE model. The tokenizers the course trains (train-tokenizer.ts) and the ones rebuilt
// from a GGUF's metadata (lib/llm/gguf-tokenizer.ts) are written by this one function; each brings its
// vocabulary, merges, added tokens and post-processor.

const BYTE_LEVEL = { add_prefix_space: false, trim_offsets: true, use_regex: true };

export interface ByteLevelBpeParts {
  /** Token -> id. */
  vocab: Record<string, number>;
  /** The merges as tokenizer.json holds them: "a b" strings (the older form) or ["a", "b"] pairs. */
  merges: string[] | string[][];
  /** The added_tokens entries (id, content, single_word, lstrip, rstrip, normalized, special). */
  addedTokens: unknown[];
  /** The post-processor (ByteLevel, TemplateProcessing, ...). */
  postProcessor: Record<string, unknown>;
  /** The model's ignore_merges; left out of the file when undefined (the tokenizers library reads that as false). */
  ignoreMerges?: boolean;
}

export function byteLevelBpeTokenizerJson(parts: ByteLevelBpeParts): Record<string, unknown> {
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: parts.addedTokens,
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", ...BYTE_LEVEL },
    post_processor: parts.postProcessor,
    decoder: { type: "ByteLevel", ...BYTE_LEVEL, add_prefix_space: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: "",
      end_of_word_suffix: "",
      fuse_unk: false,
      byte_fallback: false,
      ...(parts.ignoreMerges === undefined ? {} : { ignore_merges: parts.ignoreMerges }),
      vocab: parts.vocab,
      merges: parts.merges,
    },
  };
}

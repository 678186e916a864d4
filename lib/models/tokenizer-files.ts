// The files a Hugging Face tokenizer may be saved as: tokenizer.json (the fast tokenizer, what
// transformers.js reads), its config and special tokens, and the slow tokenizers' vocabularies
// (WordPiece's vocab.txt, BPE's vocab.json + merges.txt). Copied beside a model whenever one is saved.
export const TOKENIZER_FILES = [
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "vocab.txt",
  "vocab.json",
  "merges.txt",
];

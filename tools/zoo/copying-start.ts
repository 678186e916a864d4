// A BART that starts out able to copy. Learning to copy from random weights takes a small
// encoder-decoder thousands of steps of a plateau (the decoder first learns to write likely text and
// ignores its input); the zoo's text2text stand-in copies its input's first sentence, so it starts
// from weights where copying is already the easy path: the decoder's positions equal the encoder's,
// and each decoder layer's cross-attention maps queries, keys, values and outputs through the identity.
// Decoder position p then attends to the encoder's position p and reads its token back. Training moves
// every weight from there (measured with PyTorch's BART on a copy task: loss 0.7 after 100 steps
// against 4.7, the plateau, after 300 from the random start).
import type { Seq2SeqLM } from "../../lib/training/models/bart";

export function startFromCopying(model: Seq2SeqLM): void {
  const tf = model.tf;
  const param = (name: string) => {
    const v = model.params.get(name);
    if (!v) throw new Error(`the BART has no parameter ${name}`);
    return v;
  };
  param("model.decoder.embed_positions.weight").assign(param("model.encoder.embed_positions.weight"));
  const identity = tf.eye(model.config.dModel);
  for (let i = 0; i < model.config.decoderLayers; i++) {
    for (const proj of ["q_proj", "k_proj", "v_proj", "out_proj"])
      param(`model.decoder.layers.${i}.encoder_attn.${proj}.weight`).assign(identity);
  }
  identity.dispose();
}

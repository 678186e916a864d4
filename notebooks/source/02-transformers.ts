// %% [markdown]
// # 2. How transformers work
//
// This chapter looks inside the models behind the pipelines: where they come from, how they learn
// language, the three families they come in, and **attention**, the operation they are all built on,
// which we compute here step by step.

// %%
import { pipeline, plot, showDiagram, type TextPosition, Dataset, locateModel } from "hf-course";
import * as path from "path";

// %% [markdown]
// ## A short history
//
// The Transformer architecture was introduced in June 2017 for translation. Since then, models have
// been built on it for every language task, and they have grown fast. The sizes below are the
// published parameter counts of the best-known models (the largest version of each), each point labelled
// with its model: note the logarithmic axis.

// %%
const history = [
  { model: "Transformer", date: "2017-06", parameters: 213e6, family: "encoder-decoder" },
  { model: "GPT", date: "2018-06", parameters: 117e6, family: "decoder" },
  { model: "BERT", date: "2018-10", parameters: 340e6, family: "encoder" },
  { model: "GPT-2", date: "2019-02", parameters: 1.5e9, family: "decoder" },
  { model: "DistilBERT", date: "2019-10", parameters: 66e6, family: "encoder" },
  { model: "BART", date: "2019-10", parameters: 406e6, family: "encoder-decoder" },
  { model: "T5", date: "2019-10", parameters: 11e9, family: "encoder-decoder" },
  { model: "GPT-3", date: "2020-05", parameters: 175e9, family: "decoder" },
];
// Where each label sits, so that none covers another point or leaves the chart.
const labelPosition: Record<string, TextPosition> = {
  Transformer: "middle right",
  GPT: "middle right",
  BERT: "top center",
  "GPT-2": "top center",
  DistilBERT: "middle right",
  BART: "middle right",
  T5: "middle right",
  "GPT-3": "middle left",
};
plot({
  data: ["encoder", "decoder", "encoder-decoder"].map((family) => {
    const rows = history.filter((h) => h.family === family);
    return {
      type: "scatter",
      mode: "markers+text",
      name: family,
      x: rows.map((h) => h.date),
      y: rows.map((h) => Math.log10(h.parameters)),
      text: rows.map((h) => h.model),
      textposition: rows.map((h) => labelPosition[h.model]),
    };
  }),
  layout: {
    title: "Transformer models by date and size",
    xaxis: { title: "published" },
    yaxis: { title: "log10(parameters)" },
    width: 700,
    height: 380,
  },
});
Dataset.fromRows(
  history.map((h) => ({
    ...h,
    parameters: h.parameters >= 1e9 ? `${h.parameters / 1e9} B` : `${h.parameters / 1e6} M`,
  })),
).show(10);

// %% [markdown]
// Three points of this history that a chart cannot show:
//
// - **GPT-2 was released in stages.** OpenAI announced it in February 2019 but first published only its
//   smallest version, out of concern that the full model could be misused to write convincing fake text;
//   larger versions followed, and the full model in November 2019: 124 M, 355 M, 774 M and 1.5 B parameters
//   ([openai/gpt-2](https://github.com/openai/gpt-2) and its model card).
// - **DistilBERT** (Hugging Face, October 2019) is a smaller model trained to imitate BERT-base, a technique
//   called *distillation*. Its paper's abstract ([Sanh et al., 2019](https://arxiv.org/abs/1910.01108)):
//   40 % smaller, 60 % faster, and it keeps 97 % of BERT's language understanding. Online, chapter 1's
//   sentiment model is a DistilBERT.
// - **GPT-3** (OpenAI, May 2020) does tasks it was never fine-tuned for: described in the prompt
//   (**zero-shot**), or shown a few solved examples in the prompt (**few-shot**), with no training at all
//   ([Brown et al., 2020, "Language Models are Few-Shot Learners"](https://arxiv.org/abs/2005.14165)).
//   Chapter 1's zero-shot classification pipeline gets there another way: a model trained on inference
//   between sentences, asked about each label.

// %% [markdown]
// ## Language models and transfer learning
//
// All these models are first **pretrained** as language models on huge amounts of raw text, with no
// human labels: the text is its own answer key. This is **self-supervised learning**: the labels are
// computed from the inputs themselves, so nobody has to write them and any text will do. There are two
// ways to set the exercise:
//
// - **causal language modelling** (GPT): predict the next word from the words before it;
// - **masked language modelling** (BERT): hide some words and predict them from both sides.
//
// Here are the exercises one sentence gives, labels included, computed from the sentence alone:

// %%
const pretrainingWords = "the cat sat on the mat".split(" ");
Dataset.fromRows(
  pretrainingWords.slice(1).map((next, i) => ({
    "causal LM: the input": pretrainingWords.slice(0, i + 1).join(" "),
    "the label: the next word": next,
  })),
).show();
const maskedAt = 2;
console.log(
  `masked LM: the input "${pretrainingWords.map((w, i) => (i === maskedAt ? "[MASK]" : w)).join(" ")}", the label "${pretrainingWords[maskedAt]}"`,
);

// %% [markdown]
// Both are in the pipelines of chapter 1: a text generator is a causal language model, fill-mask a
// masked one. (Offline, the notices say which models answer: the fill-mask stand-in's guesses may be
// rougher than the real model's.)

// %%
const generator = await pipeline("text-generation");
await generator("The history of the city began", { max_new_tokens: 12, do_sample: false });

// %%
const unmasker = await pipeline("fill-mask");
await unmasker(`The history of the ${unmasker.tokenizer.mask_token} began in the 12th century.`, { top_k: 3 });

// %% [markdown]
// Pretraining is expensive (weeks on many accelerators for the big models), and what it learns about
// language is general. So it is done once, and the result is **fine-tuned**: trained a little more on
// a small labelled dataset for one task, such as sentiment. This is **transfer learning**, and it is
// why you rarely train from scratch: chapter 5 fine-tunes a model in TypeScript.
//
// ## Three families
//
// A transformer has up to two parts. The **encoder** reads the whole input and builds a representation
// of each token that looks both left and right. The **decoder** writes output one token at a time: its
// self-attention looks only at the output written so far and, in an encoder–decoder model, a second
// attention (**cross-attention**) looks at the whole encoded input. Which parts a model keeps decides what it is good at:

// %%
Dataset.fromRows([
  {
    family: "encoder-only",
    examples: "BERT, DistilBERT, RoBERTa",
    "attention sees": "the whole input",
    "good at": "classification, named entities, extractive question answering",
  },
  {
    family: "decoder-only",
    examples: "GPT, GPT-2, GPT-3, Llama",
    "attention sees": "only earlier tokens",
    "good at": "text generation",
  },
  {
    family: "encoder-decoder",
    examples: "BART, T5, Marian",
    "attention sees":
      "the whole input (encoder); earlier output, plus the whole encoded input through cross-attention (decoder)",
    "good at": "summarization, translation, generative question answering",
  },
]).show();

// %% [markdown]
// ## Choosing an architecture
//
// When you pick a model for a task, three questions decide the family:
//
// | question | answer | family |
// |---|---|---|
// | 1. What kind of understanding does the task need? | each word read in the context of the whole input, before and after it (bidirectional) | encoder |
// | | the words so far, left to right (unidirectional) | decoder |
// | 2. Are you analysing existing text or generating new text? | analysing: a label for the text or for each word, a span of it | encoder |
// | | generating | decoder, or encoder-decoder |
// | 3. Do you transform one sequence into another? | yes: translation, summarization, a rewrite of the input | encoder-decoder |
//
// For example: sentiment or named entities → encoder (BERT); a chatbot or code completion → decoder (GPT);
// translating a sentence → encoder-decoder (Marian, T5). Large decoder-only models also translate and
// summarise when asked in the prompt, as GPT-3 showed (above).
//
// ## Why attention: a translation example
//
// Translate "You like this course" into French: "Vous aimez ce cours". To translate some words the model
// must look at other words of the sentence:
//
// | to translate | it must look at | because |
// |---|---|---|
// | like | You | French conjugates the verb by its subject: "vous aimez", but "tu aimes" |
// | this | course | "this" is "ce" before a masculine noun and "cette" before a feminine one: *cours* is masculine |
// | course | (nothing else) | |
//
// With longer sentences and harder grammar, the word to look at can be far away. An **attention layer** is how
// a model learns, for each word, which other words to look at. The Transformer was first built for
// translation: in training, the encoder reads the English sentence and the decoder the French one; to
// predict the fourth French word, the decoder sees the first three (never the later ones) and, through
// cross-attention, the whole encoded English sentence.
//
// ## Attention, step by step
//
// Attention lets every token gather information from the other tokens. Each token's vector is turned
// into three vectors: a **query** (what am I looking for?), a **key** (what do I contain?) and a
// **value** (what do I pass on?). For one token, the score of every other token is the dot product of
// its query with their keys, divided by √d (d: the vectors' length, which keeps the scores in a range
// where softmax behaves); softmax turns the scores into weights that sum to 1; the output is the
// weighted sum of the values:
//
// attention(Q, K, V) = softmax(Q Kᵀ / √d) V
//
// Here it is in plain TypeScript for four tokens with vectors of length 4. (Real models compute Q, K
// and V by multiplying the token vectors by learned matrices; we pick them by hand.)

// %%
type Matrix = number[][];
const matmul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const softmaxRows = (a: Matrix): Matrix =>
  a.map((row) => {
    const top = Math.max(...row);
    const e = row.map((x) => Math.exp(x - top));
    const sum = e.reduce((s, x) => s + x, 0);
    return e.map((x) => x / sum);
  });

function attention(q: Matrix, k: Matrix, v: Matrix, mask?: Matrix): { weights: Matrix; output: Matrix } {
  const d = q[0].length;
  const scores = matmul(q, transpose(k)).map((row, i) => row.map((s, j) => s / Math.sqrt(d) + (mask ? mask[i][j] : 0)));
  const weights = softmaxRows(scores);
  return { weights, output: matmul(weights, v) };
}

const tokens = ["the", "cat", "sat", "down"];
const Q: Matrix = [
  [1, 0, 1, 0],
  [0, 2, 0, 1],
  [1, 1, 0, 0],
  [0, 0, 1, 2],
];
const K: Matrix = [
  [1, 0, 0, 0],
  [0, 2, 0, 1],
  [1, 1, 1, 0],
  [0, 0, 2, 1],
];
const V: Matrix = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];
const bidirectional = attention(Q, K, V);
bidirectional.weights.map((row) => row.map((w) => +w.toFixed(3)));

// %% [markdown]
// Each row holds one token's weights over all four tokens and sums to 1. With V the identity, the
// output rows are exactly these weights: each token's new vector is a mix of the others'.
//
// ## The causal mask
//
// A decoder must not look ahead: while writing token 3 it cannot see token 4. It adds −∞ to the
// scores of later tokens before the softmax, so their weights become exactly 0. Encoders use no such
// mask: every token sees every other (bidirectional attention).

// %%
const causalMask: Matrix = tokens.map((_, i) => tokens.map((_, j) => (j <= i ? 0 : -Infinity)));
const causal = attention(Q, K, V, causalMask);
const heat = (z: Matrix, title: string) => ({
  data: [{ type: "heatmap" as const, z, x: tokens, y: tokens, colorscale: "Blues", reversescale: true }],
  layout: { title, xaxis: { title: "attends to (key)" }, yaxis: { title: "token (query)" }, width: 420, height: 360 },
});
plot(heat(bidirectional.weights, "Bidirectional (encoder)"));
plot(heat(causal.weights, "Causal (decoder)"));

// %% [markdown]
// ## Multi-head attention
//
// One attention can only mix the values one way. **Multi-head** attention runs several in parallel
// on slices of the vectors (here 2 heads of length 2), each free to attend to different tokens,
// joins their outputs side by side, and mixes them with one more learned matrix, the **output
// projection** W_O (left out here: with random numbers it would only blur the picture).

// %%
const slice = (m: Matrix, from: number, to: number) => m.map((row) => row.slice(from, to));
const heads = [0, 1].map((h) =>
  attention(slice(Q, 2 * h, 2 * h + 2), slice(K, 2 * h, 2 * h + 2), slice(V, 2 * h, 2 * h + 2)),
);
heads.forEach((h, i) => plot(heat(h.weights, `Head ${i + 1}`)));
const joined = heads[0].output.map((row, i) => [...row, ...heads[1].output[i]]);
joined.map((row) => row.map((x) => +x.toFixed(3)));

// %% [markdown]
// ## Attention in a real model
//
// The course's TensorFlow.js models can return their attention weights. Here is a real pretrained
// model reading one sentence: `sentence-transformers/all-MiniLM-L6-v2`, a small BERT (the cell prints its
// size) trained on a billion sentence pairs, the model behind chapter 1's feature extraction. Offline it
// comes from the course cache (a pinned, verified copy from PyPI). Each heatmap is one head of its last layer: row *i* shows how much token *i* attends to every
// token. Studies of BERT's heads (Clark et al., 2019, "What Does BERT Look At?") found heads that attend
// to the previous or next token, to `[SEP]` or `[CLS]`, or along grammatical relations. Look for a
// diagonal just beside the main one, a bright column on `[CLS]` or `[SEP]`, or a head that spreads over
// the whole sentence.

// %%
import { EncoderModel, trainingBackend } from "hf-course/training"; // the course's TensorFlow.js models
import { transformers } from "hf-course/transformers";

// %%
const tf = (await trainingBackend()).tf;
const modelDir = (await locateModel("sentence-transformers/all-MiniLM-L6-v2")).path;
const model = (await EncoderModel.fromPretrained(tf, modelDir)).model;
const tokenizer = await transformers().AutoTokenizer.from_pretrained(modelDir);
console.log(
  `${path.basename(modelDir)}: ${model.config.numLayers} layers of ${model.config.numHeads} attention heads, hidden size ${model.config.hiddenSize}, ${(model.trainableVariables.reduce((n, v) => n + v.size, 0) / 1e6).toFixed(1)} M parameters`,
);
const sentence = "the film was not good at all";
const ids = tokenizer.encode(sentence) as number[];
const input = tf.tensor2d([ids], [1, ids.length], "int32");
const attentions = model.forward(
  { inputIds: input, attentionMask: tf.onesLike(input) },
  { outputAttentions: true },
).attentions;
const last = (await attentions![attentions!.length - 1].array()) as number[][][][];
const words = tokenizer.tokenize(sentence, { add_special_tokens: true }) as string[];
last[0].forEach((weights, h) =>
  plot({
    data: [{ type: "heatmap", z: weights, x: words, y: words, colorscale: "Blues", reversescale: true }],
    layout: { title: `Last layer, head ${h + 1}`, width: 360, height: 320 },
  }),
);

// %% [markdown]
// ## The whole Transformer, drawn
//
// Attention is one part of a **Transformer layer**. The diagram shows both stacks of the original
// Transformer; the encoder's boxes carry the sizes of the model above (read from its config). In each
// layer, self-attention mixes information *between* tokens, then a **feed-forward** network (two linear
// layers around an activation) transforms each token's vector on its own. After each of these sub-layers
// comes **add & norm**: the sub-layer's input is added to its output (a **residual connection**, the green
// arrows), which lets the signal and the gradients pass through many layers, and the sum is normalised
// (LayerNorm). The decoder has a third sub-layer, **cross-attention** (orange): its queries come from the
// decoder, its keys and values from the encoder's output.

// %%
const encoderSizes = model.config;
showDiagram({
  title: "The Transformer: encoder and decoder",
  columns: [
    {
      title: "encoder (all-MiniLM-L6-v2's sizes)",
      linkSide: "left",
      repeat: { from: "e-attention", to: "e-norm2", label: `× ${encoderSizes.numLayers} layers` },
      boxes: [
        {
          id: "e-input",
          label: "token + position embeddings",
          kind: "data",
          lines: [`${encoderSizes.hiddenSize} numbers per token`],
        },
        {
          id: "e-attention",
          label: "multi-head self-attention",
          lines: [
            `${encoderSizes.numHeads} heads of ${encoderSizes.hiddenSize / encoderSizes.numHeads}, joined by W_O`,
            "every token sees every token",
          ],
        },
        { id: "e-norm1", label: "add & norm" },
        {
          id: "e-ffn",
          label: "feed-forward",
          lines: [
            `${encoderSizes.hiddenSize} → ${encoderSizes.intermediateSize} → ${encoderSizes.hiddenSize}, per token`,
          ],
        },
        { id: "e-norm2", label: "add & norm" },
        {
          id: "e-output",
          label: "encoded input",
          kind: "data",
          lines: [`${encoderSizes.hiddenSize} numbers per token`],
        },
      ],
    },
    {
      title: "decoder (the original Transformer, BART, T5)",
      repeat: { from: "d-attention", to: "d-norm3", label: "× N layers" },
      boxes: [
        { id: "d-input", label: "token + position embeddings", kind: "data", lines: ["the output written so far"] },
        { id: "d-attention", label: "masked multi-head self-attention", lines: ["each token sees the earlier ones"] },
        { id: "d-norm1", label: "add & norm" },
        { id: "d-cross", label: "multi-head cross-attention", lines: ["queries: decoder", "keys and values: encoder"] },
        { id: "d-norm2", label: "add & norm" },
        { id: "d-ffn", label: "feed-forward", lines: ["per token"] },
        { id: "d-norm3", label: "add & norm" },
        { id: "d-head", label: "linear + softmax", lines: ["a probability per vocabulary token"] },
        { id: "d-output", label: "the next token", kind: "data" },
      ],
    },
  ],
  links: [
    { from: "e-input", to: "e-norm1", kind: "residual" },
    { from: "e-norm1", to: "e-norm2", kind: "residual" },
    { from: "d-input", to: "d-norm1", kind: "residual" },
    { from: "d-norm1", to: "d-norm2", kind: "residual" },
    { from: "d-norm2", to: "d-norm3", kind: "residual" },
    { from: "e-output", to: "d-cross", kind: "cross" },
  ],
});

// %% [markdown]
// An encoder-only model such as BERT or MiniLM is the left column with a head on top (below); a decoder-only
// model such as GPT or SmolLM2 is the right column without cross-attention. (GPT-2 and Llama normalise at
// the start of each sub-layer rather than after it.)
//
// ## Architecture, checkpoint, model
//
// Three words that are often mixed up:
//
// - the **architecture** is the skeleton: which layers, in which order, how big (e.g. BERT);
// - a **checkpoint** is a set of trained weights for an architecture (e.g. `bert-base-uncased`);
// - **model** can mean either, so be precise when it matters.
//
// A checkpoint's `config.json` describes its architecture:

// %%
model.config.raw;

// %% [markdown]
// ## Heads
//
// The same body (the transformer layers) can carry different **heads**: the small layers on top that
// turn its vectors into an answer for one task. The config names the class with its head, such as
// `BertForSequenceClassification`; the course's TensorFlow.js models offer these heads:
//
// | head | output | pipeline |
// |---|---|---|
// | `BertModel` (none) | a vector per token | feature-extraction |
// | `…ForSequenceClassification` | a score per label, for the whole text | text-classification |
// | `…ForTokenClassification` | a score per label, for each token | token-classification |
// | `…ForQuestionAnswering` | start and end scores for each token | question-answering |
// | `…ForMaskedLM` | a score per vocabulary word, for each token | fill-mask |
// | `GPT2LMHeadModel` | a score per vocabulary word for the next token | text-generation |
// | `BartForConditionalGeneration` | the decoder's next-token scores | summarization, translation |
//
// %%
tf.dispose([input, ...attentions!]);
model.dispose();

// %% [markdown]
// ## What you learned
//
// - Transformers date from 2017 and grew from tens of millions to hundreds of billions of parameters; GPT-2 was
//   released in stages, DistilBERT made BERT smaller by distillation, GPT-3 did new tasks zero- or few-shot.
// - They are pretrained by self-supervised learning (the labels come from the text: the next word, or a
//   masked one), then fine-tuned on a labelled task: transfer learning.
// - Encoders read the whole input (understanding), decoders write left to right (generation),
//   encoder-decoders turn one sequence into another; three questions pick the family for a task.
// - Attention lets each token gather information from the tokens it needs: softmax(Q Kᵀ / √d) V, masked in
//   decoders, in several heads joined by W_O. A Transformer layer adds a feed-forward network, residual
//   connections and normalisation.
// - An architecture is not a checkpoint; heads turn the body's vectors into a task's answer.
//
// ## What's next
//
// Chapter 4 opens the pipeline and uses the body and a head by hand. The exercises for this chapter
// are in `exercises/02-transformers.ipynb`.

// Text-to-text (summarization, translation, text2text generation): a small BART that learned the one
// task the course's data can teach it: give back the first sentence of a passage, an extractive
// "lead" summary. The build has no summaries and no translations, but every WikiText-2 paragraph has
// a first sentence. It trains on each sentence of the training paragraphs with the passage it starts
// (that sentence to the paragraph's end) and is measured on held-out paragraphs through the
// summarization pipeline, as a learner runs it: ROUGE-L of what it writes against the paragraph's
// first sentence, next to the ROUGE-L of the whole paragraph (what echoing the input would score).
import { rouge } from "../../../lib/metrics";
import { seededRandom } from "../../../lib/random";
import { Seq2SeqLM } from "../../../lib/training/models/bart";
import { savePretrained } from "../../../lib/training/save";
import { Trainer } from "../../../lib/training/trainer";
import { trainBartTokenizer, writeTokenizer } from "../../../lib/tokenizers/train-tokenizer";
import { transformers } from "../../../lib/transformers-env";
import { startFromCopying } from "../copying-start";
import { datasetOf, parameterCount, seededSample, type Builder, type LoadedTokenizer, zooArguments } from "../context";
import { plainWikitextSplits } from "../data";
import { sentencesOf } from "../wikitext-text";

/** The longest first sentence (in tokens, with <s> and </s>) the model learns to write; longer ones are left out of training. */
export const MAX_LEAD_TOKENS = 64;
export const HELD_OUT_PARAGRAPHS = 300;

export interface LeadPair {
  passage: string;
  lead: string;
}

/**
 * Training pairs: every sentence of every paragraph, with a passage it starts: that sentence and
 * 0 to all of the sentences after it (drawn by the seed). Short passages teach the copying, whole
 * ones teach to stop after the first sentence of a long input.
 */
export function leadPairs(paragraphs: readonly string[], seed: number): LeadPair[] {
  const random = seededRandom(seed);
  return paragraphs.flatMap((p) => {
    const sentences = sentencesOf(p);
    return sentences.map((lead, i) => ({
      passage: sentences.slice(i, i + 1 + Math.floor(random() * (sentences.length - i))).join(" "),
      lead,
    }));
  });
}

/** The held-out task: paragraphs of two sentences or more (picked by the seed) and their first sentence. */
export function heldOutLeads(paragraphs: readonly string[], seed: number): LeadPair[] {
  const long = paragraphs.filter((p) => sentencesOf(p).length >= 2);
  return seededSample(long, HELD_OUT_PARAGRAPHS, seed).map((p) => ({ passage: p, lead: sentencesOf(p)[0] }));
}

/** What the summarization pipeline writes for each passage (greedy, at most MAX_LEAD_TOKENS new tokens). */
export async function summarize(dir: string, passages: readonly string[]): Promise<string[]> {
  const summarizer = await transformers().pipeline("summarization", dir, { dtype: "fp32" });
  const out: string[] = [];
  for (const p of passages)
    out.push(
      ((await summarizer(p, { max_new_tokens: MAX_LEAD_TOKENS })) as { summary_text: string }[])[0].summary_text,
    );
  await summarizer.dispose();
  return out;
}

/** The card's metrics for the summaries written for `pairs`. */
export function leadMetrics(pairs: readonly LeadPair[], summaries: readonly string[]): Record<string, number> {
  const leads = pairs.map((p) => p.lead);
  return {
    lead_rougeL: rouge(summaries, leads).rougeL,
    lead_exact_match: summaries.filter((s, i) => s.trim() === leads[i]).length / leads.length,
    whole_paragraph_rougeL: rouge(
      pairs.map((p) => p.passage),
      leads,
    ).rougeL,
  };
}

export const buildText2Text: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const data = await plainWikitextSplits(ctx.source);
  const paragraphs = data.train.map((r) => r.text);
  console.log(
    `[${recipe.name}] training a BART byte-level BPE tokenizer (${recipe.tokenizer!.vocabSize} tokens) on ${paragraphs.length} paragraphs`,
  );
  const files = trainBartTokenizer(paragraphs, {
    vocabSize: recipe.tokenizer!.vocabSize,
    modelMaxLength: Number(recipe.model.max_position_embeddings),
  });
  writeTokenizer(dir, files);
  const tokenizer: LoadedTokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const vocab = (files["tokenizer.json"].model as { vocab: Record<string, number> }).vocab;
  const [bos, eos] = [vocab["<s>"], vocab["</s>"]];
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false }) as number[];
  const rowOf = (pair: LeadPair) => ({
    input_ids: [bos, ...encode(pair.passage).slice(0, recipe.training.maxLength - 2), eos],
    labels: [bos, ...encode(pair.lead), eos],
  });
  const pairs = leadPairs(paragraphs, recipe.seed)
    .map(rowOf)
    .filter((r) => r.labels.length <= MAX_LEAD_TOKENS);
  console.log(`[${recipe.name}] ${pairs.length} passage → first-sentence pairs`);
  const rows = Array.from({ length: recipe.training.trainRows }, (_, i) => pairs[i % pairs.length]);
  const heldOut = heldOutLeads(
    data.heldOut.map((r) => r.text),
    recipe.seed,
  );

  const model = Seq2SeqLM.fromConfig(
    tf,
    {
      ...recipe.model,
      vocab_size: Object.keys(vocab).length,
      pad_token_id: vocab["<pad>"],
      bos_token_id: bos,
      eos_token_id: eos,
      decoder_start_token_id: eos,
    },
    { seed: recipe.seed },
  );
  startFromCopying(model);
  const trainer = new Trainer({
    model,
    args: zooArguments(ctx),
    trainDataset: datasetOf(rows),
    evalDataset: datasetOf(heldOut.map(rowOf)),
  });
  await trainer.train();
  const perplexity = (await trainer.evaluate()).eval_perplexity;
  const parameters = parameterCount(model);
  await savePretrained(model, dir);
  model.dispose();

  const summaries = await summarize(
    dir,
    heldOut.map((p) => p.passage),
  );
  for (const i of [0, 1, 2])
    console.log(
      `[${recipe.name}] held-out first sentence: ${heldOut[i].lead}\n[${recipe.name}] its summary:              ${summaries[i]}`,
    );
  return {
    metrics: { ...leadMetrics(heldOut, summaries), lead_perplexity: perplexity },
    parameters,
    source: `${data.source}; ${pairs.length} training pairs (each sentence of a training paragraph of at most ${MAX_LEAD_TOKENS} tokens, with a passage it starts: itself and 0 to all of the sentences after it, cut at ${recipe.training.maxLength} tokens); ${heldOut.length} held-out paragraphs of two sentences or more scored through the summarization pipeline (greedy, at most ${MAX_LEAD_TOKENS} new tokens) against their first sentence`,
    initialisation:
      "random initialisation, except that it starts able to copy (tools/zoo/copying-start.ts): the decoder's positions equal the encoder's and its cross-attention projections are the identity",
    caveat:
      "It does one thing: it gives back the first sentence of its input, an extractive \"lead\" summary (WikiText-2, the only text of the course's build it could learn from, has no summaries and no translations, but every paragraph has a first sentence). Offline, summarization returns the input's first sentence; translation and text2text generation return it too: this model does not translate and does not follow instructions. Online, the course uses distilbart-cnn-6-6, opus-mt-fr-en and flan-t5-small.",
  };
};

// Text-to-text (summarization, translation, text2text generation): a small BART. No summarization
// or translation data is available to the course's build, so the stand-in learns BART's own
// pretraining task on WikiText-2: text infilling (spans of the input replaced by one <mask> each;
// the target is the original text). It rebuilds and continues its input rather than summarising or
// translating it, which its card says. Measured by ROUGE-L of its reconstructions of held-out text,
// next to the ROUGE-L of the corrupted input itself.
import { rouge } from "../../metrics";
import { seededRandom } from "../../random";
import { Seq2SeqLM } from "../../training/models/bart";
import { savePretrained } from "../../training/save";
import { Trainer } from "../../training/trainer";
import { trainBartTokenizer, writeTokenizer } from "../../tokenizers/train-tokenizer";
import { transformers } from "../../transformers-env";
import { datasetOf, parameterCount, seededSample, type Builder, zooArguments } from "../context";
import { wikitext } from "../data";

const MASKED_FRACTION = 0.2;
const HELD_OUT_BLOCKS = 200;

/** Text infilling on a block of token ids (without <s> </s>): spans of 1-3 tokens become one <mask>. */
function infill(block: number[], mask: number, random: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < block.length; ) {
    if (random() < MASKED_FRACTION / 2) {
      out.push(mask);
      i += 1 + Math.floor(random() * 3);
    } else out.push(block[i++]);
  }
  return out;
}

export const buildText2Text: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const data = await wikitext(ctx.source);
  console.log(`[${recipe.name}] training a BART byte-level BPE tokenizer (${recipe.tokenizer!.vocabSize} tokens) on ${data.train.length} texts`);
  const files = trainBartTokenizer(data.train.map((r) => r.text), { vocabSize: recipe.tokenizer!.vocabSize, modelMaxLength: Number(recipe.model.max_position_embeddings) });
  writeTokenizer(dir, files);
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const vocab = (files["tokenizer.json"].model as { vocab: Record<string, number> }).vocab;
  const id = (t: string) => vocab[t];
  const [bos, eos, mask] = [id("<s>"), id("</s>"), id("<mask>")];
  const width = recipe.training.maxLength - 2;
  const blocks = (rows: { text: string }[]) => {
    const out: number[][] = [];
    for (const r of rows) {
      const ids = tokenizer.encode(r.text, { add_special_tokens: false }) as number[];
      for (let i = 0; i + 8 <= ids.length; i += width) out.push(ids.slice(i, i + width));
    }
    return out;
  };
  const random = seededRandom(recipe.seed);
  const example = (block: number[], rnd: () => number) => ({ input_ids: [bos, ...infill(block, mask, rnd), eos], labels: [bos, ...block, eos] });
  const trainBlocks = blocks(data.train);
  const rows = Array.from({ length: recipe.training.trainRows }, (_, i) => example(trainBlocks[i % trainBlocks.length], random));
  const heldOut = seededSample(blocks(data.heldOut), HELD_OUT_BLOCKS, recipe.seed).map((b) => example(b, seededRandom(recipe.seed + 1)));

  const model = Seq2SeqLM.fromConfig(tf, { ...recipe.model, vocab_size: Object.keys(vocab).length, pad_token_id: id("<pad>"), bos_token_id: bos, eos_token_id: eos, decoder_start_token_id: eos }, { seed: recipe.seed });
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: datasetOf(rows), evalDataset: datasetOf(heldOut) });
  await trainer.train();
  const perplexity = (await trainer.evaluate()).eval_perplexity;
  const parameters = parameterCount(model);
  await savePretrained(model, dir);
  model.dispose();

  const generate = await transformers().pipeline("text2text-generation", dir, { dtype: "fp32" });
  const decode = (ids: number[]) => tokenizer.decode(ids, { skip_special_tokens: true }) as string;
  const outputs: string[] = [];
  // The corrupted text as a learner would type it, "<mask>" included (the tokenizer reads it as the mask token).
  for (const r of heldOut) outputs.push(((await generate(tokenizer.decode(r.input_ids.slice(1, -1)), { max_new_tokens: r.labels.length })) as { generated_text: string }[])[0].generated_text);
  await generate.dispose();
  const references = heldOut.map((r) => decode(r.labels));
  return {
    metrics: {
      target_perplexity: perplexity,
      reconstruction_rougeL: rouge(outputs, references).rougeL,
      corrupted_input_rougeL: rouge(heldOut.map((r) => decode(r.input_ids)), references).rougeL,
    },
    parameters,
    source: `${data.source}; text cut into ${width}-token blocks with about ${Math.round(MASKED_FRACTION * 100)}% of tokens masked in spans (BART's text infilling); ${heldOut.length} held-out blocks scored`,
    caveat: "No summarization or translation data is available to the course's build: this stand-in learned BART's pretraining task (rebuild text with masked spans). Offline, the summarization, translation and text2text pipelines run and return text, but it is the input rebuilt and continued, not a summary or a translation; online, the course uses distilbart-cnn-6-6, opus-mt-fr-en and flan-t5-small.",
  };
};

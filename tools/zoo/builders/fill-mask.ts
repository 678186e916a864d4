// Fill-mask: a small BERT masked language model trained on WikiText-2 text cut into blocks, with
// BERT's masking (15% of tokens: 80% [MASK], 10% a random token, 10% unchanged), drawn once per
// block from the seed. Measured by the perplexity of the masked tokens on the test text, next to a
// unigram model's on the same tokens.
import { seededRandom } from "../../../lib/random";
import { EncoderModel } from "../../../lib/training/models/encoder";
import { savePretrained } from "../../../lib/training/save";
import { Trainer } from "../../../lib/training/trainer";
import { datasetOf, parameterCount, seededSample, trainTokenizer, zooArguments, type Builder } from "../context";
import { wikitext } from "../data";

const MASK_PROBABILITY = 0.15;
const HELD_OUT_BLOCKS = 1000;

export const buildFillMask: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const data = await wikitext(ctx.source);
  const { tokenizer, vocab } = await trainTokenizer(
    ctx,
    data.train.map((r) => r.text),
  );
  const vocabSize = Object.keys(vocab).length;
  const special = new Set(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map((t) => vocab[t]));
  const blocks = (rows: { text: string }[]) => {
    const ids = rows.flatMap((r) => tokenizer.encode(r.text, { add_special_tokens: false }) as number[]);
    const width = recipe.training.maxLength - 2;
    const out: number[][] = [];
    for (let i = 0; i + width <= ids.length; i += width) out.push(ids.slice(i, i + width));
    return out;
  };
  const mask = (block: number[], random: () => number) => {
    const input_ids = [vocab["[CLS]"], ...block, vocab["[SEP]"]];
    const labels = input_ids.map(() => -100);
    for (let i = 1; i < input_ids.length - 1; i++) {
      if (special.has(input_ids[i]) || random() >= MASK_PROBABILITY) continue;
      labels[i] = input_ids[i];
      const r = random();
      if (r < 0.8) input_ids[i] = vocab["[MASK]"];
      else if (r < 0.9) input_ids[i] = Math.floor(random() * vocabSize);
    }
    return { input_ids, labels };
  };
  const trainBlocks = blocks(data.train);
  const random = seededRandom(recipe.seed);
  // Each block masked afresh per pass, until there are trainRows rows.
  const trainRows = Array.from({ length: recipe.training.trainRows }, (_, i) =>
    mask(trainBlocks[i % trainBlocks.length], random),
  );
  const heldOutRows = seededSample(blocks(data.heldOut), HELD_OUT_BLOCKS, recipe.seed).map((b) =>
    mask(b, seededRandom(recipe.seed + 1)),
  );
  const model = EncoderModel.fromConfig(
    tf,
    { ...recipe.model, vocab_size: vocabSize, pad_token_id: vocab["[PAD]"], hidden_act: "gelu" },
    { seed: recipe.seed },
  );
  const trainer = new Trainer({
    model,
    args: zooArguments(ctx),
    trainDataset: datasetOf(trainRows),
    evalDataset: datasetOf(heldOutRows),
  });
  await trainer.train();
  const perplexity = (await trainer.evaluate()).eval_perplexity;
  const parameters = parameterCount(model);
  await savePretrained(model, dir);
  model.dispose();
  // The unigram baseline: each masked token predicted by its frequency in the training blocks.
  const counts = new Float64Array(vocabSize).fill(1);
  for (const b of trainBlocks) for (const id of b) counts[id]++;
  const total = counts.reduce((a, c) => a + c, 0);
  const masked = heldOutRows.flatMap((r) => r.labels.filter((l) => l !== -100));
  const unigram = Math.exp(-masked.reduce((a, id) => a + Math.log(counts[id] / total), 0) / masked.length);
  return {
    metrics: { masked_token_perplexity: perplexity, unigram_perplexity: unigram },
    parameters,
    source: `${data.source}; text cut into ${recipe.training.maxLength}-token blocks, ${Math.round(MASK_PROBABILITY * 100)}% of tokens masked; ${heldOutRows.length} held-out blocks scored`,
  };
};

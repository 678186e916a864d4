// Text generation: a small GPT-2 trained on WikiText-2 as plain text (no <unk>: a model never sees
// it, so never writes it), measured by perplexity on the test text against a unigram model's (the
// perplexity of predicting every token by its training frequency).
import { Gpt2LM } from "../../../lib/training/models/gpt2";
import { savePretrained } from "../../../lib/training/save";
import { Trainer } from "../../../lib/training/trainer";
import { datasetOf, parameterCount, seededSample, trainTokenizer, zooArguments, type Builder } from "../context";
import { plainWikitextSplits } from "../data";

export const buildTextGeneration: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const data = await plainWikitextSplits(ctx.source);
  const train = seededSample(data.train, recipe.training.trainRows, recipe.seed);
  const { tokenizer, vocab } = await trainTokenizer(
    ctx,
    train.map((r) => r.text),
  );
  const encode = (rows: { text: string }[]) =>
    datasetOf(
      rows
        .map((r) => ({ input_ids: (tokenizer.encode(r.text) as number[]).slice(0, recipe.training.maxLength) }))
        .filter((r) => r.input_ids.length > 1),
    );
  const eos = vocab["<|endoftext|>"];
  const model = Gpt2LM.fromConfig(
    tf,
    {
      ...recipe.model,
      vocab_size: Object.keys(vocab).length,
      bos_token_id: eos,
      eos_token_id: eos,
      activation_function: "gelu_new",
    },
    { seed: recipe.seed },
  );
  const trainSet = encode(train);
  const heldOut = encode(data.heldOut);
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: trainSet, evalDataset: heldOut });
  await trainer.train();
  const metrics = {
    perplexity: (await trainer.evaluate()).eval_perplexity,
    unigram_perplexity: unigramPerplexity(
      trainSet.column("input_ids") as number[][],
      heldOut.column("input_ids") as number[][],
      Object.keys(vocab).length,
    ),
  };
  const parameters = parameterCount(model);
  await savePretrained(model, dir);
  model.dispose();
  return { metrics, parameters, source: data.source };
};

/** Perplexity of a unigram model (add-one smoothed training frequencies) on the held-out tokens a causal LM predicts. */
export function unigramPerplexity(train: number[][], heldOut: number[][], vocabSize: number): number {
  const counts = new Float64Array(vocabSize).fill(1);
  let total = vocabSize;
  for (const ids of train)
    for (const id of ids) {
      counts[id]++;
      total++;
    }
  let nll = 0;
  let n = 0;
  for (const ids of heldOut)
    for (const id of ids.slice(1)) {
      nll -= Math.log(counts[id] / total);
      n++;
    }
  return Math.exp(nll / n);
}

// Sentiment: a small BERT classifier trained on SST-2, measured by accuracy on SST-2 validation.
import { accuracy, argmax, precisionRecallF1 } from "../../metrics";
import { EncoderModel } from "../../training/models/encoder";
import { savePretrained } from "../../training/save";
import { Trainer } from "../../training/trainer";
import { datasetOf, parameterCount, seededSample, trainTokenizer, zooArguments, type Builder } from "../context";
import { sst2 } from "../data";

export const buildSentiment: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const data = await sst2(ctx.source);
  const train = seededSample(data.train, recipe.training.trainRows, recipe.seed);
  const { tokenizer, vocab } = await trainTokenizer(ctx, train.map((r) => r.text));
  const encode = (rows: { text: string; label: number }[]) =>
    datasetOf(rows.map((r) => ({ input_ids: (tokenizer.encode(r.text) as number[]).slice(0, recipe.training.maxLength), label: r.label })));
  const model = EncoderModel.fromConfig(tf, { ...recipe.model, vocab_size: Object.keys(vocab).length, pad_token_id: vocab["[PAD]"], hidden_act: "gelu" }, { seed: recipe.seed });
  const heldOut = encode(data.heldOut);
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: encode(train), evalDataset: heldOut });
  await trainer.train();
  const predicted = argmax((await trainer.predict(heldOut)).predictions as number[][]);
  const labels = heldOut.column("label") as number[];
  const metrics = {
    accuracy: accuracy(predicted, labels),
    f1: precisionRecallF1(predicted, labels).f1,
    majority_class_accuracy: Math.max(...[0, 1].map((c) => labels.filter((l) => l === c).length)) / labels.length,
  };
  const parameters = parameterCount(model);
  await savePretrained(model, dir);
  model.dispose();
  return { metrics, parameters, source: data.source };
};

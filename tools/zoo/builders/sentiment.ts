// Sentiment: a BERT classifier trained on SST-2 (a small one from scratch, or the real MiniLM
// fine-tuned), measured by accuracy on SST-2 validation as shipped.
import { accuracy, argmax, precisionRecallF1 } from "../../../lib/metrics";
import { Trainer } from "../../../lib/training/trainer";
import { datasetOf, finishEncoder, parameterCount, startEncoderOnData, zooArguments, type Builder } from "../context";
import { sst2 } from "../data";

export const buildSentiment: Builder = async (ctx) => {
  const { recipe } = ctx;
  const { data, train, model, tokenizer } = await startEncoderOnData(ctx, sst2, (sample) => sample.map((r) => r.text));
  const encode = (rows: { text: string; label: number }[]) =>
    datasetOf(
      rows.map((r) => ({
        input_ids: (tokenizer.encode(r.text) as number[]).slice(0, recipe.training.maxLength),
        label: r.label,
      })),
    );
  const heldOut = encode(data.heldOut);
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: encode(train), evalDataset: heldOut });
  await trainer.train();
  await finishEncoder(ctx, model);
  const predicted = argmax((await trainer.predict(heldOut)).predictions as number[][]);
  const labels = heldOut.column("label") as number[];
  const metrics = {
    accuracy: accuracy(predicted, labels),
    f1: precisionRecallF1(predicted, labels).f1,
    majority_class_accuracy: Math.max(...[0, 1].map((c) => labels.filter((l) => l === c).length)) / labels.length,
  };
  const parameters = parameterCount(model);
  model.dispose();
  return { metrics, parameters, source: data.source };
};

// Extractive question answering: a BERT with a span head trained on SQuAD questions (a small one from
// scratch, or the real MiniLM fine-tuned), measured
// with the SQuAD metric (exact match, F1) on held-out articles through transformers.js's
// question-answering pipeline: what a learner gets from the stand-in.
import * as fs from "fs";
import * as path from "path";
import { squad as squadMetric } from "../../../lib/metrics";
import { questionAnsweringFeatures } from "../../../lib/training/qa-features";
import { Trainer } from "../../../lib/training/trainer";
import { transformers } from "../../../lib/transformers-env";
import {
  datasetOf,
  finishEncoder,
  parameterCount,
  seededSample,
  startEncoderOnData,
  zooArguments,
  type Builder,
} from "../context";
import { squad } from "../data";

const EVALUATED_QUESTIONS = 1000;
/** The titles of the SQuAD articles held out from its training, in the model's zoo folder. */
export const HELD_OUT_FILE = "held-out-articles.json";

export const buildQuestionAnswering: Builder = async (ctx) => {
  const { recipe } = ctx;
  const { data, train, model, tokenizer } = await startEncoderOnData(ctx, squad, (sample) => [
    ...new Set(sample.map((r) => r.context)),
    ...sample.map((r) => r.question),
  ]);
  const rows = train.flatMap((r) => {
    const f = questionAnsweringFeatures(tokenizer, r.question, r.context, {
      maxLength: recipe.training.maxLength,
      answer: { text: r.answers.text[0], start: r.answers.answer_start[0] },
    });
    return f
      ? [
          {
            input_ids: f.input_ids,
            token_type_ids: f.token_type_ids,
            start_positions: f.start_positions,
            end_positions: f.end_positions,
          },
        ]
      : [];
  });
  console.log(
    `[${recipe.name}] ${rows.length} of ${train.length} questions have their answer inside the first ${recipe.training.maxLength} tokens`,
  );
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: datasetOf(rows) });
  await trainer.train();
  const parameters = parameterCount(model);
  const dir = await finishEncoder(ctx, model);
  // The articles it never saw, for lessons that score it (chapter 6) on held-out data only.
  fs.writeFileSync(
    path.join(ctx.dir, HELD_OUT_FILE),
    JSON.stringify({ source: data.source, titles: [...new Set(data.heldOut.map((r) => r.title))] }, null, 1) + "\n",
  );
  model.dispose();

  const qa = await transformers().pipeline("question-answering", dir, { dtype: "fp32" });
  const evaluated = seededSample(data.heldOut, EVALUATED_QUESTIONS, recipe.seed);
  const predictions = [];
  for (const r of evaluated)
    predictions.push({ id: r.id, prediction_text: ((await qa(r.question, r.context)) as { answer: string }).answer });
  const scores = squadMetric(
    predictions,
    evaluated.map((r) => ({ id: r.id, answers: r.answers })),
  );
  await qa.dispose();
  return {
    metrics: { f1: scores.f1 / 100, exact_match: scores.exact_match / 100 },
    parameters,
    source: `${data.source}; ${evaluated.length} held-out questions scored`,
    caveat: `Uncased, like its base. To chapter 1's question ("Where do I work?" on "My name is Sylvain and I work at Hugging Face in Brooklyn") it answers brooklyn, where the cased DistilBERT of the Python course's chapter 1 answers Hugging Face. A cased, larger pretrained base is what it would take; none is reachable offline here. test/course-fine-tunes.test.ts checks this answer.`,
  };
};

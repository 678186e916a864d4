// Named entities: a BERT token classifier trained on CoNLL-2003 words (a small cased one from scratch,
// or the real MiniLM fine-tuned; label on each word's first piece), measured by entity-level seqeval
// F1 on the validation sentences as shipped.
import { CONLL_NER_TAGS } from "../../datasets/conll";
import { argmax, seqeval } from "../../../lib/metrics";
import { tokenizeAndAlignLabels } from "../../../lib/training/align-words";
import { Trainer } from "../../../lib/training/trainer";
import { datasetOf, finishEncoder, parameterCount, startEncoderOnData, zooArguments, type Builder } from "../context";
import { conll2003 } from "../data";

export const buildNer: Builder = async (ctx) => {
  const { recipe } = ctx;
  const id2label = Object.fromEntries(CONLL_NER_TAGS.map((t, i) => [i, t]));
  const { data, train, model, tokenizer } = await startEncoderOnData(
    ctx,
    conll2003,
    (sample) => sample.map((s) => s.tokens.join(" ")),
    { id2label },
  );
  // Every piece of a word is labelled (B-X -> I-X after the first), so that the pipeline's grouping
  // keeps words whole; the score below still reads each word's first piece, as seqeval's words.
  const continuation = (tag: number) =>
    CONLL_NER_TAGS.indexOf(CONLL_NER_TAGS[tag].replace(/^B-/, "I-") as (typeof CONLL_NER_TAGS)[number]);
  const encode = (rows: { tokens: string[]; ner_tags: number[] }[]) =>
    datasetOf(
      rows
        .map((s) =>
          tokenizeAndAlignLabels(tokenizer, s.tokens, s.ner_tags, {
            maxLength: recipe.training.maxLength,
            labelAllTokens: { continuation },
          }),
        )
        .map(({ input_ids, labels, word_ids }) => ({ input_ids, labels, word_ids })),
    );
  const heldOut = encode(data.heldOut);
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: encode(train), evalDataset: heldOut });
  await trainer.train();
  await finishEncoder(ctx, model);
  // Word-level tags from each word's first piece, scored against every held-out word's gold tag.
  const logits = (await trainer.predict(heldOut)).predictions as number[][][];
  const predictions = logits.map((rows, i) => {
    const words = data.heldOut[i].tokens.map(() => "O");
    const wordIds = heldOut.get(i).word_ids as number[];
    argmax(rows).forEach((tag, t) => {
      if (wordIds[t] >= 0 && wordIds[t] !== wordIds[t - 1]) words[wordIds[t]] = CONLL_NER_TAGS[tag];
    });
    return words;
  });
  const references = data.heldOut.map((s) => s.ner_tags.map((t) => CONLL_NER_TAGS[t]));
  const scores = seqeval(predictions, references);
  const metrics = {
    entity_f1: scores.f1,
    entity_precision: scores.precision,
    entity_recall: scores.recall,
    token_accuracy: scores.accuracy,
  };
  const parameters = parameterCount(model);
  model.dispose();
  return {
    metrics,
    parameters,
    source: data.source,
    caveat: `Uncased, like its base: capital letters, which mark most names, never reach it. On chapter 1's sentence ("My name is Sylvain and I work at Hugging Face in Brooklyn.") it finds sylvain (PER) and brooklyn (LOC) but not hugging face, two common words to it, which the cased model of the Python course's chapter 1 tags ORG. A cased pretrained base is what it would take; none is reachable offline here. test/course-fine-tunes.test.ts checks these answers.`,
  };
};

// Zero-shot classification needs an NLI model (does the premise entail "This example is {label}."?).
// No NLI data is available to the course's build, so the model learns NLI-style pairs built from
// SST-2 — each review with a sentiment hypothesis that it entails or contradicts — and, for a
// fine-tune of the real MiniLM, from SQuAD articles: a passage with its own article's title or
// another's (topics). It knows sentiment labels best and topics somewhat, which its card says.
import { accuracy } from "../../metrics";
import { permutation, seededRandom } from "../../random";
import { EncoderModel } from "../../training/models/encoder";
import { savePretrained } from "../../training/save";
import { Trainer } from "../../training/trainer";
import { transformers } from "../../transformers-env";
import * as fs from "fs";
import * as path from "path";
import { datasetOf, finishEncoder, parameterCount, seededSample, startEncoder, zooArguments, type BuildContext, type Builder, type LoadedTokenizer } from "../context";
import { squad, sst2 } from "../data";

// The zero-shot pipeline's default template, and words for each SST-2 class.
const TEMPLATE = (label: string) => `This example is ${label}.`;
const WORDS = [["negative", "bad", "sad", "boring", "awful"], ["positive", "good", "happy", "great", "fun"]];
const CONTRADICTION = 0;
const ENTAILMENT = 1;

function pair(tokenizer: LoadedTokenizer, premise: string, hypothesis: string, maxLength: number) {
  const [cls, sep] = tokenizer.encode("") as number[];
  const h = tokenizer.encode(hypothesis, { add_special_tokens: false }) as number[];
  const p = (tokenizer.encode(premise, { add_special_tokens: false }) as number[]).slice(0, maxLength - h.length - 3);
  return { input_ids: [cls, ...p, sep, ...h, sep], token_type_ids: [...new Array(p.length + 2).fill(0), ...new Array(h.length + 1).fill(1)] };
}

/** The stand-in's start: the sentiment stand-in's weights and tokenizer (transfer learning, as chapter 2 explains it). */
async function fromSentimentStandIn(ctx: BuildContext) {
  const from = path.join(ctx.outDir, ctx.recipe.from!);
  if (!fs.existsSync(path.join(from, "model.safetensors"))) throw new Error(`the ${ctx.recipe.name} stand-in starts from the ${ctx.recipe.from} stand-in: build that first (npm run zoo -- ${ctx.recipe.from})`);
  for (const f of ["tokenizer.json", "tokenizer_config.json"]) fs.copyFileSync(path.join(from, f), path.join(ctx.dir, f));
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(ctx.dir);
  const { model } = await EncoderModel.fromPretrained(ctx.tf, from, { id2label: ID2LABEL, seed: ctx.recipe.seed });
  return { model, tokenizer };
}

const ID2LABEL = { [CONTRADICTION]: "contradiction", [ENTAILMENT]: "entailment" };

/** A passage's first sentences (up to ~60 words) with its own article's title or another one's. */
async function topicPairs(ctx: BuildContext, n: number, random: () => number) {
  const data = await squad(ctx.source, ctx.recipe.seed);
  const title = (t: string) => t.replace(/_/g, " ");
  const titles = [...new Set(data.train.map((r) => title(r.title)))];
  const passages = [...new Map(data.train.map((r) => [r.context, title(r.title)])).entries()];
  return seededSample(passages, n, ctx.recipe.seed).map(([context, own]) => {
    const entails = random() < 0.5;
    let other = own;
    while (other === own) other = titles[Math.floor(random() * titles.length)];
    return { premise: context.split(/\s+/).slice(0, 60).join(" "), hypothesis: TEMPLATE(entails ? own : other), label: entails ? ENTAILMENT : CONTRADICTION };
  });
}

export const buildZeroShot: Builder = async (ctx) => {
  const { recipe, dir } = ctx;
  const data = await sst2(ctx.source);
  const random = seededRandom(recipe.seed);
  const { model, tokenizer } = recipe.base ? await startEncoder(ctx, () => [], { id2label: ID2LABEL }) : await fromSentimentStandIn(ctx);
  // With a real base, a third of the pairs are topics (SQuAD titles); the stand-in learns sentiment pairs only.
  const topics = recipe.base ? await topicPairs(ctx, Math.round(recipe.training.trainRows / 3), random) : [];
  const train = seededSample(data.train, recipe.training.trainRows - topics.length, recipe.seed);
  const sentiment = train.map((r) => {
    const entails = random() < 0.5;
    const words = WORDS[entails ? r.label : 1 - r.label];
    return { premise: r.text, hypothesis: TEMPLATE(words[Math.floor(random() * words.length)]), label: entails ? ENTAILMENT : CONTRADICTION };
  });
  const rows = [...sentiment, ...topics].map((r) => ({ ...pair(tokenizer, r.premise, r.hypothesis, recipe.training.maxLength), label: r.label }));
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: datasetOf(rows) });
  await trainer.train();
  const parameters = parameterCount(model);
  const modelDir = recipe.base ? await finishEncoder(ctx, model) : (await savePretrained(model, dir), dir);
  model.dispose();

  // Held out: SST-2 validation through the zero-shot pipeline with the candidate labels "negative" and "positive".
  const classify = await transformers().pipeline("zero-shot-classification", modelDir, { dtype: "fp32" });
  const predicted: number[] = [];
  for (const i of permutation(data.heldOut.length, recipe.seed)) {
    const out = (await classify(data.heldOut[i].text, ["negative", "positive"])) as { labels: string[] };
    predicted[i] = out.labels[0] === "positive" ? 1 : 0;
  }
  await classify.dispose();
  return {
    metrics: { zero_shot_sst2_accuracy: accuracy(predicted, data.heldOut.map((r) => r.label)) },
    parameters,
    source: recipe.base
      ? `premise-hypothesis pairs built from ${data.source} (sentiment words) and from the training articles of SQuAD v1.1's validation file (titles as topics); scored through the zero-shot pipeline with the labels "negative" and "positive" on SST-2 validation`
      : `the sentiment stand-in's weights and tokenizer, fine-tuned on premise-hypothesis pairs built from ${data.source}; scored through the zero-shot pipeline with the labels "negative" and "positive"`,
    caveat: recipe.base
      ? "No NLI data (MNLI) is available to the course's build: this model learned whether a sentiment word or an article's title fits a text, not entailment in general. Labels far from both get rougher scores than a real NLI model's; online, the course uses Xenova/mobilebert-uncased-mnli."
      : "No NLI data (MNLI) is available to the course's build: this stand-in learned only whether a sentiment word fits a text. Offline, zero-shot labels other than sentiment words get near-arbitrary scores; online, the course uses Xenova/mobilebert-uncased-mnli, which knows any label.",
  };
};

// Zero-shot classification needs an NLI model (does the premise entail "This example is {label}."?).
// No NLI data is available to the course's build, so the model learns NLI-style pairs built from
// SST-2 — each review with a sentiment hypothesis that it entails or contradicts — and from SQuAD
// articles: a passage with its own article's title or another's (topics), starting from the real MiniLM. It knows sentiment labels best and topics somewhat, which its card says.
import { accuracy } from "../../../lib/metrics";
import { permutation, seededRandom } from "../../../lib/random";
import { Trainer } from "../../../lib/training/trainer";
import { transformers } from "../../../lib/transformers-env";
import {
  datasetOf,
  finishEncoder,
  parameterCount,
  seededSample,
  startEncoder,
  zooArguments,
  type BuildContext,
  type Builder,
  type LoadedTokenizer,
} from "../context";
import { squad, sst2 } from "../data";

// The zero-shot pipeline's default template, and words for each SST-2 class.
const TEMPLATE = (label: string) => `This example is ${label}.`;
const WORDS = [
  ["negative", "bad", "sad", "boring", "awful"],
  ["positive", "good", "happy", "great", "fun"],
];
const CONTRADICTION = 0;
const ENTAILMENT = 1;

function pair(tokenizer: LoadedTokenizer, premise: string, hypothesis: string, maxLength: number) {
  const [cls, sep] = tokenizer.encode("") as number[];
  const h = tokenizer.encode(hypothesis, { add_special_tokens: false }) as number[];
  const p = (tokenizer.encode(premise, { add_special_tokens: false }) as number[]).slice(0, maxLength - h.length - 3);
  return {
    input_ids: [cls, ...p, sep, ...h, sep],
    token_type_ids: [...new Array(p.length + 2).fill(0), ...new Array(h.length + 1).fill(1)],
  };
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
    return {
      premise: context.split(/\s+/).slice(0, 60).join(" "),
      hypothesis: TEMPLATE(entails ? own : other),
      label: entails ? ENTAILMENT : CONTRADICTION,
    };
  });
}

export const buildZeroShot: Builder = async (ctx) => {
  const { recipe } = ctx;
  if (!recipe.base)
    throw new Error(`${recipe.name}: a zero-shot model starts from a real pretrained checkpoint (recipe.base)`);
  const data = await sst2(ctx.source);
  const random = seededRandom(recipe.seed);
  const { model, tokenizer } = await startEncoder(ctx, () => [], { id2label: ID2LABEL });
  // A third of the pairs are topics (SQuAD titles), the rest sentiment words.
  const topics = await topicPairs(ctx, Math.round(recipe.training.trainRows / 3), random);
  const train = seededSample(data.train, recipe.training.trainRows - topics.length, recipe.seed);
  const sentiment = train.map((r) => {
    const entails = random() < 0.5;
    const words = WORDS[entails ? r.label : 1 - r.label];
    return {
      premise: r.text,
      hypothesis: TEMPLATE(words[Math.floor(random() * words.length)]),
      label: entails ? ENTAILMENT : CONTRADICTION,
    };
  });
  const rows = [...sentiment, ...topics].map((r) => ({
    ...pair(tokenizer, r.premise, r.hypothesis, recipe.training.maxLength),
    label: r.label,
  }));
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: datasetOf(rows) });
  await trainer.train();
  const parameters = parameterCount(model);
  const modelDir = await finishEncoder(ctx, model);
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
    metrics: {
      zero_shot_sst2_accuracy: accuracy(
        predicted,
        data.heldOut.map((r) => r.label),
      ),
    },
    parameters,
    source: `premise-hypothesis pairs built from ${data.source} (sentiment words) and from the training articles of SQuAD v1.1's validation file (titles as topics); scored through the zero-shot pipeline with the labels "negative" and "positive" on SST-2 validation`,
    caveat:
      "No NLI data (MNLI) is available to the course's build: this model learned whether a sentiment word or an article's title fits a text, not entailment in general. Labels far from both get rougher scores than a real NLI model's; online, the course uses Xenova/mobilebert-uncased-mnli.",
  };
};

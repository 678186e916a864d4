// Zero-shot classification needs an NLI model (does the premise entail "This example is {label}."?).
// No NLI data is available to the course's build, so the stand-in learns NLI-style pairs built from
// SST-2: each review with a sentiment hypothesis that it entails or contradicts. It knows sentiment
// labels well and other labels barely, which its card says.
import { accuracy } from "../../metrics";
import { permutation, seededRandom } from "../../random";
import { EncoderModel } from "../../training/models/encoder";
import { savePretrained } from "../../training/save";
import { Trainer } from "../../training/trainer";
import { transformers } from "../../transformers-env";
import * as fs from "fs";
import * as path from "path";
import { datasetOf, parameterCount, seededSample, zooArguments, type Builder, type LoadedTokenizer } from "../context";
import { sst2 } from "../data";

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

export const buildZeroShot: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const data = await sst2(ctx.source);
  const train = seededSample(data.train, recipe.training.trainRows, recipe.seed);
  // Starting from the sentiment stand-in (its tokenizer and weights), the model only has to learn to
  // read the hypothesis: transfer learning, as chapter 2 explains it.
  const from = path.join(ctx.outDir, recipe.from!);
  if (!fs.existsSync(path.join(from, "model.safetensors"))) throw new Error(`the ${recipe.name} stand-in starts from the ${recipe.from} stand-in: build that first (npm run zoo -- ${recipe.from})`);
  for (const f of ["tokenizer.json", "tokenizer_config.json"]) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  const tokenizer = await transformers().AutoTokenizer.from_pretrained(dir);
  const random = seededRandom(recipe.seed);
  const rows = train.map((r) => {
    const entails = random() < 0.5;
    const words = WORDS[entails ? r.label : 1 - r.label];
    return { ...pair(tokenizer, r.text, TEMPLATE(words[Math.floor(random() * words.length)]), recipe.training.maxLength), label: entails ? ENTAILMENT : CONTRADICTION };
  });
  const { model } = await EncoderModel.fromPretrained(tf, from, { id2label: { [CONTRADICTION]: "contradiction", [ENTAILMENT]: "entailment" }, seed: recipe.seed });
  const trainer = new Trainer({ model, args: zooArguments(ctx), trainDataset: datasetOf(rows) });
  await trainer.train();
  const parameters = parameterCount(model);
  await savePretrained(model, dir);
  model.dispose();

  // Held out: SST-2 validation through the zero-shot pipeline with the candidate labels "negative" and "positive".
  const classify = await transformers().pipeline("zero-shot-classification", dir, { dtype: "fp32" });
  const predicted: number[] = [];
  for (const i of permutation(data.heldOut.length, recipe.seed)) {
    const out = (await classify(data.heldOut[i].text, ["negative", "positive"])) as { labels: string[] };
    predicted[i] = out.labels[0] === "positive" ? 1 : 0;
  }
  await classify.dispose();
  return {
    metrics: { zero_shot_sst2_accuracy: accuracy(predicted, data.heldOut.map((r) => r.label)) },
    parameters,
    source: `the sentiment stand-in's weights and tokenizer, fine-tuned on premise-hypothesis pairs built from ${data.source}; scored through the zero-shot pipeline with the labels "negative" and "positive"`,
    caveat: "No NLI data (MNLI) is available to the course's build: this stand-in learned only whether a sentiment word fits a text. Offline, zero-shot labels other than sentiment words get near-arbitrary scores; online, the course uses Xenova/mobilebert-uncased-mnli, which knows any label.",
  };
};

// %% [markdown]
// # 4. Behind the pipeline
//
// Chapter 1's sentiment pipeline did three things: tokenize, run the model, turn scores into labels.
// Here we do them by hand, check that we get exactly what the pipeline gives, and see why padding
// needs the attention mask.

// %%
import { pipeline, autoTokenizer, locateModel, defaultModel, plot, Dataset } from "hf-course";
import { transformers } from "hf-course/transformers";
const { AutoModel, AutoModelForSequenceClassification, softmax } = transformers();
const checkpoint = defaultModel("sentiment-analysis").id;
const classifier = await pipeline("sentiment-analysis");
const rawInputs = ["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"];
const expected = await classifier(rawInputs);
expected;

// %% [markdown]
// ## 1. Preprocessing: the tokenizer
//
// The tokenizer of the same checkpoint turns the texts into a batch of ids, padded to the longest text
// and cut at the model's maximum length, with the attention mask (chapter 3).

// %%
const tokenizer = await autoTokenizer(checkpoint);
const inputs = tokenizer(rawInputs, { padding: true, truncation: true });
console.log(
  inputs.input_ids.dims,
  "the ids:",
  inputs.input_ids.tolist().map((r: bigint[]) => r.map(Number)),
);
console.log(
  "attention mask:",
  inputs.attention_mask.tolist().map((r: bigint[]) => r.map(Number)),
);

// %% [markdown]
// ## 2. The model
//
// A transformer **body** (the model without a head) turns each token into a vector, its **hidden
// state**, that describes the token in its context. Its output `last_hidden_state` has the shape
// **[batch size, sequence length, hidden size]**: one vector of `hidden size` numbers per token of each
// text. We look at one with the course's feature-extraction checkpoint, which is exactly such a body: the
// pretrained `all-MiniLM-L6-v2` (offline, the same model from the course cache, as its notice says):

// %%
const bodyCheckpoint = defaultModel("feature-extraction").id;
const body = await locateModel(bodyCheckpoint);
const bodyModel = await AutoModel.from_pretrained(body.path, { dtype: body.dtype as "fp32" });
const bodyTokenizer = await autoTokenizer(bodyCheckpoint);
const bodyOutputs = await bodyModel(bodyTokenizer(rawInputs, { padding: true, truncation: true }));
const bodyConfig = bodyModel.config as unknown as Record<string, unknown>;
console.log(`${bodyConfig.model_type}: ${bodyConfig.num_hidden_layers} layers, hidden size ${bodyConfig.hidden_size}`);
bodyOutputs.last_hidden_state.dims;

// %% [markdown]
// Two texts, each padded to the same number of tokens, one vector per token. A **head** turns these
// vectors into what a task needs. For sequence classification it reads the first token's vector
// (`[CLS]`) and outputs one score, a **logit**, per label. The pipeline's checkpoint has such a head:

// %%
const located = await locateModel(checkpoint);
const model = await AutoModelForSequenceClassification.from_pretrained(located.path, {
  dtype: located.dtype as "fp32",
});
const outputs = await model(inputs);
console.log(outputs.logits.dims);
outputs.logits.tolist();

// %% [markdown]
// ## 3. Postprocessing: logits to labels
//
// Logits are raw scores, not probabilities: softmax turns each row into probabilities that sum to 1.
// The model's config says which label each position stands for (`id2label`).

// %%
const probabilities = (outputs.logits.tolist() as number[][]).map((row) => softmax(row) as number[]);
const id2label = (model.config as unknown as { id2label: Record<number, string> }).id2label;
console.log(id2label);
const byHand = probabilities.map((p) => {
  const best = p.indexOf(Math.max(...p));
  return { label: id2label[best], score: p[best] };
});
byHand;

// %% [markdown]
// The same labels as the pipeline, and the same scores:

// %%
const differences = byHand.map((r, i) => Math.abs(r.score - expected[i].score));
console.log(
  `same labels: ${byHand.every((r, i) => r.label === expected[i].label)}; largest score difference: ${Math.max(...differences).toExponential(1)}`,
);
if (Math.max(...differences) > 1e-5) throw new Error("the hand-made pipeline disagrees with the pipeline");

// %% [markdown]
// ## Several sequences: why the attention mask matters
//
// The second text is shorter and was padded. The attention mask tells the model to ignore the padding.
// Run the same batch with a mask of all ones (so the padding counts as text) and the padded text gets
// different logits from the ones it gets alone, while the mask gives the same:

// %%
const { Tensor } = transformers();
const alone = (await model(tokenizer([rawInputs[1]]))).logits.tolist()[0] as number[];
const allOnes = new Tensor(
  "int64",
  new BigInt64Array(inputs.attention_mask.data.length).fill(1n),
  inputs.attention_mask.dims,
);
const withoutMask = (await model({ ...inputs, attention_mask: allOnes })).logits.tolist()[1] as number[];
const withMask = (outputs.logits.tolist() as number[][])[1];
Dataset.fromRows([
  { run: "the short text alone", logits: alone.map((x) => x.toFixed(4)).join(", ") },
  { run: "in the padded batch, with the attention mask", logits: withMask.map((x) => x.toFixed(4)).join(", ") },
  { run: "in the padded batch, mask of all ones", logits: withoutMask.map((x) => x.toFixed(4)).join(", ") },
]).show();

// %% [markdown]
// ## Long texts: truncation
//
// A model has a maximum length (512 tokens for BERT-like models; the cell below prints this one's). The
// tokenizer knows it; with `truncation: true` it cuts longer texts, without it the model would fail
// on positions it has no embedding for.

// %%
const longText = "This course is great. ".repeat(200);
console.log(`model_max_length: ${tokenizer.model_max_length}`);
console.log(
  `tokens without truncation: ${tokenizer(longText).input_ids.dims[1]}, with: ${tokenizer(longText, { truncation: true }).input_ids.dims[1]}`,
);

// %% [markdown]
// ## The config
//
// Everything the model's code needs to rebuild the architecture is in its config: sizes, number of
// layers and heads, and the labels. It comes from the checkpoint's `config.json`:

// %%
const config = model.config as unknown as Record<string, unknown>;
Dataset.fromRows(
  [
    "model_type",
    "architectures",
    "hidden_size",
    "dim",
    "num_hidden_layers",
    "n_layers",
    "num_attention_heads",
    "n_heads",
    "vocab_size",
    "max_position_embeddings",
    "id2label",
  ]
    .filter((k) => config[k] !== undefined)
    .map((k) => ({ key: k, value: JSON.stringify(config[k]) })),
).show(20);

// %% [markdown]
// ## Heads for other tasks
//
// The same body serves other tasks with other heads, each with its Auto class:
//
// | Auto class | head output, for each text | pipeline |
// |---|---|---|
// | `AutoModel` | none: the hidden states | feature-extraction |
// | `AutoModelForSequenceClassification` | [labels] | text-classification, zero-shot-classification |
// | `AutoModelForTokenClassification` | [tokens × labels] | token-classification |
// | `AutoModelForQuestionAnswering` | start and end logits [tokens] | question-answering |
// | `AutoModelForMaskedLM` | [tokens × vocabulary] | fill-mask |
// | `AutoModelForCausalLM` | [tokens × vocabulary] (next token) | text-generation |
// | `AutoModelForSeq2SeqLM` | decoder logits [tokens × vocabulary] | summarization, translation |
//
// The probabilities of each label, as a chart:

// %%
plot({
  data: Object.values(id2label).map((label, j) => ({
    type: "bar",
    name: label,
    x: rawInputs.map((t) => t.slice(0, 30) + "…"),
    y: probabilities.map((p) => p[j]),
  })),
  layout: {
    title: "Label probabilities from the hand-made pipeline",
    yaxis: { title: "probability" },
    barmode: "group",
    width: 640,
    height: 340,
  },
});

// %% [markdown]
// The exercises for this chapter are in `exercises/04-behind-the-pipeline.ipynb`. Chapter 5 trains such a
// head (and the body under it) on a dataset.

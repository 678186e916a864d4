"""The Python reference for `npm run bench`: the same measurements with transformers + PyTorch (CPU),
tokenizers and NumPy, on the same files. Reads a JSON job on argv[1], prints one JSON line."""
import json
import statistics
import sys
import time

import numpy as np
import tokenizers
import torch
import transformers

job = json.load(open(sys.argv[1]))
repeats = job["repeats"]
texts = job["texts"]
torch.manual_seed(0)


def timed(fn, runs):
    fn()  # warm-up
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


results = {"versions": {"transformers": transformers.__version__, "torch": torch.__version__, "tokenizers": tokenizers.__version__, "numpy": np.__version__, "threads": torch.get_num_threads()}}

# Inference: texts/s of the text-classification pipeline on the same weights (model.safetensors).
classifier = transformers.pipeline("text-classification", model=job["model_dir"], device="cpu")
for batch in job["batch_sizes"]:
    n = job["inference_texts"][str(batch)]
    secs = timed(lambda: classifier(texts[:n], batch_size=batch, truncation=True), repeats)
    results[f"inference_batch_{batch}"] = summary([n / s for s in secs])

# More checkpoints with PyTorch weights, each under its key: the pinned Hub checkpoint when it is cached
# ("hub"), the course's MiniLM sentiment fine-tune ("minilm").
for key, model_dir in job.get("more_model_dirs", {}).items():
    more = transformers.pipeline("text-classification", model=model_dir, device="cpu")
    for batch in job["batch_sizes"]:
        n = job["inference_texts"][str(batch)]
        secs = timed(lambda: more(texts[:n], batch_size=batch, truncation=True), repeats)
        results[f"{key}_inference_batch_{batch}"] = summary([n / s for s in secs])

# The model alone (no tokenizing or post-processing), on batches tokenized beforehand.
biggest = max(job["batch_sizes"])
n = job["inference_texts"][str(biggest)]
batches = [classifier.tokenizer(texts[i:i + biggest], padding=True, truncation=True, return_tensors="pt") for i in range(0, n, biggest)]


def model_only():
    with torch.no_grad():
        for b in batches:
            classifier.model(**b)


secs = timed(model_only, repeats)
results[f"model_only_batch_{biggest}"] = summary([n / s for s in secs])

# Tokenization: texts/s of the tokenizers library on the same tokenizer.json.
tok = tokenizers.Tokenizer.from_file(job["model_dir"] + "/tokenizer.json")
secs = timed(lambda: tok.encode_batch(texts), repeats)
results["tokenization"] = summary([len(texts) / s for s in secs])

# Training: tokens/s fine-tuning the same small encoder (random init, same config and batch shapes).
config = transformers.AutoConfig.from_pretrained(job["model_dir"])
model = transformers.AutoModelForSequenceClassification.from_config(config)
model.train()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
batch_size, seq = job["train_batch"], job["train_seq"]
ids = torch.randint(5, config.vocab_size, (batch_size, seq))
labels = torch.randint(0, 2, (batch_size,))


def step():
    opt.zero_grad()
    out = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=labels)
    out.loss.backward()
    opt.step()


steps = job["train_steps"]
secs = timed(lambda: [step() for _ in range(steps)], repeats)
results["training_tokens_per_s"] = summary([steps * batch_size * seq / s for s in secs])
# The same on one thread: TF.js's WebAssembly backend runs on one thread under Node.
threads = torch.get_num_threads()
torch.set_num_threads(1)
secs = timed(lambda: [step() for _ in range(steps)], repeats)
results["training_tokens_per_s_1_thread"] = summary([steps * batch_size * seq / s for s in secs])
torch.set_num_threads(threads)

# The machine's fp32 matmul limit, as NumPy (BLAS) reaches it.
n = 1024
a = np.random.rand(n, n).astype(np.float32)
b = np.random.rand(n, n).astype(np.float32)
secs = timed(lambda: a @ b, max(5, repeats))
results["numpy_matmul_gflops"] = summary([2 * n**3 / s / 1e9 for s in secs])
print(json.dumps(results))

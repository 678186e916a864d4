"""PyTorch's side of the fine-tuning benchmark (bench/finetune-minilm.ts): the same checkpoint folder,
the same token ids, the same batch order and settings; a hand-written loop as the course's Trainer runs
it (AdamW, linear warmup/decay, gradient clipping, dynamic padding). Reads a JSON job on argv[1],
prints one JSON line."""
import json, sys, time
import torch
from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

job = json.load(open(sys.argv[1]))
torch.manual_seed(job["seed"])
model = AutoModelForSequenceClassification.from_pretrained(job["modelDir"], num_labels=2)
no_decay = lambda n: n.endswith(".bias") or "LayerNorm" in n
groups = [
    {"params": [p for n, p in model.named_parameters() if not no_decay(n)], "weight_decay": job["weightDecay"]},
    {"params": [p for n, p in model.named_parameters() if no_decay(n)], "weight_decay": 0.0},
]
opt = torch.optim.AdamW(groups, lr=job["learningRate"])
batches = job["batches"]  # lists of row indices, in the order the course's Trainer takes them
sched = get_linear_schedule_with_warmup(opt, job["warmupSteps"], len(batches))

def collate(rows):
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [0] * (width - len(r)) for r in rows])
    return ids, torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])

train_ids, train_labels = job["train"]["input_ids"], job["train"]["labels"]
model.train()
tokens = 0
start = time.perf_counter()
for b in batches:
    ids, mask = collate([train_ids[i] for i in b])
    tokens += int(mask.sum())
    out = model(input_ids=ids, attention_mask=mask, labels=torch.tensor([train_labels[i] for i in b]))
    out.loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step(); sched.step(); opt.zero_grad()
train_s = time.perf_counter() - start

model.eval()
ev_ids, ev_labels = job["eval"]["input_ids"], job["eval"]["labels"]
right = 0
start = time.perf_counter()
with torch.no_grad():
    for i in range(0, len(ev_ids), job["evalBatchSize"]):
        ids, mask = collate(ev_ids[i:i + job["evalBatchSize"]])
        pred = model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
        right += sum(int(p == l) for p, l in zip(pred, ev_labels[i:i + job["evalBatchSize"]]))
eval_s = time.perf_counter() - start
print(json.dumps({"train_seconds": train_s, "train_tokens": tokens, "train_tokens_per_s": tokens / train_s,
                  "eval_seconds": eval_s, "eval_rows_per_s": len(ev_ids) / eval_s, "accuracy": right / len(ev_ids),
                  "torch": torch.__version__, "threads": torch.get_num_threads()}))

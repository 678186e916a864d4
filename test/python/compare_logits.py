"""Loads folders written by the course's savePretrained with Python transformers (the class their
config.json names) and compares its logits with the course's TF.js logits. Prints one JSON line."""
import json
import sys

import numpy as np
import torch
import transformers

cases = json.load(open(sys.argv[1]))
results = {}
for case in cases:
    config = transformers.AutoConfig.from_pretrained(case["dir"])
    cls = getattr(transformers, config.architectures[0])
    model, info = cls.from_pretrained(case["dir"], output_loading_info=True)
    model.eval()
    ids = torch.tensor(case["ids"])
    mask = torch.tensor(case["mask"])
    extra = {"decoder_input_ids": torch.tensor(case["decoder_ids"])} if "decoder_ids" in case else {}
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, **extra)
    if hasattr(out, "start_logits"):
        theirs = torch.stack([out.start_logits, out.end_logits], -1).numpy()
    else:  # a bare encoder (BertModel) has no logits: compare its last hidden state
        theirs = (out.logits if getattr(out, "logits", None) is not None else out.last_hidden_state).numpy()
    ours = np.array(case["logits"], dtype=np.float32).reshape(theirs.shape)
    # Compare real tokens only: what a model outputs at padding positions is not defined.
    keep = mask.numpy().astype(bool)
    diff = np.abs(theirs - ours)
    if diff.ndim >= 2 and diff.shape[:2] == keep.shape:
        diff = diff[keep]
    results[case["name"]] = {
        "class": type(model).__name__,
        "missing": sorted(info["missing_keys"]),
        "unexpected": sorted(info["unexpected_keys"]),
        "max_diff": float(diff.max()),
    }
print(json.dumps({"transformers": transformers.__version__, "torch": torch.__version__, "results": results}))

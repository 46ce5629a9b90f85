"""
How much of a human-written split the synthetic training data says word for word, and how a checkpoint
does on that part and on the rest: separates "the model has not learnt what the generator says" from
"the generator does not say it". One JSON line on stdout.

  /usr/bin/python3 training/coverage.py --data_dir=.data/dataset --split=test --ckpt=out/r4/aligned-s3/ckpt.pt
A pair is covered when its sentence, as token ids, is one that a synthetic pair of train_split has;
`families` counts the covered pairs by the family that generated their sentence most often, and each
such family gets its own entry (pairs, true images, and the checkpoint's figures on them) beside
`covered` and `rest`.
"""

import json
import sys
from collections import Counter

import numpy as np
import torch

import checkpoint
from configurator import apply_overrides
from data import Grounding, Split, Subset, generated, load_header, sentence_keys
from metrics import evaluate

DEFAULTS = {'ckpt': '', 'data_dir': '.data/dataset', 'split': 'test', 'train_split': 'train', 'batch_size': 128,
            'num_threads': 1}


def run(argv):
    c = apply_overrides(argv, dict(DEFAULTS))
    torch.set_num_threads(c['num_threads'])
    header = load_header(c['data_dir'])
    made = generated(Split(c['data_dir'], c['train_split'], header))
    split = Split(c['data_dir'], c['split'], header)
    keys = sentence_keys(split)
    family = [made[k].most_common(1)[0][0] if k in made else None for k in keys]  # None: not covered
    covered = np.array([f is not None for f in family], dtype=bool)
    labels = np.asarray(split.image_label)
    out = {'split': c['split'], 'pairs': len(split), 'covered_pairs': int(covered.sum()),
           'families': dict(Counter(f for f in family if f).most_common())}
    parts = {'covered': np.flatnonzero(covered), 'rest': np.flatnonzero(~covered)}
    for f in out['families']:
        parts[f] = np.array([i for i, g in enumerate(family) if g == f])
    for name, index in parts.items():
        out[name] = {'pairs': len(index), 'images_true': float(labels[index].mean()) if len(index) else 0.0}
    if c['ckpt']:
        model, ckpt = checkpoint.load(c['ckpt'], header)
        out['ckpt'], out['step'] = c['ckpt'], ckpt['iter']
        for name, index in parts.items():
            if len(index):
                m = evaluate(model, Subset(split, index), Grounding(header), c['batch_size'],
                                   model.config.n_colors)
                out[name].update({k: m[k] for k in ('image_acc', 'image_said_true', 'pair_acc')})
    return out


if __name__ == '__main__':
    print(json.dumps(run(sys.argv[1:])))

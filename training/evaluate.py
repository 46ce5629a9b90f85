"""
Metrics of a training checkpoint on any split of a tob-dataset/1 directory, with the trainer's own
metrics.evaluate(): one JSON line on stdout. For reading runs after the fact (e.g. on the synthetic split
`synval`, which the trainer does not see), never for selecting checkpoints.

  /usr/bin/python3 training/evaluate.py --ckpt=out/r4/aligned-s1337/ckpt.pt --data_dir=.data/dataset --split=synval

source=S keeps the pairs of one source (e.g. nlvr-dev, nlvr-train, synthetic); sample=N measures N of
them drawn at random (seed), e.g. to see how well the training split itself is fitted.

refresh=True re-measures the splits the checkpoint's run recorded (its selected validation, its test) with
today's evaluate() and writes them into the checkpoint and its metrics.json, so that a metric added after
the run reaches it; the accuracies must come out as recorded, or nothing is written.
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkpoint  # noqa: E402
from configurator import apply_overrides  # noqa: E402
from data import Grounding, Split, Subset, load_header  # noqa: E402
from metrics import evaluate  # noqa: E402

DEFAULTS = {'ckpt': '', 'data_dir': '.data/dataset', 'split': 'synval', 'source': '', 'sample': 0, 'seed': 0,
            'batch_size': 128, 'num_threads': 1, 'refresh': False}


def run(argv):
    c = apply_overrides(argv, dict(DEFAULTS))
    if not c['ckpt']:
        raise SystemExit('--ckpt=PATH is required')
    torch.set_num_threads(c['num_threads'])
    header = load_header(c['data_dir'])
    model, ckpt = checkpoint.load(c['ckpt'], header)
    if c['refresh']:
        return refresh(c, model, ckpt, header)
    split = Split(c['data_dir'], c['split'], header)
    idx = np.arange(len(split))
    if c['source']:
        idx = np.array([i for i, m in enumerate(split.meta()) if m.get('source') == c['source']], dtype=np.int64)
        if len(idx) == 0:
            raise SystemExit(f"split {c['split']!r} has no pair from source {c['source']!r}")
    if c['sample'] > 0:
        idx = np.sort(np.random.default_rng(c['seed']).choice(idx, min(c['sample'], len(idx)), replace=False))
    if len(idx) < len(split):
        split = Subset(split, idx)
    metrics = evaluate(model, split, Grounding(header), c['batch_size'], model.config.n_colors)
    return {'ckpt': c['ckpt'], 'step': ckpt['iter'], 'split': c['split'], 'source': c['source'], **metrics}


def refresh(c, model, ckpt, header):
    result, refreshed = ckpt['metrics'], []
    for key in ('val', 'test'):
        if key not in result:
            continue
        split = Split(c['data_dir'], ckpt['config'][f'{key}_split'], header)
        metrics = evaluate(model, split, Grounding(header), c['batch_size'], model.config.n_colors)
        if (metrics['image_acc'], metrics['pair_acc']) != (result[key]['image_acc'], result[key]['pair_acc']):
            raise SystemExit(f"{c['ckpt']}: {key} measures {metrics['image_acc']:.4f} per image, not the recorded "
                             f"{result[key]['image_acc']:.4f}: not the data it was trained with")
        result[key] = metrics
        refreshed.append(key)
    torch.save(ckpt, c['ckpt'])
    with open(os.path.join(os.path.dirname(c['ckpt']), 'metrics.json'), 'w') as f:
        json.dump(result, f, indent=2)
    return {'ckpt': c['ckpt'], 'refreshed': refreshed}


if __name__ == '__main__':
    print(json.dumps(run(sys.argv[1:])))

"""
Per-image accuracy of checkpoints read together: each image's probability of "true" averaged over the
checkpoints (an ensemble of seeds) and, with box_orders=True, over the six orders of its three grey boxes
as well (test-time augmentation; NLVR's labels do not depend on the order). One JSON line on stdout with
each checkpoint alone, each alone over the box orders, and the combination. For reading runs after the
fact, never for selecting checkpoints; the site runs one model on one box order.

  /usr/bin/python3 training/combine.py --ckpts=out/r8/aligned-sample-s1337/ckpt.pt,out/r8/aligned-sample-s2/ckpt.pt --data_dir=.data/dataset-c1s --split=test
"""

import json
import sys

import numpy as np
import torch

import checkpoint
from configurator import apply_overrides
from data import BOX_PERMUTATIONS, Split, load_header, model_inputs

DEFAULTS = {'ckpts': '', 'data_dir': '.data/dataset', 'split': 'test', 'box_orders': True, 'batch_size': 128,
            'num_threads': 1}


def run(argv):
    c = apply_overrides(argv, dict(DEFAULTS))
    paths = [p for p in c['ckpts'].split(',') if p]
    if not paths:
        raise SystemExit('--ckpts=PATH[,PATH...] is required')
    torch.set_num_threads(c['num_threads'])
    header = load_header(c['data_dir'])
    split = Split(c['data_dir'], c['split'], header)
    orders = range(len(BOX_PERMUTATIONS)) if c['box_orders'] else [0]
    p_true = np.zeros((len(paths), len(orders), len(split), 2))  # (checkpoints, orders, pairs, 2)
    labels = np.asarray(split.image_label) == 1  # (pairs, 2)
    for i, path in enumerate(paths):
        model, _ = checkpoint.load(path, header)
        with torch.no_grad():
            for start in range(0, len(split), c['batch_size']):
                idx = np.arange(start, min(len(split), start + c['batch_size']))
                for j, k in enumerate(orders):
                    b = split.batch(idx, trim=True, box_order=k)
                    image_logits = model(*model_inputs(b))[1]  # (B, 2, 2)
                    p_true[i, j, idx] = torch.softmax(image_logits, -1)[..., 1].numpy()

    def acc(p):  # (pairs, 2) probabilities -> per-image accuracy
        return float(((p > 0.5) == labels).mean())

    return {'split': c['split'], 'pairs': len(split), 'ckpts': paths, 'box_orders': len(orders),
            'single': [acc(p[0]) for p in p_true],  # each checkpoint on the boxes as they are
            'single_box_orders': [acc(p.mean(0)) for p in p_true],
            'combined': acc(p_true.mean((0, 1)))}


if __name__ == '__main__':
    print(json.dumps(run(sys.argv[1:])))

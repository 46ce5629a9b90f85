"""
A model's metrics on a whole split, the same for the trainer's validation and for every script that reads
runs afterwards (evaluate.py, coverage.py): accuracy per image and per pair, by source and by synthetic
family, NLVR's consistency, detection accuracy, and alignment precision per cross-modal layer.
"""

from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F

from data import model_inputs


@torch.no_grad()
def evaluate(model, split, grounding, batch_size, n_colors):
    """Metrics of model on a whole split: per-image and pair accuracy (overall and by source),
    consistency over presentations, detection accuracy, and alignment precision per cross-modal layer
    (and of the alignment head): how often a grounded word's most-attended object (mean over heads) is
    one that the word names, by ground-truth classes; and per layer the same over heads 1.. only (those
    attn_sup leaves free). Words that name any object ("object", "item") are left out of the precision:
    every object they could attend to would count as a hit."""
    model.eval()
    n = len(split)
    img_ok, pair_ok, said_true = np.zeros((n, 2), bool), np.zeros(n, bool), np.zeros((n, 2), bool)
    nll = 0.0  # summed per-image cross-entropy: the tie-break when accuracies are equal
    L = model.config.n_cross_layers
    hits, words = np.zeros(2 * L + 1), 0
    det_ok, det_n = np.zeros(2), 0
    for start in range(0, n, batch_size):
        idx = np.arange(start, min(n, start + batch_size))
        b = split.batch(idx, trim=True)
        pair_logits, image_logits, alignment, cross, det = model(*model_inputs(b))
        said = image_logits.argmax(-1)  # (B, 2) 1 = "true"
        img_ok[idx] = (said == b['image_label']).numpy()
        said_true[idx] = (said == 1).numpy()
        nll += F.cross_entropy(image_logits.reshape(-1, 2), b['image_label'].reshape(-1), reduction='sum').item()
        pair_ok[idx] = (pair_logits.argmax(-1) == b['pair_label']).numpy()
        names = grounding.names(b['input_ids'], b['attention_mask'], b['obj_color'], b['obj_shape'],
                                b['object_mask'])  # (B, 2, T, O)
        grounded = names.any(-1) & grounding.specific[b['input_ids']].unsqueeze(1)  # (B, 2, T)
        words += int(grounded.sum())
        # per layer: all heads, heads 1.. (which attn_sup leaves free); then the alignment head
        maps = torch.cat([cross.mean(3), cross[:, :, :, 1:].mean(3), alignment.unsqueeze(2)], dim=2)  # (B, 2, 2L+1, T, O)
        top = maps.argmax(-1, keepdim=True)  # (B, 2, 2L+1, T, 1)
        hit = names.unsqueeze(2).expand_as(maps).gather(-1, top).squeeze(-1)  # (B, 2, 2L+1, T)
        hits += (hit & grounded.unsqueeze(2)).sum(dim=(0, 1, 3)).numpy()
        m = b['object_mask'] > 0
        det_ok += [int((det[..., :n_colors].argmax(-1) == b['obj_color'])[m].sum()),
                   int((det[..., n_colors:].argmax(-1) == b['obj_shape'])[m].sum())]
        det_n += int(m.sum())
    metrics = {
        'pairs': n,
        'image_acc': float(img_ok.mean()) if n else 0.0,
        'pair_acc': float(pair_ok.mean()) if n else 0.0,
        'image_said_true': float(said_true.mean()) if n else 0.0,  # how often the model says "true"
        'image_nll': nll / max(2 * n, 1),
        'det_color_acc': float(det_ok[0] / max(det_n, 1)),
        'det_shape_acc': float(det_ok[1] / max(det_n, 1)),
        'grounded_words': words,
        'align_precision': {**{f'cross_{l}': float(hits[l] / max(words, 1)) for l in range(L)},
                            'alignment_head': float(hits[2 * L] / max(words, 1))},
        # the same, with head 0 of each layer left out: what no loss supervises when attn_sup > 0
        'align_precision_other_heads': {f'cross_{l}': float(hits[L + l] / max(words, 1)) for l in range(L)},
    }
    meta = split.meta()
    by_source = defaultdict(list)
    for i, m in enumerate(meta):
        by_source[m.get('source', 'unknown')].append(i)
    metrics['by_source'] = {s: {'pairs': len(ix), 'image_acc': float(img_ok[ix].mean()),
                                'pair_acc': float(pair_ok[ix].mean())} for s, ix in sorted(by_source.items())}
    by_family = defaultdict(list)
    for i, m in enumerate(meta):
        if m.get('family'):
            by_family[m['family']].append(i)
    if by_family:  # synthetic splits: which statement families the model has learned
        metrics['image_acc_by_family'] = {f: round(float(img_ok[ix].mean()), 3) for f, ix in sorted(by_family.items())}
    groups = defaultdict(list)
    for i, m in enumerate(meta):
        if m.get('presentation'):
            groups[m['presentation']].append(i)
    if groups:
        # NLVR's consistency: the fraction of presentations whose examples are all predicted correctly
        metrics['consistency'] = float(np.mean([pair_ok[ix].all() for ix in groups.values()]))
        metrics['image_consistency'] = float(np.mean([img_ok[ix].all() for ix in groups.values()]))
        metrics['presentations'] = len(groups)
    model.train()
    return metrics


def cross_layers(precision):
    """An alignment precision map ({'cross_0': …, 'cross_1': …, 'alignment_head': …}) as one figure per cross-modal
    layer, in layer order."""
    layers = sorted((k for k in precision if k.startswith('cross_')), key=lambda k: int(k.split('_')[1]))
    return [precision[k] for k in layers]


def last_layer_alignment(metrics):
    """Alignment precision of the last cross-modal layer over all heads (what the viewer shows by default),
    from evaluate()'s metrics: the figure the first claim is judged on and select_align_floor selects by."""
    return cross_layers(metrics['align_precision'])[-1]

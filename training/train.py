"""
Trains the true-of-both model on a tob-dataset/1 directory, on CPU, within a wall-clock budget.

  /usr/bin/python3 training/train.py --data_dir=.data/dataset --family=aligned --out_dir=out/aligned
  /usr/bin/python3 training/train.py --data_dir=.data/dataset --family=baseline --out_dir=out/baseline

Every default below can be overridden with --key=value (values are Python literals, or bare strings);
an unknown key or a value of the wrong type is an error. `aligned` adds lam * KL(target || alignment)
over grounded words; `baseline` is the same recipe with lam = 0 (the term is then not even computed
into the graph). Stage 1 pretrains the crop CNN + detection head on ground-truth classes (like LXMERT's
pretrained detector), stage 2 trains everything else, with the detector frozen by default.
"""

import ast
import copy
import itertools
import json
import math
import os
import sys
import time
from collections import defaultdict
from dataclasses import asdict

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DatasetError, Grounding, Split, Subset, load_header, mix_weights, model_inputs  # noqa: E402
from model import Model, ModelConfig  # noqa: E402

# -----------------------------------------------------------------------------
# default config values
# I/O
data_dir = '.data/dataset'
out_dir = 'out/aligned'
train_split = 'train'
val_split = 'val'  # the only split used to pick the best checkpoint
test_split = 'test'  # evaluated once with the best checkpoint, for reporting only; '' to skip
eval_interval = 250  # steps between validation runs
eval_batch_size = 128
log_interval = 50
seed = 1337
# torch's intra-op (OpenMP) threads. 1, measured: Debian's torch does its matmuls in OpenBLAS, whose own
# pthread pool already uses every core; 2 OpenMP threads on top oversubscribe 2 cores and halve throughput
num_threads = 1
max_minutes = 43.0  # wall-clock budget for the whole run, detector stage and evaluations included
max_iters = 200000  # stage-2 steps; whichever of max_iters and max_minutes comes first ends training
# family
family = 'aligned'  # 'aligned' or 'baseline'
lam = 1.0  # weight of the alignment KL; forced to 0 for 'baseline'
attn_sup = 0.0  # weight of KL(target || word->object attention of head 0) in every cross-modal layer: the same
# weak targets supervising the attention itself, not only the alignment head; forced to 0 for 'baseline'
pair_weight = 1.0
image_weight = 1.0
det_weight = 1.0  # detection CE in stage 2, only when the detector is not frozen
select_metric = 'image_acc'  # validation metric that picks the best checkpoint
# model
d = 64
n_head = 4
n_lang_layers = 2
n_obj_layers = 1
n_cross_layers = 2
cnn_channels = (16, 32, 48)
dropout = 0.0
count_attention = True  # see model.Attention
geo_features = False  # see model.box_geometry
pool_head = False  # see model.Model.verdict
# data
batch_size = 64
permute_boxes = True  # random order of the three grey boxes (NLVR labels do not depend on it)
mirror = 0.0  # chance that a training image is mirrored left to right within its grey boxes (see Split.batch)
family_mix = 'uniform'  # 'uniform': every pair of the split alike; 'nlvr': see data.mix_weights
mix_floor = 1.0  # for 'nlvr': each synthetic family's mass before its count of NLVR presentations is added
human_share = -1.0  # for 'nlvr': the human-written pairs' share of the draws; negative: their share of the split
warm_human = 0  # a curriculum: the first warm_human stage-2 steps draw human-written pairs only, then the mix
families = ''  # comma-separated synthetic families: train, validate and test on their pairs only (a probe of
# what the recipe can learn; pair it with val_split=synval)
bucket = 50  # sort each run of bucket * batch_size pairs by length, then trim padding off each batch
# stage 1: detector pretraining on crops
detector_iters = 150  # converges in about 100 steps on NLVR crops
detector_batch_size = 512
detector_lr = 3e-3
freeze_detector = True
# stage 2 optimizer: AdamW, linear warmup then cosine decay to min_lr
learning_rate = 2e-3
min_lr = 5e-5
warmup_iters = 100
weight_decay = 0.05
beta1 = 0.9
beta2 = 0.98
grad_clip = 1.0
ema_decay = 0.0  # > 0: validate, select and save a moving average of the weights (see WeightAverage), e.g. 0.998
# -----------------------------------------------------------------------------
DEFAULTS = {k: v for k, v in globals().items()
            if not k.startswith('_') and isinstance(v, (int, float, bool, str, tuple))}


def apply_overrides(args, config):
    """--key=value overrides onto config (a dict); unknown keys and mistyped values raise."""
    for arg in args:
        if not arg.startswith('--') or '=' not in arg:
            raise SystemExit(f'bad argument {arg!r}: expected --key=value')
        key, raw = arg[2:].split('=', 1)
        if key not in config:
            raise SystemExit(f'unknown config key {key!r}; known keys: {", ".join(sorted(config))}')
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw  # a bare string
        default = config[key]
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(value)
        if type(value) is not type(default):
            raise SystemExit(f'{key}={raw!r}: expected {type(default).__name__}, got {type(value).__name__}')
        config[key] = value
    return config


# -----------------------------------------------------------------------------
# losses and metrics

def alignment_kl(alignment, target, has_target):
    # KL(target || alignment) per grounded word, averaged over grounded words.
    # alignment, target (B, 2, T, O); has_target (B, 2, T) bool
    log_a = torch.log(alignment.clamp(min=1e-9))  # (B, 2, T, O)
    log_t = torch.log(target.clamp(min=1e-9))  # (B, 2, T, O)
    kl = (target * (log_t - log_a)).sum(-1)  # (B, 2, T), 0 where the target is all zero
    return kl.sum() / has_target.sum().clamp(min=1)


def detection_nll(detections, color, shape, object_mask, n_colors):
    # CE of the detection head's colour and shape probabilities against ground truth, over real objects
    m = object_mask > 0  # (B, 2, O)
    logp = torch.log(detections[m].clamp(min=1e-9))  # (M, K)
    return F.nll_loss(logp[:, :n_colors], color[m]) + F.nll_loss(logp[:, n_colors:], shape[m])


def losses(outputs, batch, grounding, lam, weights, n_colors, with_det, attn_sup=0.0):
    """-> total loss (tensor) and a dict of floats. lam == 0 leaves the alignment term out of the graph;
    attn_sup > 0 adds the same KL for head 0 of each cross-modal layer's word->object attention."""
    pair_logits, image_logits, alignment, cross, detections = outputs
    image_loss = F.cross_entropy(image_logits.reshape(-1, 2), batch['image_label'].reshape(-1))
    pair_loss = F.nll_loss(pair_logits, batch['pair_label'])  # pair_logits are normalized log-probs
    total = weights['image'] * image_loss + weights['pair'] * pair_loss
    out = {'image': image_loss.item(), 'pair': pair_loss.item()}
    if with_det:
        det_loss = detection_nll(detections, batch['obj_color'], batch['obj_shape'], batch['object_mask'], n_colors)
        total = total + weights['det'] * det_loss
        out['det'] = det_loss.item()
    target, has_target = grounding.targets(batch['input_ids'], batch['attention_mask'],
                                           detections.detach(), batch['object_mask'])
    if lam > 0:
        align_loss = alignment_kl(alignment, target, has_target)
        total = total + lam * align_loss
        out['align'] = align_loss.item()
    else:
        with torch.no_grad():
            out['align'] = alignment_kl(alignment, target, has_target).item()  # logged, never trained
    if attn_sup > 0:
        attn_loss = sum(alignment_kl(cross[:, :, l, 0], target, has_target) for l in range(cross.shape[2]))
        attn_loss = attn_loss / cross.shape[2]  # (B, 2, L, H, T, O) -> mean over layers of head 0's KL
        total = total + attn_sup * attn_loss
        out['attn'] = attn_loss.item()
    out['total'] = total.item()
    return total, out


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


# -----------------------------------------------------------------------------

def get_lr(it, progress):
    # linear warmup over warmup_iters, then cosine from learning_rate to min_lr over progress in [0, 1]
    if it < warmup_iters:
        return learning_rate * (it + 1) / warmup_iters
    coeff = 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0)))
    return min_lr + coeff * (learning_rate - min_lr)


def pretrain_detector(model, split, log, deadline):
    """Stage 1: the crop CNN and the detection head on ground-truth classes, from random crops."""
    params = list(model.obj_enc.cnn.parameters()) + list(model.obj_enc.detect.parameters())
    opt = torch.optim.AdamW(params, lr=detector_lr, weight_decay=0.0)
    rng = np.random.default_rng(seed + 1)
    C = model.config.n_colors
    for it in range(detector_iters):
        if time.time() > deadline:
            break
        crops, color, shape = split.object_batch(rng.integers(0, split.n_objects, size=detector_batch_size))
        logits = model.detector_logits(crops)  # (M, K)
        loss = F.cross_entropy(logits[:, :C], color) + F.cross_entropy(logits[:, C:], shape)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if it % log_interval == 0 or it == detector_iters - 1:
            acc_c = (logits[:, :C].argmax(-1) == color).float().mean().item()
            acc_s = (logits[:, C:].argmax(-1) == shape).float().mean().item()
            log({'stage': 'detector', 'step': it, 'loss': loss.item(), 'color_acc': acc_c, 'shape_acc': acc_s})
    if freeze_detector:
        for p in params:
            p.requires_grad_(False)
        model.obj_enc.freeze_cnn = True


class CropFeatures:
    """The frozen CNN's features of the objects of split, each computed the first time a batch holds it and
    then read back, so that a step neither gathers those crops nor runs the CNN on them (an eighth of a
    step, measured). Computing all 1.9 M objects up front would take minutes of the budget."""

    def __init__(self, model, split):
        self.cnn, self.split = model.obj_enc.cnn, split
        self.table = torch.zeros(split.n_objects, self.cnn.out_dim)  # (n_objects, C)
        self.done = np.zeros(split.n_objects, bool)

    @torch.no_grad()
    def __call__(self, batch):
        # batch from split.batch(..., with_crops=False) -> crop features (B, 2, O, C), 0 on padding
        index, mask = batch['object_index'], batch['object_mask']
        new = np.unique(index[mask > 0].numpy())
        new = new[~self.done[new]]
        if len(new):
            self.table[new] = self.cnn(self.split.object_batch(new)[0])  # object_batch keeps sorted order
            self.done[new] = True
        return self.table[index] * mask.unsqueeze(-1)


class WeightAverage:
    """An exponential moving average of a model's weights (Polyak averaging), updated after every step:
    avg <- r * avg + (1 - r) * w, with r = min(decay, (1 + step) / (10 + step)) so that the first steps'
    weights do not linger. Buffers that are not floating point are copied."""

    def __init__(self, model, decay):
        self.model, self.decay, self.steps = copy.deepcopy(model), decay, 0
        self.model.requires_grad_(False)

    @torch.no_grad()
    def update(self, model):
        r = min(self.decay, (1 + self.steps) / (10 + self.steps))
        for avg, w in zip(self.model.state_dict().values(), model.state_dict().values()):
            if avg.is_floating_point():
                avg.mul_(r).add_(w, alpha=1 - r)
            else:
                avg.copy_(w)
        self.steps += 1


def training_stream(split, rng, batch_size, bucket, draw, warm):
    """Pair indices of the training batches: warm batches of the human-written pairs alone, alike, then
    batches drawn by draw (None: each pair once an epoch)."""
    rest = split.batches(batch_size, rng, bucket, draw)  # lazy: draws nothing until the warm batches are out
    if warm <= 0:
        return rest
    try:
        human, _ = mix_weights(split, 1.0, human_share=1.0)  # the families get 1 - 1 = none of the draws
    except DatasetError as e:
        raise SystemExit(f'warm_human={warm}: {e}')
    return itertools.chain(itertools.islice(split.batches(batch_size, rng, bucket, human), warm), rest)


def checkpoint(model, config, header, it, metrics):
    # everything export.py and a later reader need: weights, both configs, the vocabulary it was trained on
    return {'model': model.state_dict(), 'model_config': asdict(model.config), 'config': config,
            'vocab': header['vocab'], 'colors': header['colors'], 'shapes': header['shapes'],
            'iter': it, 'metrics': metrics}


def main(argv=None):
    global lam, attn_sup
    config = apply_overrides(sys.argv[1:] if argv is None else argv, dict(DEFAULTS))
    globals().update(config)
    if select_metric not in ('image_acc', 'pair_acc', 'consistency', 'image_consistency'):
        raise SystemExit(f'select_metric={select_metric!r}: expected image_acc, pair_acc, consistency or '
                         'image_consistency')
    if family_mix not in ('uniform', 'nlvr'):
        raise SystemExit(f"family_mix={family_mix!r}: expected 'uniform' or 'nlvr'")
    if families and family_mix != 'uniform':
        raise SystemExit('families and family_mix=nlvr do not go together: the mix weighs every family')
    if human_share >= 0 and (family_mix != 'nlvr' or human_share >= 1):
        raise SystemExit(f'human_share={human_share}: a share below 1, and only with family_mix=nlvr')
    if not 0 <= ema_decay < 1:
        raise SystemExit(f'ema_decay={ema_decay}: expected 0 (off) or a decay in (0, 1)')
    if family not in ('aligned', 'baseline'):
        raise SystemExit(f"family={family!r}: expected 'aligned' or 'baseline'")
    if attn_sup < 0:
        raise SystemExit(f'attn_sup={attn_sup}: expected 0 (off) or a positive weight')
    if family == 'baseline':
        lam, attn_sup = 0.0, 0.0
    elif lam <= 0:
        raise SystemExit('family=aligned needs lam > 0')
    config['lam'], config['attn_sup'] = lam, attn_sup
    t0 = time.time()
    deadline = t0 + 60.0 * max_minutes
    torch.set_num_threads(num_threads)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, 'log.jsonl')
    log_file = open(log_path, 'w')

    def log(record):
        record = {'time': round(time.time() - t0, 1), **record}
        print(json.dumps(record), flush=True)
        log_file.write(json.dumps(record) + '\n')
        log_file.flush()

    header = load_header(data_dir)
    train = Split(data_dir, train_split, header)
    val = Split(data_dir, val_split, header)
    test = Split(data_dir, test_split, header) if test_split else None  # opened now to fail early
    detector_data = train  # every object of the training split, whatever the families
    if families:
        keep = set(families.split(','))
        unknown = keep - {m.get('family') for m in train.meta()}
        if unknown:
            raise SystemExit(f'families: {", ".join(sorted(unknown))} not in split {train_split!r}')

        def pick(split):
            sub = Subset(split, [i for i, m in enumerate(split.meta()) if m.get('family') in keep])
            if len(sub) == 0:
                raise SystemExit(f'families: split {split.name!r} has no pair of them (try val_split=synval)')
            return sub
        train, val, test = pick(train), pick(val), pick(test) if test is not None else None
    grounding = Grounding(header)
    mconf = ModelConfig(vocab_size=len(header['vocab']['tokens']), T=header['T'], O=header['O'], S=header['S'],
                        d=d, n_head=n_head, n_lang_layers=n_lang_layers, n_obj_layers=n_obj_layers,
                        n_cross_layers=n_cross_layers, n_colors=len(header['colors']),
                        n_shapes=len(header['shapes']), cnn_channels=cnn_channels, dropout=dropout,
                        count_attention=count_attention, geo_features=geo_features,
                        pool_head=pool_head)
    model = Model(mconf)
    log({'event': 'start', 'config': config, 'model_config': asdict(mconf), 'params': model.get_num_params(),
         'train_pairs': len(train), 'val_pairs': len(val)})

    if detector_iters > 0:
        pretrain_detector(model, detector_data, log, deadline)
    optimizer = model.configure_optimizers(weight_decay, learning_rate, (beta1, beta2))
    weights = {'image': image_weight, 'pair': pair_weight, 'det': det_weight}
    with_det = not model.obj_enc.freeze_cnn
    features = CropFeatures(model, detector_data) if model.obj_enc.freeze_cnn else None
    C = mconf.n_colors
    average = WeightAverage(model, ema_decay) if ema_decay > 0 else None
    scored = model if average is None else average.model  # what is validated, selected and saved

    ckpt_path = os.path.join(out_dir, 'ckpt.pt')
    best, best_metrics = None, None
    stage2_start = time.time()
    stage2_budget = max(deadline - stage2_start, 1e-6)
    draw = None  # sampling probabilities of the training pairs; None: each pair once an epoch
    if family_mix == 'nlvr':
        draw, cover = mix_weights(train, mix_floor, None if human_share < 0 else human_share)
        log({'event': 'mix', 'nlvr_presentations_by_family': dict(cover.most_common())})
    stream, it = training_stream(train, rng, batch_size, bucket, draw, warm_human), 0
    seen, tick, sums = 0, time.time(), defaultdict(float)
    model.train()
    while True:
        progress = max(it / max_iters, (time.time() - stage2_start) / stage2_budget)
        lr = get_lr(it, progress)
        for group in optimizer.param_groups:
            group['lr'] = lr
        done = it >= max_iters or time.time() >= deadline
        if it > 0 and (it % eval_interval == 0 or done):
            metrics = evaluate(scored, val, grounding, eval_batch_size, C)
            log({'event': 'eval', 'step': it, 'split': val_split, **metrics})
            # ties (a flat accuracy, common early on) go to the lower per-image NLL
            score = (metrics[select_metric], -metrics['image_nll'])
            if best is None or score > best:
                best, best_metrics = score, {'val': metrics, 'step': it}
                torch.save(checkpoint(scored, config, header, it, best_metrics), ckpt_path)
            tick, seen = time.time(), 0  # throughput excludes evaluation
        if done:
            break

        batch = train.batch(next(stream), rng, permute_boxes, trim=True, with_crops=features is None, mirror=mirror)
        outputs = model(*model_inputs(batch), crop_features=None if features is None else features(batch))
        loss, parts = losses(outputs, batch, grounding, lam, weights, C, with_det, attn_sup)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        optimizer.step()
        if average is not None:
            average.update(model)
        it += 1
        seen += len(batch['pair_label'])
        for k, v in parts.items():
            sums[k] += v
        if it % log_interval == 0:
            now = time.time()
            # losses are means over the steps since the last line; throughput leaves evaluations out
            log({'step': it, 'lr': lr, **{f'loss_{k}': v / log_interval for k, v in sums.items()},
                 'pairs_per_s': round(seen / (now - tick), 1)})
            tick, seen, sums = now, 0, defaultdict(float)

    if best_metrics is None:
        raise SystemExit('no evaluation ran: the budget ended before the first step')
    result = {'family': family, 'params': model.get_num_params(), 'steps': it,
              'minutes': round((time.time() - t0) / 60, 2), **best_metrics}
    ckpt = torch.load(ckpt_path)
    if test is not None:
        scored.load_state_dict(ckpt['model'])
        result['test'] = evaluate(scored, test, grounding, eval_batch_size, C)
        log({'event': 'eval', 'step': best_metrics['step'], 'split': test_split, **result['test']})
    ckpt['metrics'] = result
    torch.save(ckpt, ckpt_path)
    with open(os.path.join(out_dir, 'metrics.json'), 'w') as f:
        json.dump(result, f, indent=2)
    log({'event': 'done', **{k: v for k, v in result.items() if k not in ('val', 'test')}})
    log_file.close()


if __name__ == '__main__':
    main()

"""
Trains the true-of-both model on a tob-dataset/1 directory, on CPU, within a wall-clock budget. The
shipped models' recipes are files:

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 training/train.py --config=training/config/aligned.py
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 training/train.py --config=training/config/baseline.py

Settings: configurator.TrainConfig, its defaults, then each --config=FILE and --key=value in order.
`aligned` adds lam * KL(target || alignment) over grounded words; `baseline` is the same recipe with
lam = 0 (the term is then not even computed into the graph). Stage 1 pretrains the crop CNN + detection
head on ground-truth classes (like LXMERT's pretrained detector), stage 2 trains everything else, with the
detector frozen by default.
"""

import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import asdict

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkpoint  # noqa: E402
from configurator import TrainConfig  # noqa: E402
from data import CropFeatures, Grounding, Split, Subset, load_header, mix_weights, model_inputs, training_stream  # noqa: E402
from losses import losses  # noqa: E402
from metrics import evaluate, last_layer_alignment  # noqa: E402
from model import Model, ModelConfig  # noqa: E402
from optim import WeightAverage, lr_at  # noqa: E402


def pretrain_detector(model, split, c, log, deadline):
    """Stage 1: the crop CNN and the detection head on ground-truth classes, from random crops."""
    opt = torch.optim.AdamW(model.detector_parameters(), lr=c.detector_lr, weight_decay=0.0)
    rng = np.random.default_rng(c.seed + 1)
    C = model.config.n_colors
    for it in range(c.detector_iters):
        if time.time() > deadline:
            break
        crops, color, shape = split.object_batch(rng.integers(0, split.n_objects, size=c.detector_batch_size))
        logits = model.detector_logits(crops)  # (M, K)
        loss = F.cross_entropy(logits[:, :C], color) + F.cross_entropy(logits[:, C:], shape)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if it % c.log_interval == 0 or it == c.detector_iters - 1:
            acc_c = (logits[:, :C].argmax(-1) == color).float().mean().item()
            acc_s = (logits[:, C:].argmax(-1) == shape).float().mean().item()
            log({'stage': 'detector', 'step': it, 'loss': loss.item(), 'color_acc': acc_c, 'shape_acc': acc_s})
    if c.freeze_detector:
        model.freeze_detector()


def selection_key(metrics, c):
    """What the best checkpoint maximises, from its validation metrics alone: checkpoints whose last-layer
    alignment precision reaches select_align_floor first, then select_metric; ties (a flat accuracy, common
    early on) go to the lower per-image NLL."""
    return (last_layer_alignment(metrics) >= c.select_align_floor, metrics[c.select_metric], -metrics['image_nll'])


def restrict(splits, families, train_split):
    """(train, val, test) -> the same splits with the pairs of the named synthetic families only (a probe)."""
    keep = set(families.split(','))
    unknown = keep - {m.get('family') for m in splits[0].meta()}
    if unknown:
        raise SystemExit(f'families: {", ".join(sorted(unknown))} not in split {train_split!r}')

    def pick(split):
        if split is None:
            return None
        sub = Subset(split, [i for i, m in enumerate(split.meta()) if m.get('family') in keep])
        if len(sub) == 0:
            raise SystemExit(f'families: split {split.name!r} has no pair of them (try val_split=synval)')
        return sub
    return tuple(pick(s) for s in splits)


def main(argv=None):
    c = TrainConfig.from_args(sys.argv[1:] if argv is None else argv)
    t0 = time.time()
    os.makedirs(c.out_dir, exist_ok=True)
    with open(os.path.join(c.out_dir, 'log.jsonl'), 'w') as log_file:

        def log(record):
            record = {'time': round(time.time() - t0, 1), **record}
            print(json.dumps(record), flush=True)
            log_file.write(json.dumps(record) + '\n')
            log_file.flush()
        run(c, log, t0)


def run(c, log, t0):
    """Both stages under c's budget (from t0); writes ckpt.pt and metrics.json into c.out_dir."""
    config = asdict(c)  # as recorded in the log and the checkpoint
    deadline = t0 + 60.0 * c.max_minutes
    torch.set_num_threads(c.num_threads)
    torch.manual_seed(c.seed)
    rng = np.random.default_rng(c.seed)
    header = load_header(c.data_dir)
    train = Split(c.data_dir, c.train_split, header)
    val = Split(c.data_dir, c.val_split, header)
    test = Split(c.data_dir, c.test_split, header) if c.test_split else None  # opened now to fail early
    detector_data = train  # every object of the training split, whatever the families
    if c.families:
        train, val, test = restrict((train, val, test), c.families, c.train_split)
    grounding = Grounding(header)
    mconf = ModelConfig(vocab_size=len(header['vocab']['tokens']), T=header['T'], O=header['O'], S=header['S'],
                        d=c.d, n_head=c.n_head, n_lang_layers=c.n_lang_layers, n_obj_layers=c.n_obj_layers,
                        n_cross_layers=c.n_cross_layers, n_colors=len(header['colors']),
                        n_shapes=len(header['shapes']), cnn_channels=c.cnn_channels, dropout=c.dropout,
                        count_attention=c.count_attention, geo_features=c.geo_features, pool_head=c.pool_head)
    model = Model(mconf)
    log({'event': 'start', 'config': config, 'model_config': asdict(mconf), 'params': model.get_num_params(),
         'train_pairs': len(train), 'val_pairs': len(val)})

    if c.detector_iters > 0:
        pretrain_detector(model, detector_data, c, log, deadline)
    optimizer = model.configure_optimizers(c.weight_decay, c.learning_rate, (c.beta1, c.beta2))
    weights = {'image': c.image_weight, 'pair': c.pair_weight, 'det': c.det_weight}
    with_det = not model.detector_frozen
    features = CropFeatures(model, detector_data) if model.detector_frozen else None
    C = mconf.n_colors
    average = WeightAverage(model, c.ema_decay) if c.ema_decay > 0 else None
    scored = model if average is None else average.model  # what is validated, selected and saved

    ckpt_path = os.path.join(c.out_dir, 'ckpt.pt')
    best, best_metrics = None, None
    stage2_start = time.time()
    stage2_budget = max(deadline - stage2_start, 1e-6)
    draw = None  # sampling probabilities of the training pairs; None: each pair once an epoch
    if c.family_mix == 'nlvr':
        draw, cover = mix_weights(train, c.mix_floor, None if c.human_share < 0 else c.human_share)
        log({'event': 'mix', 'nlvr_presentations_by_family': dict(cover.most_common())})
    stream, it = training_stream(train, rng, c.batch_size, c.bucket, draw, c.warm_human), 0
    seen, tick, sums = 0, time.time(), defaultdict(float)
    model.train()
    while True:
        progress = max(it / c.max_iters, (time.time() - stage2_start) / stage2_budget)
        lr = lr_at(it, progress, c)
        for group in optimizer.param_groups:
            group['lr'] = lr
        done = it >= c.max_iters or time.time() >= deadline
        if it > 0 and (it % c.eval_interval == 0 or done):
            metrics = evaluate(scored, val, grounding, c.eval_batch_size, C)
            log({'event': 'eval', 'step': it, 'split': c.val_split, **metrics})
            score = selection_key(metrics, c)
            if best is None or score > best:
                best, best_metrics = score, {'val': metrics, 'step': it}
                torch.save(checkpoint.make(scored, config, header, it, best_metrics), ckpt_path)
            tick, seen = time.time(), 0  # throughput excludes evaluation
        if done:
            break

        batch = train.batch(next(stream), rng, c.permute_boxes, trim=True, with_crops=features is None,
                            mirror=c.mirror)
        outputs = model(*model_inputs(batch), crop_features=None if features is None else features(batch))
        loss, parts = losses(outputs, batch, grounding, c.lam, weights, C, with_det, c.attn_sup)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if c.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), c.grad_clip)
        optimizer.step()
        if average is not None:
            average.update(model)
        it += 1
        seen += len(batch['pair_label'])
        for k, v in parts.items():
            sums[k] += v
        if it % c.log_interval == 0:
            now = time.time()
            # losses are means over the steps since the last line; throughput leaves evaluations out
            log({'step': it, 'lr': lr, **{f'loss_{k}': v / c.log_interval for k, v in sums.items()},
                 'pairs_per_s': round(seen / (now - tick), 1)})
            tick, seen, sums = now, 0, defaultdict(float)

    if best_metrics is None:
        raise SystemExit('no evaluation ran: the budget ended before the first step')
    result = {'family': c.family, 'params': model.get_num_params(), 'steps': it,
              'minutes': round((time.time() - t0) / 60, 2), **best_metrics}
    ckpt = torch.load(ckpt_path)
    if test is not None:
        scored.load_state_dict(ckpt['model'])
        result['test'] = evaluate(scored, test, grounding, c.eval_batch_size, C)
        log({'event': 'eval', 'step': best_metrics['step'], 'split': c.test_split, **result['test']})
    ckpt['metrics'] = result
    torch.save(ckpt, ckpt_path)
    with open(os.path.join(c.out_dir, 'metrics.json'), 'w') as f:
        json.dump(result, f, indent=2)
    log({'event': 'done', **{k: v for k, v in result.items() if k not in ('val', 'test')}})


if __name__ == '__main__':
    main()

"""The stage-2 learning-rate schedule and the weight average the trainer may validate and save instead."""

import copy
import math

import torch


def lr_at(it, progress, config):
    # linear warmup over config.warmup_iters, then cosine from learning_rate to min_lr over progress in [0, 1]
    c = config
    if it < c.warmup_iters:
        return c.learning_rate * (it + 1) / c.warmup_iters
    coeff = 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0)))
    return c.min_lr + coeff * (c.learning_rate - c.min_lr)


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

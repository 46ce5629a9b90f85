"""
A training checkpoint (`ckpt.pt`), written by train.py and read back by every other script through load():
the weights, both configs (the run's TrainConfig as a dict, the ModelConfig), the vocabulary, colours and
shapes it was trained on, the selected step and its metrics.
"""

from dataclasses import asdict

import torch

from model import Model, ModelConfig


def make(model, config, header, it, metrics):
    """config: the run's settings as a dict (asdict(TrainConfig))."""
    return {'model': model.state_dict(), 'model_config': asdict(model.config), 'config': config,
            'vocab': header['vocab'], 'colors': header['colors'], 'shapes': header['shapes'],
            'iter': it, 'metrics': metrics}


def load(path, header=None):
    """-> (model in eval mode, checkpoint dict). With a dataset header, the dataset's vocabulary must be the
    one the checkpoint was trained on."""
    ckpt = torch.load(path, map_location='cpu')
    if header is not None and header['vocab']['tokens'] != ckpt['vocab']['tokens']:
        raise SystemExit(f'{path}: trained on another vocabulary than the dataset given')
    mc = dict(ckpt['model_config'])
    mc['cnn_channels'] = tuple(mc['cnn_channels'])
    model = Model(ModelConfig(**mc))
    model.load_state_dict(ckpt['model'])
    return model.eval(), ckpt

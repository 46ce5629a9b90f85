"""
The training run's settings as one dataclass, and the command line every script of training/ shares:
`--key=value` overrides (a Python literal, or a bare string), and for train.py `--config=FILE`, a recipe
file of plain `key = value` assignments (nanoGPT-style; training/config/). Arguments apply in order, so
`--config=training/config/aligned.py --seed=2` is the aligned recipe with another seed. An unknown key or
a value of another type than the default's is an error.
"""

import ast
import runpy
import types
from dataclasses import asdict, dataclass


@dataclass
class TrainConfig:
    # I/O
    data_dir: str = '.data/dataset'
    out_dir: str = 'out/aligned'
    train_split: str = 'train'
    val_split: str = 'val'  # the only split used to pick the best checkpoint
    test_split: str = 'test'  # evaluated once with the best checkpoint, for reporting only; '' to skip
    eval_interval: int = 250  # steps between validation runs
    eval_batch_size: int = 128
    log_interval: int = 50
    seed: int = 1337
    # torch's intra-op (OpenMP) threads. 1, measured: Debian's torch does its matmuls in OpenBLAS, whose own
    # pthread pool already uses every core; 2 OpenMP threads on top oversubscribe 2 cores and halve throughput
    num_threads: int = 1
    max_minutes: float = 43.0  # wall-clock budget for the whole run, detector stage and evaluations included
    max_iters: int = 200000  # stage-2 steps; whichever of max_iters and max_minutes comes first ends training
    # family
    family: str = 'aligned'  # 'aligned' (lam > 0) or 'baseline' (lam = 0 and attn_sup = 0): a label checked
    # against the losses, so that a run's name says what it trained
    lam: float = 1.0  # weight of the alignment KL
    attn_sup: float = 0.0  # weight of KL(target || word->object attention of head 0) in every cross-modal layer:
    # the same weak targets supervising the attention itself, not only the alignment head
    pair_weight: float = 1.0
    image_weight: float = 1.0
    det_weight: float = 1.0  # detection CE in stage 2, only when the detector is not frozen
    select_metric: str = 'image_acc'  # validation metric that picks the best checkpoint
    select_align_floor: float = 0.0  # a checkpoint qualifies when its validation alignment precision (last
    # cross-modal layer, all heads: what the viewer shows) is at least this; any qualifying checkpoint beats every
    # other, then select_metric decides. Fixed before a run, validation alone: 0 selects on select_metric only
    # model
    d: int = 64
    n_head: int = 4
    n_lang_layers: int = 2
    n_obj_layers: int = 1
    n_cross_layers: int = 2
    cnn_channels: tuple = (16, 32, 48)
    dropout: float = 0.0
    count_attention: bool = True  # see model.Attention
    geo_features: bool = False  # see model.box_geometry
    pool_head: bool = False  # see model.Model.verdict
    # data
    batch_size: int = 64
    permute_boxes: bool = True  # random order of the three grey boxes (NLVR labels do not depend on it)
    mirror: float = 0.0  # chance that a training image is mirrored left to right within its grey boxes (Split.batch)
    family_mix: str = 'uniform'  # 'uniform': every pair of the split alike; 'nlvr': see data.mix_weights
    mix_floor: float = 1.0  # for 'nlvr': each synthetic family's mass before its count of NLVR presentations is added
    human_share: float = -1.0  # for 'nlvr': the human-written pairs' share of the draws; negative: their share
    warm_human: int = 0  # a curriculum: the first warm_human stage-2 steps draw human-written pairs only, then the mix
    families: str = ''  # comma-separated synthetic families: train, validate and test on their pairs only (a probe
    # of what the recipe can learn; pair it with val_split=synval)
    bucket: int = 50  # sort each run of bucket * batch_size pairs by length, then trim padding off each batch
    # stage 1: detector pretraining on crops
    detector_iters: int = 150  # converges in about 100 steps on NLVR crops
    detector_batch_size: int = 512
    detector_lr: float = 3e-3
    freeze_detector: bool = True
    # stage 2 optimizer: AdamW, linear warmup then cosine decay to min_lr
    learning_rate: float = 2e-3
    min_lr: float = 5e-5
    warmup_iters: int = 100
    weight_decay: float = 0.05
    beta1: float = 0.9
    beta2: float = 0.98
    grad_clip: float = 1.0
    ema_decay: float = 0.0  # > 0: validate, select and save a moving average of the weights (optim.WeightAverage)

    @classmethod
    def from_args(cls, args):
        """--config=FILE and --key=value arguments, applied in order onto the defaults; then validated."""
        values = asdict(cls())
        for arg in args:
            if arg.startswith('--config='):
                recipe = read_recipe(arg[len('--config='):])
                for key, value in recipe.items():
                    values[key] = coerce(key, value, values, f'{arg[len("--config="):]}: ')
            else:
                apply_overrides([arg], values)
        config = cls(**values)
        config.validate()
        return config

    def validate(self):
        if self.family not in ('aligned', 'baseline'):
            raise SystemExit(f"family={self.family!r}: expected 'aligned' or 'baseline'")
        if self.select_metric not in ('image_acc', 'pair_acc', 'consistency', 'image_consistency'):
            raise SystemExit(f'select_metric={self.select_metric!r}: expected image_acc, pair_acc, consistency or '
                             'image_consistency')
        if self.family_mix not in ('uniform', 'nlvr'):
            raise SystemExit(f"family_mix={self.family_mix!r}: expected 'uniform' or 'nlvr'")
        if self.families and self.family_mix != 'uniform':
            raise SystemExit('families and family_mix=nlvr do not go together: the mix weighs every family')
        if self.human_share >= 0 and (self.family_mix != 'nlvr' or self.human_share >= 1):
            raise SystemExit(f'human_share={self.human_share}: a share below 1, and only with family_mix=nlvr')
        if not 0 <= self.ema_decay < 1:
            raise SystemExit(f'ema_decay={self.ema_decay}: expected 0 (off) or a decay in (0, 1)')
        if not 0 <= self.select_align_floor <= 1:
            raise SystemExit(f'select_align_floor={self.select_align_floor}: expected a precision in [0, 1]')
        if self.lam < 0 or self.attn_sup < 0:
            raise SystemExit(f'lam={self.lam}, attn_sup={self.attn_sup}: expected 0 (off) or a positive weight')
        if self.family == 'aligned' and self.lam <= 0:
            raise SystemExit('family=aligned needs lam > 0')
        if self.family == 'baseline' and (self.lam != 0 or self.attn_sup != 0):
            raise SystemExit('family=baseline is the recipe without the weak supervision: it needs lam=0 and '
                             'attn_sup=0 (training/config/baseline.py)')
        if self.family not in ('aligned', 'baseline'):
            raise SystemExit(f"family={self.family!r}: expected 'aligned' or 'baseline'")


def read_recipe(path):
    """The assignments of a recipe file (training/config/*.py): every global not starting with '_' that is
    not a module. Run as Python, so a recipe may start from another (`from config.aligned import *`)."""
    try:
        namespace = runpy.run_path(path)
    except OSError as e:
        raise SystemExit(f'--config={path}: {e.strerror}')
    return {k: v for k, v in namespace.items() if not k.startswith('_') and not isinstance(v, types.ModuleType)}


def coerce(key, value, config, where=''):
    """value for config[key], with the default's type: an int where a float is expected becomes a float, a
    list where a tuple is expected a tuple; an unknown key or another type raises SystemExit."""
    if key not in config:
        raise SystemExit(f'{where}unknown config key {key!r}; known keys: {", ".join(sorted(config))}')
    default = config[key]
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(default, tuple) and isinstance(value, list):
        value = tuple(value)
    if type(value) is not type(default):
        raise SystemExit(f'{where}{key}={value!r}: expected {type(default).__name__}, got {type(value).__name__}')
    return value


def apply_overrides(args, config):
    """--key=value overrides onto config (a dict, changed and returned); unknown keys and mistyped values raise."""
    for arg in args:
        if not arg.startswith('--') or '=' not in arg:
            raise SystemExit(f'bad argument {arg!r}: expected --key=value')
        key, raw = arg[2:].split('=', 1)
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw  # a bare string
        config[key] = coerce(key, value, config)
    return config

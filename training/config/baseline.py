# The shipped baseline (models/baseline): the aligned recipe with the weak supervision off, nothing else changed.
#   OPENBLAS_NUM_THREADS=1 /usr/bin/python3 training/train.py --config=training/config/baseline.py
# training/tests/test_recipes.py checks that this file gives the config models/baseline/train-log.jsonl records.

from config.aligned import *  # noqa: F401,F403

out_dir = 'out/baseline'
family = 'baseline'
lam = 0.0

# The training modules import each other as siblings (as `python3 training/train.py` runs them), so the
# tests put training/ on the path once, before any test module imports them.
import os
import sys

TRAINING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TRAINING_DIR not in sys.path:
    sys.path.insert(0, TRAINING_DIR)

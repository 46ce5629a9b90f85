import json
import os
import unittest
from dataclasses import asdict

from configurator import TrainConfig

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Keys that do not change what is trained, so a recipe file need not give the shipped run's value:
# out_dir only says where the run writes its log and checkpoint (the shipped runs wrote under out/r11, out/r12).
NOT_TRAINING = {'out_dir'}
# The weak supervision the baseline goes without: the alignment loss (lam) and its targets on the attention (attn_sup).
WEAK_SUPERVISION = {'family', 'lam', 'attn_sup'}
# Keys the baseline was tuned on (issue 19: a baseline as fairly tuned as the aligned model): its learning rate
# and its budget (at least the aligned model's).
TUNED = {'learning_rate', 'max_minutes'}
# Which of its recipe's seeds a shipped model is: each family ships its own best seed on validation.
SEED = {'seed'}


def recorded_config(family):
    """The config models/<family>/train-log.jsonl's start event records: what the shipped run trained with."""
    with open(os.path.join(REPO, 'models', family, 'train-log.jsonl')) as f:
        start = next(r for r in map(json.loads, f) if r.get('event') == 'start')
    return start['config']


class RecipeTest(unittest.TestCase):

    def test_each_recipe_file_gives_the_config_its_shipped_model_was_trained_with(self):
        for family in ('aligned', 'baseline'):
            with self.subTest(family=family):
                recipe = TrainConfig.from_args([f'--config={os.path.join(REPO, "training", "config", family + ".py")}'])
                got = json.loads(json.dumps(asdict(recipe)))  # as the log writes it: tuples become lists
                want = recorded_config(family)
                # every key, both ways: a key added to TrainConfig later must be reconciled here, not skipped
                self.assertEqual(set(got), set(want))
                self.assertEqual({k: v for k, v in got.items() if k not in NOT_TRAINING},
                                 {k: v for k, v in want.items() if k not in NOT_TRAINING})
                self.assertEqual(recipe.family, family)

    def test_the_baseline_is_the_aligned_recipe_without_the_weak_supervision_and_tuned(self):
        aligned, baseline = recorded_config('aligned'), recorded_config('baseline')
        differ = {k for k in aligned if k not in NOT_TRAINING | SEED and aligned[k] != baseline[k]}
        # the weak supervision off, and what the baseline was tuned on (training/config/baseline.py says why)
        self.assertLessEqual(differ, WEAK_SUPERVISION | TUNED)
        self.assertLessEqual({'family', 'lam'}, differ)
        self.assertEqual((baseline['lam'], baseline['attn_sup']), (0.0, 0.0))
        self.assertGreaterEqual(baseline['max_minutes'], aligned['max_minutes'])  # at least the aligned model's budget


if __name__ == '__main__':
    unittest.main()

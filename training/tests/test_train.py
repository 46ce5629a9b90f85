import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

import numpy as np
import torch

import combine
import coverage
import evaluate
import seeds
import train
from configurator import TrainConfig, apply_overrides
from data import (CropFeatures, DatasetError, Grounding, Split, family_coverage, load_header, mix_weights,
                  model_inputs, training_stream)
from losses import alignment_kl, losses
from model import Model, ModelConfig
from optim import WeightAverage
from training.tests.helpers import write_dataset
from training.tests.test_model import TINY

TINY_ARGS = ['--d=32', '--n_head=2', '--n_lang_layers=1', '--n_obj_layers=1', '--n_cross_layers=1',
             '--cnn_channels=(8, 8, 16)', '--dropout=0.0']


class OverridesTest(unittest.TestCase):

    def test_unknown_and_mistyped_keys_fail(self):
        for args in (['--learning_rat=1e-3'], ['--batch_size=big'], ['batch_size=3']):
            with self.assertRaises(SystemExit):
                TrainConfig.from_args(args)
        c = TrainConfig.from_args(['--batch_size=3', '--learning_rate=1', '--family=baseline', '--lam=0',
                                   '--cnn_channels=[4, 4, 4]'])
        self.assertEqual((c.batch_size, c.learning_rate, c.family, c.lam, c.cnn_channels),
                         (3, 1.0, 'baseline', 0.0, (4, 4, 4)))
        self.assertEqual(TrainConfig().batch_size, 64)  # defaults are never overwritten
        d = apply_overrides(['--split=val', '--sample=5'], {'split': 'test', 'sample': 0})  # the other scripts' dicts
        self.assertEqual(d, {'split': 'val', 'sample': 5})

    def test_config_files_apply_in_order_and_are_checked(self):
        with tempfile.TemporaryDirectory() as tmp:
            recipe = os.path.join(tmp, 'recipe.py')
            with open(recipe, 'w') as f:
                f.write("import os\nseed = 7\nlam = 2\npool_head = True\n")
            c = TrainConfig.from_args([f'--config={recipe}', '--seed=8'])
            self.assertEqual((c.seed, c.lam, c.pool_head), (8, 2.0, True))  # later arguments win
            self.assertEqual(TrainConfig.from_args(['--seed=8', f'--config={recipe}']).seed, 7)
            for text in ("lamda = 1.0\n", "pool_head = 'yes'\n"):  # an unknown key, a value of another type
                with open(recipe, 'w') as f:
                    f.write(text)
                with self.assertRaises(SystemExit):
                    TrainConfig.from_args([f'--config={recipe}'])
            with self.assertRaises(SystemExit):
                TrainConfig.from_args([f'--config={tmp}/none.py'])

    def test_families_name_what_is_trained(self):
        for args in (['--family=baseline'], ['--family=baseline', '--lam=0', '--attn_sup=1'], ['--lam=0'],
                     ['--family=other']):
            with self.assertRaises(SystemExit):  # a baseline with the weak supervision on, an aligned without
                TrainConfig.from_args(args)


class SelectionTest(unittest.TestCase):

    def test_an_alignment_floor_puts_qualifying_checkpoints_first(self):
        def val(acc, layers, nll=0.5):
            return {'image_acc': acc, 'image_nll': nll,
                    'align_precision': {**{f'cross_{i}': p for i, p in enumerate(layers)}, 'alignment_head': 0.99}}
        aligned_low, unaligned_high = val(0.70, [0.2, 0.80]), val(0.78, [0.9, 0.40])
        floor = TrainConfig.from_args(['--select_align_floor=0.75'])
        # the floor reads the last cross-modal layer (over all heads), not the first, not the alignment head
        self.assertGreater(train.selection_key(aligned_low, floor), train.selection_key(unaligned_high, floor))
        none = TrainConfig.from_args([])
        self.assertLess(train.selection_key(aligned_low, none), train.selection_key(unaligned_high, none))
        # among qualifying checkpoints the metric decides, then the lower NLL
        self.assertGreater(train.selection_key(val(0.72, [0, 0.76]), floor), train.selection_key(aligned_low, floor))
        self.assertGreater(train.selection_key(val(0.70, [0, 0.8], 0.4), floor), train.selection_key(aligned_low, floor))
        with self.assertRaises(SystemExit):
            TrainConfig.from_args(['--select_align_floor=1.5'])


class LossTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.header = write_dataset(cls.tmp.name, {'train': 8})
        cls.batch = Split(cls.tmp.name, 'train').batch(np.arange(8))
        cls.grounding = Grounding(cls.header)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def grads(self, lam, attn_sup=0.0):
        torch.manual_seed(0)
        model = Model(ModelConfig(**TINY)).train()
        out = model(*model_inputs(self.batch))
        loss, parts = losses(out, self.batch, self.grounding, lam, {'image': 1, 'pair': 1, 'det': 1}, 3, True,
                                   attn_sup)
        loss.backward()
        return model, loss, parts

    def test_lambda_zero_removes_the_alignment_term(self):
        model, loss, parts = self.grads(0.0)
        self.assertGreater(parts['align'], 0.0)  # measured and logged...
        self.assertAlmostEqual(loss.item(), parts['image'] + parts['pair'] + parts['det'], places=5)
        for p in list(model.align_q.parameters()) + list(model.align_k.parameters()):
            self.assertIsNone(p.grad)  # ...but not a single gradient comes from it
        model1, loss1, parts1 = self.grads(0.5)
        self.assertAlmostEqual(loss1.item(), loss.item() + 0.5 * parts1['align'], places=5)
        self.assertGreater(float(model1.align_q.weight.grad.abs().sum()), 0.0)
        # everything else gets the same gradient from the task losses, plus the alignment's share
        self.assertFalse(torch.equal(model.tok_emb.weight.grad, model1.tok_emb.weight.grad))

    def test_attention_supervision_is_head_zeros_kl_in_every_layer(self):
        model, loss, parts = self.grads(0.5)
        self.assertNotIn('attn', parts)  # off by default: not computed
        model2, loss2, parts2 = self.grads(0.5, attn_sup=2.0)
        out = model2(*model_inputs(self.batch))
        target, has_target = self.grounding.targets(self.batch['input_ids'], self.batch['attention_mask'],
                                                    out[4].detach(), self.batch['object_mask'])
        cross = out[3]  # (B, 2, L, H, T, O)
        want = np.mean([alignment_kl(cross[:, :, l, 0], target, has_target).item()
                        for l in range(cross.shape[2])])
        self.assertAlmostEqual(parts2['attn'], want, places=5)
        self.assertGreater(parts2['attn'], 0.0)
        self.assertAlmostEqual(loss2.item(), loss.item() + 2.0 * parts2['attn'], places=4)
        # the term reaches the attention's query weights
        q, q2 = model.cross_layers[0].word_to_obj.q.weight.grad, model2.cross_layers[0].word_to_obj.q.weight.grad
        self.assertFalse(torch.allclose(q, q2))


class CropFeaturesTest(unittest.TestCase):

    def test_precomputed_crop_features_give_the_same_outputs_as_the_crops(self):
        # training reads the frozen CNN's features from a table by object_index instead of running it
        with tempfile.TemporaryDirectory() as tmp:
            split = Split(tmp, 'train', write_dataset(tmp, {'train': 12}))
            torch.manual_seed(0)
            model = Model(ModelConfig(**TINY, geo_features=True, pool_head=True)).train()
            with self.assertRaises(ValueError):
                CropFeatures(model, split)  # features of a detector still training would go stale
            model.freeze_detector()
            features = CropFeatures(model, split)
            for idx in ([3, 0, 11, 5], [5, 7, 3], [5, 3]):  # new objects, some seen before, all seen before
                with_crops = split.batch(np.array(idx), np.random.default_rng(1), permute_boxes=True, trim=True)
                without = split.batch(np.array(idx), np.random.default_rng(1), permute_boxes=True, trim=True,
                                      with_crops=False)
                self.assertIsNone(without['object_crops'])
                with torch.no_grad():
                    expected = model(*model_inputs(with_crops))
                    got = model(*model_inputs(without), crop_features=features(without))
                for a, b in zip(expected, got):
                    torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)
            every = split.batch(np.array([0, 3, 5, 7, 11]))
            seen = every['object_index'][every['object_mask'] > 0]
            self.assertEqual(set(np.flatnonzero(features.done)), set(seen.tolist()))  # the objects of those pairs only


def with_families(root, name, human=0):
    """Rewrites split name's meta: its first `human` pairs human-written (presentations of two pairs),
    the others synthetic with a family named after the sentence's colour word (c7, c8 or c9, the token
    id). Returns the pairs' sentences as tuples of token ids and the meta."""
    ids = np.asarray(Split(root, name).ids)
    words = [tuple(row[row != 0]) for row in ids]
    meta = [{'id': f'h{i}', 'presentation': f'p{i // 2}', 'source': 'nlvr-dev'} if i < human else
            {'id': f's{i}', 'presentation': '', 'source': 'synthetic', 'family': f'c{w[4]}'}
            for i, w in enumerate(words)]
    write_meta(root, name, meta)
    return words, meta


def write_meta(root, name, meta):
    with open(os.path.join(root, f'{name}.meta.jsonl'), 'w') as f:
        f.write(''.join(json.dumps(m) + '\n' for m in meta))


class MixTest(unittest.TestCase):

    def test_nlvr_mix_weights_families_by_the_human_sentences_they_cover(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_dataset(tmp, {'train': 60})
            words, meta = with_families(tmp, 'train', human=6)
            split = Split(tmp, 'train')
            expected = {}
            for key in {(i // 2, words[i]) for i in range(6)}:  # each presentation's sentences, once
                if key[1] in words[6:]:  # covered: credited to the family that made that sentence
                    fam = f'c{key[1][4]}'
                    expected[fam] = expected.get(fam, 0) + 1
            cover = family_coverage(split)
            self.assertEqual(dict(cover), expected)
            self.assertGreater(sum(cover.values()), 0)

            p, cover2 = mix_weights(split, floor=1.0)
            self.assertEqual(cover2, cover)
            self.assertAlmostEqual(p.sum(), 1.0)
            self.assertAlmostEqual(p[:6].sum(), 6 / 60)  # human pairs keep their share
            fams = sorted({m['family'] for m in meta[6:]})
            mass = {f: sum(p[i] for i, m in enumerate(meta) if m.get('family') == f) for f in fams}
            total = sum(1.0 + cover[f] for f in fams)
            for f in fams:  # each family's mass is (floor + coverage), whatever its number of pairs
                self.assertAlmostEqual(mass[f], (1.0 + cover[f]) / total * (54 / 60))
            # the sampler draws in these proportions
            rng = np.random.default_rng(0)
            stream = split.batches(6, rng, bucket=2, weights=p)
            drawn = np.concatenate([next(stream) for _ in range(2000)])
            share = np.bincount(drawn, minlength=60) / len(drawn)
            self.assertLess(np.abs(share - p).max(), 0.01)

            # a set human share: the human pairs draw it alike, the families keep their proportions
            q, _ = mix_weights(split, floor=1.0, human_share=0.3)
            self.assertAlmostEqual(q.sum(), 1.0)
            np.testing.assert_allclose(q[:6], 0.3 / 6)
            np.testing.assert_allclose(q[6:] / q[6:].sum(), p[6:] / p[6:].sum())

            # a curriculum: the first batches draw the human pairs alone, the rest draw the mix
            stream = training_stream(split, np.random.default_rng(0), 4, 2, p, warm=30)
            batches = [next(stream) for _ in range(130)]
            self.assertTrue(all((b < 6).all() for b in batches[:30]))
            later = np.concatenate(batches[30:])
            self.assertGreater((later >= 6).mean(), 0.8)
            self.assertEqual(set(np.concatenate(batches[:30])), set(range(6)))  # each of them, alike
            plain = training_stream(split, np.random.default_rng(0), 4, 2, p, warm=0)
            np.testing.assert_array_equal(next(plain), next(split.batches(4, np.random.default_rng(0), 2, p)))
            with_families(tmp, 'train', human=0)
            with self.assertRaises(SystemExit):
                training_stream(Split(tmp, 'train'), np.random.default_rng(0), 4, 2, None, warm=3)
            with self.assertRaises(DatasetError):  # a share for human pairs that are not there
                mix_weights(Split(tmp, 'train'), floor=1.0, human_share=0.3)
            self.assertAlmostEqual(mix_weights(Split(tmp, 'train'), floor=1.0)[0].sum(), 1.0)  # their share: none


class TrainRunTest(unittest.TestCase):

    def test_short_run_lowers_loss_and_writes_a_checkpoint(self):
        with tempfile.TemporaryDirectory() as tmp:
            data, out = os.path.join(tmp, 'data'), os.path.join(tmp, 'out')
            write_dataset(data, {'train': 128, 'val': 32, 'test': 16})
            with contextlib.redirect_stdout(io.StringIO()):  # the run prints its log too
                train.main([f'--data_dir={data}', f'--out_dir={out}', *TINY_ARGS, '--batch_size=16',
                            '--max_iters=120', '--eval_interval=60', '--log_interval=10', '--warmup_iters=10',
                            '--learning_rate=3e-3', '--detector_iters=40', '--detector_batch_size=128',
                            '--bucket=2'])
            with open(os.path.join(out, 'log.jsonl')) as f:
                log = [json.loads(line) for line in f]
            steps = [r for r in log if 'loss_total' in r]
            self.assertEqual([r['step'] for r in steps], list(range(10, 121, 10)))
            first, last = np.mean([r['loss_total'] for r in steps[:2]]), np.mean([r['loss_total'] for r in steps[-2:]])
            self.assertLess(last, first * 0.9, f'loss {first:.3f} -> {last:.3f}')
            self.assertTrue(all(r['pairs_per_s'] > 0 for r in steps))
            detector = [r for r in log if r.get('stage') == 'detector']
            self.assertGreater(detector[-1]['color_acc'], 0.9)
            evals = [r for r in log if r.get('event') == 'eval']
            self.assertEqual([r['split'] for r in evals], ['val', 'val', 'test'])
            for r in evals:
                self.assertIn('consistency', r)
                self.assertEqual(set(r['align_precision']), {'cross_0', 'alignment_head'})
                self.assertEqual(set(r['align_precision_other_heads']), {'cross_0'})
            with open(os.path.join(out, 'metrics.json')) as f:
                metrics = json.load(f)
            best = max(evals[:2], key=lambda r: r['image_acc'])
            self.assertEqual(metrics['val']['image_acc'], best['image_acc'])  # picked on val only
            self.assertEqual(metrics['step'], best['step'])
            ckpt = torch.load(os.path.join(out, 'ckpt.pt'))
            self.assertEqual(ckpt['iter'], best['step'])
            self.assertEqual(ckpt['config']['family'], 'aligned')
            self.assertEqual(ckpt['metrics']['test']['image_acc'], evals[-1]['image_acc'])
            self.assertEqual(ckpt['vocab'], load_header(data)['vocab'])
            # training/evaluate.py reads the checkpoint back and measures any split the same way
            again = evaluate.run([f'--ckpt={os.path.join(out, "ckpt.pt")}', f'--data_dir={data}', '--split=test'])
            self.assertEqual((again['step'], again['image_acc'], again['align_precision']),
                             (best['step'], evals[-1]['image_acc'], evals[-1]['align_precision']))
            with self.assertRaises(SystemExit):
                evaluate.run([f'--data_dir={data}'])  # no checkpoint named
            # refresh: a checkpoint recorded before a metric existed gets it, measured on its own splits
            ck = os.path.join(out, 'ckpt.pt')
            old = torch.load(ck)
            for key in ('val', 'test'):
                del old['metrics'][key]['align_precision_other_heads']
            torch.save(old, ck)
            self.assertEqual(evaluate.run([f'--ckpt={ck}', f'--data_dir={data}', '--refresh=True'])['refreshed'],
                             ['val', 'test'])
            new = torch.load(ck)
            self.assertEqual(new['metrics']['test']['align_precision_other_heads'],
                             evals[-1]['align_precision_other_heads'])
            self.assertEqual(new['metrics']['val'],
                             {k: v for k, v in best.items() if k not in ('time', 'event', 'step', 'split')})
            with open(os.path.join(out, 'metrics.json')) as f:
                self.assertEqual(json.load(f)['test']['align_precision_other_heads'],
                                 evals[-1]['align_precision_other_heads'])
            recorded = new['metrics']['test']['image_acc']
            new['metrics']['test']['image_acc'] = recorded + 0.5  # not what this checkpoint measures: refused
            torch.save(new, ck)
            with self.assertRaises(SystemExit):
                evaluate.run([f'--ckpt={ck}', f'--data_dir={data}', '--refresh=True'])
            new['metrics']['test']['image_acc'] = recorded  # exactly as recorded, for the readers below
            torch.save(new, ck)
            # a sample of one source's pairs, e.g. of the training split
            part = evaluate.run([f'--ckpt={os.path.join(out, "ckpt.pt")}', f'--data_dir={data}', '--split=train',
                                 '--source=synthetic', '--sample=40'])
            self.assertEqual((part['pairs'], part['source']), (40, 'synthetic'))
            with self.assertRaises(SystemExit):
                evaluate.run([f'--ckpt={os.path.join(out, "ckpt.pt")}', f'--data_dir={data}', '--split=test',
                              '--source=nlvr-dev'])
            # training/seeds.py: a row per run, and mean ± std per family once a family has two runs
            runs = os.path.join(tmp, 'runs')
            for name in ('aligned-s1', 'aligned-s2'):
                shutil.copytree(out, os.path.join(runs, name))
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                seeds.main([f'--runs={runs}', f'--data_dir={data}', '--split=test'])
            lines = printed.getvalue().splitlines()
            self.assertIn('| test image | test pair |', lines[0])  # the synthetic columns name the split measured
            self.assertEqual([line.split(' | ')[0] for line in lines[2:]],
                             ['| aligned-s1', '| aligned-s2', '| **aligned, mean ± std of 2**'])
            self.assertIn(f"{100 * evals[-1]['image_acc']:.1f} ± 0.0 %", lines[-1])
            # the other heads' alignment only for a run that trained head 0 (attn_sup > 0, as its log records)
            log_path = os.path.join(runs, 'aligned-s2', 'log.jsonl')
            with open(log_path) as f:
                records = [json.loads(line) for line in f]
            records[0]['config']['attn_sup'] = 0.3
            with open(log_path, 'w') as f:
                f.writelines(json.dumps(r) + '\n' for r in records)
            table_json = os.path.join(tmp, 'seeds.json')
            with contextlib.redirect_stdout(io.StringIO()):
                seeds.main([f'--runs={runs}', f'--data_dir={data}', '--split=', f'--json_out={table_json}'])
            with open(table_json) as f:
                free = {r['run']: r['test_align_free'] for r in json.load(f)}
            with open(os.path.join(out, 'metrics.json')) as f:
                other = json.load(f)['test']['align_precision_other_heads']
            self.assertEqual(free, {'aligned-s1': None, 'aligned-s2': [other['cross_0']]})
            self.assertEqual(len(free['aligned-s2']), 1)  # one cross layer in these tiny runs
            # --previous: an earlier table's rows join, and a run measured again replaces its earlier row
            with open(table_json) as f:
                earlier = json.load(f)
            earlier[0]['run'] = 'aligned-s9'  # a seed trained elsewhere, its folder not here
            earlier[1]['test_image'] = -1.0  # aligned-s2, stale: measured again below
            with open(table_json, 'w') as f:
                json.dump(earlier, f)
            shutil.rmtree(os.path.join(runs, 'aligned-s1'))
            with contextlib.redirect_stdout(io.StringIO()):
                seeds.main([f'--runs={runs}', f'--data_dir={data}', '--split=', f'--previous={table_json}',
                            f'--json_out={table_json}'])
            with open(table_json) as f:
                merged = [(r['run'], r['test_image']) for r in json.load(f)]
            self.assertEqual(merged, [('aligned-s9', earlier[0]['test_image']), ('aligned-s2', evals[-1]['image_acc'])])
            with self.assertRaises(SystemExit):
                seeds.main([f'--runs={data}', f'--data_dir={data}'])  # no finished run there
            # training/coverage.py: the test pairs whose sentence the synthetic training pairs also have, and
            # the model on them and on the rest: here only "yellow" sentences are synthetic
            words, _ = with_families(data, 'train')
            meta = Split(data, 'train').meta()
            for m, w in zip(meta, words):
                if w[4] != 7:  # not yellow: human-written
                    m.pop('family')
                    m.update(source='nlvr-dev', presentation=m['id'])
            write_meta(data, 'train', meta)
            cov = coverage.run([f'--ckpt={os.path.join(out, "ckpt.pt")}', f'--data_dir={data}', '--split=test'])
            test_words = [tuple(r[r != 0]) for r in np.asarray(Split(data, 'test').ids)]
            self.assertEqual(cov['covered_pairs'], sum(w[4] == 7 for w in test_words))
            self.assertEqual(cov['families'], {'c7': cov['covered_pairs']})
            self.assertEqual((cov['c7']['pairs'], cov['c7']['image_acc']), (cov['covered']['pairs'], cov['covered']['image_acc']))
            self.assertEqual(cov['covered']['pairs'] + cov['rest']['pairs'], 16)
            self.assertTrue(0 < cov['covered_pairs'] < 16)
            whole = sum(cov[k]['image_acc'] * cov[k]['pairs'] for k in ('covered', 'rest')) / 16
            self.assertAlmostEqual(whole, evals[-1]['image_acc'])
            said = sum(cov[k]['image_said_true'] * cov[k]['pairs'] for k in ('covered', 'rest')) / 16
            self.assertAlmostEqual(said, evals[-1]['image_said_true'])
            # training/combine.py: one checkpoint on the boxes as they are is the trainer's figure; a checkpoint
            # combined with itself is that checkpoint over the box orders
            ck = os.path.join(out, 'ckpt.pt')
            both = combine.run([f'--ckpts={ck},{ck}', f'--data_dir={data}', '--split=test'])
            self.assertEqual(both['single'], [evals[-1]['image_acc']] * 2)
            self.assertEqual((both['box_orders'], both['combined']), (6, both['single_box_orders'][0]))
            one = combine.run([f'--ckpts={ck}', f'--data_dir={data}', '--split=test', '--box_orders=False'])
            self.assertEqual((one['box_orders'], one['combined']), (1, evals[-1]['image_acc']))
            with self.assertRaises(SystemExit):
                combine.run([f'--data_dir={data}'])  # no checkpoint named

    def test_families_probe_trains_and_validates_on_those_families_only(self):
        with tempfile.TemporaryDirectory() as tmp:
            data, out = os.path.join(tmp, 'data'), os.path.join(tmp, 'out')
            write_dataset(data, {'train': 64, 'synval': 24, 'val': 8})
            words, _ = with_families(data, 'train')
            val_words, _ = with_families(data, 'synval')
            args = [f'--data_dir={data}', f'--out_dir={out}', *TINY_ARGS, '--batch_size=8', '--max_iters=4',
                    '--eval_interval=4', '--detector_iters=2', '--val_split=synval', '--test_split=', '--bucket=1']
            with contextlib.redirect_stdout(io.StringIO()):
                train.main([*args, '--families=c7,c9'])
            with open(os.path.join(out, 'log.jsonl')) as f:
                log = [json.loads(line) for line in f]
            self.assertEqual(log[0]['train_pairs'], sum(w[4] in (7, 9) for w in words))
            evals = [r for r in log if r.get('event') == 'eval']
            self.assertEqual(evals[-1]['pairs'], sum(w[4] in (7, 9) for w in val_words))
            self.assertEqual(set(evals[-1]['image_acc_by_family']), {'c7', 'c9'})
            # seeds.py tables probes too: no test split, and --split= measures no other
            runs = os.path.join(tmp, 'runs')
            shutil.copytree(out, os.path.join(runs, 'aligned-s1'))
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                seeds.main([f'--runs={runs}', f'--data_dir={data}', '--split='])
            self.assertIn('| synthetic image |', printed.getvalue().splitlines()[0])
            cells = printed.getvalue().splitlines()[2].split(' | ')
            self.assertEqual(cells[4], f"{100 * evals[-1]['image_acc']:.1f} %")  # val image: the only val eval
            self.assertEqual(cells[5:], ['—'] * 6 + ['— |'])  # test-P, synval, alignment (all heads, free heads)
            with self.assertRaises(SystemExit):
                train.main([*args, '--families=c7,nope'])  # a family the split does not have
            with self.assertRaises(SystemExit):
                train.main([*args, '--families=c7', '--family_mix=nlvr'])
            with self.assertRaises(SystemExit):
                train.main([*args, '--families=c7', '--val_split=val'])  # no pair of c7 in val
            with self.assertRaises(SystemExit):
                train.main([*args, '--human_share=0.3'])  # a human share without the nlvr mix
            with self.assertRaises(SystemExit):
                train.main([*args[:-3], '--family_mix=nlvr', '--human_share=1.0'])  # no synthetic draw left
            # with a weight average, the averaged weights are validated and saved: the checkpoint measures
            # what the log says, and it is not the trained weights
            with contextlib.redirect_stdout(io.StringIO()):
                train.main([*args, '--max_iters=8', '--ema_decay=0.9'])
            with open(os.path.join(out, 'metrics.json')) as f:
                best = json.load(f)['val']
            again = evaluate.run([f'--ckpt={os.path.join(out, "ckpt.pt")}', f'--data_dir={data}', '--split=synval'])
            self.assertEqual((again['image_acc'], again['image_nll']), (best['image_acc'], best['image_nll']))
            with self.assertRaises(SystemExit):
                train.main([*args, '--ema_decay=1.0'])


class WeightAverageTest(unittest.TestCase):

    def test_average_follows_the_weights_after_a_warm_up(self):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
        w0 = model[0].weight.detach().clone()
        average = WeightAverage(model, 0.9)
        with torch.no_grad():
            model[0].weight.add_(1.0)
        model[1].num_batches_tracked += 5
        average.update(model)  # first step: r = min(0.9, 1 / 10), the new weights count 0.9
        torch.testing.assert_close(average.model[0].weight, 0.1 * w0 + 0.9 * (w0 + 1))
        self.assertEqual(average.model[1].num_batches_tracked.item(), 5)  # an integer buffer is copied
        self.assertFalse(any(p.requires_grad for p in average.model.parameters()))
        for _ in range(200):
            average.update(model)
        torch.testing.assert_close(average.model[0].weight, w0 + 1)
        with torch.no_grad():
            model[0].weight.add_(1.0)
        average.update(model)  # from now on r = 0.9
        torch.testing.assert_close(average.model[0].weight, w0 + 1.1)


if __name__ == '__main__':
    unittest.main()

import os
import tempfile
import unittest

import numpy as np
import torch

from data import BOX_PERMUTATIONS, BOX_PITCH, BOX_WIDTH, DatasetError, Grounding, Split
from training.tests.helpers import O, S, T, TOKENS, write_dataset


class DataTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = cls.tmp.name
        cls.header = write_dataset(cls.root, {'train': 40, 'val': 8})

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_batch_matches_files(self):
        s = Split(self.root, 'train')
        self.assertEqual(len(s), 40)
        idx = np.array([7, 3])
        b = s.batch(idx)
        shapes = {k: tuple(v.shape) for k, v in b.items()}
        self.assertEqual(shapes['object_crops'], (2, 2, O, 3, S, S))
        self.assertEqual(shapes['input_ids'], (2, T))
        self.assertEqual(b['object_crops'].dtype, torch.float32)
        self.assertEqual(b['input_ids'].dtype, torch.int64)
        # batch rows come sorted by pair index; check pair 3, image 1 against the raw files
        offset = np.fromfile(os.path.join(self.root, 'train.obj_offset.bin'), '<i4').reshape(-1, 2)[3, 1]
        count = np.fromfile(os.path.join(self.root, 'train.obj_count.bin'), 'u1').reshape(-1, 2)[3, 1]
        crops = np.fromfile(os.path.join(self.root, 'train.crops.bin'), 'u1').reshape(-1, 3, S, S)
        boxes = np.fromfile(os.path.join(self.root, 'train.boxes.bin'), '<f4').reshape(-1, 4)
        self.assertEqual(int(b['object_mask'][0, 1].sum()), count)
        np.testing.assert_array_equal(b['object_crops'][0, 1, :count].numpy(),
                                      crops[offset:offset + count].astype(np.float32) / 255.0)
        np.testing.assert_array_equal(b['object_boxes'][0, 1, :count].numpy(), boxes[offset:offset + count])
        self.assertEqual(float(b['object_crops'][0, 1, count:].abs().sum()), 0.0)
        self.assertTrue(((b['attention_mask'] == 1) == (b['input_ids'] != 0)).all())

    def test_trim_keeps_content(self):
        s = Split(self.root, 'train')
        full, cut = s.batch(np.arange(6)), s.batch(np.arange(6), trim=True)
        Tt, Ot = cut['input_ids'].shape[1], cut['object_mask'].shape[2]
        self.assertEqual(Tt, int(full['attention_mask'].sum(1).max()))
        self.assertEqual(Ot, int(full['object_mask'].sum(2).max()))
        torch.testing.assert_close(full['object_crops'][:, :, :Ot], cut['object_crops'])
        torch.testing.assert_close(full['input_ids'][:, :Tt], cut['input_ids'])

    def test_bucketed_batches_cover_an_epoch(self):
        s = Split(self.root, 'train')
        stream = s.batches(4, np.random.default_rng(0), bucket=3)
        seen = np.concatenate([next(stream) for _ in range(10)])  # 40 pairs: one epoch
        self.assertEqual(sorted(seen.tolist()), list(range(40)))

    def test_box_permutation_moves_whole_boxes(self):
        s = Split(self.root, 'train')
        idx = np.arange(20)
        plain = s.batch(idx)
        moved = s.batch(idx, np.random.default_rng(1), permute_boxes=True)
        m = plain['object_mask'].bool()
        torch.testing.assert_close(plain['object_crops'], moved['object_crops'])
        a, b = plain['object_boxes'][m], moved['object_boxes'][m]  # (M, 4)
        torch.testing.assert_close(a[:, [1, 3]], b[:, [1, 3]])  # y unchanged
        torch.testing.assert_close(a[:, 2] - a[:, 0], b[:, 2] - b[:, 0])  # widths unchanged
        steps = (b[:, 0] - a[:, 0]) / BOX_PITCH
        torch.testing.assert_close(steps, steps.round(), atol=1e-4, rtol=0)  # whole box pitches
        box_before = torch.floor(a[:, 0] / BOX_PITCH)
        box_after = torch.floor(b[:, 0] / BOX_PITCH + 1e-4)
        self.assertTrue(((box_after >= 0) & (box_after <= 2)).all())
        self.assertTrue((steps != 0).any())
        # objects that shared a box still share one
        img = torch.arange(len(idx) * 2).view(-1, 2, 1).expand_as(m)[m]  # image of each object
        key_before = img * 3 + box_before.long()
        key_after = img * 3 + box_after.long()
        for k in key_before.unique():
            self.assertEqual(len(key_after[key_before == k].unique()), 1)
        # a set box order: 0 leaves the boxes as they are; k sends box b of every image to BOX_PERMUTATIONS[k][b]
        torch.testing.assert_close(s.batch(idx, box_order=0)['object_boxes'], plain['object_boxes'])
        for k, perm in enumerate(BOX_PERMUTATIONS):
            ordered = s.batch(idx, box_order=k)['object_boxes'][m]  # (M, 4)
            expected = torch.from_numpy(perm)[box_before.long()]  # (M,)
            self.assertTrue((torch.floor(ordered[:, 0] / BOX_PITCH + 1e-4).long() == expected).all())

    def test_mirror_flips_objects_within_their_grey_box(self):
        s = Split(self.root, 'train')
        idx = np.arange(20)
        plain = s.batch(idx)
        m = plain['object_mask'].bool()
        a = plain['object_boxes']  # (B, 2, O, 4)
        edge = 2 * torch.floor(a[..., 0] / BOX_PITCH) * BOX_PITCH + BOX_WIDTH  # (B, 2, O)
        flipped = torch.stack([edge - a[..., 2], a[..., 1], edge - a[..., 0], a[..., 3]], -1)[m]  # (M, 4)
        every = s.batch(idx, np.random.default_rng(0), mirror=1.0)
        torch.testing.assert_close(every['object_boxes'][m], flipped)
        torch.testing.assert_close(every['object_boxes'][~m], a[~m])  # padding stays zero
        box = torch.floor(a[m][:, 0] / BOX_PITCH)  # (M,) each object stays in its grey box
        torch.testing.assert_close(torch.floor(every['object_boxes'][m][:, 0] / BOX_PITCH), box)
        torch.testing.assert_close(every['object_crops'], plain['object_crops'])
        half = s.batch(idx, np.random.default_rng(0), mirror=0.5)['object_boxes']
        same = (half == a).flatten(2).all(-1) & m.any(-1)  # (B, 2) images with objects left as they were
        self.assertTrue(0 < same.sum() < m.any(-1).sum())
        # a sentence that names a side is never mirrored (the fixture has no side word: 'yellow' plays one)
        s.side_ids = [TOKENS.index('yellow')]
        sided = (plain['input_ids'] == TOKENS.index('yellow')).any(1)  # (B,)
        self.assertTrue(0 < sided.sum() < len(idx))
        some = s.batch(idx, np.random.default_rng(0), mirror=1.0)['object_boxes']
        torch.testing.assert_close(some[sided], a[sided])
        torch.testing.assert_close(some[~sided], every['object_boxes'][~sided])

    def test_wrong_sizes_fail_loudly(self):
        with tempfile.TemporaryDirectory() as root:
            write_dataset(root, {'train': 4})
            with open(os.path.join(root, 'train.boxes.bin'), 'ab') as f:
                f.write(b'\0' * 4)
            with self.assertRaises(DatasetError):
                Split(root, 'train')
            with self.assertRaises(DatasetError):
                Split(root, 'nope')


class GroundingTest(unittest.TestCase):

    def test_targets_follow_detected_classes(self):
        header = {'vocab': {'tokens': TOKENS, 'grounding': {
            'yellow': {'colors': ['yellow']}, 'square': {'shapes': ['square']}, 'object': {'any': True},
            'blue': {'colors': ['blue'], 'shapes': ['circle']}}},  # both: must match both
            'colors': ['yellow', 'black', 'blue'], 'shapes': ['square', 'circle', 'triangle']}
        g = Grounding(header)
        tok = {t: i for i, t in enumerate(TOKENS)}
        words = ['[CLS]', 'yellow', 'square', 'object', 'is', 'blue', 'black', '[SEP]']
        ids = torch.zeros(1, 10, dtype=torch.long)
        ids[0, :len(words)] = torch.tensor([tok[w] for w in words])
        am = (ids != 0).long()
        O_ = 4
        # detected classes: yellow square, yellow circle, blue circle, (padding: yellow square)
        color, shape = torch.tensor([0, 0, 2, 0]), torch.tensor([0, 1, 1, 0])
        det = torch.zeros(1, 2, O_, 6)
        det[0, :, torch.arange(O_), color] = 0.9
        det[0, :, torch.arange(O_), 3 + shape] = 0.8
        mask = torch.tensor([[[1, 1, 1, 0], [0, 0, 0, 0]]])
        target, has = g.targets(ids, am, det, mask)
        self.assertEqual(tuple(target.shape), (1, 2, 10, O_))
        torch.testing.assert_close(target[0, 0, 1], torch.tensor([0.5, 0.5, 0.0, 0.0]))  # yellow
        torch.testing.assert_close(target[0, 0, 2], torch.tensor([1.0, 0.0, 0.0, 0.0]))  # square
        torch.testing.assert_close(target[0, 0, 3], torch.tensor([1 / 3, 1 / 3, 1 / 3, 0.0]))  # object
        torch.testing.assert_close(target[0, 0, 5], torch.tensor([0.0, 0.0, 1.0, 0.0]))  # blue circle
        self.assertEqual(has[0, 0].tolist(), [False, True, True, True, False, True, False, False, False, False])
        self.assertFalse(has[0, 1].any())  # no objects, no targets
        self.assertEqual(float(target[0, 1].sum()), 0.0)
        # detected, not ground truth: relabel object 0 as black and "black" now has a target
        det2 = det.clone()
        det2[0, 0, 0, :3] = torch.tensor([0.1, 0.8, 0.1])
        g2 = Grounding({**header, 'vocab': {'tokens': TOKENS, 'grounding': {'black': {'colors': ['black']}}}})
        target2, _ = g2.targets(ids, am, det2, mask)
        torch.testing.assert_close(target2[0, 0, 6], torch.tensor([1.0, 0.0, 0.0, 0.0]))

    def test_bad_grounding_fails_loudly(self):
        base = {'colors': ['yellow'], 'shapes': ['square']}
        with self.assertRaises(DatasetError):
            Grounding({**base, 'vocab': {'tokens': ['[PAD]'], 'grounding': {'yellow': {'colors': ['yellow']}}}})
        with self.assertRaises(DatasetError):
            Grounding({**base, 'vocab': {'tokens': ['[PAD]', 'red'], 'grounding': {'red': {'colors': ['red']}}}})


if __name__ == '__main__':
    unittest.main()

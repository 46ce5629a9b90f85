import unittest

import torch

from training.tests.helpers import O, S, T
from model import INPUT_NAMES, OUTPUT_NAMES, Model, ModelConfig, box_geometry, pair_log_probs

TINY = dict(vocab_size=15, d=32, n_head=2, n_lang_layers=1, n_obj_layers=1, n_cross_layers=2,
            cnn_channels=(8, 8, 16), dropout=0.0)


def random_inputs(B=3, seed=0, vocab_size=15):
    g = torch.Generator().manual_seed(seed)
    n_tok = torch.tensor([T, 7, 3])[:B]
    attention_mask = (torch.arange(T)[None] < n_tok[:, None]).long()  # (B, T)
    input_ids = torch.randint(4, vocab_size, (B, T), generator=g) * attention_mask
    n_obj = torch.tensor([[O, 5], [1, 0], [3, 7]])[:B]  # a full image, an empty one
    object_mask = (torch.arange(O)[None, None] < n_obj[..., None]).long()  # (B, 2, O)
    crops = torch.rand(B, 2, O, 3, S, S, generator=g)
    boxes = torch.rand(B, 2, O, 4, generator=g)
    return input_ids, attention_mask, crops, boxes, object_mask


class ModelTest(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(0)
        self.model = Model(ModelConfig(**TINY)).eval()

    def test_names_and_shapes(self):
        self.assertEqual(INPUT_NAMES, ('input_ids', 'attention_mask', 'object_crops', 'object_boxes', 'object_mask'))
        self.assertEqual(OUTPUT_NAMES, ('pair_logits', 'image_logits', 'alignment', 'cross_attention', 'detections'))
        outs = self.model(*random_inputs())
        c = self.model.config
        expected = [(3, 2), (3, 2, 2), (3, 2, T, O), (3, 2, c.n_cross_layers, c.n_head, T, O), (3, 2, O, 6)]
        self.assertEqual([tuple(o.shape) for o in outs], expected)
        for o in outs:
            self.assertEqual(o.dtype, torch.float32)
            self.assertFalse(torch.isnan(o).any())

    def test_masks_are_respected(self):
        inputs = random_inputs()
        _, _, alignment, cross, det = self.model(*inputs)
        w = inputs[1].bool()[:, None, :, None]  # (B, 1, T, 1)
        o = inputs[4].bool()[:, :, None, :]  # (B, 2, 1, O)
        self.assertTrue((alignment[~(w & o).expand_as(alignment)] == 0).all())
        outside = cross.permute(0, 1, 4, 5, 2, 3)[~(w & o).expand(-1, 2, -1, -1)]  # (M, L, H)
        self.assertTrue((outside == 0).all())
        self.assertTrue((det[~inputs[4].bool()] == 0).all())
        # each real word's alignment and attention sum to 1 over the objects of an image that has some
        has_obj = inputs[4].sum(-1) > 0  # (B, 2)
        sums = alignment.sum(-1)  # (B, 2, T)
        rows = (inputs[1].bool()[:, None, :] & has_obj[..., None])  # (B, 2, T)
        torch.testing.assert_close(sums[rows], torch.ones(int(rows.sum())))
        torch.testing.assert_close(cross.sum(-1).permute(0, 1, 4, 2, 3)[rows], torch.ones(int(rows.sum()), 2, 2))
        self.assertEqual(float(alignment[1, 1].abs().sum()), 0.0)  # the image without objects
        self.assertEqual(float(cross[1, 1].abs().sum()), 0.0)
        # and masked slots' contents cannot leak: change them, nothing changes
        crops, boxes = inputs[2].clone(), inputs[3].clone()
        pad = ~inputs[4].bool()
        crops[pad], boxes[pad] = 1.0, 5.0
        outs2 = self.model(inputs[0], inputs[1], crops, boxes, inputs[4])
        for a, b in zip(self.model(*inputs), outs2):
            torch.testing.assert_close(a, b)

    def test_pair_log_probs(self):
        z = torch.tensor([[0.3, -1.2], [200.0, 200.0], [-200.0, 50.0], [30.0, -30.0], [0.0, 0.0]])  # (B, 2)
        image_logits = torch.stack([torch.zeros_like(z), z], -1)  # (B, 2, 2)
        lp = pair_log_probs(image_logits)
        self.assertTrue(torch.isfinite(lp).all())
        torch.testing.assert_close(lp.exp().sum(1), torch.ones(5))
        # float64 references: log(pL pR), and log(1 - pL pR) = log((1 - pL) + pL (1 - pR))
        ls = torch.nn.functional.logsigmoid
        zd = z.double()
        torch.testing.assert_close(lp[:, 1].double(), ls(zd[:, 0]) + ls(zd[:, 1]))
        ref = torch.logaddexp(ls(-zd[:, 0]), ls(zd[:, 0]) + ls(-zd[:, 1]))
        torch.testing.assert_close(lp[:, 0].double(), ref)
        self.assertAlmostEqual(float(lp[1, 0]), -200 + 0.6931, places=3)  # 1 - pL pR ~ 2 exp(-200)

    def test_training_path_and_trimming_match_eval(self):
        # training runs the CNN on real objects only, and trims padding: same numbers as the full graph
        inputs = random_inputs()
        with torch.no_grad():
            full = self.model(*inputs)
            self.model.train()  # dropout is 0 in TINY
            packed = self.model(*inputs)
        for a, b in zip(full, packed):
            torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
        # trimming padding: batch item 1 alone has 7 tokens and 1 object in its fuller image
        one = [x[1:2] for x in inputs]
        with torch.no_grad():
            self.model.eval()
            full = self.model(*one)
            self.model.train()
            cut = self.model(one[0][:, :7], one[1][:, :7], one[2][:, :, :1], one[3][:, :, :1], one[4][:, :, :1])
        for a, b in zip(full[:2], cut[:2]):
            torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
        torch.testing.assert_close(full[2][..., :7, :1], cut[2], rtol=1e-4, atol=1e-5)

    def test_default_size(self):
        n = Model(ModelConfig(vocab_size=200)).get_num_params()
        self.assertTrue(500_000 <= n <= 1_500_000, n)


class CountAttentionModelTest(ModelTest):
    """The same checks with count attention on: masked objects must not be counted, trimming must not matter."""

    def setUp(self):
        torch.manual_seed(0)
        self.model = Model(ModelConfig(**TINY, count_attention=True)).eval()



class GeometryModelTest(ModelTest):
    """The same checks with geometry features: padding's boxes must not reach the real objects' relations."""

    def setUp(self):
        torch.manual_seed(0)
        self.model = Model(ModelConfig(**TINY, count_attention=True, geo_features=True)).eval()

    def test_box_geometry_of_a_tower(self):
        def box(b, x, y, size=20):  # NLVR units: grey box b, top-left (x, y) in it
            return [(150 * b + x) / 400, y / 100, (150 * b + x + size) / 400, (y + size) / 100]
        # a three-block tower in box 1 (blocks 1 unit apart), a lone object in box 0 against the left wall
        # 2 units below the top, padding
        boxes = torch.tensor([[box(1, 40, 80), box(1, 40, 59), box(1, 40, 38), box(0, 0, 2, 10), [9, 9, 9, 9]]])
        g = box_geometry(boxes, torch.tensor([[True, True, True, True, False]]))[0]  # (5, 24)
        torch.testing.assert_close(g[:4, :3], torch.tensor([[0., 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]]))
        torch.testing.assert_close(g[0, 3:8], torch.tensor([0.4, 0.8, 0.6, 1.0, 0.2]))  # corners, width
        torch.testing.assert_close(g[3, 8:12], torch.tensor([0.0, 0.9, 0.02, 0.88]))  # wall distances
        torch.testing.assert_close(g[3, 12:16], torch.tensor([0.0, 1.0, 0.4, 1.0]))  # clipped at 5 units
        # others in box, above / 5, below / 5, is top, is lowest, touches one, rests on one, one rests on it
        rel = torch.tensor([[0.4, 0.4, 0.0, 0, 1, 1, 0, 1],   # base
                            [0.4, 0.2, 0.2, 0, 0, 1, 1, 1],   # middle
                            [0.4, 0.0, 0.4, 1, 0, 1, 1, 0],   # top
                            [0.0, 0.0, 0.0, 1, 1, 0, 0, 0]])  # alone
        torch.testing.assert_close(g[:4, 16:], rel)
        # 2 units apart is not touching
        apart = torch.tensor([[box(2, 0, 78), box(2, 0, 56)]])
        self.assertEqual(box_geometry(apart, torch.tensor([[True, True]]))[0, :, 21].tolist(), [0.0, 0.0])


class PooledHeadModelTest(ModelTest):
    """The same checks with the pooled image head: padding objects must reach neither the max nor the mean."""

    def setUp(self):
        torch.manual_seed(0)
        self.model = Model(ModelConfig(**TINY, count_attention=True, geo_features=True, pool_head=True)).eval()


if __name__ == '__main__':
    unittest.main()

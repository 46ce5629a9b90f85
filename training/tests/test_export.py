import contextlib
import io
import json
import os
import tempfile
import unittest
from dataclasses import asdict

import numpy as np
import onnx
import torch

import checkpoint
import export
from configurator import TrainConfig
from data import load_header
from model import INPUT_NAMES, MODEL_IO, OUTPUT_NAMES, Model, ModelConfig
from training.tests.helpers import O, T, write_dataset
from training.tests.test_model import TINY

try:
    from onnx.reference import ReferenceEvaluator  # onnx >= 1.13; Debian 12 ships 1.12
except ImportError:
    ReferenceEvaluator = None

ONNX_TYPES = {'int64': onnx.TensorProto.INT64, 'float32': onnx.TensorProto.FLOAT}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def assert_model_io(test, m, config):
    """m (an ONNX model) has exactly the inputs and outputs lib/core/io/model-io.json defines, read here on its
    own: names in order, dtypes, every input dimension ('B' the dynamic batch, T/O/S the JSON's sizes) and
    every output dimension the graph holds as a number (L, H and K are the model's: its config's)."""
    with open(os.path.join(REPO, 'lib', 'core', 'io', 'model-io.json')) as f:
        io = json.load(f)
    sizes = {**io['sizes'], 'L': config.n_cross_layers, 'H': config.n_head, 'K': config.n_colors + config.n_shapes}

    def expected(shape):
        return ['batch' if d == 'B' else sizes.get(d, d) for d in shape]
    test.assertEqual(m.opset_import[0].version, io['opset'])
    for got, want in ((m.graph.input, io['inputs']), (m.graph.output, io['outputs'])):
        test.assertEqual([v.name for v in got], [t['name'] for t in want])
        test.assertEqual([v.type.tensor_type.elem_type for v in got], [ONNX_TYPES[t['type']] for t in want])
        for v, t in zip(got, want):
            shape = dims(v)
            test.assertEqual(len(shape), len(t['shape']), v.name)
            test.assertEqual(shape[0], 'batch', v.name)
            static = [(g, e) for g, e in zip(shape, expected(t['shape'])) if isinstance(g, int) or got is m.graph.input]
            test.assertEqual([g for g, _ in static], [e for _, e in static], v.name)


class ExportTest(unittest.TestCase):
    CONFIG = TINY

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        data = os.path.join(cls.tmp.name, 'data')
        header = write_dataset(data, {'val': 6})
        torch.manual_seed(0)
        cls.model = Model(ModelConfig(**cls.CONFIG)).eval()
        config = asdict(TrainConfig(data_dir=data))
        ckpt = os.path.join(cls.tmp.name, 'ckpt.pt')
        torch.save(checkpoint.make(cls.model, config, header, 7, {'val': {'image_acc': 0.5}}), ckpt)
        with contextlib.redirect_stdout(io.StringIO()):
            cls.out = export.main([f'--ckpt={ckpt}', f'--out_dir={cls.tmp.name}/models', '--id=tiny',
                                   '--golden_pairs=2'])
        cls.header = load_header(data)
        with open(os.path.join(cls.out, 'golden.json')) as f:
            cls.golden = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def golden_inputs(self):
        dtypes = {'int64': torch.int64, 'float32': torch.float32}
        return [torch.tensor(g['data'], dtype=dtypes[g['dtype']]).view(g['dims'])
                for g in (self.golden['inputs'][n] for n in INPUT_NAMES)]

    def test_graph_is_model_io_v1(self):
        path = os.path.join(self.out, 'model.onnx')
        onnx.checker.check_model(path)
        assert_model_io(self, onnx.load(path), self.model.config)
        self.assertFalse(os.path.exists(os.path.join(self.out, 'model.onnx.data')))  # one file, weights inside

    def test_golden_fixture_reproduces_pytorch(self):
        inputs = self.golden_inputs()
        self.assertEqual(inputs[0].shape[0], 3)  # two real pairs and the edge case
        self.assertTrue(self.golden['source'].endswith(':val'))
        with torch.no_grad():
            outputs = self.model(*inputs)
        for name, t in zip(OUTPUT_NAMES, outputs):
            g = self.golden['outputs'][name]
            self.assertEqual(g['dims'], list(t.shape))
            np.testing.assert_array_equal(np.array(g['data'], np.float32), t.numpy().reshape(-1))
        # edge case: the last pair's right image has no objects
        self.assertEqual(int(inputs[4][-1, 1].sum()), 0)
        alignment = np.array(self.golden['outputs']['alignment']['data']).reshape(3, 2, T, O)
        self.assertEqual(float(np.abs(alignment[-1, 1]).sum()), 0.0)
        self.assertTrue(all(np.isfinite(g['data']).all() for g in self.golden['outputs'].values()))

    def test_side_files(self):
        with open(os.path.join(self.out, 'config.json')) as f:
            config = json.load(f)
        self.assertEqual((config['io_version'], config['family'], config['inputs'], config['outputs']),
                         (MODEL_IO['version'], 'aligned', list(INPUT_NAMES), list(OUTPUT_NAMES)))
        self.assertEqual(config['vocab'], self.header['vocab'])
        with open(os.path.join(self.out, 'metrics.json')) as f:
            self.assertEqual(json.load(f), {'val': {'image_acc': 0.5}})

    @unittest.skipIf(ReferenceEvaluator is None, 'onnx.reference needs onnx >= 1.13 (Debian 12 has 1.12); '
                     'ONNX parity is checked from Node against golden.json')
    def test_onnx_matches_pytorch(self):
        inputs = self.golden_inputs()
        sess = ReferenceEvaluator(os.path.join(self.out, 'model.onnx'))
        got = sess.run(None, {n: t.numpy() for n, t in zip(INPUT_NAMES, inputs)})
        for name, g in zip(OUTPUT_NAMES, got):
            want = np.array(self.golden['outputs'][name]['data'], np.float32)
            np.testing.assert_allclose(g.reshape(-1), want, rtol=1e-4, atol=1e-5, err_msg=name)



class ShippedModelsTest(unittest.TestCase):

    def test_shipped_graphs_are_model_io_v1(self):
        for family in ('aligned', 'baseline'):
            with open(os.path.join(REPO, 'models', family, 'config.json')) as f:
                config = ModelConfig(**json.load(f)['model_config'])
            assert_model_io(self, onnx.load(os.path.join(REPO, 'models', family, 'model.onnx')), config)


class GeometryExportTest(ExportTest):
    """Geometry features (floor, comparisons, pairwise relations) export to the same v1 graph and match."""
    CONFIG = {**TINY, 'count_attention': True, 'geo_features': True}


class PooledHeadExportTest(ExportTest):
    """The pooled image head (masked max and mean over objects) exports to the same v1 graph and matches."""
    CONFIG = {**TINY, 'count_attention': True, 'geo_features': True, 'pool_head': True}


if __name__ == '__main__':
    unittest.main()

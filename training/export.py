"""
Exports a training checkpoint to ONNX (Model I/O v1 as lib/core/io/model-io.json defines it: names,
version, opset; fp32, dynamic batch axis only) and writes
the files a model release is built from:

  models/<id>/model.onnx    the graph, weights inside (external data only if it would pass 2 GB)
  models/<id>/golden.json   a few inputs and PyTorch's outputs for them, for the ONNX parity tests
  models/<id>/config.json   model config, family, I/O names, vocabulary
  models/<id>/metrics.json  the checkpoint's measured metrics

  /usr/bin/python3 training/export.py --ckpt=out/aligned/ckpt.pt --id=aligned --data_dir=.data/dataset

golden.json: {"io_version": 1, "inputs": {name: tensor}, "outputs": {name: tensor}} where a tensor is
{"dtype": "int64"|"float32", "dims": [...], "data": [...]} with data flat in row-major order (float32
values written with enough digits to round-trip exactly through a JS Float32Array).
"""

import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkpoint  # noqa: E402
from configurator import apply_overrides  # noqa: E402
from data import Split, model_inputs  # noqa: E402
from model import INPUT_NAMES, MODEL_IO, OUTPUT_NAMES  # noqa: E402

IO_VERSION = MODEL_IO['version']
OPSET = MODEL_IO['opset']
TWO_GB = 2 ** 31

DEFAULTS = {
    'ckpt': 'out/aligned/ckpt.pt',
    'out_dir': 'models',
    'id': '',  # defaults to the checkpoint's family
    'data_dir': '',  # golden inputs from this dataset's split; '' uses the checkpoint's data_dir
    'split': 'val',
    'golden_pairs': 3,  # real pairs in golden.json; one edge case (an image without objects) is added
    'seed': 0,
}


def random_inputs(config, B, seed):
    # stand-in inputs when no dataset is at hand: crops quantized to k/255 like real ones
    g = torch.Generator().manual_seed(seed)
    c = config
    n_tok = torch.randint(3, c.T + 1, (B,), generator=g)  # (B,)
    attention_mask = (torch.arange(c.T)[None, :] < n_tok[:, None]).long()  # (B, T)
    input_ids = torch.randint(4, c.vocab_size, (B, c.T), generator=g) * attention_mask  # (B, T)
    input_ids[:, 0] = 2  # [CLS]
    n_obj = torch.randint(1, c.O + 1, (B, 2), generator=g)  # (B, 2)
    object_mask = (torch.arange(c.O)[None, None, :] < n_obj[..., None]).long()  # (B, 2, O)
    crops = torch.randint(0, 256, (B, 2, c.O, 3, c.S, c.S), generator=g).float() / 255.0
    xy = torch.rand(B, 2, c.O, 2, generator=g) * 0.7  # (B, 2, O, 2)
    boxes = torch.cat([xy, xy + 0.1], dim=-1)  # (B, 2, O, 4)
    m = object_mask[..., None]  # (B, 2, O, 1)
    return input_ids, attention_mask, crops * m[..., None, None], boxes * m, object_mask


def golden_inputs(model, data_dir, split, n_pairs, seed):
    """n_pairs real pairs (or random stand-ins) plus a copy of the first one whose right image has no
    objects at all, the case where every mask-fill matters."""
    if data_dir:
        s = Split(data_dir, split)
        b = s.batch(np.arange(min(n_pairs, len(s))))
        inputs = list(model_inputs(b))
    else:
        inputs = list(random_inputs(model.config, n_pairs, seed))
    edge = [x[:1].clone() for x in inputs]
    edge[2][:, 1], edge[3][:, 1], edge[4][:, 1] = 0.0, 0.0, 0  # crops, boxes, mask of the right image
    return tuple(torch.cat([x, e]) for x, e in zip(inputs, edge))


def tensor_json(t):
    a = t.detach().numpy()
    if a.dtype == np.float32:
        data = [float(v) for v in a.reshape(-1)]  # float32 -> shortest double repr, exact in Float32Array
    else:
        data = [int(v) for v in a.reshape(-1)]
    return {'dtype': str(a.dtype), 'dims': list(a.shape), 'data': data}


def export_onnx(model, inputs, path):
    torch.onnx.export(
        model, inputs, path, opset_version=OPSET,
        input_names=list(INPUT_NAMES), output_names=list(OUTPUT_NAMES),
        dynamic_axes={name: {0: 'batch'} for name in INPUT_NAMES + OUTPUT_NAMES},
        do_constant_folding=True)
    onnx.checker.check_model(path)  # by path: also valid for models with external data
    graph = onnx.load(path, load_external_data=False).graph
    names = ([i.name for i in graph.input], [o.name for o in graph.output])
    if names != (list(INPUT_NAMES), list(OUTPUT_NAMES)):
        raise RuntimeError(f'{path}: graph I/O names {names} are not Model I/O v1')


def main(argv=None):
    args = apply_overrides(sys.argv[1:] if argv is None else argv, dict(DEFAULTS))
    model, ckpt = checkpoint.load(args['ckpt'])
    family = ckpt['config']['family']
    out = os.path.join(args['out_dir'], args['id'] or family)
    os.makedirs(out, exist_ok=True)
    if model.get_num_params() * 4 > TWO_GB:
        raise SystemExit('the model would need ONNX external data (> 2 GB); not supported by this exporter')

    data_dir = args['data_dir'] or ckpt['config'].get('data_dir', '')
    if data_dir and not os.path.exists(os.path.join(data_dir, 'header.json')):
        data_dir = ''  # the checkpoint's dataset is gone: random stand-ins still pin the numerics
    inputs = golden_inputs(model, data_dir, args['split'], args['golden_pairs'], args['seed'])
    with torch.no_grad():
        outputs = model(*inputs)
    export_onnx(model, inputs, os.path.join(out, 'model.onnx'))

    with open(os.path.join(out, 'golden.json'), 'w') as f:
        json.dump({'io_version': IO_VERSION,
                   'source': f"{data_dir}:{args['split']}" if data_dir else f"random:seed={args['seed']}",
                   'inputs': {n: tensor_json(t) for n, t in zip(INPUT_NAMES, inputs)},
                   'outputs': {n: tensor_json(t) for n, t in zip(OUTPUT_NAMES, outputs)}}, f)
    c = model.config
    with open(os.path.join(out, 'config.json'), 'w') as f:
        json.dump({'io_version': IO_VERSION, 'opset': OPSET, 'family': family, 'lam': ckpt['config']['lam'],
                   'params': model.get_num_params(), 'model_config': ckpt['model_config'],
                   'inputs': list(INPUT_NAMES), 'outputs': list(OUTPUT_NAMES),
                   'K': c.n_colors + c.n_shapes, 'colors': ckpt['colors'], 'shapes': ckpt['shapes'],
                   'vocab': ckpt['vocab']}, f, indent=2)
    with open(os.path.join(out, 'metrics.json'), 'w') as f:
        json.dump(ckpt['metrics'], f, indent=2)
    print(json.dumps({'out': out, 'params': model.get_num_params(),
                      'onnx_bytes': os.path.getsize(os.path.join(out, 'model.onnx'))}))
    return out


if __name__ == '__main__':
    main()

"""A tiny tob-dataset/1 writer for the tests: random NLVR-like scenes whose labels follow from the
sentence ("there is a yellow object", "there is a blue square"), so a short run has something to learn."""

import json
import os

import numpy as np

from model import SIZES

T, O, S = SIZES['T'], SIZES['O'], SIZES['S']  # Model I/O v1's, which load_header requires
COLORS = ['yellow', 'black', 'blue']
SHAPES = ['square', 'circle', 'triangle']
RGB = np.array([[255, 255, 0], [0, 0, 0], [0, 153, 255]], np.uint8)
GREY = 211
TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'there', 'is', 'a', 'yellow', 'black', 'blue',
          'square', 'circle', 'triangle', 'object', 'squares']
GROUNDING = {
    'yellow': {'colors': ['yellow']}, 'black': {'colors': ['black']}, 'blue': {'colors': ['blue']},
    'square': {'shapes': ['square']}, 'squares': {'shapes': ['square']},
    'circle': {'shapes': ['circle']}, 'triangle': {'shapes': ['triangle']}, 'object': {'any': True},
}


def draw(color, shape):
    # (3, S, S) uint8 crop of one object filling its box on the grey background
    yy, xx = np.mgrid[0:S, 0:S] + 0.5
    if shape == 0:
        inside = np.ones((S, S), bool)
    elif shape == 1:
        inside = (xx - S / 2) ** 2 + (yy - S / 2) ** 2 <= (S / 2) ** 2
    else:
        inside = np.abs(xx - S / 2) <= yy / 2  # apex up
    crop = np.full((S, S, 3), GREY, np.uint8)
    crop[inside] = RGB[color]
    return crop.transpose(2, 0, 1)


def scene(rng, n):
    # n objects in NLVR geometry -> colours, shapes, normalized boxes (n, 4)
    color, shape = rng.integers(0, 3, n), rng.integers(0, 3, n)
    size = rng.choice([10, 20, 30], n)
    box = rng.integers(0, 3, n)
    x = 150 * box + rng.integers(0, 100 - size + 1)
    y = rng.integers(0, 100 - size + 1, n)
    boxes = np.stack([x / 400, y / 100, (x + size) / 400, (y + size) / 100], 1).astype(np.float32)
    return color, shape, boxes


def write_dataset(root, sizes=None, seed=0, max_objects=8):
    """Writes header.json and every split of sizes ({name: pairs}) under root; returns the header."""
    sizes = sizes or {'train': 96, 'val': 24, 'test': 16}
    rng = np.random.default_rng(seed)
    os.makedirs(root, exist_ok=True)
    index = {t: i for i, t in enumerate(TOKENS)}
    header = {'format': 'tob-dataset/1', 'T': T, 'O': O, 'S': S,
              'vocab': {'tokens': TOKENS, 'grounding': GROUNDING},
              'colors': COLORS, 'shapes': SHAPES, 'splits': {}}
    for name, n in sizes.items():
        ids = np.zeros((n, T), np.int32)
        image_label = np.zeros((n, 2), np.uint8)
        offset, count = np.zeros((n, 2), np.int32), np.zeros((n, 2), np.uint8)
        crops, boxes, colors, shapes, meta = [], [], [], [], []
        m = 0
        for i in range(n):
            c = int(rng.integers(0, 3))
            z = int(rng.integers(0, 3)) if rng.random() < 0.5 else None
            words = ['there', 'is', 'a', COLORS[c], SHAPES[z] if z is not None else 'object']
            toks = ['[CLS]', *words, '[SEP]']
            ids[i, :len(toks)] = [index[t] for t in toks]
            for j in range(2):
                k = int(rng.integers(0 if i % 7 else 1, max_objects + 1))  # some images have no objects
                col, shp, bx = scene(rng, k)
                image_label[i, j] = bool(np.any((col == c) & ((shp == z) if z is not None else True)))
                offset[i, j], count[i, j] = m, k
                m += k
                crops += [draw(a, b) for a, b in zip(col, shp)]
                boxes.append(bx)
                colors.append(col)
                shapes.append(shp)
            meta.append({'id': f'{name}-{i}', 'presentation': f'{name}-p{i // 2}', 'source': 'synthetic'})
        arrays = {
            'ids': ids, 'image_label': image_label, 'pair_label': image_label.all(1).astype(np.uint8),
            'obj_offset': offset, 'obj_count': count,
            'crops': np.stack(crops).astype(np.uint8) if crops else np.zeros((0, 3, S, S), np.uint8),
            'boxes': np.concatenate(boxes).astype('<f4'),
            'obj_color': np.concatenate(colors).astype(np.uint8),
            'obj_shape': np.concatenate(shapes).astype(np.uint8),
        }
        for suffix, a in arrays.items():
            a.astype(a.dtype.newbyteorder('<')).tofile(os.path.join(root, f'{name}.{suffix}.bin'))
        with open(os.path.join(root, f'{name}.meta.jsonl'), 'w') as f:
            f.writelines(json.dumps(x) + '\n' for x in meta)
        header['splits'][name] = {'pairs': n, 'objects': m}
    with open(os.path.join(root, 'header.json'), 'w') as f:
        json.dump(header, f)
    return header

"""
Reads a "tob-dataset/1" directory (written by the TypeScript dataset builder, format in README.md) with
memory-mapped numpy arrays, assembles Model I/O v1 batches, and builds the weak object-word alignment
targets from the vocabulary's grounding and the objects' detected classes.
"""

import itertools
import json
import os
from collections import Counter, defaultdict

import numpy as np
import torch

from model import BOX_PITCH, BOX_WIDTH, INPUT_NAMES, SIZES

FORMAT = 'tob-dataset/1'
# the six orders of NLVR's three grey boxes, as itertools.permutations([0, 1, 2])
BOX_PERMUTATIONS = np.array([[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]], dtype=np.int64)
# mirroring an image changes the truth only of sentences that say which side
SIDE_WORDS = ('left', 'right')


class DatasetError(ValueError):
    pass


def load_header(root):
    with open(os.path.join(root, 'header.json')) as f:
        header = json.load(f)
    if header.get('format') != FORMAT:
        raise DatasetError(f"{root}: format is {header.get('format')!r}, expected {FORMAT!r}")
    for key in ('T', 'O', 'S', 'vocab', 'colors', 'shapes', 'splits'):
        if key not in header:
            raise DatasetError(f'{root}/header.json: missing {key!r}')
    sizes = {k: header[k] for k in SIZES}
    if sizes != SIZES:  # a model trained on other sizes could not take the site's inputs
        raise DatasetError(f'{root}/header.json: sizes {sizes}, but Model I/O v1 has {SIZES}')
    return header


class Split:
    """One split of a dataset directory; arrays are memory-mapped, the meta file is read on demand."""

    def __init__(self, root, name, header=None):
        self.root, self.name = root, name
        self.header = header if header is not None else load_header(root)
        if name not in self.header['splits']:
            raise DatasetError(f"{root}: no split {name!r} (has {sorted(self.header['splits'])})")
        h = self.header
        n, m = h['splits'][name]['pairs'], h['splits'][name]['objects']
        self.T, self.O, self.S = h['T'], h['O'], h['S']
        self.side_ids = [i for i, t in enumerate(h['vocab']['tokens']) if t in SIDE_WORDS]

        def arr(suffix, dtype, shape):
            path = os.path.join(root, f'{name}.{suffix}.bin')
            expected = int(np.prod(shape)) * np.dtype(dtype).itemsize
            size = os.path.getsize(path)
            if size != expected:
                raise DatasetError(f'{path}: {size} bytes, expected {expected} for {dtype} {shape}')
            if expected == 0:
                return np.zeros(shape, dtype)  # np.memmap refuses empty files
            return np.memmap(path, dtype=np.dtype(dtype).newbyteorder('<'), mode='r', shape=shape)

        self.ids = arr('ids', 'i4', (n, self.T))
        self.image_label = arr('image_label', 'u1', (n, 2))
        self.pair_label = arr('pair_label', 'u1', (n,))
        self.obj_offset = arr('obj_offset', 'i4', (n, 2))
        self.obj_count = arr('obj_count', 'u1', (n, 2))
        self.crops = arr('crops', 'u1', (m, 3, self.S, self.S))
        self.boxes = arr('boxes', 'f4', (m, 4))
        self.obj_color = arr('obj_color', 'u1', (m,))
        self.obj_shape = arr('obj_shape', 'u1', (m,))
        if n and int(np.max(self.obj_count)) > self.O:
            raise DatasetError(f'{root}/{name}: an image has more than O={self.O} objects')
        self._meta = None
        self._lengths = None

    def __len__(self):
        return self.ids.shape[0]

    @property
    def n_objects(self):
        return self.crops.shape[0]

    def meta(self):
        # list of dicts, one per pair: id, presentation, source, family?
        if self._meta is None:
            with open(os.path.join(self.root, f'{self.name}.meta.jsonl')) as f:
                self._meta = [json.loads(line) for line in f if line.strip()]
            if len(self._meta) != len(self):
                raise DatasetError(f'{self.root}/{self.name}.meta.jsonl: {len(self._meta)} lines, '
                                   f'expected {len(self)}')
        return self._meta

    def lengths(self):
        # (N,) tokens of each pair's sentence plus the objects of its fuller image: the cost of a pair
        if self._lengths is None:
            self._lengths = (np.asarray(self.ids) != 0).sum(1) + np.asarray(self.obj_count).max(1)
        return self._lengths

    def batches(self, batch_size, rng, bucket=50, weights=None):
        """An endless stream of index arrays, one per batch, epoch after epoch. With bucket > 0, each
        run of bucket * batch_size shuffled pairs is sorted by length before it is cut into batches
        (whose order is shuffled again), so that trimmed batches carry little padding. weights (N,), if
        given, makes each epoch len(self) draws with replacement in proportion to them."""
        while True:
            order = rng.permutation(len(self)) if weights is None else rng.choice(len(self), len(self), p=weights)
            chunk = max(bucket, 1) * batch_size
            for start in range(0, len(order) - batch_size + 1, chunk):
                part = order[start:start + chunk]
                if bucket > 0:
                    part = part[np.argsort(self.lengths()[part], kind='stable')]
                cut = [part[i:i + batch_size] for i in range(0, len(part) - batch_size + 1, batch_size)]
                for j in rng.permutation(len(cut)):
                    yield cut[j]

    def batch(self, idx, rng=None, permute_boxes=False, trim=False, with_crops=True, box_order=None, mirror=0.0):
        """Pairs idx (numpy int array) -> dict of tensors: the five Model I/O v1 inputs, plus image_label
        (B, 2), pair_label (B,), obj_color / obj_shape (B, 2, O) ground truth and object_index (B, 2, O)
        the objects' rows in this split's object arrays (0 on padding). with_crops=False leaves object_crops
        None, for a trainer that reads precomputed crop features by object_index.
        permute_boxes reorders each image's three grey boxes at random (NLVR labels are invariant to it);
        crops do not change, only the boxes' x coordinates. box_order k (0-5, an index of BOX_PERMUTATIONS)
        gives every image that order instead of a random one (evaluation; 0 leaves the boxes as they are).
        mirror is the chance that an image is mirrored left to right within each grey box, again only the
        boxes' x coordinates (the shapes are symmetric); never for a sentence with a SIDE_WORDS word.
        trim cuts T and O down to the longest sentence and the fullest image of the batch (training only: the
        model's I/O has the full T, O)."""
        idx = np.sort(np.asarray(idx, dtype=np.int64))  # sorted reads are kinder to the page cache
        count = self.obj_count[idx].astype(np.int64)  # (B, 2)
        ids = self.ids[idx].astype(np.int64)  # (B, T)
        T, O = self.T, self.O
        if trim:
            T = max(int((ids != 0).sum(1).max()), 1)
            O = max(int(count.max()), 1)
            ids = ids[:, :T]
        B, S = len(idx), self.S
        mask = np.arange(O)[None, None, :] < count[:, :, None]  # (B, 2, O) bool
        obj = self.obj_offset[idx].astype(np.int64)[:, :, None] + np.arange(O)[None, None, :]  # (B, 2, O)
        sel = obj[mask]  # (M,) indices of the real objects

        crops = None
        if with_crops:
            crops = np.zeros((B, 2, O, 3, S, S), np.uint8)  # (B, 2, O, 3, S, S)
            crops[mask] = self.crops[sel]
        boxes = np.zeros((B, 2, O, 4), np.float32)  # (B, 2, O, 4)
        boxes[mask] = self.boxes[sel]
        color = np.zeros((B, 2, O), np.int64)  # (B, 2, O)
        color[mask] = self.obj_color[sel]
        shape = np.zeros((B, 2, O), np.int64)  # (B, 2, O)
        shape[mask] = self.obj_shape[sel]
        if permute_boxes or box_order is not None:
            if box_order is None:
                rng = rng if rng is not None else np.random.default_rng()
                order = rng.integers(0, 6, size=(B, 2))  # (B, 2)
            else:
                order = np.full((B, 2), box_order, dtype=np.int64)  # (B, 2)
            box = np.clip(np.floor(boxes[..., 0] / BOX_PITCH), 0, 2).astype(np.int64)  # (B, 2, O)
            perm = BOX_PERMUTATIONS[order]  # (B, 2, 3)
            new_box = np.take_along_axis(perm, box, axis=2)  # (B, 2, O)
            shift = ((new_box - box) * BOX_PITCH * mask).astype(np.float32)  # (B, 2, O)
            boxes[..., 0] += shift
            boxes[..., 2] += shift
        if mirror > 0:
            rng = rng if rng is not None else np.random.default_rng()
            sided = np.isin(ids, self.side_ids).any(1)  # (B,)
            flip = (rng.random((B, 2)) < mirror) & ~sided[:, None]  # (B, 2)
            edge = 2 * np.clip(np.floor(boxes[..., 0] / BOX_PITCH), 0, 2) * BOX_PITCH + BOX_WIDTH  # (B, 2, O)
            flip = (flip[:, :, None] & mask)[..., None]  # (B, 2, O, 1)
            mirrored = np.stack([edge - boxes[..., 2], boxes[..., 1], edge - boxes[..., 0], boxes[..., 3]], -1)
            boxes = np.where(flip, mirrored, boxes).astype(np.float32)  # (B, 2, O, 4)

        ids = torch.from_numpy(np.ascontiguousarray(ids))  # (B, T)
        return {
            'input_ids': ids,
            'attention_mask': (ids != 0).long(),  # (B, T)
            'object_crops': None if crops is None else torch.from_numpy(crops).float().div_(255.0),  # (B, 2, O, 3, S, S)
            'object_boxes': torch.from_numpy(boxes),  # (B, 2, O, 4)
            'object_mask': torch.from_numpy(mask).long(),  # (B, 2, O)
            'image_label': torch.from_numpy(self.image_label[idx].astype(np.int64)),  # (B, 2)
            'pair_label': torch.from_numpy(self.pair_label[idx].astype(np.int64)),  # (B,)
            'obj_color': torch.from_numpy(color),  # (B, 2, O)
            'obj_shape': torch.from_numpy(shape),  # (B, 2, O)
            'object_index': torch.from_numpy(np.where(mask, obj, 0)),  # (B, 2, O)
        }

    def object_batch(self, idx):
        # object indices idx -> crops (M, 3, S, S) float in [0, 1], colour (M,), shape (M,), for the detector
        idx = np.sort(np.asarray(idx, dtype=np.int64))
        crops = torch.from_numpy(np.ascontiguousarray(self.crops[idx])).float().div_(255.0)
        return (crops, torch.from_numpy(self.obj_color[idx].astype(np.int64)),
                torch.from_numpy(self.obj_shape[idx].astype(np.int64)))


class Subset:
    """Pairs index (numpy int array) of a Split, with the reading side of its interface (len, batch,
    batches, meta, lengths): what metrics.evaluate and the training loop need."""

    def __init__(self, split, index):
        self.split, self.index = split, np.asarray(index, dtype=np.int64)

    def __len__(self):
        return len(self.index)

    def batch(self, idx, rng=None, permute_boxes=False, trim=False, with_crops=True, box_order=None, mirror=0.0):
        return self.split.batch(self.index[np.asarray(idx, dtype=np.int64)], rng, permute_boxes, trim, with_crops,
                                box_order, mirror)

    def meta(self):
        meta = self.split.meta()
        return [meta[i] for i in self.index]

    def lengths(self):
        return self.split.lengths()[self.index]

    batches = Split.batches


def sentence_keys(split):
    # one hashable key per pair: its sentence's token ids
    ids = np.asarray(split.ids)
    return [row[row != 0].tobytes() for row in ids]


def generated(split):
    """dict: sentence key -> Counter of the synthetic families that generated that sentence in split."""
    made = defaultdict(Counter)
    for key, m in zip(sentence_keys(split), split.meta()):
        if m.get('family'):
            made[key][m['family']] += 1
    return made


def family_coverage(split):
    """Counter: for each synthetic family, how many of the split's human-written presentations have a
    sentence (as token ids) that the family also generated, each presentation counted once, for the
    family that generated that sentence most often."""
    made = generated(split)
    seen, cover = set(), Counter()
    for key, m in zip(sentence_keys(split), split.meta()):
        if not m.get('family') and (m['presentation'], key) not in seen:
            seen.add((m['presentation'], key))
            if key in made:
                cover[made[key].most_common(1)[0][0]] += 1
    return cover


def mix_weights(split, floor, human_share=None):
    """(N,) sampling probabilities for family_mix = 'nlvr': each synthetic family's pairs share a mass of
    floor + family_coverage(split)[family]; the human-written pairs share human_share of the draws, alike
    (None: the share they have in the split). Returns the probabilities and the coverage counter."""
    meta = split.meta()
    cover = family_coverage(split)
    fam = [m.get('family') for m in meta]
    size = Counter(f for f in fam if f)
    mass = np.array([(floor + cover[f]) / size[f] if f else 0.0 for f in fam])  # (N,)
    human = np.array([f is None for f in fam])  # (N,)
    share = human.mean() if human_share is None else human_share
    if share > 0 and not human.any():
        raise DatasetError(f'no human-written pair to take {share} of the draws')
    w = np.where(human, share / max(human.sum(), 1), mass / mass.sum() * (1.0 - share))
    return w / w.sum(), cover


def model_inputs(batch):
    # a batch of Split.batch -> the model's inputs, in Model I/O v1's order
    return tuple(batch[k] for k in INPUT_NAMES)


def training_stream(split, rng, batch_size, bucket, draw, warm):
    """Pair indices of the training batches: warm batches of the human-written pairs alone, alike, then
    batches drawn by draw (None: each pair once an epoch)."""
    rest = split.batches(batch_size, rng, bucket, draw)  # lazy: draws nothing until the warm batches are out
    if warm <= 0:
        return rest
    try:
        human, _ = mix_weights(split, 1.0, human_share=1.0)  # the families get 1 - 1 = none of the draws
    except DatasetError as e:
        raise SystemExit(f'warm_human={warm}: {e}')
    return itertools.chain(itertools.islice(split.batches(batch_size, rng, bucket, human), warm), rest)


class CropFeatures:
    """A model's frozen crop features (Model.crop_features) of the objects of split, each computed the first
    time a batch holds it and then read back, so that a step neither gathers those crops nor runs the CNN on
    them (an eighth of a step, measured). Computing all 1.9 M objects up front would take minutes of the
    budget."""

    def __init__(self, model, split):
        if not model.detector_frozen:
            raise ValueError('CropFeatures needs a frozen detector: its features would go stale')
        self.model, self.split = model, split
        self.table = torch.zeros(split.n_objects, model.crop_feature_dim)  # (n_objects, C)
        self.done = np.zeros(split.n_objects, bool)

    @torch.no_grad()
    def __call__(self, batch):
        # batch from split.batch(..., with_crops=False) -> crop features (B, 2, O, C), 0 on padding
        index, mask = batch['object_index'], batch['object_mask']
        new = np.unique(index[mask > 0].numpy())
        new = new[~self.done[new]]
        if len(new):
            self.table[new] = self.model.crop_features(self.split.object_batch(new)[0])  # sorted order kept
            self.done[new] = True
        return self.table[index] * mask.unsqueeze(-1)


class Grounding:
    """The vocabulary's grounding as lookup tables: which objects a token names.
    A token names an object when it has "any": true, or when every attribute it constrains matches
    (a token with both colours and shapes names objects that satisfy both). Tokens without a grounding
    entry name nothing."""

    def __init__(self, header):
        tokens = header['vocab']['tokens']
        colors, shapes = header['colors'], header['shapes']
        index = {t: i for i, t in enumerate(tokens)}
        V = len(tokens)
        color_ok = torch.zeros(V, len(colors))  # (V, C)
        shape_ok = torch.zeros(V, len(shapes))  # (V, Z)
        has_color = torch.zeros(V, dtype=torch.bool)
        has_shape = torch.zeros(V, dtype=torch.bool)
        any_ = torch.zeros(V, dtype=torch.bool)
        for token, g in header['vocab'].get('grounding', {}).items():
            if token not in index:
                raise DatasetError(f'grounding names {token!r}, which is not in the vocabulary')
            i = index[token]
            for c in g.get('colors', []):
                if c not in colors:
                    raise DatasetError(f'grounding of {token!r}: unknown colour {c!r}')
                color_ok[i, colors.index(c)] = 1.0
                has_color[i] = True
            for s in g.get('shapes', []):
                if s not in shapes:
                    raise DatasetError(f'grounding of {token!r}: unknown shape {s!r}')
                shape_ok[i, shapes.index(s)] = 1.0
                has_shape[i] = True
            any_[i] = bool(g.get('any', False))
        self.color_ok, self.shape_ok = color_ok, shape_ok
        self.has_color, self.has_shape, self.any = has_color, has_shape, any_
        self.grounded = has_color | has_shape | any_  # (V,)
        self.specific = (has_color | has_shape) & ~any_  # (V,) names some objects and not others
        self.n_colors = len(colors)

    def names(self, input_ids, attention_mask, color, shape, object_mask):
        """input_ids, attention_mask (B, T); color, shape (B, 2, O) class indices; object_mask (B, 2, O)
        -> (B, 2, T, O) bool: token t names object o of image i."""
        col = torch.nn.functional.one_hot(color, self.color_ok.shape[1]).float()  # (B, 2, O, C)
        shp = torch.nn.functional.one_hot(shape, self.shape_ok.shape[1]).float()  # (B, 2, O, Z)
        col_match = torch.einsum('btc,bioc->bito', self.color_ok[input_ids], col) > 0  # (B, 2, T, O)
        shp_match = torch.einsum('btz,bioz->bito', self.shape_ok[input_ids], shp) > 0  # (B, 2, T, O)
        has_c = self.has_color[input_ids][:, None, :, None]  # (B, 1, T, 1)
        has_s = self.has_shape[input_ids][:, None, :, None]  # (B, 1, T, 1)
        any_ = self.any[input_ids][:, None, :, None]  # (B, 1, T, 1)
        grounded = self.grounded[input_ids][:, None, :, None]  # (B, 1, T, 1)
        match = ((~has_c | col_match) & (~has_s | shp_match)) | any_  # (B, 2, T, O)
        valid = (attention_mask > 0)[:, None, :, None] & (object_mask > 0)[:, :, None, :]  # (B, 2, T, O)
        return match & grounded & valid  # (B, 2, T, O)

    def targets(self, input_ids, attention_mask, detections, object_mask):
        """Weak alignment targets from the *detected* classes (argmax of the detection head's colour and
        shape probabilities, detections (B, 2, O, K)): for each token a distribution uniform over the
        objects it names. Returns target (B, 2, T, O) and has_target (B, 2, T) bool; tokens that name
        nothing (no grounding, or no matching object) have has_target False and an all-zero target."""
        color = detections[..., :self.n_colors].argmax(-1)  # (B, 2, O)
        shape = detections[..., self.n_colors:].argmax(-1)  # (B, 2, O)
        m = self.names(input_ids, attention_mask, color, shape, object_mask).float()  # (B, 2, T, O)
        n = m.sum(-1)  # (B, 2, T)
        return m / n.clamp(min=1.0).unsqueeze(-1), n > 0

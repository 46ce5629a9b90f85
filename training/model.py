"""
An LXMERT-style vision-language transformer in miniature, with an object-word alignment head
(Kervadec et al., ECAI 2020), for "is this statement true of both images?".

Each image of a pair is encoded together with the sentence (shared weights):
  words   -> language encoder (token + position embeddings, self-attention layers)
  objects -> object encoder (small CNN over each S x S crop + box MLP, a detection head, self-attention)
  both    -> cross-modal layers (word->object and object->word attention, then self-attention and FFN
             on each stream), keeping every layer's word->object attention weights
  heads   -> per-image true/false from the [CLS] state, word->object alignment distribution
The pair verdict is "true of both": p(both) = p(left) * p(right), computed in log space.

Inputs and outputs are Model I/O v1, defined once in lib/core/io/model-io.json (names, dtypes, shapes,
the sizes T, O, S), which this module reads. Shape letters: B batch,
N = 2B image-sentence streams, T tokens, O objects, S crop size, d model width, H heads, hd head width,
L cross-modal layers, K = n_colors + n_shapes.
"""

import json
import math
import os
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

# A large negative fill instead of -inf: a fully masked row then softmaxes to a finite uniform row
# (zeroed right after by the mask), never NaN; and it stays finite in fp16.
NEG = -1e4

MODEL_IO_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib', 'core', 'io', 'model-io.json')
with open(MODEL_IO_PATH) as _f:
    MODEL_IO = json.load(_f)  # Model I/O v1: the contract the site, the evaluator and this model share
INPUT_NAMES = tuple(i['name'] for i in MODEL_IO['inputs'])
OUTPUT_NAMES = tuple(o['name'] for o in MODEL_IO['outputs'])
SIZES = MODEL_IO['sizes']  # T tokens, O objects per image, S crop size: fixed by the contract


@dataclass
class ModelConfig:
    vocab_size: int = 128
    T: int = SIZES['T']  # max tokens, [CLS] and [SEP] included
    O: int = SIZES['O']  # max objects per image
    S: int = SIZES['S']  # crop size in pixels
    d: int = 96
    n_head: int = 4
    n_lang_layers: int = 2
    n_obj_layers: int = 1
    n_cross_layers: int = 2
    n_colors: int = 3
    n_shapes: int = 3
    cnn_channels: tuple = (16, 32, 48)
    dropout: float = 0.1
    count_attention: bool = False  # word->object attention also reports how many objects match (see Attention)
    geo_features: bool = False  # object states also see their place in their box and detected classes (ObjectEncoder)
    pool_head: bool = False  # the image head also reads the max and the mean of the object states (Model.verdict)


def log_sigmoid(z):
    # log(sigmoid(z)) without overflow or underflow, in ops every ONNX runtime has (torch's own
    # log_sigmoid exports as Log(Sigmoid(z)), which is -inf once sigmoid underflows)
    return torch.clamp(z, max=0.0) - torch.log1p(torch.exp(-z.abs()))


def log_add_exp(a, b):
    # log(exp(a) + exp(b)), stable, elementwise
    m = torch.maximum(a, b)
    return m + torch.log(torch.exp(a - m) + torch.exp(b - m))


def pair_log_probs(image_logits):
    """image_logits (B, 2, 2) -> (B, 2) [log(1 - pL*pR), log(pL*pR)], with p = sigmoid(z) the probability
    that an image is true, z = logit(true) - logit(false). These are normalized log-probabilities, so
    softmax() of them is [1 - pL*pR, pL*pR] and cross-entropy on them is the pair's NLL.
    log(1 - pL*pR) is log1mexp(log pL + log pR) written as log((1 - pL) + pL*(1 - pR)) =
    logaddexp(log(1 - pL), log pL + log(1 - pR)): exact, no branch and no clamp (a log1mexp needs both,
    and is -inf when pL*pR rounds to 1), finite however confident either image is."""
    z = image_logits[..., 1] - image_logits[..., 0]  # (B, 2)
    log_p = log_sigmoid(z)  # (B, 2) log p(image true)
    log_q = log_sigmoid(-z)  # (B, 2) log p(image false)
    log_both = log_p[:, 0] + log_p[:, 1]  # (B,)
    log_not_both = log_add_exp(log_q[:, 0], log_p[:, 0] + log_q[:, 1])  # (B,)
    return torch.stack([log_not_both, log_both], dim=1)  # (B, 2)


def masked_softmax(scores, key_mask):
    # scores (..., Tq, Tk), key_mask (..., 1, Tk) bool -> (..., Tq, Tk), exactly 0 on masked keys;
    # a row with no valid key is all zeros
    keep = key_mask.to(scores.dtype)  # (..., 1, Tk) 1 = valid key
    scores = scores + (1.0 - keep) * NEG  # (..., Tq, Tk), additive: exports without a constant fill
    return F.softmax(scores, dim=-1) * keep  # (..., Tq, Tk)


def dropout(p):
    # torch 1.13's Dropout draws a Bernoulli mask even at p = 0 (6 % of a training step, measured)
    return nn.Dropout(p) if p > 0 else nn.Identity()


class Attention(nn.Module):
    """Multi-head attention of queries x over keys/values y; returns the output and its weights.
    With count=True each query also gets, per head, the number of keys that match it, sum(sigmoid(score)),
    mapped into its output: softmax weights are an average, which cannot tell two matching objects from
    five, and NLVR statements count ("exactly two", "at least three")."""

    def __init__(self, config, count=False):
        super().__init__()
        self.count = nn.Linear(config.n_head, config.d) if count else None
        assert config.d % config.n_head == 0
        self.n_head, self.d = config.n_head, config.d  # sizes from the config, not from x.shape: the
        # exported graph then holds them as constants
        self.q = nn.Linear(config.d, config.d)
        self.kv = nn.Linear(config.d, 2 * config.d)
        self.proj = nn.Linear(config.d, config.d)
        self.attn_dropout = dropout(config.dropout)
        self.resid_dropout = dropout(config.dropout)

    def forward(self, x, y, key_mask):
        # x (N, Tq, d) queries, y (N, Tk, d) keys/values, key_mask (N, Tk) bool
        H, d = self.n_head, self.d
        hd = d // H
        Tq, Tk = x.shape[1], y.shape[1]
        q = self.q(x).view(-1, Tq, H, hd).transpose(1, 2)  # (N, H, Tq, hd)
        k, v = self.kv(y).split(d, dim=2)  # (N, Tk, d) each
        k = k.view(-1, Tk, H, hd).transpose(1, 2)  # (N, H, Tk, hd)
        v = v.view(-1, Tk, H, hd).transpose(1, 2)  # (N, H, Tk, hd)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))  # (N, H, Tq, Tk)
        att = masked_softmax(scores, key_mask[:, None, None, :])  # (N, H, Tq, Tk)
        out = self.attn_dropout(att) @ v  # (N, H, Tq, hd)
        out = out.transpose(1, 2).reshape(-1, Tq, d)  # (N, Tq, d)
        if self.count is not None:
            keep = key_mask[:, None, None, :].to(scores.dtype)  # (N, 1, 1, Tk)
            n = (torch.sigmoid(scores) * keep).sum(-1)  # (N, H, Tq) soft count of matching keys
            out = out + self.count(n.transpose(1, 2))  # (N, Tq, d)
        return self.resid_dropout(self.proj(out)), att


class MLP(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.fc = nn.Linear(config.d, 4 * config.d)
        self.proj = nn.Linear(4 * config.d, config.d)
        self.dropout = dropout(config.dropout)

    def forward(self, x):
        # x (N, T, d) -> (N, T, d)
        return self.dropout(self.proj(F.gelu(self.fc(x))))


class Block(nn.Module):
    """Pre-LayerNorm self-attention block (nanoGPT's Block, bidirectional, with a key mask)."""

    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.d)
        self.attn = Attention(config)
        self.ln_2 = nn.LayerNorm(config.d)
        self.mlp = MLP(config)

    def forward(self, x, mask):
        # x (N, T, d), mask (N, T) bool -> (N, T, d)
        h = self.ln_1(x)  # (N, T, d)
        x = x + self.attn(h, h, mask)[0]  # (N, T, d)
        return x + self.mlp(self.ln_2(x))  # (N, T, d)


class CrossBlock(nn.Module):
    """LXMERT's cross-modality layer: word<->object cross-attention (both directions read the layer's
    inputs), then self-attention and FFN on each stream. Returns the word->object attention weights."""

    def __init__(self, config):
        super().__init__()
        self.ln_wq, self.ln_wk = nn.LayerNorm(config.d), nn.LayerNorm(config.d)
        self.ln_oq, self.ln_ok = nn.LayerNorm(config.d), nn.LayerNorm(config.d)
        self.word_to_obj = Attention(config, count=config.count_attention)
        self.obj_to_word = Attention(config)
        self.lang = Block(config)
        self.obj = Block(config)

    def forward(self, w, o, w_mask, o_mask):
        # w (N, T, d) words, o (N, O, d) objects, w_mask (N, T) bool, o_mask (N, O) bool
        w_cross, att = self.word_to_obj(self.ln_wq(w), self.ln_ok(o), o_mask)  # (N, T, d), (N, H, T, O)
        o_cross, _ = self.obj_to_word(self.ln_oq(o), self.ln_wk(w), w_mask)  # (N, O, d)
        w = self.lang(w + w_cross, w_mask)  # (N, T, d)
        o = self.obj(o + o_cross, o_mask)  # (N, O, d)
        return w, o, att


class CropCNN(nn.Module):
    """A few conv layers over an S x S RGB crop, globally average-pooled: the detector's features."""

    def __init__(self, config):
        super().__init__()
        layers, c_in = [], 3
        for i, c in enumerate(config.cnn_channels):
            layers += [nn.Conv2d(c_in, c, 3, padding=1), nn.ReLU()]
            if i < len(config.cnn_channels) - 1:
                layers.append(nn.MaxPool2d(2))
            c_in = c
        self.net = nn.Sequential(*layers)
        self.out_dim = c_in

    def forward(self, crops):
        # crops (M, 3, S, S) in [0, 1] -> (M, C)
        x = self.net(crops * 2.0 - 1.0)  # (M, C, S', S')
        return x.mean(dim=(2, 3))  # (M, C)


# NLVR's image layout (normalized by the 400 x 100 image): three grey boxes 100 wide at x = 0, 150, 300
BOX_PITCH, BOX_WIDTH = 150.0 / 400.0, 100.0 / 400.0
UNIT = 0.01  # one of NLVR's units, in box widths and heights
TOUCH = 1.5 * UNIT  # objects touch when at most one unit apart (boxes are whole units: 1.5 is float-safe)
GEO = 24  # features of box_geometry


def class_probs(det_logits, n_colors):
    # detection logits (..., K) -> colour probabilities then shape probabilities (..., K)
    return torch.cat([F.softmax(det_logits[..., :n_colors], dim=-1), F.softmax(det_logits[..., n_colors:], dim=-1)],
                     dim=-1)


def box_geometry(boxes, mask):
    """The place of each object in its grey box, from the boxes alone (what a detector gives):
    boxes (N, O, 4) normalized x1, y1, x2, y2, mask (N, O) bool -> (N, O, GEO):
      which grey box (one-hot of 3); the corners and width in that box's [0, 1] units; the distances to
      its left, right, top and bottom walls, and the same clipped to 5 units (fine where things touch);
      and, among the other objects of the same box: how many there are, how many lie wholly above / below
      it, whether none is above / below (a tower's top / base), whether one touches it, whether it rests on
      one / one rests on it (touching, overlapping in x), with counts divided by 5.
    All of it is a function of the boxes that the network could learn; NLVR's statements are mostly
    about these relations (towers, tops, bases, walls, touching), and given, they need not be learnt."""
    x1, y1, x2, y2 = boxes.unbind(-1)  # (N, O) each
    b = torch.clamp(torch.floor(x1 / BOX_PITCH), 0.0, 2.0)  # (N, O) grey box index
    onehot = torch.stack([(b == k).to(boxes.dtype) for k in range(3)], dim=-1)  # (N, O, 3)
    lx1, lx2 = (x1 - b * BOX_PITCH) / BOX_WIDTH, (x2 - b * BOX_PITCH) / BOX_WIDTH  # (N, O) in box widths
    walls = torch.stack([lx1, 1.0 - lx2, y1, 1.0 - y2], dim=-1)  # (N, O, 4)
    near = torch.clamp(walls / (5 * UNIT), 0.0, 1.0)  # (N, O, 4)
    # pairs (i, j): j another real object in i's box
    m = mask.to(boxes.dtype)  # (N, O)
    same = (b.unsqueeze(2) == b.unsqueeze(1)).to(boxes.dtype) * m.unsqueeze(1)  # (N, O, O) j real, same box
    same = same * (1.0 - torch.eye(boxes.shape[1], dtype=boxes.dtype))  # (N, O, O) j != i
    above = (y2.unsqueeze(1) <= y1.unsqueeze(2) + TOUCH).to(boxes.dtype) * same  # (N, O, O) j wholly above i
    below = (y1.unsqueeze(1) >= y2.unsqueeze(2) - TOUCH).to(boxes.dtype) * same  # (N, O, O) j wholly below i
    gap_x = torch.maximum(lx1.unsqueeze(1) - lx2.unsqueeze(2), lx1.unsqueeze(2) - lx2.unsqueeze(1))  # (N, O, O)
    gap_y = torch.maximum(y1.unsqueeze(1) - y2.unsqueeze(2), y1.unsqueeze(2) - y2.unsqueeze(1))  # (N, O, O)
    touch = ((gap_x <= TOUCH) & (gap_y <= TOUCH)).to(boxes.dtype) * same  # (N, O, O)
    n_above, n_below = above.sum(-1), below.sum(-1)  # (N, O)
    on = (touch * below * (gap_x < 0).to(boxes.dtype)).sum(-1).clamp(max=1.0)  # (N, O) i rests on a j
    under = (touch * above * (gap_x < 0).to(boxes.dtype)).sum(-1).clamp(max=1.0)  # (N, O) a j rests on i
    rel = torch.stack([same.sum(-1) / 5, n_above / 5, n_below / 5, (n_above == 0).to(boxes.dtype),
                       (n_below == 0).to(boxes.dtype), touch.sum(-1).clamp(max=1.0), on, under], dim=-1)  # (N, O, 8)
    place = torch.stack([lx1, y1, lx2, y2, lx2 - lx1], dim=-1)  # (N, O, 5)
    return torch.cat([onehot, place, walls, near, rel], dim=-1)  # (N, O, GEO)


class ObjectEncoder(nn.Module):
    """Crop features + box embedding -> object states; the detection head reads the crop features only,
    as a detector's class scores depend on the object, not on where it is. With geo_features the box
    embedding also reads box_geometry and the feature also reads the detected class probabilities, as a
    detector hands LXMERT both its features and its labels."""

    def __init__(self, config):
        super().__init__()
        self.geo, self.n_colors = config.geo_features, config.n_colors
        K = config.n_colors + config.n_shapes
        self.cnn = CropCNN(config)
        self.detect = nn.Linear(self.cnn.out_dim, K)
        self.feat = nn.Sequential(nn.Linear(self.cnn.out_dim + (K if self.geo else 0), config.d),
                                  nn.LayerNorm(config.d))
        self.box = nn.Sequential(nn.Linear(4 + (GEO if self.geo else 0), config.d), nn.GELU(),
                                 nn.Linear(config.d, config.d), nn.LayerNorm(config.d))
        self.freeze_cnn = False  # set by Model.freeze_detector

    def crop_features(self, crops, mask):
        # crops (N, O, 3, S, S), mask (N, O) bool -> (N, O, C)
        O = mask.shape[1]
        flat = crops.flatten(0, 1)  # (N*O, 3, S, S)
        if not self.training:
            return self.cnn(flat).view(-1, O, self.cnn.out_dim)  # static graph for export: every slot
        # training only: run the CNN on the real objects and scatter them back (most slots are padding)
        idx = mask.reshape(-1).nonzero().squeeze(1)  # (M,)
        with torch.set_grad_enabled(torch.is_grad_enabled() and not self.freeze_cnn):
            f = self.cnn(flat.index_select(0, idx))  # (M, C)
        out = f.new_zeros(flat.shape[0], f.shape[1]).index_copy(0, idx, f)  # (N*O, C)
        return out.view(-1, O, self.cnn.out_dim)  # (N, O, C)

    def forward(self, crops, boxes, mask, features=None):
        # crops (N, O, 3, S, S), boxes (N, O, 4), mask (N, O) bool -> states (N, O, d), logits (N, O, K);
        # features (N, O, C), if given, are the crops' CNN features and the crops are not read
        f = self.crop_features(crops, mask) if features is None else features  # (N, O, C)
        det_logits = self.detect(f)  # (N, O, K)
        if self.geo:
            f = torch.cat([f, class_probs(det_logits, self.n_colors)], dim=-1)  # (N, O, C + K)
            boxes = torch.cat([boxes, box_geometry(boxes, mask)], dim=-1)  # (N, O, 4 + GEO)
        x = 0.5 * (self.feat(f) + self.box(boxes))  # (N, O, d), as LXMERT averages feature and box
        return x, det_logits


class Model(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.tok_emb = nn.Embedding(config.vocab_size, config.d)
        self.pos_emb = nn.Embedding(config.T, config.d)
        self.emb_ln = nn.LayerNorm(config.d)
        self.drop = dropout(config.dropout)
        self.lang_layers = nn.ModuleList([Block(config) for _ in range(config.n_lang_layers)])
        self.obj_enc = ObjectEncoder(config)
        self.obj_layers = nn.ModuleList([Block(config) for _ in range(config.n_obj_layers)])
        self.cross_layers = nn.ModuleList([CrossBlock(config) for _ in range(config.n_cross_layers)])
        self.ln_w, self.ln_o = nn.LayerNorm(config.d), nn.LayerNorm(config.d)
        head_in = (3 if config.pool_head else 1) * config.d
        self.image_head = nn.Sequential(nn.Linear(head_in, config.d), nn.GELU(), nn.Linear(config.d, 2))
        self.align_q = nn.Linear(config.d, config.d)
        self.align_k = nn.Linear(config.d, config.d)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def get_num_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids, attention_mask, object_crops, object_boxes, object_mask, crop_features=None):
        """
        input_ids (B, T) int64, attention_mask (B, T) int64, object_crops (B, 2, O, 3, S, S) float32 in
        [0, 1], object_boxes (B, 2, O, 4) float32, object_mask (B, 2, O) int64. Returns, always in this
        order (Model I/O v1):
          pair_logits (B, 2): log-probabilities of false / true of both (see pair_log_probs)
          image_logits (B, 2, 2): false/true logits of each image (left, right)
          alignment (B, 2, T, O): the alignment head's distribution over objects for each word
            (0 on masked objects and on padding tokens)
          cross_attention (B, 2, L, H, T, O): word->object attention of every cross-modal layer and head
            (0 on masked objects and on padding tokens)
          detections (B, 2, O, K): colour probabilities then shape probabilities (0 on masked objects)
        crop_features (B, 2, O, C), training only: the frozen CNN's features of the crops, computed once per
        object (data.CropFeatures, from Model.crop_features); object_crops is then not read and may be None.
        """
        c = self.config
        # T and O are read from the inputs, not the config: training trims padding off a batch (exactly
        # equivalent, padding being masked everywhere); the exported graph sees the full T and O.
        # -1 keeps the batch axis dynamic.
        T, O = input_ids.shape[1], object_mask.shape[2]
        w_mask1 = attention_mask > 0  # (B, T) bool
        o_mask = object_mask.reshape(-1, O) > 0  # (N, O) bool
        crops = None if object_crops is None else object_crops.reshape(-1, O, 3, c.S, c.S)  # (N, O, 3, S, S)
        features = None if crop_features is None else crop_features.reshape(-1, O, crop_features.shape[-1])
        boxes = object_boxes.reshape(-1, O, 4)  # (N, O, 4)

        # language encoder, once per sentence; then each image is a stream of its own with a copy of it
        pos = torch.arange(T, device=input_ids.device)  # (T,)
        w = self.drop(self.emb_ln(self.tok_emb(input_ids) + self.pos_emb(pos)))  # (B, T, d)
        for block in self.lang_layers:
            w = block(w, w_mask1)  # (B, T, d)
        w = w.unsqueeze(1).expand(-1, 2, -1, -1).reshape(-1, T, c.d)  # (N, T, d)
        w_mask = w_mask1.unsqueeze(1).expand(-1, 2, -1).reshape(-1, T)  # (N, T) bool

        # object encoder
        o, det_logits = self.obj_enc(crops, boxes, o_mask, features)  # (N, O, d), (N, O, K)
        o = self.drop(o)  # (N, O, d)
        for block in self.obj_layers:
            o = block(o, o_mask)  # (N, O, d)

        # cross-modal layers
        atts = []
        for block in self.cross_layers:
            w, o, att = block(w, o, w_mask, o_mask)  # (N, T, d), (N, O, d), (N, H, T, O)
            atts.append(att)
        w, o = self.ln_w(w), self.ln_o(o)  # (N, T, d), (N, O, d)

        # per-image verdict, pair verdict "true of both" in log space
        image_logits = self.image_head(self.verdict(w, o, o_mask)).view(-1, 2, 2)  # (B, 2, 2)
        pair_logits = pair_log_probs(image_logits)  # (B, 2)

        # alignment head: each word's distribution over its image's objects
        wq_mask = w_mask.unsqueeze(2).to(w.dtype)  # (N, T, 1)
        scores = (self.align_q(w) @ self.align_k(o).transpose(1, 2)) * (1.0 / math.sqrt(c.d))  # (N, T, O)
        alignment = masked_softmax(scores, o_mask.unsqueeze(1)) * wq_mask  # (N, T, O)

        cross = torch.stack(atts, dim=1) * wq_mask[:, None, None]  # (N, L, H, T, O)
        n_det = c.n_colors + c.n_shapes
        det = class_probs(det_logits, c.n_colors)  # (N, O, K)
        det = det * o_mask.unsqueeze(2).to(det.dtype)  # (N, O, K)
        return (pair_logits,
                image_logits,
                alignment.view(-1, 2, T, O),
                cross.view(-1, 2, c.n_cross_layers, c.n_head, T, O),
                det.view(-1, 2, O, n_det))

    def verdict(self, w, o, o_mask):
        """The image head's input: the [CLS] state; with pool_head also the max and the mean of the object
        states. After the cross-modal layers each object has read the sentence, so "is there an object
        that..." is a max over objects and "how many..." a sum, which [CLS] alone must find by attention.
        w (N, T, d), o (N, O, d), o_mask (N, O) bool -> (N, d) or (N, 3d)"""
        if not self.config.pool_head:
            return w[:, 0]  # (N, d)
        m = o_mask.unsqueeze(2).to(o.dtype)  # (N, O, 1)
        any_obj = m.amax(dim=1)  # (N, 1): 0 for an image without objects, whose max is then 0
        o_max = (o + (m - 1.0) * -NEG).amax(dim=1) * any_obj  # (N, d)
        o_mean = (o * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)  # (N, d)
        return torch.cat([w[:, 0], o_max, o_mean], dim=-1)  # (N, 3d)

    # The detector (crop CNN + detection head), as the trainer sees it: pretrained on crops, then frozen.

    def detector_logits(self, crops):
        # crops (M, 3, S, S) -> (M, K) class logits, for pretraining the detector on crops alone
        return self.obj_enc.detect(self.obj_enc.cnn(crops))  # (M, K)

    def detector_parameters(self):
        return list(self.obj_enc.cnn.parameters()) + list(self.obj_enc.detect.parameters())

    def freeze_detector(self):
        """No more gradient to the detector; forward() then skips the CNN's backward pass and the trainer may
        hand it precomputed crop_features."""
        for p in self.detector_parameters():
            p.requires_grad_(False)
        self.obj_enc.freeze_cnn = True

    @property
    def detector_frozen(self):
        return self.obj_enc.freeze_cnn

    @property
    def crop_feature_dim(self):
        return self.obj_enc.cnn.out_dim  # C of crop_features

    def crop_features(self, crops):
        # crops (M, 3, S, S) in [0, 1] -> (M, C): the CNN features forward() reads as crop_features
        return self.obj_enc.cnn(crops)

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        # as nanoGPT: weight decay on matrices, embeddings and conv kernels; none on biases and norms
        params = [p for p in self.parameters() if p.requires_grad]
        decay = [p for p in params if p.dim() >= 2]
        no_decay = [p for p in params if p.dim() < 2]
        groups = [{'params': decay, 'weight_decay': weight_decay},
                  {'params': no_decay, 'weight_decay': 0.0}]
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas)

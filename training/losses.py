"""
The training objective: the task losses (per image and per pair), the detector's when it trains, and the
weak supervision — lam * KL(target || alignment head) and attn_sup * KL(target || head 0's word->object
attention in each cross-modal layer), with the targets of data.Grounding.
"""

import torch
import torch.nn.functional as F


def alignment_kl(alignment, target, has_target):
    # KL(target || alignment) per grounded word, averaged over grounded words.
    # alignment, target (B, 2, T, O); has_target (B, 2, T) bool
    log_a = torch.log(alignment.clamp(min=1e-9))  # (B, 2, T, O)
    log_t = torch.log(target.clamp(min=1e-9))  # (B, 2, T, O)
    kl = (target * (log_t - log_a)).sum(-1)  # (B, 2, T), 0 where the target is all zero
    return kl.sum() / has_target.sum().clamp(min=1)


def detection_nll(detections, color, shape, object_mask, n_colors):
    # CE of the detection head's colour and shape probabilities against ground truth, over real objects
    m = object_mask > 0  # (B, 2, O)
    logp = torch.log(detections[m].clamp(min=1e-9))  # (M, K)
    return F.nll_loss(logp[:, :n_colors], color[m]) + F.nll_loss(logp[:, n_colors:], shape[m])


def losses(outputs, batch, grounding, lam, weights, n_colors, with_det, attn_sup=0.0):
    """-> total loss (tensor) and a dict of floats. lam == 0 leaves the alignment term out of the graph;
    attn_sup > 0 adds the same KL for head 0 of each cross-modal layer's word->object attention."""
    pair_logits, image_logits, alignment, cross, detections = outputs
    image_loss = F.cross_entropy(image_logits.reshape(-1, 2), batch['image_label'].reshape(-1))
    pair_loss = F.nll_loss(pair_logits, batch['pair_label'])  # pair_logits are normalized log-probs
    total = weights['image'] * image_loss + weights['pair'] * pair_loss
    out = {'image': image_loss.item(), 'pair': pair_loss.item()}
    if with_det:
        det_loss = detection_nll(detections, batch['obj_color'], batch['obj_shape'], batch['object_mask'], n_colors)
        total = total + weights['det'] * det_loss
        out['det'] = det_loss.item()
    target, has_target = grounding.targets(batch['input_ids'], batch['attention_mask'],
                                           detections.detach(), batch['object_mask'])
    if lam > 0:
        align_loss = alignment_kl(alignment, target, has_target)
        total = total + lam * align_loss
        out['align'] = align_loss.item()
    else:
        with torch.no_grad():
            out['align'] = alignment_kl(alignment, target, has_target).item()  # logged, never trained
    if attn_sup > 0:
        attn_loss = sum(alignment_kl(cross[:, :, l, 0], target, has_target) for l in range(cross.shape[2]))
        attn_loss = attn_loss / cross.shape[2]  # (B, 2, L, H, T, O) -> mean over layers of head 0's KL
        total = total + attn_sup * attn_loss
        out['attn'] = attn_loss.item()
    out['total'] = total.item()
    return total, out

import { evaluateExamples } from '@/lib/tools/model/eval';
import type { RunModel } from '@/lib/tools/model/node-session';
import type { Tokenizer } from '@/lib/core/text/tokenizer';
import type { NlvrExample } from '@/lib/core/world/nlvr';

export interface Agreement {
  /** Pair verdicts compared: one per model call row (every pair eval scores, plus images that have no partner). */
  pairs: number;
  /** Image verdicts compared: two per row. */
  images: number;
  /** Share of the reference's pair / image verdicts that are "true" (a model that always says one thing agrees trivially). */
  referenceTrue: { pair: number; image: number };
  /** The reference's smallest |logit margin| (true − false): a variant can only flip a verdict by moving a margin this far. */
  referenceMinMargin: { pair: number; image: number };
  /** The reference's largest |logit margin|: the scale that quantization errors grow with. */
  referenceMaxMargin: { pair: number; image: number };
  /** Per variant: share of verdicts equal to the reference's, and the largest |Δ logit margin| seen. */
  variants: Record<string, { pair: number; image: number; maxPairMarginDiff: number; maxImageMarginDiff: number }>;
}

/**
 * Runs every model on the same inputs (eval's shipped path: render → crops → model, so crops are made once)
 * and counts how often each one's pair and image verdicts equal the reference model's.
 */
export async function verdictAgreement(
  reference: RunModel,
  variants: Record<string, RunModel>,
  tokenizer: Tokenizer,
  examples: readonly NlvrExample[],
): Promise<Agreement> {
  const margins = (logits: Float32Array) => Array.from({ length: logits.length / 2 }, (_, i) => logits[2 * i + 1]! - logits[2 * i]!);
  const same = Object.fromEntries(Object.keys(variants).map((k) => [k, { pair: 0, image: 0, maxPairMarginDiff: 0, maxImageMarginDiff: 0 }]));
  const counts = { pairs: 0, images: 0, pairTrue: 0, imageTrue: 0, pairMinMargin: Infinity, imageMinMargin: Infinity, pairMaxMargin: 0, imageMaxMargin: 0 };
  const run: RunModel = async (feeds) => {
    const ref = await reference(feeds);
    const refPair = margins(ref.pair_logits!.data);
    const refImage = margins(ref.image_logits!.data);
    counts.pairs += refPair.length;
    counts.images += refImage.length;
    counts.pairTrue += refPair.filter((m) => m > 0).length;
    counts.imageTrue += refImage.filter((m) => m > 0).length;
    const pairSize = refPair.map(Math.abs);
    const imageSize = refImage.map(Math.abs);
    counts.pairMinMargin = Math.min(counts.pairMinMargin, ...pairSize);
    counts.imageMinMargin = Math.min(counts.imageMinMargin, ...imageSize);
    counts.pairMaxMargin = Math.max(counts.pairMaxMargin, ...pairSize);
    counts.imageMaxMargin = Math.max(counts.imageMaxMargin, ...imageSize);
    for (const [name, runVariant] of Object.entries(variants)) {
      const out = await runVariant(feeds);
      const s = same[name]!;
      margins(out.pair_logits!.data).forEach((m, i) => {
        if (m > 0 === refPair[i]! > 0) s.pair++;
        s.maxPairMarginDiff = Math.max(s.maxPairMarginDiff, Math.abs(m - refPair[i]!));
      });
      margins(out.image_logits!.data).forEach((m, i) => {
        if (m > 0 === refImage[i]! > 0) s.image++;
        s.maxImageMarginDiff = Math.max(s.maxImageMarginDiff, Math.abs(m - refImage[i]!));
      });
    }
    return ref;
  };
  await evaluateExamples(run, tokenizer, examples);
  return {
    pairs: counts.pairs,
    images: counts.images,
    referenceTrue: { pair: counts.pairTrue / counts.pairs, image: counts.imageTrue / counts.images },
    referenceMinMargin: { pair: counts.pairMinMargin, image: counts.imageMinMargin },
    referenceMaxMargin: { pair: counts.pairMaxMargin, image: counts.imageMaxMargin },
    variants: Object.fromEntries(Object.entries(same).map(([k, s]) => [k, { ...s, pair: s.pair / counts.pairs, image: s.image / counts.images }])),
  };
}

import type { NlvrExample } from '@/lib/core/world/nlvr';
import { groupByPresentation } from '@/lib/core/world/pairs';

/**
 * The scores of docs/MODEL.md, as one definition for `npm run eval` and for the leaderboard:
 * - accuracy: share of images whose verdict is right;
 * - consistency: share of groups (an NLVR presentation; a synthetic pair) whose every image is right;
 * - pair accuracy: share of pairs whose "true of both" verdict (both images predicted true) is right.
 */
export interface Truth {
  /** image id → its label */
  images: ReadonlyMap<string, boolean>;
  groups: readonly (readonly string[])[];
  pairs: readonly (readonly [string, string])[];
}

export interface Scores {
  n: number;
  accuracy: number;
  consistency: number;
  pairAccuracy: number | null;
  pairs: number;
}

/**
 * Every unordered pair of one presentation's images that share its sentence (NLVR's four images give
 * six), and the images with no such partner.
 */
export function sentencePairs(examples: readonly NlvrExample[]): { pairs: [NlvrExample, NlvrExample][]; singles: NlvrExample[] } {
  const pairs: [NlvrExample, NlvrExample][] = [];
  const singles: NlvrExample[] = [];
  for (const group of groupByPresentation(examples).values()) {
    for (const [i, a] of group.entries()) {
      const partners = group.filter((b, j) => j !== i && b.sentence === a.sentence);
      if (partners.length === 0) singles.push(a);
      for (const b of partners) if (group.indexOf(b) > i) pairs.push([a, b]);
    }
  }
  return { pairs, singles };
}

export function nlvrTruth(examples: readonly NlvrExample[]): Truth {
  return {
    images: new Map(examples.map((e) => [e.identifier, e.label])),
    groups: [...groupByPresentation(examples).values()].map((g) => g.map((e) => e.identifier)),
    pairs: sentencePairs(examples).pairs.map(([a, b]) => [a.identifier, b.identifier] as const),
  };
}

/** The key of a pair of `truth.pairs` in a map of pair verdicts. */
export const pairKey = (a: string, b: string) => `${a} ${b}`;

/**
 * Scores per-image predictions (one for every image of `truth`) against it. Pair verdicts, when given
 * (one for every pair, by `pairKey`: a model's own `pair_logits`, as `npm run eval` scores them), decide
 * pair accuracy; otherwise a pair's verdict is "both images predicted true".
 */
export function scoreImages(truth: Truth, predictions: ReadonlyMap<string, boolean>, pairVerdicts?: ReadonlyMap<string, boolean>): Scores {
  const right = (id: string) => predictions.get(id) === truth.images.get(id);
  const ids = [...truth.images.keys()];
  const verdict = (a: string, b: string) => (pairVerdicts ? pairVerdicts.get(pairKey(a, b))! : predictions.get(a)! && predictions.get(b)!);
  const pairRight = truth.pairs.filter(([a, b]) => verdict(a, b) === (truth.images.get(a)! && truth.images.get(b)!));
  return {
    n: ids.length,
    accuracy: ids.filter(right).length / ids.length,
    consistency: truth.groups.filter((g) => g.every(right)).length / truth.groups.length,
    pairAccuracy: truth.pairs.length ? pairRight.length / truth.pairs.length : null,
    pairs: truth.pairs.length,
  };
}

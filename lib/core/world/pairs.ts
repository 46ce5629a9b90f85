import type { NlvrExample } from './nlvr';
import type { Rng } from './rng';
import type { Scene } from './types';

/** A challenge before rendering: a statement, two scenes, and labels ("true of both" = both true). */
export interface ChallengeSpec {
  id: string;
  statement: string;
  left: Scene;
  right: Scene;
  leftLabel: boolean;
  rightLabel: boolean;
  label: boolean;
}

/** Examples by presentation n, in file order. */
export function groupByPresentation(examples: readonly NlvrExample[]): Map<number, NlvrExample[]> {
  const groups = new Map<number, NlvrExample[]>();
  for (const ex of examples) {
    const group = groups.get(ex.presentation) ?? [];
    group.push(ex);
    groups.set(ex.presentation, group);
  }
  return groups;
}

/**
 * NLVR human-written pairs: two images of one presentation n (its examples n-0..n-3 share a sentence,
 * each with its own label). From each presentation take at most one "true of both" pair and one
 * "not true of both" pair, then trim the larger class so the result is balanced.
 */
export function nlvrPairs(examples: readonly NlvrExample[], rng: Rng, idPrefix: string): ChallengeSpec[] {
  const trues: ChallengeSpec[] = [];
  const falses: ChallengeSpec[] = [];
  for (const [n, group] of groupByPresentation(examples)) {
    const candidates: [NlvrExample, NlvrExample][] = [];
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (a.sentence === b.sentence) candidates.push(rng.chance(0.5) ? [a, b] : [b, a]);
      }
    }
    const shuffled = rng.shuffle(candidates);
    const truePair = shuffled.find(([a, b]) => a.label && b.label);
    const falsePair = shuffled.find(([a, b]) => !(a.label && b.label));
    for (const pair of [truePair, falsePair]) {
      if (!pair) continue;
      const [a, b] = pair;
      const spec: ChallengeSpec = {
        id: `${idPrefix}-${n}-${a.position}${b.position}`,
        statement: a.sentence,
        left: a.scene,
        right: b.scene,
        leftLabel: a.label,
        rightLabel: b.label,
        label: a.label && b.label,
      };
      (spec.label ? trues : falses).push(spec);
    }
  }
  const n = Math.min(trues.length, falses.length);
  return rng.shuffle([...rng.shuffle(trues).slice(0, n), ...rng.shuffle(falses).slice(0, n)]);
}

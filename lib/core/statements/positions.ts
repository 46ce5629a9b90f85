import type { ObjectPred, Side } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import { be, choose } from './words';

/**
 * Where things are, in words: an object touching a wall or corner of its box, the top or base of a
 * tower, one block on or under another.
 */

// ---------------------------------------------------------------- edges

/** "touching the edge", "closely touching the bottom of a box". */
export function touchingPhrase(rng: Rng, side: Side): string {
  const close = () => (rng.chance(0.5) ? 'closely touching' : 'touching');
  switch (side) {
    case 'any':
      return choose(rng, [
        [3, () => 'touching the edge'],
        [1, () => 'touching an edge'],
        [3, () => 'touching the wall'],
        [1, () => 'touching the side'],
        [0.6, () => 'touching any edge'],
        [0.6, () => `${close()} a wall of a box`],
      ]);
    case 'bottom':
      return choose(rng, [
        [3, () => 'touching the base'],
        [3, () => `${close()} the bottom of a box`],
        [1, () => 'touching the bottom'],
        [0.5, () => 'touching the bottom base'],
      ]);
    case 'top':
      return choose(rng, [
        [2, () => `${close()} the roof of a box`],
        [2, () => `${close()} the top of a box`],
        [1, () => 'touching the top wall'],
      ]);
    case 'right':
    case 'left':
      return choose(rng, [
        [3, () => `${close()} ${side} wall of a box`],
        [2, () => `touching the ${side} wall`],
        [1, () => `touching the ${side} side of a box`],
        [1, () => `touching the ${side} edge`],
      ]);
    case 'corner':
      return choose(rng, [
        [3, () => `${close()} a corner of a box`],
        [2, () => `${close()} a corner`],
        [1, () => 'touching the corner'],
        [1, () => `${close()} a box corner`],
      ]);
  }
}

export function notTouchingPhrase(rng: Rng, side: Side): string {
  if (side === 'any') {
    return choose(rng, [[3, () => 'not touching any edge'], [2, () => 'not touching the edge'], [2, () => 'not touching the wall'], [0.5, () => 'not touching any wall']]);
  }
  return `not ${touchingPhrase(rng, side)}`;
}

/** Touching (or not touching) a side: a participle for either. */
export const touchPhrase = (rng: Rng, side: Side, touch: boolean): string => (touch ? touchingPhrase(rng, side) : notTouchingPhrase(rng, side));

/** " touching the bottom of a box" after a noun phrase, or nothing when no side is named. */
export const touchingTail = (rng: Rng, side: Side | undefined): string => (side ? ` ${touchingPhrase(rng, side)}` : '');

/** Finite verb phrase: "is touching the edge", "touch the wall", "are not touching any edge". */
export function touchVerb(rng: Rng, side: Side, plural: boolean, negated: boolean): string {
  if (negated) return `${be(plural)} ${notTouchingPhrase(rng, side)}`;
  const t = touchingPhrase(rng, side);
  return rng.chance(0.75) ? `${be(plural)} ${t}` : `${plural ? 'touch' : 'touches'} ${t.replace(/^(closely )?touching /, '')}`;
}

/** The object predicate "touches this side of its box", or its negation. */
export const edgePred = (side: Side, touch = true): ObjectPred => (touch ? { kind: 'edge', side } : { kind: 'not', pred: { kind: 'edge', side } });

// ---------------------------------------------------------------- towers

/** The end of a tower a template speaks of. */
export type End = 'top' | 'base';

export const topWords = (rng: Rng) => choose(rng, [[3, () => 'at the top'], [1, () => 'on top'], [1, () => 'on the top']]);
export const baseWords = (rng: Rng) => choose(rng, [[3, () => 'at the base'], [1.5, () => 'at the bottom'], [0.5, () => 'at base']]);
export const endWords = (rng: Rng, end: End) => (end === 'top' ? topWords(rng) : baseWords(rng));
export const endPred = (end: End): ObjectPred => ({ kind: end });
export const endNoun = (rng: Rng, end: End) => (end === 'top' ? 'top' : rng.pick(['base', 'base', 'bottom']));
/** "over", "above", "on" — all mean directly on top in tower sentences. */
export const onWords = (rng: Rng) =>
  choose(rng, [[3, () => 'on'], [2, () => 'over'], [2, () => 'above'], [1.5, () => 'on top of'], [0.5, () => 'directly above'], [0.5, () => 'stacked on']]);
export const underWords = (rng: Rng) => choose(rng, [[2, () => 'below'], [1.5, () => 'under'], [1, () => 'beneath'], [0.5, () => 'directly below']]);

import type { Quantity } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import type { Layout } from '@/lib/core/world/scenes';
import { COLOR_NAMES, SHAPES, SIZES, type ColorName, type Shape } from '@/lib/core/world/types';
import { AT_LEAST_ONE, EXACTLY, GenerationError, NONE } from './template';
import { choose, type Alt, type Desc, type PartQ, type UnitQ } from './words';

/**
 * The slots templates fill: a colour, a shape, an object description, a quantity, a tower height,
 * parts of an enumeration. Each sampler draws from the rng in a fixed order (see words.ts).
 */

export const color = (rng: Rng): ColorName => rng.pick(COLOR_NAMES);
export const shape = (rng: Rng): Shape => rng.pick(SHAPES);
export function twoColors(rng: Rng): [ColorName, ColorName] {
  const [a, b] = rng.shuffle(COLOR_NAMES);
  return [a!, b!];
}

// ---------------------------------------------------------------- quantities

export type CmpWeights = readonly Alt<Quantity['cmp']>[];

const CMP_WEIGHTS: CmpWeights = [
  [0.5, () => 'eq'],
  [0.3, () => 'ge'],
  [0.07, () => 'le'],
  [0.07, () => 'gt'],
  [0.06, () => 'lt'],
];

/** A quantity whose reading ranges over lo..hi objects (so that both truth values are reachable). */
export function sampleQ(rng: Rng, lo: number, hi: number, cmps: CmpWeights = CMP_WEIGHTS): Quantity {
  const cmp = choose(rng, cmps);
  switch (cmp) {
    case 'eq':
      return { cmp, n: rng.int(lo, hi) };
    case 'ge':
      return { cmp, n: rng.int(Math.max(1, lo), hi) };
    case 'le':
      return { cmp, n: rng.int(Math.max(1, lo), Math.max(1, hi - 1)) };
    case 'gt':
      return { cmp, n: rng.int(Math.max(1, lo), Math.max(1, hi - 1)) };
    case 'lt':
      return { cmp, n: rng.int(Math.max(2, lo), Math.max(2, hi)) };
  }
}

/** Comparisons as weights, in this order: sampleQ(rng, 1, 3, cmps({ ge: 0.6, eq: 0.4 })). */
export const cmps = (weights: Partial<Record<Quantity['cmp'], number>>): CmpWeights =>
  (Object.entries(weights) as [Quantity['cmp'], number][]).map(([cmp, w]) => [w, () => cmp] as const);

/** Quantity of units: mostly "a", "exactly one", "two"; sometimes "no". */
export function sampleUnitQ(rng: Rng, opts: { none?: boolean } = {}): Quantity {
  return choose<Quantity>(rng, [
    [0.45, () => AT_LEAST_ONE],
    [0.22, () => EXACTLY(1)],
    [0.14, () => EXACTLY(2)],
    [0.05, () => ({ cmp: 'ge', n: 2 })],
    [opts.none ? 0.07 : 0, () => NONE],
  ]);
}

/** As sampleUnitQ, sometimes "each". */
export const sampleUnitQOrEvery = (rng: Rng, opts: { none?: boolean } = {}): UnitQ => (rng.chance(0.06) ? 'every' : sampleUnitQ(rng, opts));

/** How many units share an attribute: "at least two", "two", "all three", "no two" (= 1). */
export const sampleSameQ = (rng: Rng): Quantity => rng.pick<Quantity>([{ cmp: 'ge', n: 2 }, EXACTLY(2), EXACTLY(3), EXACTLY(1)]);

/** Heights of towers (1..4), mostly exact; never a bound every tower meets ("at least one block"). */
export const sampleHeight = (rng: Rng): Quantity =>
  choose<Quantity>(rng, [
    [0.65, () => EXACTLY(rng.int(1, 4))],
    [0.22, () => ({ cmp: 'ge', n: rng.int(2, 4) })],
    [0.05, () => ({ cmp: 'le', n: rng.int(1, 3) })],
    [0.05, () => ({ cmp: 'gt', n: rng.int(1, 3) })],
    [0.03, () => ({ cmp: 'lt', n: rng.int(2, 4) })],
  ]);

// ---------------------------------------------------------------- object descriptions

/** At most one attribute, for rare configurations (corners, the roof). */
export const sampleLooseDesc = (rng: Rng): Desc =>
  choose<Desc>(rng, [[0.3, () => ({})], [0.35, () => ({ color: color(rng) })], [0.35, () => ({ shape: shape(rng) })]]);

/** An object description for scatter scenes: colour and shape, one of them, or neither. */
export function sampleDesc(rng: Rng, layout: Layout, opts: { none?: number; size?: number } = {}): Desc {
  const size = rng.chance(opts.size ?? 0.06) ? rng.pick(SIZES) : undefined;
  const d: Desc = layout === 'tower'
    ? choose<Desc>(rng, [[0.9, () => ({ color: color(rng) })], [opts.none ?? 0.1, () => ({})]])
    : choose<Desc>(rng, [
        [0.45, () => ({ color: color(rng), shape: shape(rng) })],
        [0.28, () => ({ color: color(rng) })],
        [0.22, () => ({ shape: shape(rng) })],
        [opts.none ?? 0.05, () => ({})],
      ]);
  return layout === 'scatter' && size ? { ...d, size } : d;
}

/** How many objects a description typically matches in an image, to keep counts near the boundary. */
export function typicalMax(d: Desc, layout: Layout): number {
  const k = (d.color ? 1 : 0) + (d.shape ? 1 : 0) + (d.size ? 1 : 0);
  if (layout === 'tower') return k === 0 ? 8 : 4;
  return [8, 5, 3, 2][k] ?? 2;
}

// ---------------------------------------------------------------- parts of an enumeration

export function samplePart(rng: Rng, layout: Layout, noun: 'tower' | 'box'): PartQ {
  const d = noun === 'tower' ? { color: color(rng) } : sampleDesc(rng, layout, { none: 0 });
  const q = choose<Quantity>(rng, [
    [0.55, () => AT_LEAST_ONE],
    [0.3, () => EXACTLY(rng.int(1, 3))],
    [0.15, () => ({ cmp: 'ge', n: rng.int(2, 3) })],
  ]);
  return { d, q };
}

/** No object fits both descriptions (they differ in a colour, shape or size that both name). */
const disjoint = (a: Desc, b: Desc): boolean =>
  (a.color !== undefined && b.color !== undefined && a.color !== b.color) ||
  (a.shape !== undefined && b.shape !== undefined && a.shape !== b.shape) ||
  (a.size !== undefined && b.size !== undefined && a.size !== b.size);

/**
 * Parts naming disjoint kinds of objects: people read "a circle and three black items" as four
 * objects, and counting each part separately only agrees with that when no object fits two parts.
 */
export function disjointParts(rng: Rng, n: number, make: () => PartQ): PartQ[] {
  for (let attempt = 0; attempt < 100; attempt++) {
    const parts: PartQ[] = [];
    for (let guard = 0; parts.length < n && guard < 30; guard++) {
      const p = make();
      if (parts.every((q) => disjoint(q.d, p.d))) parts.push(p);
    }
    if (parts.length === n) return parts;
  }
  throw new GenerationError(`no ${n} disjoint object descriptions`);
}

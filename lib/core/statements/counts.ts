import type { ObjectPred, Side } from '@/lib/core/world/meaning';
import { SIZES } from '@/lib/core/world/types';
import { edgePred, touchingTail } from './positions';
import { cmps, color, disjointParts, sampleDesc, sampleQ, shape, twoColors } from './slots';
import { AT_LEAST_ONE, count, filterOf, SCATTER_ONLY, template } from './template';
import { article, be, np, oneOf, plural, qnp, thereAre, thereBe, thereIs, words, type Desc } from './words';

/** Counting templates (scatter): how many objects of a kind there are, none, either of two colours, not of a colour. */
export const COUNT_TEMPLATES = {
  'exists-color-shape': template({
    description: 'there is an object of a kind ("There is a yellow square.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0, size: 0.3 }) }),
    meaning: (p) => count(filterOf(p.d), AT_LEAST_ONE),
    text: (rng, p, layout) => thereAre(rng, AT_LEAST_ONE, p.d, layout),
  }),
  'count-color-shape': template({
    description: 'how many objects of a colour and shape ("There are exactly two black triangles.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ d: { color: color(rng), shape: shape(rng) } as Desc, q: sampleQ(rng, 1, 3) }),
    meaning: (p) => count(filterOf(p.d), p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, p.d, layout),
  }),
  'count-color': template({
    description: 'how many objects of a colour ("There are at least 3 blue items.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ c: color(rng), q: sampleQ(rng, 1, 6) }),
    meaning: (p) => count(filterOf({ color: p.c }), p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, { color: p.c }, layout),
  }),
  'count-shape': template({
    description: 'how many objects of a shape ("There are at most two circles.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ s: shape(rng), q: sampleQ(rng, 1, 6) }),
    meaning: (p) => count(filterOf({ shape: p.s }), p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, { shape: p.s }, layout),
  }),
  'count-size': template({
    description: 'how many objects of a size ("There is a small black circle.", "There are two large squares.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng) => {
      const d: Desc = { size: rng.pick(SIZES), ...(rng.chance(0.6) ? { color: color(rng) } : {}), ...(rng.chance(0.6) ? { shape: shape(rng) } : {}) };
      return { d, q: sampleQ(rng, 1, 2, cmps({ ge: 0.5, eq: 0.5 })) };
    },
    meaning: (p) => count(filterOf(p.d), p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, p.d, layout),
  }),
  'negated-exists': template({
    description: 'there is no object of a kind ("There is no blue triangle.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0, size: 0.2 }) }),
    meaning: (p) => ({ kind: 'not', m: count(filterOf(p.d), AT_LEAST_ONE) }),
    text: (rng, p, layout) =>
      oneOf(
        rng,
        () => `there is no ${words(rng, p.d, false, layout)}`,
        () => `there are no ${words(rng, p.d, true, layout)}`,
        () => `there is not a single ${words(rng, p.d, false, layout)}`,
        () => `none of the ${words(rng, {}, true, layout)} is ${article(words(rng, p.d, false, layout, 'one'))}`,
      ),
  }),
  'count-two-kinds': template({
    description: 'counts of two kinds of objects ("There are 2 blue circles and 1 blue triangle.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ parts: disjointParts(rng, 2, () => ({ d: sampleDesc(rng, layout, { none: 0 }), q: sampleQ(rng, 1, 3, cmps({ eq: 0.6, ge: 0.4 })) })) }),
    meaning: (p) => ({ kind: 'and', ms: p.parts.map((part) => count(filterOf(part.d), part.q)) }),
    text: (rng, p, layout) => {
      const a = p.parts[0]!;
      const b = p.parts[1]!;
      const first = qnp(rng, a.q, np(rng, a.d, layout));
      return `${thereBe(first)} and ${qnp(rng, b.q, np(rng, b.d, layout)).text}`;
    },
  }),
  'disjunction-color': template({
    description: 'objects of either of two colours ("There is a black or yellow triangle closely touching the bottom of a box.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({
      colors: twoColors(rng),
      s: shape(rng),
      side: rng.chance(0.5) ? rng.pick<Side>(['any', 'bottom']) : undefined,
      q: sampleQ(rng, 1, 3, cmps({ ge: 0.6, eq: 0.4 })),
    }),
    meaning: (p) => count({ colors: p.colors, shape: p.s, ...(p.side ? { where: [edgePred(p.side)] } : {}) }, p.q),
    text: (rng, p) => thereIs(rng, p.q, (many) => `${p.colors[0]} or ${p.colors[1]} ${plural(p.s, many)}`, touchingTail(rng, p.side)),
  }),
  'count-not-color': template({
    description: 'objects that are not of a colour ("There is a square touching the corner that is not yellow.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({
      c: color(rng),
      s: rng.chance(0.7) ? shape(rng) : undefined,
      side: rng.chance(0.5) ? rng.pick<Side>(['any', 'bottom', 'corner']) : undefined,
      q: sampleQ(rng, 1, 3, cmps({ ge: 0.6, eq: 0.4 })),
    }),
    meaning: (p) => {
      const where: ObjectPred[] = [{ kind: 'not', pred: { kind: 'color', color: p.c } }];
      if (p.side) where.push(edgePred(p.side));
      return count(filterOf({ shape: p.s }, ...where), p.q);
    },
    text: (rng, p, layout) => {
      const q = qnp(rng, p.q, np(rng, { shape: p.s }, layout));
      return `${thereBe(q)}${touchingTail(rng, p.side)} ${rng.pick(['that', 'which'])} ${be(q.plural)} not ${p.c}`;
    },
  }),
};

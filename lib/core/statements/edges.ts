import type { Quantity, Side } from '@/lib/core/world/meaning';
import { edgePred, touchingPhrase, touchPhrase, touchVerb } from './positions';
import { cmps, color, sampleDesc, sampleLooseDesc, sampleQ, sampleUnitQ, sampleUnitQOrEvery, typicalMax, type CmpWeights } from './slots';
import { and, AT_LEAST_ONE, boxes, count, countAll, countIn, EXACTLY, filterOf, NONE, SCATTER_ONLY, template, type StatementTemplate } from './template';
import { be, boxNoun, choose, colourWord, itemNoun, np, num, oneOf, plural, qnp, thereAre, thereBe, unitsWith, words, type Desc } from './words';

/** Templates about objects touching the walls, base and corners of their boxes. */

/** How many objects of a kind touch (or touch no) wall, "there are …" in a share of the texts. */
function edgeCount(
  touch: boolean,
  t: { description: string; weight: number; layouts: StatementTemplate<unknown>['layouts']; size?: number; cmps: CmpWeights; thereShare: number },
) {
  return template({
    description: t.description,
    weight: t.weight,
    layouts: t.layouts,
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout, { size: t.size });
      return { d, q: sampleQ(rng, 1, Math.min(4, typicalMax(d, layout)), t.cmps) };
    },
    meaning: (p) => count(filterOf(p.d, edgePred('any', touch)), p.q),
    text: (rng, p, layout) => {
      const q = qnp(rng, p.q, np(rng, p.d, layout));
      return rng.chance(t.thereShare) ? `${thereBe(q)} ${touchPhrase(rng, 'any', touch)}` : `${q.text} ${touchVerb(rng, 'any', q.plural, !touch)}`;
    },
  });
}

/** Objects of a kind touching a side of their box, counted: "there are two blue items touching the wall". */
const touchingCount = (d: Desc, side: Side, q: Quantity) => count(filterOf(d, edgePred(side)), q);

/** Boxes with objects at their walls. */
export const BOX_EDGE_TEMPLATES = {
  'boxes-edge': template({
    description: 'boxes with objects touching a wall ("Each grey box contains atleast one yellow object touching the edge.")',
    weight: 3,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({
      boxes: sampleUnitQOrEvery(rng),
      d: sampleDesc(rng, layout, { none: 0.15 }),
      k: choose<Quantity>(rng, [[0.65, () => AT_LEAST_ONE], [0.2, () => ({ cmp: 'ge', n: 2 })], [0.15, () => EXACTLY(rng.int(1, 2))]]),
      side: rng.weighted<Side>(['any', 'bottom', 'corner', 'right'], [5, 2, 1, 1]),
      touch: rng.chance(0.8),
    }),
    meaning: (p) => boxes(p.boxes, countIn(filterOf(p.d, edgePred(p.side, p.touch)), p.k)),
    text: (rng, p, layout) => unitsWith(rng, p.boxes, boxNoun(rng), `${qnp(rng, p.k, np(rng, p.d, layout)).text} ${touchPhrase(rng, p.side, p.touch)}`),
  }),
  'box-items-edge': template({
    description: 'a box with n items of which some touch a wall ("There is a box with 2 items and a yellow one touching the wall.")',
    weight: 1.5,
    layouts: { tower: 0.5, scatter: 0.5 },
    sample: (rng, layout) => ({
      boxes: sampleUnitQ(rng),
      k: rng.int(2, layout === 'tower' ? 4 : 6),
      d: layout === 'tower' || rng.chance(0.6) ? { color: color(rng) } : sampleLooseDesc(rng),
      j: choose<Quantity>(rng, [[0.7, () => AT_LEAST_ONE], [0.3, () => EXACTLY(rng.int(1, 3))]]),
    }),
    meaning: (p) => boxes(p.boxes, and(countAll(EXACTLY(p.k)), countIn(filterOf(p.d, edgePred('any')), p.j))),
    text: (rng, p, layout) => {
      const items = `${rng.chance(0.3) ? 'exactly ' : ''}${num(rng, p.k)} ${itemNoun(rng)(true)}`;
      const touch = touchingPhrase(rng, 'any');
      const one = p.d.color && !p.d.shape && rng.chance(0.6);
      const and = qnp(rng, p.j, (many) => (one ? `${p.d.color} ${plural('one', many)}` : words(rng, p.d, many, layout)));
      const ofWhich = qnp(rng, p.j, np(rng, p.d, layout));
      return oneOf(
        rng,
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${items} and ${and.text} ${touch}`),
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${items} of which ${ofWhich.text} ${be(ofWhich.plural)} ${touch}`),
      );
    },
  }),
};

/** Objects at the walls (scatter; some in towers). */
export const EDGE_TEMPLATES = {
  'touch-edge': template({
    description: 'an object of a kind touches a wall ("There is a black triangle touching the wall.")',
    weight: 4,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { size: 0.12 }) }),
    meaning: (p) => touchingCount(p.d, 'any', AT_LEAST_ONE),
    text: (rng, p, layout) => thereAre(rng, AT_LEAST_ONE, p.d, layout, ` ${touchingPhrase(rng, 'any')}`),
  }),
  'touch-edge-count': edgeCount(true, {
    description: 'how many objects of a kind touch a wall ("There are exactly two yellow items touching the wall.")',
    weight: 5,
    layouts: { scatter: 0.8, tower: 0.2 },
    cmps: cmps({ eq: 0.65, ge: 0.2, gt: 0.1, le: 0.05 }),
    thereShare: 0.75,
  }),
  'not-touch-edge-count': edgeCount(false, {
    description: 'how many objects of a kind touch no wall ("There are exactly two blue squares not touching any edge.")',
    weight: 6,
    layouts: SCATTER_ONLY,
    size: 0.1,
    cmps: cmps({ eq: 0.7, ge: 0.22, le: 0.08 }),
    thereShare: 0.8,
  }),
  'touch-base': template({
    description: 'objects touching the bottom of their box ("There is a blue triangle closely touching the bottom of a box.")',
    weight: 4,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout, { size: 0.05 });
      return { d, q: sampleQ(rng, 1, Math.min(3, typicalMax(d, layout)), cmps({ ge: 0.5, eq: 0.45, gt: 0.05 })) };
    },
    meaning: (p) => touchingCount(p.d, 'bottom', p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, p.d, layout, ` ${touchingPhrase(rng, 'bottom')}`),
  }),
  'touch-side': template({
    description: 'objects touching the right, left or top wall ("There is a blue item closely touching right wall of a box.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const side = rng.weighted<Side>(['right', 'top', 'left'], [5, 1.5, 1.5]);
      // NLVR pushes objects against the right wall on purpose; the top and left are touched by chance only.
      return { side, d: side === 'right' ? sampleDesc(rng, layout) : sampleLooseDesc(rng), q: sampleQ(rng, 1, 2, cmps({ ge: 0.6, eq: 0.4 })) };
    },
    meaning: (p) => touchingCount(p.d, p.side, p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, p.d, layout, ` ${touchingPhrase(rng, p.side)}`),
  }),
  'touch-corner': template({
    description: 'objects touching a corner of their box ("There is a square closely touching a corner of a box.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ d: sampleLooseDesc(rng), q: sampleQ(rng, 1, 2, cmps({ ge: 0.65, eq: 0.35 })) }),
    meaning: (p) => touchingCount(p.d, 'corner', p.q),
    text: (rng, p, layout) =>
      rng.chance(0.85) ? thereAre(rng, p.q, p.d, layout, ` ${touchingPhrase(rng, 'corner')}`) : thereAre(rng, p.q, p.d, layout, ' in the corner of a box'),
  }),
  'no-touch': template({
    description: 'no object of a kind touches a wall ("There is no yellow circle closely touching the bottom of a box.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0.1 }), side: rng.weighted<Side>(['bottom', 'any', 'right', 'corner'], [4, 2, 2, 1]) }),
    meaning: (p) => touchingCount(p.d, p.side, NONE),
    text: (rng, p, layout) =>
      oneOf(
        rng,
        () => `there is no ${words(rng, p.d, false, layout)} ${touchingPhrase(rng, p.side)}`,
        () => `no ${words(rng, p.d, false, layout)} is ${touchingPhrase(rng, p.side)}`,
        () => `there are no ${words(rng, p.d, true, layout)} ${touchingPhrase(rng, p.side)}`,
      ),
  }),
  'every-edge': template({
    description: 'all / none of the objects of a kind touch a wall ("None of the black triangles are touching an edge.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0 }), touch: rng.chance(0.5) }),
    meaning: (p) => ({ kind: 'every', of: filterOf(p.d), are: { where: [edgePred('any', p.touch)] } }),
    text: (rng, p, layout) => {
      const xs = words(rng, p.d, true, layout);
      if (!p.touch && rng.chance(0.4)) return `none of the ${xs} ${rng.pick(['are', 'is'])} ${touchingPhrase(rng, 'any')}`;
      return oneOf(
        rng,
        () => `all ${xs} ${touchVerb(rng, 'any', true, !p.touch)}`,
        () => `all the ${xs} ${touchVerb(rng, 'any', true, !p.touch)}`,
        () => `${xs} ${touchVerb(rng, 'any', true, !p.touch)}`,
        () => `every ${words(rng, p.d, false, layout)} ${touchVerb(rng, 'any', false, !p.touch)}`,
      );
    },
  }),
  'edge-colors': template({
    description: 'how many colours touch a wall ("There is only one color touching the wall.")',
    weight: 1,
    layouts: { scatter: 0.6, tower: 0.4 },
    sample: (rng) => ({ k: rng.int(1, 3) }),
    meaning: (p) => ({ kind: 'distinct', of: { where: [edgePred('any')] }, attr: 'color', q: EXACTLY(p.k) }),
    text: (rng, p, layout) => {
      const colour = colourWord(rng);
      const touch = touchingPhrase(rng, 'any');
      if (p.k === 1) return oneOf(rng, () => `there is only one ${colour} ${touch}`, () => `all ${words(rng, {}, true, layout)} ${touch} have the same ${colour}`);
      if (p.k === 3) return oneOf(rng, () => `all 3 different ${colour}s are ${touch}`, () => `${words(rng, {}, true, layout)} of all three ${colour}s are ${touch}`);
      return oneOf(rng, () => `exactly two ${colour}s are ${touch}`, () => `there are ${words(rng, {}, true, layout)} of exactly two ${colour}s ${touch}`);
    },
  }),
};

import type { Rng } from '@/lib/core/world/rng';
import type { Layout } from '@/lib/core/world/scenes';
import { color, sampleDesc, sampleSameQ, sampleUnitQ, sampleUnitQOrEvery, shape, twoColors } from './slots';
import { and, boxes, EXACTLY, filterOf, hasOne, SCATTER_ONLY, template } from './template';
import { article, boxNoun, choose, colourWord, num, oneOf, sameText, unitsWith, words, type Desc, type UnitQ } from './words';

/**
 * Box templates about sorts of objects: boxes holding only one kind, one colour or shape, a number
 * of colours; boxes compared (the same number of objects, all objects of a kind in one box).
 */

/** "there is a box with items of only one color", "each box has items of the same colour". */
function sameInBoxText(rng: Rng, q: UnitQ, what: string, layout: Layout): string {
  const items = words(rng, {}, true, layout);
  const box = boxNoun(rng);
  if (q !== 'every' && q.cmp === 'ge' && rng.chance(0.35)) return `there is a ${box(false)} where all ${items} have the same ${what}`;
  return oneOf(
    rng,
    () => unitsWith(rng, q, box, `${items} of only one ${what}`),
    () => unitsWith(rng, q, box, `${items} of the same ${what}`),
    () => unitsWith(rng, q, box, `${items} that all have the same ${what}`),
  );
}

/** Boxes whose objects all share one colour (shape). */
const sameInBox = (attr: 'colors' | 'shapes', weight: number, description: string) =>
  template({
    description,
    weight,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ boxes: sampleUnitQOrEvery(rng, { none: true }) }),
    meaning: (p) => boxes(p.boxes, { kind: attr, q: EXACTLY(1) }),
    text: (rng, p, layout) => sameInBoxText(rng, p.boxes, attr === 'colors' ? colourWord(rng) : 'shape', layout),
  });

export const BOX_KIND_TEMPLATES = {
  'box-only': template({
    description: 'boxes holding only one kind of object ("There is 1 box with only black items.", "One of the grey boxes has only triangles.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({
      boxes: sampleUnitQ(rng),
      are: choose<Desc>(rng, [[0.55, () => ({ color: color(rng) })], [0.3, () => ({ shape: shape(rng) })], [0.15, () => ({ color: color(rng), shape: shape(rng) })]]),
    }),
    meaning: (p) => boxes(p.boxes, { kind: 'all', are: filterOf(p.are) }),
    text: (rng, p, layout) =>
      oneOf(
        rng,
        () => unitsWith(rng, p.boxes, boxNoun(rng), `only ${words(rng, p.are, true, layout)}`),
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${words(rng, {}, true, layout)} that are all ${p.are.color && !p.are.shape ? p.are.color : `${words(rng, p.are, true, layout)}`}`),
      ),
  }),
  'box-only-colors': template({
    description: 'boxes whose items are of exactly two given colours ("There is 1 box with only blue and yellow items.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ boxes: sampleUnitQ(rng, { none: true }), colors: twoColors(rng) }),
    meaning: (p) => boxes(p.boxes, { kind: 'only-colors', colors: p.colors }),
    text: (rng, p, layout) => {
      const [a, b] = p.colors;
      const items = words(rng, {}, true, layout);
      return oneOf(
        rng,
        () => unitsWith(rng, p.boxes, boxNoun(rng), `only ${a} and ${b} ${items}`),
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${items} of only ${a} and ${b} ${colourWord(rng)}`),
      );
    },
  }),
  'same-color-box': sameInBox('colors', 2, 'boxes whose objects all share one colour ("There is a box with items of only one color.")'),
  'same-shape-box': sameInBox('shapes', 0.7, 'boxes whose objects all share one shape ("There is a box where all the objects have the same shape.")'),
  'box-distinct-colors': template({
    description: 'a box with items of a number of colours, maybe holding a given object ("There is a box with items of 2 different colors and a black square.")',
    weight: 1.5,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({
      boxes: sampleUnitQ(rng),
      k: rng.int(1, 3),
      extra: rng.chance(0.5) ? sampleDesc(rng, layout, { none: 0 }) : undefined,
    }),
    meaning: (p) => boxes(p.boxes, and({ kind: 'colors', q: EXACTLY(p.k) }, ...(p.extra ? [hasOne(filterOf(p.extra))] : []))),
    text: (rng, p, layout) => {
      const colour = colourWord(rng);
      const k = p.k === 1 ? `only one ${colour}` : p.k === 3 && rng.chance(0.5) ? `all ${num(rng, 3)} different ${colour}s` : `${num(rng, p.k)} different ${colour}s`;
      const x = `${words(rng, {}, true, layout)} of ${k}${p.extra ? ` and ${article(words(rng, p.extra, false, layout))}` : ''}`;
      return unitsWith(rng, p.boxes, boxNoun(rng), x);
    },
  }),

  // ------------------------------------------------------------ boxes compared
  'boxes-same-count': template({
    description: 'boxes holding the same number of objects ("There are two boxes that have the same number of objects.")',
    weight: 0.5,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ q: sampleSameQ(rng) }),
    meaning: (p) => ({ kind: 'max-same', unit: 'box', key: 'count', q: p.q }),
    text: (rng, p, layout) => sameText(rng, p.q, 'boxes', `number of ${words(rng, {}, true, layout)}`),
  }),
  'same-box': template({
    description: 'all objects of a kind are in one box ("All blue items are in the same box.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0 }) }),
    meaning: (p) => ({ kind: 'same-box', of: filterOf(p.d) }),
    text: (rng, p, layout) => {
      const xs = words(rng, p.d, true, layout);
      return oneOf(
        rng,
        () => `all ${xs} are in the same ${boxNoun(rng)(false)}`,
        () => `all the ${xs} are in one ${boxNoun(rng)(false)}`,
        () => `the ${xs} are all in the same ${boxNoun(rng)(false)}`,
        () => `every ${words(rng, p.d, false, layout)} is in the same ${boxNoun(rng)(false)}`,
      );
    },
  }),
};

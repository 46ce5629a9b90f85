import { color, sampleDesc, shape } from './slots';
import { AT_LEAST_ONE, count, filterOf, SCATTER_ONLY, template } from './template';
import { article, oneOf, words, type Desc } from './words';

/** Templates relating two objects of a box (scatter): one above or below another, two touching. */

/** An object entirely higher (lower) than another in the same box: "there is a black object above a blue object". */
const relation = (rel: 'above' | 'below', weight: number, description: string, verbs: readonly string[]) =>
  template({
    description,
    weight,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ a: sampleDesc(rng, layout, { none: 0 }), b: sampleDesc(rng, layout, { none: 0 }) }),
    meaning: (p) => count(filterOf(p.a, { kind: rel, other: filterOf(p.b) }), AT_LEAST_ONE),
    text: (rng, p, layout) =>
      `there is ${article(words(rng, p.a, false, layout))} ${rng.pick(verbs)} ${article(words(rng, p.b, false, layout))}${rng.chance(0.3) ? ' in the same box' : ''}`,
  });

export const RELATION_TEMPLATES = {
  'above-color': relation('above', 0.7, 'an object entirely higher than another in the same box ("There is a black object above a blue object.")', [
    'above',
    'above',
    'higher than',
    'somewhere above',
  ]),
  'below-color': relation('below', 0.4, 'an object entirely lower than another in the same box ("There is a yellow circle below a black square.")', [
    'below',
    'below',
    'lower than',
    'somewhere below',
  ]),
  'touching-objects': template({
    description: 'objects touching each other ("There is a blue item closely touching a yellow item.")',
    weight: 0.8,
    layouts: SCATTER_ONLY,
    scene: { adjacency: 0.25 },
    sample: (rng) => {
      const a: Desc = rng.chance(0.7) ? { color: color(rng) } : { shape: shape(rng) };
      return { a, b: rng.chance(0.35) ? a : rng.chance(0.7) ? { color: color(rng) } : { shape: shape(rng) } };
    },
    meaning: (p) => count(filterOf(p.a, { kind: 'touching', other: filterOf(p.b) }), AT_LEAST_ONE),
    text: (rng, p, layout) => {
      const same = p.a.color === p.b.color && p.a.shape === p.b.shape;
      if (same && rng.chance(0.6)) return `there are two ${words(rng, p.a, true, layout)} touching each other`;
      return oneOf(
        rng,
        () => `there is ${article(words(rng, p.a, false, layout))} ${rng.pick(['touching', 'closely touching'])} ${article(words(rng, p.b, false, layout))}`,
        () => `there is a box where ${article(words(rng, p.a, false, layout))} and ${article(words(rng, p.b, false, layout))} are touching each other`,
        () => `${article(words(rng, p.a, false, layout))} is touching ${article(words(rng, p.b, false, layout))}`,
      );
    },
  }),
};

import type { Quantity } from '@/lib/core/world/meaning';
import { COLOR_NAMES } from '@/lib/core/world/types';
import { endNoun, type End } from './positions';
import { cmps, color, sampleHeight, sampleQ, sampleSameQ, sampleUnitQ, sampleUnitQOrEvery, twoColors } from './slots';
import { AT_LEAST_ONE, and, count, countAll, countIn, EXACTLY, filterOf, hasOne, partConds, template, TOWER_ONLY, towers } from './template';
import {
  blocks,
  choose,
  colourWord,
  has,
  heightPhrase,
  num,
  oneOf,
  ORDINALS,
  partsText,
  plural,
  qnp,
  sameText,
  thereBe,
  thereAre,
  towerNoun,
  unitsWith,
  whichThat,
  type Alt,
} from './words';

/** Tower templates about colours (how many blocks of a colour, towers of one or several colours) and towers compared. */
export const TOWER_COLOR_TEMPLATES = {
  'tower-color-count': template({
    description: 'a tower with a number of blocks of a colour ("There is a tower, which has exactly two black blocks.")',
    weight: 1.5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), k: sampleQ(rng, 1, 3, cmps({ eq: 0.6, ge: 0.3, le: 0.1 })) }),
    meaning: (p) => towers(AT_LEAST_ONE, countIn(filterOf({ color: p.c }), p.k)),
    text: (rng, p) => {
      const x = qnp(rng, p.k, blocks(p.c)).text;
      return oneOf(
        rng,
        () => `there is a tower with ${x}`,
        () => `there is a tower ${whichThat(rng)} has ${x}`,
        () => `there is a tower, which has ${x}`,
        () => `one of the towers has ${x}`,
        () => `there is a tower that contains ${x}`,
      );
    },
  }),
  'towers-color-count': template({
    description: 'how many towers contain blocks of a colour ("There are 2 towers that contain at least 1 black block.")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), towers: sampleUnitQOrEvery(rng, { none: true }), k: sampleQ(rng, 1, 2, cmps({ eq: 0.5, ge: 0.5 })) }),
    meaning: (p) => towers(p.towers, countIn(filterOf({ color: p.c }), p.k)),
    text: (rng, p) => {
      const x = qnp(rng, p.k, blocks(p.c));
      if (p.towers === 'every') return rng.chance(0.4) ? `${thereBe(x)} in each tower` : unitsWith(rng, 'every', towerNoun, x.text);
      if (rng.chance(0.4)) {
        const q = qnp(rng, p.towers, towerNoun);
        // "There is only 1 tower that contains black blocks": a bare plural reads as "at least one".
        const what = p.k.cmp === 'ge' && p.k.n === 1 && rng.chance(0.5) ? `${p.c} blocks` : x.text;
        return `${thereBe(q)} that ${q.plural ? 'contain' : 'contains'} ${what}`;
      }
      return unitsWith(rng, p.towers, towerNoun, x.text);
    },
  }),
  'tower-single-color': template({
    description: 'a tower all of one colour ("There is a black tower.", "There is a tower with only three black blocks.")',
    weight: 1.2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), h: rng.chance(0.5) ? sampleHeight(rng) : undefined }),
    meaning: (p) => towers(AT_LEAST_ONE, p.h ? and({ kind: 'only-colors', colors: [p.c] }, countAll(p.h)) : { kind: 'only-colors', colors: [p.c] }),
    text: (rng, p) => {
      if (!p.h) {
        return oneOf(
          rng,
          () => `there is a ${p.c} tower`,
          () => `there is a tower with only ${p.c} blocks`,
          () => `there is a tower which has only ${p.c} blocks`,
          () => `there is a tower made of ${p.c} blocks only`,
          () => `one of the towers is ${p.c}`,
        );
      }
      const h = p.h;
      const alts: Alt<string>[] = [[2, () => `there is a ${p.c} tower with ${heightPhrase(rng, h)}`]];
      if (h.cmp === 'eq') alts.push([2, () => `there is a tower with only ${num(rng, h.n)} ${p.c} ${plural('block', h.n !== 1)} and nothing else`]);
      if (h.cmp === 'eq' && h.n === 1) alts.push([2, () => `there is a ${p.c} tower with only one block`]);
      alts.push([1, () => `there is a tower with ${heightPhrase(rng, h)}, all of them ${p.c}`]);
      return choose(rng, alts);
    },
  }),
  'tower-same-color': template({
    description: 'towers whose blocks all share one colour ("There is a two blocks tower that has only one color.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ towers: sampleUnitQ(rng, { none: true }), h: rng.chance(0.6) ? sampleQ(rng, 2, 4, cmps({ eq: 0.7, ge: 0.3 })) : undefined }),
    meaning: (p) => towers(p.towers, p.h ? and(countAll(p.h), { kind: 'colors', q: EXACTLY(1) }) : { kind: 'colors', q: EXACTLY(1) }),
    text: (rng, p) => {
      const colour = rng.pick(['color', 'color', 'colour']);
      const q = qnp(rng, p.towers, towerNoun);
      const x = p.h ? heightPhrase(rng, p.h) : '';
      if (p.h && p.h.cmp === 'eq' && p.towers === AT_LEAST_ONE && rng.chance(0.4)) {
        return `there is a ${num(rng, p.h.n)} blocks tower that has only one ${colour}`;
      }
      return oneOf(
        rng,
        () => `${thereBe(q)}${x ? ` with ${x}` : ''} where all the blocks are of the same ${colour}`,
        () => `${thereBe(q)}${x ? ` with ${x}` : ''} ${whichThat(rng)} ${has(q.plural)} only one ${colour}`,
        () => `${thereBe(q)} whose blocks are all the same ${colour}${x ? ` and ${has(q.plural)} ${x}` : ''}`,
      );
    },
  }),
  'tower-mixed-colors': template({
    description: 'a tower with blocks of several given colours ("There is a tower with a black block and two blue blocks.")',
    weight: 1.5,
    layouts: TOWER_ONLY,
    sample: (rng) => {
      const colors = rng.shuffle(COLOR_NAMES).slice(0, rng.chance(0.75) ? 2 : 3);
      const parts = colors.map((c) => ({ d: { color: c }, q: choose<Quantity>(rng, [[0.6, () => AT_LEAST_ONE], [0.3, () => EXACTLY(rng.int(1, 2))], [0.1, () => ({ cmp: 'ge', n: 2 })]]) }));
      return { parts, towers: choose<Quantity>(rng, [[0.8, () => AT_LEAST_ONE], [0.2, () => EXACTLY(1)]]), h: rng.chance(0.25) ? sampleHeight(rng) : undefined };
    },
    meaning: (p) => towers(p.towers, and(...(p.h ? [countAll(p.h)] : []), ...partConds(p.parts))),
    text: (rng, p, layout) => {
      const parts = partsText(rng, p.parts, layout, 'block');
      if (p.h) return `${unitsWith(rng, p.towers, towerNoun, heightPhrase(rng, p.h))}, and it has ${parts}`;
      return unitsWith(rng, p.towers, towerNoun, parts);
    },
  }),
  'tower-distinct-colors': template({
    description: 'a tower with blocks of a number of different colours ("There is 1 tower with blocks of all 3 colours.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({
      towers: sampleUnitQ(rng, { none: true }),
      k: choose<Quantity>(rng, [[0.45, () => EXACTLY(3)], [0.35, () => EXACTLY(2)], [0.2, () => ({ cmp: 'ge', n: 2 })]]),
      h: rng.chance(0.35) ? sampleHeight(rng) : undefined,
    }),
    meaning: (p) => towers(p.towers, and(...(p.h ? [countAll(p.h)] : []), { kind: 'colors', q: p.k })),
    text: (rng, p) => {
      const colours = (many: boolean) => `different ${plural(colourWord(rng), many)}`;
      const k = p.k.cmp === 'eq' && p.k.n === 3 && rng.chance(0.6) ? `all ${num(rng, 3)} ${colourWord(rng)}s` : qnp(rng, p.k, colours).text;
      const x = p.h ? `${heightPhrase(rng, p.h)} of ${k}` : `blocks of ${k}`;
      return unitsWith(rng, p.towers, towerNoun, x);
    },
  }),
  'tower-only-colors': template({
    description: 'a tower whose blocks are of exactly two given colours ("There is 1 tower with only blue and black blocks.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ colors: twoColors(rng), towers: sampleUnitQ(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, { kind: 'only-colors', colors: p.colors }),
    text: (rng, p) =>
      unitsWith(rng, p.towers, towerNoun, rng.chance(0.7) ? `only ${p.colors[0]} and ${p.colors[1]} blocks` : `blocks of only ${p.colors[0]} and ${p.colors[1]} ${colourWord(rng)}`),
  }),
  'tower-level-color': template({
    description: 'the n-th block from the base of a tower has a colour ("There is a tower where the second block from the base is blue.")',
    weight: 1.5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ level: rng.int(1, 2), c: color(rng), towers: sampleUnitQ(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, hasOne(filterOf({ color: p.c }, { kind: 'level', n: p.level }))),
    text: (rng, p) => {
      const ord = ORDINALS[p.level]!;
      const there = thereBe(qnp(rng, p.towers, towerNoun));
      return oneOf(
        rng,
        () => `${there} where the ${ord} block${rng.chance(0.5) ? ' from the base' : ''} is ${p.c}`,
        () => `${there} whose ${ord} block from the ${rng.pick(['base', 'bottom'])} is ${p.c}`,
        () => `${there} with a ${p.c} ${ord} block`,
        () => `${there} with a ${p.c} block as the ${ord} level`,
      );
    },
  }),
  'tower-single-block': template({
    description: 'a one-block tower of a colour ("There is a black tower with only one block.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), towers: sampleUnitQ(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, and(countAll(EXACTLY(1)), countIn(filterOf({ color: p.c }), EXACTLY(1)))),
    text: (rng, p) => {
      const there = thereBe(qnp(rng, p.towers, towerNoun));
      const one = rng.pick(['only one block', 'exactly one block', 'a single block', 'just one block']);
      return oneOf(
        rng,
        () => `${thereBe(qnp(rng, p.towers, (many) => `${p.c} ${towerNoun(many)}`))} with ${one}`,
        () => `${there} with ${one} which is ${p.c}`,
        () => `${there} with only one ${rng.pick(['block', 'object'])} which is ${rng.chance(0.3) ? `of ${p.c} color` : p.c}`,
        () => `${there} with ${one} and the color is ${p.c}`,
      );
    },
  }),
  'block-count-color': template({
    description: 'how many blocks of a colour there are ("There are at least 3 blue blocks.")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), q: sampleQ(rng, 0, 5) }),
    meaning: (p) => count(filterOf({ color: p.c }), p.q),
    text: (rng, p, layout) => thereAre(rng, p.q, { color: p.c }, layout),
  }),

  // ------------------------------------------------------------ towers compared
  'tower-same-height': template({
    description: 'towers sharing a height ("There are at least two towers with the same height.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ q: sampleSameQ(rng) }),
    meaning: (p) => ({ kind: 'max-same', unit: 'tower', key: 'count', q: p.q }),
    text: (rng, p) => sameText(rng, p.q, 'towers', rng.pick(['height', 'height', 'number of blocks'])),
  }),
  'tower-same-end': template({
    description: 'towers sharing a base or top colour ("There are only two towers which have the same base color.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: rng.pick<End>(['top', 'base']), q: sampleSameQ(rng) }),
    meaning: (p) => ({ kind: 'max-same', unit: 'tower', key: p.end === 'top' ? 'top-color' : 'base-color', q: p.q }),
    text: (rng, p) => sameText(rng, p.q, 'towers', `${endNoun(rng, p.end)} ${colourWord(rng)}`),
  }),
};

import type { ObjectFilter, Quantity } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import type { ColorName } from '@/lib/core/world/types';
import { baseWords, endNoun, endPred, endWords, onWords, topWords, underWords, type End } from './positions';
import { color, sampleHeight, sampleUnitQOrEvery } from './slots';
import { AT_LEAST_ONE, and, count, countAll, EXACTLY, filterOf, hasOne, template, theUnits, TOWER_ONLY, towers } from './template';
import { blocks, choose, heightPhrase, num, oneOf, plural, qnp, thereBe, thereIs, towerNoun, unitsWith, whichThat, type Alt, type UnitQ } from './words';

/** Tower templates: heights, the colour of the top or base block, one colour directly on another. */

// ---------------------------------------------------------------- the top or base block

/** A block of a colour at one end of a tower. */
const endBlock = (end: End, c: ColorName): ObjectFilter => filterOf({ color: c }, endPred(end));

/** "there is a black block as the top of a tower" and friends. */
function endColorText(rng: Rng, end: End, c: ColorName): string {
  const endN = endNoun(rng, end);
  return choose(rng, [
    [3, () => `there is a ${c} block as the ${endN} of a tower`],
    [3, () => `there is a tower with a ${c} block ${endWords(rng, end)}`],
    [1, () => `there is a tower with a ${c} ${endN}`],
    [1, () => `there is at least one tower with a ${c} block ${endWords(rng, end)}`],
    [1, () => `there is at least one ${c} block as the ${endN} of a tower`],
    [0.7, () => `${c} block ${endWords(rng, end)}`],
    [0.7, () => `the ${endN} of a tower is ${c}`],
    [0.7, () => `one of the towers has a ${c} ${endN}`],
    [0.5, () => `there is a ${c} block ${end === 'top' ? 'at the top' : 'at the base'} of a tower`],
  ]);
}

function endCountText(rng: Rng, end: End, c: ColorName, q: UnitQ): string {
  const endN = endNoun(rng, end);
  if (q === 'every') {
    return oneOf(
      rng,
      () => unitsWith(rng, 'every', towerNoun, `a ${c} block ${endWords(rng, end)}`),
      () => `all towers have a ${c} ${endN}`,
      () => `the ${endN} block of every tower is ${c}`,
      () => `every tower has a ${c} ${endN}`,
    );
  }
  const alts: Alt<string>[] = [
    [4, () => unitsWith(rng, q, towerNoun, `a ${c} block ${endWords(rng, end)}`)],
    [1, () => unitsWith(rng, q, towerNoun, `${c} ${plural('block', rng.chance(0.5))} ${endWords(rng, end)}`)],
    [1, () => unitsWith(rng, q, towerNoun, `a ${c} ${endN}`)],
    [3, () => thereIs(rng, q, blocks(c), ` as the ${endN} of a tower`)],
  ];
  if (q.cmp === 'eq' && q.n >= 2) alts.push([1, () => `${num(rng, q.n)} of the ${rng.pick(['', 'three '])}towers have ${c} ${endN}s`]);
  // "There is 1 tower with 1 yellow block at the top" (dev and the training sample: the block counted too).
  if (q.n >= 1) alts.push([q.cmp === 'eq' && q.n === 1 ? 1.5 : 0.5, () => unitsWith(rng, q, towerNoun, `${num(rng, 1)} ${c} block ${endWords(rng, end)}`)]);
  if (q.cmp === 'eq' && q.n === 0) alts.push([2, () => `there is no ${c} block as the ${endN} of a tower`], [1, () => `no tower has a ${c} ${endN}`]);
  return choose(rng, alts);
}

function endHeightText(rng: Rng, end: End, c: ColorName, h: Quantity): string {
  const endN = endNoun(rng, end);
  const alts: Alt<string>[] = [
    [4, () => `there is a ${c} block as the ${endN} of a tower with ${heightPhrase(rng, h)}`],
    [2, () => `there is a tower with ${heightPhrase(rng, h)} ${rng.pick(['with', 'having'])} a ${c} block ${endWords(rng, end)}`],
    [1, () => `there is a tower with ${heightPhrase(rng, h)} and the ${endN} block is ${c}`],
    [1, () => `there is at least one tower with ${heightPhrase(rng, h)} with a ${c} block ${endWords(rng, end)}`],
  ];
  if (h.cmp === 'eq') {
    const n = num(rng, h.n);
    alts.push([1, () => `the ${endN} of a ${n} ${plural('block', h.n !== 1)} tower is ${c}`]);
    alts.push([1, () => `there is a ${n} ${plural('block', h.n !== 1)} tower with a ${c} ${endN}`]);
  }
  return choose(rng, alts);
}

/** A tower whose top (base) block has a colour. */
const endColor = (end: End, description: string) =>
  template({
    description,
    weight: 5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end, c: color(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, hasOne(endBlock(p.end, p.c))),
    text: (rng, p) => endColorText(rng, p.end, p.c),
  });

/** How many towers have a top (base) block of a colour. */
const endCount = (end: End, description: string) =>
  template({
    description,
    weight: 5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end, c: color(rng), towers: sampleUnitQOrEvery(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, hasOne(endBlock(p.end, p.c))),
    text: (rng, p) => endCountText(rng, p.end, p.c, p.towers),
  });

/** A tower of some height with a top (base) block of a colour. */
const endHeight = (end: End, description: string) =>
  template({
    description,
    weight: 3,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end, c: color(rng), h: sampleHeight(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, and(countAll(p.h), hasOne(endBlock(p.end, p.c)))),
    text: (rng, p) => endHeightText(rng, p.end, p.c, p.h),
  });

/** "the tower with four blocks has a black block at the top", "the top of the three blocks tower is blue". */
function theEndHeightText(rng: Rng, end: End, c: ColorName, h: number): string {
  const endN = endNoun(rng, end);
  const n = num(rng, h);
  const blocksOf = plural('block', h !== 1);
  return choose(rng, [
    [4, () => `the tower with ${n} ${blocksOf} has a ${c} block ${endWords(rng, end)}`],
    [1, () => `the tower with exactly ${n} ${blocksOf} has a ${c} block ${endWords(rng, end)}`],
    [1, () => `the tower with ${n} ${blocksOf} has a ${c} ${endN}`],
    [2, () => `the ${endN} of the ${n} ${plural('block', h !== 1 && rng.chance(0.5))} tower is ${c}`],
    [1, () => `the ${n} ${plural('block', h !== 1 && rng.chance(0.5))} tower has a ${c} ${endN}`],
  ]);
}

/** The towers of a height (there is one) all have a top (base) block of a colour: "the tower with four blocks …". */
const theEndHeight = (end: End, weight: number, description: string) =>
  template({
    description,
    weight,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end, c: color(rng), h: rng.int(1, 4) }),
    meaning: (p) => theUnits('tower', countAll(EXACTLY(p.h)), hasOne(endBlock(p.end, p.c))),
    text: (rng, p) => theEndHeightText(rng, p.end, p.c, p.h),
  });

// ---------------------------------------------------------------- one block on another

interface Stack {
  upper: ColorName;
  lower: ColorName;
}

const sampleStack = (rng: Rng): Stack => ({ upper: color(rng), lower: color(rng) });
/** Blocks of one colour directly on blocks matching `lower`. */
const onBlocks = (upper: ColorName, lower: ObjectFilter): ObjectFilter => filterOf({ color: upper }, { kind: 'on', other: lower });
const stacked = (p: Stack): ObjectFilter => onBlocks(p.upper, filterOf({ color: p.lower }));
/** "a yellow block over a blue block". */
const blockOnBlock = (rng: Rng, p: Stack) => `a ${p.upper} block ${onWords(rng)} a ${p.lower} block`;

function stackText(rng: Rng, { upper, lower }: Stack): string {
  const block = () => (rng.chance(0.85) ? 'block' : 'square');
  // "There is a tower with 2 black blocks stacked together" (NLVR dev and train).
  if (upper === lower && rng.chance(0.3)) return `there is a tower with ${num(rng, 2)} ${upper} blocks stacked together`;
  return choose(rng, [
    [4, () => `there is a ${upper} ${block()} ${onWords(rng)} a ${lower} ${block()}`],
    [2, () => `there is a tower with a ${upper} block ${onWords(rng)} a ${lower} block`],
    [1, () => `there is at least one tower ${rng.pick(['which has', 'having', 'with'])} a ${upper} block ${onWords(rng)} a ${lower} block`],
    [1, () => `there is at least one ${upper} block ${onWords(rng)} a ${lower} block`],
    [1.5, () => `there is a ${lower} block ${underWords(rng)} a ${upper} block`],
  ]);
}

// ---------------------------------------------------------------- templates

export const TOWER_TEMPLATES = {
  'tower-height': template({
    description: 'a tower with a given number of blocks ("There is a tower with four blocks.")',
    weight: 3,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ h: sampleHeight(rng) }),
    meaning: ({ h }) => towers(AT_LEAST_ONE, countAll(h)),
    text: (rng, { h }) => {
      const alts: Alt<string>[] = [
        [3, () => `there is a tower with ${heightPhrase(rng, h)}`],
        [1, () => `there is a tower ${whichThat(rng)} has ${heightPhrase(rng, h)}`],
        [1, () => `there is at least one tower with ${heightPhrase(rng, h)}`],
        [0.7, () => `one of the towers has ${heightPhrase(rng, h)}`],
      ];
      if (h.cmp === 'eq') {
        const n = num(rng, h.n);
        alts.push([1, () => `there is a ${n} ${plural('block', h.n !== 1)} tower`], [0.7, () => `there is a tower of height ${n}`]);
        if (h.n === 1) alts.push([1, () => `there is a tower with ${rng.pick(['only one block', 'a single block', 'just one block'])}`]);
        if (h.n > 1) alts.push([0.5, () => `there is a ${n}-block tower`]);
      }
      return choose(rng, alts);
    },
  }),
  'tower-height-count': template({
    description: 'how many towers have a given height ("There is only one tower with exactly three blocks.")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ towers: sampleUnitQOrEvery(rng, { none: true }), h: sampleHeight(rng) }),
    meaning: (p) => towers(p.towers, countAll(p.h)),
    text: (rng, p) => {
      if (p.towers !== 'every' && p.towers.cmp === 'eq' && p.towers.n === 0 && rng.chance(0.5)) {
        return `there is no tower with ${heightPhrase(rng, p.h)}`;
      }
      if (p.towers !== 'every' && p.h.cmp === 'eq' && p.h.n > 1 && rng.chance(0.3)) {
        return thereBe(qnp(rng, p.towers, (many) => `${num(rng, p.h.n)} ${plural('block', rng.chance(0.5))} ${towerNoun(many)}`));
      }
      return unitsWith(rng, p.towers, towerNoun, heightPhrase(rng, p.h));
    },
  }),
  'tower-top-color': endColor('top', 'a tower whose top block has a colour ("There is a yellow block as the top of a tower.")'),
  'tower-base-color': endColor('base', 'a tower whose base block has a colour ("There is a tower with a blue block at the base.")'),
  'tower-top-count': endCount('top', 'how many towers have a top block of a colour ("There is 1 tower with a black block at the top.")'),
  'tower-base-count': endCount('base', 'how many towers have a base block of a colour ("There are 2 towers with a black block at the base.")'),
  'tower-top-height': endHeight('top', 'a tower of some height with a top block of a colour ("There is a black block as the top of a tower with at least two blocks.")'),
  'tower-base-height': endHeight('base', 'a tower of some height with a base block of a colour ("There is a blue block as the base of a tower with more than two blocks.")'),
  'the-tower-top': theEndHeight('top', 2, 'the towers of a height have a top block of a colour ("the tower with four blocks has a black block at the top")'),
  'the-tower-base': theEndHeight('base', 1, 'the towers of a height have a base block of a colour ("the tower with three blocks has a blue block at the base")'),
  'tower-top-base': template({
    description: 'a tower with given top and base colours ("There is a tower with a blue block at the top and a black block at the base.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ top: color(rng), base: color(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, and(countAll({ cmp: 'ge', n: 2 }), hasOne(endBlock('top', p.top)), hasOne(endBlock('base', p.base)))),
    text: (rng, p) =>
      oneOf(
        rng,
        () => `there is a tower with a ${p.top} block ${topWords(rng)} and a ${p.base} block ${baseWords(rng)}`,
        () => `there is a tower with a ${p.base} base and a ${p.top} top`,
        () => `there is a tower with a ${p.base} block ${baseWords(rng)} and a ${p.top} block ${topWords(rng)}`,
        () => `there is a tower whose base is ${p.base} and whose top is ${p.top}`,
      ),
  }),
  'tower-stack': template({
    description: 'a block of a colour directly on a block of a colour ("There is a yellow block over a blue block.")',
    weight: 6,
    layouts: TOWER_ONLY,
    sample: sampleStack,
    meaning: (p) => count(stacked(p), AT_LEAST_ONE),
    text: stackText,
  }),
  'tower-stack-count': template({
    description: 'how many towers have one colour directly on another ("there is exactly one tower which has a blue block over a black block")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ ...sampleStack(rng), towers: sampleUnitQOrEvery(rng) }),
    meaning: (p) => towers(p.towers, hasOne(stacked(p))),
    text: (rng, p) => {
      // "There is 1 tower with 2 black blocks stacked together" (dev and the training sample).
      if (p.upper === p.lower && rng.chance(0.35)) return unitsWith(rng, p.towers, towerNoun, `${num(rng, 2)} ${p.upper} blocks stacked together`);
      return unitsWith(rng, p.towers, towerNoun, blockOnBlock(rng, p));
    },
  }),
  'tower-no-stack': template({
    description: 'no block of a colour directly on a block of a colour ("There is no yellow block above a blue block.")',
    weight: 1.2,
    layouts: TOWER_ONLY,
    sample: sampleStack,
    meaning: (p) => ({ kind: 'not', m: count(stacked(p), AT_LEAST_ONE) }),
    text: (rng, p) =>
      oneOf(
        rng,
        () => `there is no ${p.upper} block ${onWords(rng)} a ${p.lower} block`,
        () => `no tower has ${blockOnBlock(rng, p)}`,
        () => `there is no tower with ${blockOnBlock(rng, p)}`,
        () => `no ${p.upper} block is ${onWords(rng)} a ${p.lower} block`,
      ),
  }),
  'stack-on-base': template({
    description: 'an item on the base item of a box ("There is a box with a yellow item touching the wall and a blue item on top of it.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: sampleStack,
    meaning: (p) => count(onBlocks(p.upper, filterOf({ color: p.lower }, { kind: 'base' })), AT_LEAST_ONE),
    text: (rng, p) => {
      const noun = rng.pick(['item', 'square', 'block']);
      const onIt = () => rng.pick(['on top of it', 'right on top of it']);
      return oneOf(
        rng,
        () => `there is a box with a ${p.lower} ${noun} touching the wall and a ${p.upper} ${noun} ${onIt()}`,
        () => `there is a ${p.lower} ${noun} touching the wall with a ${p.upper} ${noun} ${onIt()}`,
        () => `there is a ${p.lower} ${noun} at the base with a ${p.upper} ${noun} directly on it`,
        () => `there is a box with a ${p.upper} ${noun} directly on top of the ${noun} touching the wall, which is ${p.lower}`,
      );
    },
  }),
};

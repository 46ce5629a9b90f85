import { MISSPELLINGS } from '@/lib/core/text/lexicon';
import { evaluate } from '@/lib/core/world/evaluate';
import type { BoxCond, Meaning, ObjectFilter, ObjectPred, Quantity, Side } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import { editScene, generateScene, LAYOUTS, NLVR_DEV_FIGURES, type Layout, type SceneOptions } from '@/lib/core/world/scenes';
import { COLOR_NAMES, SHAPES, SIZES, type ColorName, type Scene, type Shape, type Size } from '@/lib/core/world/types';

/**
 * Statement families: each draws random parameters, maps them to a Meaning (evaluated exactly by
 * evaluate.ts) and realises them in English the way NLVR annotators write (dev.json and
 * train-examples.html: "There is 1 tower with a blue block at the base", "there are exactly two blue
 * squares not touching any edge", "There is a box with 3 items and a black item on top"…).
 *
 * Conventions read off NLVR's labels:
 * - "a X" / "at least one X" = at least one; a bare numeral ("There are 2 towers with…", "There is
 *   1 box with…", "One tower has…") = exactly that many; "one of the boxes has…" = at least one.
 * - In tower sentences "on", "over" and "above" mean directly on top (the 'on' relation).
 * - "a box with only black and yellow items" = both colours present, no other.
 */

// ---------------------------------------------------------------- choosing words

type Alt<T> = readonly [weight: number, make: () => T];

function choose<T>(rng: Rng, alts: readonly Alt<T>[]): T {
  return rng.weighted(alts, alts.map((a) => a[0]))[1]();
}

function oneOf<T>(rng: Rng, ...makers: (() => T)[]): T {
  return rng.pick(makers)();
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** A number as a word or, as NLVR writers often do, in digits. */
const num = (rng: Rng, n: number): string => (rng.chance(0.35) ? String(n) : (NUMBER_WORDS[n] ?? String(n)));
const article = (phrase: string): string => `${/^[aeiou]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
const be = (plural: boolean) => (plural ? 'are' : 'is');
const has = (plural: boolean) => (plural ? 'have' : 'has');

/** What a family's parameters describe: an object by colour, shape and size (absent = any). */
export interface Desc {
  color?: ColorName;
  shape?: Shape;
  size?: Size;
}

export function filterOf(d: Desc, ...where: ObjectPred[]): ObjectFilter {
  const f: { colors?: ColorName[]; shape?: Shape; size?: Size; where?: ObjectPred[] } = {};
  if (d.color) f.colors = [d.color];
  if (d.shape) f.shape = d.shape;
  if (d.size) f.size = d.size;
  if (where.length > 0) f.where = where;
  return f;
}

const SIZE_WORDS: Record<Size, readonly string[]> = { 10: ['small', 'small', 'tiny'], 20: ['medium', 'medium sized'], 30: ['large', 'big'] };

function genericNoun(rng: Rng, layout: Layout): string {
  return layout === 'tower'
    ? choose(rng, [[0.75, () => 'block'], [0.17, () => 'item'], [0.04, () => 'object'], [0.04, () => 'square']])
    : choose(rng, [[0.5, () => 'item'], [0.38, () => 'object'], [0.12, () => 'shape']]);
}

/** "small black circle", "yellow items", "objects". */
function words(rng: Rng, d: Desc, plural: boolean, layout: Layout, noun?: string): string {
  const head = d.shape ?? noun ?? genericNoun(rng, layout);
  const parts = [d.size ? rng.pick(SIZE_WORDS[d.size]) : '', d.color ?? '', plural ? `${head}s` : head];
  return parts.filter(Boolean).join(' ');
}

const np = (rng: Rng, d: Desc, layout: Layout, noun?: string) => (plural: boolean) => words(rng, d, plural, layout, noun);

interface Phrase {
  text: string;
  plural: boolean;
}

/** A quantified noun phrase: "a black circle", "exactly two black circles", "no circles", "more than 3 items". */
function qnp(rng: Rng, q: Quantity, noun: (plural: boolean) => string): Phrase {
  const { cmp, n } = q;
  const N = () => num(rng, n);
  const p = (text: string): Phrase => ({ text, plural: n !== 1 });
  if (cmp === 'eq' && n === 0) {
    return rng.chance(0.7) ? { text: `no ${noun(false)}`, plural: false } : { text: `no ${noun(true)}`, plural: true };
  }
  if (cmp === 'ge' && n === 1) {
    return choose<Phrase>(rng, [
      [0.45, () => ({ text: article(noun(false)), plural: false })],
      [0.48, () => ({ text: `at least ${rng.chance(0.3) ? '1' : 'one'} ${noun(false)}`, plural: false })],
      [0.07, () => ({ text: `one or more ${noun(true)}`, plural: true })],
    ]);
  }
  const nouns = noun(n !== 1);
  switch (cmp) {
    case 'eq':
      return choose(rng, [
        [0.5, () => p(`exactly ${N()} ${nouns}`)],
        [0.35, () => p(`${N()} ${nouns}`)],
        [0.15, () => p(`only ${N()} ${nouns}`)],
      ]);
    case 'ge':
      return choose(rng, [
        [0.85, () => p(`at least ${N()} ${nouns}`)],
        [0.15, () => p(`${N()} or more ${nouns}`)],
      ]);
    case 'le':
      return choose(rng, [
        [0.5, () => p(`at most ${N()} ${nouns}`)],
        [0.35, () => p(`no more than ${N()} ${nouns}`)],
        [0.15, () => p(`not more than ${N()} ${nouns}`)],
      ]);
    case 'gt':
      return p(`more than ${N()} ${nouns}`);
    case 'lt':
      return rng.chance(0.6) ? p(`fewer than ${N()} ${nouns}`) : p(`less than ${N()} ${nouns}`);
  }
}

/** "there is a black circle", "there are exactly two black circles". */
function thereIs(rng: Rng, q: Quantity, noun: (plural: boolean) => string, tail = ''): string {
  const p = qnp(rng, q, noun);
  return `there ${be(p.plural)} ${p.text}${tail}`;
}

function boxNoun(rng: Rng): (plural: boolean) => string {
  const w = choose(rng, [[0.62, () => 'box'], [0.26, () => 'grey box'], [0.07, () => 'grey square'], [0.05, () => 'gray box']]);
  return (plural) => (plural ? (w.endsWith('box') ? `${w}es` : `${w}s`) : w);
}
const towerNoun = (plural: boolean) => (plural ? 'towers' : 'tower');

/** Quantity of units (boxes or towers). */
export type UnitQ = Quantity | 'every';

/**
 * "there is a box with X", "there are exactly two towers that have X", "each box has X",
 * "one of the grey boxes contains X". `x` is the noun phrase that follows "with" / "has".
 */
function unitsWith(rng: Rng, q: UnitQ, unit: (plural: boolean) => string, x: string): string {
  if (q === 'every') {
    return oneOf(
      rng,
      () => `each ${unit(false)} has ${x}`,
      () => `every ${unit(false)} has ${x}`,
      () => `all ${unit(true)} have ${x}`,
      () => `all three ${unit(true)} have ${x}`,
      () => `each ${unit(false)} contains ${x}`,
      () => `all the ${unit(true)} contain ${x}`,
    );
  }
  const alts: Alt<string>[] = [];
  const p = qnp(rng, q, unit);
  alts.push([3, () => `there ${be(p.plural)} ${p.text} with ${x}`]);
  alts.push([1, () => `there ${be(p.plural)} ${p.text} ${rng.pick(['that', 'which'])} ${has(p.plural)} ${x}`]);
  alts.push([0.5, () => `there ${be(p.plural)} ${p.text} containing ${x}`]);
  if (q.cmp === 'ge' && q.n === 1) {
    alts.push([1.5, () => `one of the ${unit(true)} ${rng.pick(['has', 'contains'])} ${x}`]);
    alts.push([0.5, () => `at least one ${unit(false)} has ${x}`]);
  }
  if (q.cmp === 'eq' && q.n === 1) alts.push([0.7, () => `${rng.pick(['one', 'only one', 'exactly one'])} ${unit(false)} has ${x}`]);
  if (q.cmp === 'eq' && q.n >= 2) alts.push([0.7, () => `${num(rng, q.n)} of the three ${unit(true)} have ${x}`]);
  if (q.cmp === 'ge' && q.n >= 2) alts.push([0.7, () => `at least ${num(rng, q.n)} of the ${unit(true)} have ${x}`]);
  if (q.cmp === 'eq' && q.n === 0) alts.push([1, () => `no ${unit(false)} has ${x}`], [0.5, () => `none of the ${unit(true)} ${rng.pick(['has', 'have'])} ${x}`]);
  return choose(rng, alts);
}

// ---------------------------------------------------------------- sampling parameters

const CMP_WEIGHTS: readonly Alt<Quantity['cmp']>[] = [
  [0.5, () => 'eq'],
  [0.3, () => 'ge'],
  [0.07, () => 'le'],
  [0.07, () => 'gt'],
  [0.06, () => 'lt'],
];

/** A quantity whose reading ranges over lo..hi objects (so that both truth values are reachable). */
export function sampleQ(rng: Rng, lo: number, hi: number, cmps: readonly Alt<Quantity['cmp']>[] = CMP_WEIGHTS): Quantity {
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

const AT_LEAST_ONE: Quantity = { cmp: 'ge', n: 1 };
const NONE: Quantity = { cmp: 'eq', n: 0 };
const EXACTLY = (n: number): Quantity => ({ cmp: 'eq', n });

/** Quantity of units: mostly "a", "exactly one", "two"; sometimes "no". */
function sampleUnitQ(rng: Rng, opts: { none?: boolean } = {}): Quantity {
  return choose<Quantity>(rng, [
    [0.45, () => AT_LEAST_ONE],
    [0.22, () => EXACTLY(1)],
    [0.14, () => EXACTLY(2)],
    [0.05, () => ({ cmp: 'ge', n: 2 })],
    [opts.none ? 0.07 : 0, () => NONE],
  ]);
}

/** As sampleUnitQ, sometimes "each". */
const sampleUnitQOrEvery = (rng: Rng, opts: { none?: boolean } = {}): UnitQ => (rng.chance(0.06) ? 'every' : sampleUnitQ(rng, opts));

const color = (rng: Rng): ColorName => rng.pick(COLOR_NAMES);
const shape = (rng: Rng): Shape => rng.pick(SHAPES);
function twoColors(rng: Rng): [ColorName, ColorName] {
  const [a, b] = rng.shuffle(COLOR_NAMES);
  return [a!, b!];
}

/** At most one attribute, for rare configurations (corners, the roof). */
const sampleLooseDesc = (rng: Rng): Desc => choose<Desc>(rng, [[0.3, () => ({})], [0.35, () => ({ color: color(rng) })], [0.35, () => ({ shape: shape(rng) })]]);

/** An object description for scatter scenes: colour and shape, one of them, or neither. */
function sampleDesc(rng: Rng, layout: Layout, opts: { none?: number; size?: number } = {}): Desc {
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
function typicalMax(d: Desc, layout: Layout): number {
  const k = (d.color ? 1 : 0) + (d.shape ? 1 : 0) + (d.size ? 1 : 0);
  if (layout === 'tower') return k === 0 ? 8 : 4;
  return [8, 5, 3, 2][k] ?? 2;
}

// ---------------------------------------------------------------- edges

/** "touching the edge", "closely touching the bottom of a box". */
function touchingPhrase(rng: Rng, side: Side): string {
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
      return choose(rng, [
        [3, () => `${close()} right wall of a box`],
        [2, () => 'touching the right wall'],
        [1, () => 'touching the right side of a box'],
        [1, () => 'touching the right edge'],
      ]);
    case 'left':
      return choose(rng, [
        [3, () => `${close()} left wall of a box`],
        [2, () => 'touching the left wall'],
        [1, () => 'touching the left side of a box'],
        [1, () => 'touching the left edge'],
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

function notTouchingPhrase(rng: Rng, side: Side): string {
  if (side === 'any') {
    return choose(rng, [[3, () => 'not touching any edge'], [2, () => 'not touching the edge'], [2, () => 'not touching the wall'], [0.5, () => 'not touching any wall']]);
  }
  return `not ${touchingPhrase(rng, side)}`;
}

/** Finite verb phrase: "is touching the edge", "touch the wall", "are not touching any edge". */
function touchVerb(rng: Rng, side: Side, plural: boolean, negated: boolean): string {
  if (negated) return `${be(plural)} ${notTouchingPhrase(rng, side)}`;
  const t = touchingPhrase(rng, side);
  return rng.chance(0.75) ? `${be(plural)} ${t}` : `${plural ? 'touch' : 'touches'} ${t.replace(/^(closely )?touching /, '')}`;
}

// ---------------------------------------------------------------- tower words

const topWords = (rng: Rng) => choose(rng, [[3, () => 'at the top'], [1, () => 'on top'], [1, () => 'on the top']]);
const baseWords = (rng: Rng) => choose(rng, [[3, () => 'at the base'], [1.5, () => 'at the bottom'], [0.5, () => 'at base']]);
const endWords = (rng: Rng, end: End) => (end === 'top' ? topWords(rng) : baseWords(rng));
type End = 'top' | 'base';
const endPred = (end: End): ObjectPred => ({ kind: end });
const endNoun = (rng: Rng, end: End) => (end === 'top' ? 'top' : rng.pick(['base', 'base', 'bottom']));
/** "over", "above", "on" — all mean directly on top in tower sentences. */
const onWords = (rng: Rng) => choose(rng, [[3, () => 'on'], [2, () => 'over'], [2, () => 'above'], [1.5, () => 'on top of'], [0.5, () => 'directly above'], [0.5, () => 'stacked on']]);
const underWords = (rng: Rng) => choose(rng, [[2, () => 'below'], [1.5, () => 'under'], [1, () => 'beneath'], [0.5, () => 'directly below']]);

/** "a tower with three blocks", "a tower with at least two blocks". */
function heightPhrase(rng: Rng, h: Quantity): string {
  return qnp(rng, h, (pl) => (pl ? 'blocks' : 'block')).text;
}

// ---------------------------------------------------------------- families

interface FamilyDef<P> {
  description: string;
  /** Relative share of the family in the default mix. */
  weight: number;
  /** The layouts it is generated for, with their relative shares. */
  layouts: Partial<Record<Layout, number>>;
  /** Scene options for this family's rejection sampling. */
  scene?: SceneOptions;
  sample(rng: Rng, layout: Layout): P;
  meaning(p: P): Meaning;
  /** One English realisation, lower-case first letter and no final period (style() adds them). */
  text(rng: Rng, p: P, layout: Layout): string;
}

const family = <P>(d: FamilyDef<P>): FamilyDef<P> => d;
const TOWER_ONLY = { tower: 1 } as const;
const SCATTER_ONLY = { scatter: 1 } as const;

const countAll = (q: Quantity): BoxCond => ({ kind: 'count', of: {}, q });
const hasOne = (f: ObjectFilter): BoxCond => ({ kind: 'count', of: f, q: AT_LEAST_ONE });
const and = (...conds: BoxCond[]): BoxCond => (conds.length === 1 ? conds[0]! : { kind: 'and', conds });
const towers = (q: UnitQ, cond: BoxCond): Meaning => ({ kind: 'units', unit: 'tower', q, cond });
const boxes = (q: UnitQ, cond: BoxCond): Meaning => ({ kind: 'units', unit: 'box', q, cond });
const count = (of: ObjectFilter, q: Quantity): Meaning => ({ kind: 'count', of, q });

/** Heights of towers (1..4), mostly exact; never a bound every tower meets ("at least one block"). */
const sampleHeight = (rng: Rng): Quantity =>
  choose<Quantity>(rng, [
    [0.65, () => EXACTLY(rng.int(1, 4))],
    [0.22, () => ({ cmp: 'ge', n: rng.int(2, 4) })],
    [0.05, () => ({ cmp: 'le', n: rng.int(1, 3) })],
    [0.05, () => ({ cmp: 'gt', n: rng.int(1, 3) })],
    [0.03, () => ({ cmp: 'lt', n: rng.int(2, 4) })],
  ]);

interface PartQ {
  d: Desc;
  q: Quantity;
}

/** Parts of an enumeration: "a yellow square and at least two black items". */
function partsText(rng: Rng, parts: readonly PartQ[], layout: Layout, noun?: string): string {
  const texts = parts.map((part) => qnp(rng, part.q, np(rng, part.d, layout, noun)).text);
  if (texts.length === 1) return texts[0]!;
  return `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
}

function samplePart(rng: Rng, layout: Layout, noun: 'tower' | 'box'): PartQ {
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
function disjointParts(rng: Rng, n: number, make: () => PartQ): PartQ[] {
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

const partConds = (parts: readonly PartQ[]): BoxCond[] => parts.map((p) => ({ kind: 'count', of: filterOf(p.d), q: p.q }));

/** A complete simple statement, used as a conjunct. */
interface Simple {
  meaning: Meaning;
  text: string;
}

const FAMILY_DEFS = {
  // ------------------------------------------------------------ towers
  'tower-height': family({
    description: 'a tower with a given number of blocks ("There is a tower with four blocks.")',
    weight: 3,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ h: sampleHeight(rng) }),
    meaning: ({ h }) => towers(AT_LEAST_ONE, countAll(h)),
    text: (rng, { h }) => {
      const alts: Alt<string>[] = [
        [3, () => `there is a tower with ${heightPhrase(rng, h)}`],
        [1, () => `there is a tower ${rng.pick(['which', 'that'])} has ${heightPhrase(rng, h)}`],
        [1, () => `there is at least one tower with ${heightPhrase(rng, h)}`],
        [0.7, () => `one of the towers has ${heightPhrase(rng, h)}`],
      ];
      if (h.cmp === 'eq') {
        const n = num(rng, h.n);
        alts.push([1, () => `there is a ${n} block${h.n === 1 ? '' : 's'} tower`], [0.7, () => `there is a tower of height ${n}`]);
        if (h.n === 1) alts.push([1, () => `there is a tower with ${rng.pick(['only one block', 'a single block', 'just one block'])}`]);
        if (h.n > 1) alts.push([0.5, () => `there is a ${n}-block tower`]);
      }
      return choose(rng, alts);
    },
  }),
  'tower-height-count': family({
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
        const q = qnp(rng, p.towers, (pl) => `${num(rng, p.h.n)} block${rng.chance(0.5) ? 's' : ''} ${pl ? 'towers' : 'tower'}`);
        return `there ${be(q.plural)} ${q.text}`;
      }
      return unitsWith(rng, p.towers, towerNoun, heightPhrase(rng, p.h));
    },
  }),
  'tower-top-color': family({
    description: 'a tower whose top block has a colour ("There is a yellow block as the top of a tower.")',
    weight: 5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: 'top' as End, c: color(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, hasOne(filterOf({ color: p.c }, endPred(p.end)))),
    text: (rng, p) => endColorText(rng, p.end, p.c),
  }),
  'tower-base-color': family({
    description: 'a tower whose base block has a colour ("There is a tower with a blue block at the base.")',
    weight: 5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: 'base' as End, c: color(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, hasOne(filterOf({ color: p.c }, endPred(p.end)))),
    text: (rng, p) => endColorText(rng, p.end, p.c),
  }),
  'tower-top-count': family({
    description: 'how many towers have a top block of a colour ("There is 1 tower with a black block at the top.")',
    weight: 5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: 'top' as End, c: color(rng), towers: sampleUnitQOrEvery(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, hasOne(filterOf({ color: p.c }, endPred(p.end)))),
    text: (rng, p) => endCountText(rng, p.end, p.c, p.towers),
  }),
  'tower-base-count': family({
    description: 'how many towers have a base block of a colour ("There are 2 towers with a black block at the base.")',
    weight: 5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: 'base' as End, c: color(rng), towers: sampleUnitQOrEvery(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, hasOne(filterOf({ color: p.c }, endPred(p.end)))),
    text: (rng, p) => endCountText(rng, p.end, p.c, p.towers),
  }),
  'tower-top-height': family({
    description: 'a tower of some height with a top block of a colour ("There is a black block as the top of a tower with at least two blocks.")',
    weight: 3,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: 'top' as End, c: color(rng), h: sampleHeight(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, and(countAll(p.h), hasOne(filterOf({ color: p.c }, endPred(p.end))))),
    text: (rng, p) => endHeightText(rng, p.end, p.c, p.h),
  }),
  'tower-base-height': family({
    description: 'a tower of some height with a base block of a colour ("There is a blue block as the base of a tower with more than two blocks.")',
    weight: 3,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: 'base' as End, c: color(rng), h: sampleHeight(rng) }),
    meaning: (p) => towers(AT_LEAST_ONE, and(countAll(p.h), hasOne(filterOf({ color: p.c }, endPred(p.end))))),
    text: (rng, p) => endHeightText(rng, p.end, p.c, p.h),
  }),
  'tower-top-base': family({
    description: 'a tower with given top and base colours ("There is a tower with a blue block at the top and a black block at the base.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ top: color(rng), base: color(rng) }),
    meaning: (p) =>
      towers(AT_LEAST_ONE, and(countAll({ cmp: 'ge', n: 2 }), hasOne(filterOf({ color: p.top }, { kind: 'top' })), hasOne(filterOf({ color: p.base }, { kind: 'base' })))),
    text: (rng, p) =>
      oneOf(
        rng,
        () => `there is a tower with a ${p.top} block ${topWords(rng)} and a ${p.base} block ${baseWords(rng)}`,
        () => `there is a tower with a ${p.base} base and a ${p.top} top`,
        () => `there is a tower with a ${p.base} block ${baseWords(rng)} and a ${p.top} block ${topWords(rng)}`,
        () => `there is a tower whose base is ${p.base} and whose top is ${p.top}`,
      ),
  }),
  'tower-stack': family({
    description: 'a block of a colour directly on a block of a colour ("There is a yellow block over a blue block.")',
    weight: 6,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ upper: color(rng), lower: color(rng) }),
    meaning: (p) => count(filterOf({ color: p.upper }, { kind: 'on', other: filterOf({ color: p.lower }) }), AT_LEAST_ONE),
    text: (rng, p) => stackText(rng, p.upper, p.lower),
  }),
  'tower-stack-count': family({
    description: 'how many towers have one colour directly on another ("there is exactly one tower which has a blue block over a black block")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ upper: color(rng), lower: color(rng), towers: sampleUnitQOrEvery(rng) }),
    meaning: (p) => towers(p.towers, hasOne(filterOf({ color: p.upper }, { kind: 'on', other: filterOf({ color: p.lower }) }))),
    text: (rng, p) => unitsWith(rng, p.towers, towerNoun, `a ${p.upper} block ${onWords(rng)} a ${p.lower} block`),
  }),
  'tower-no-stack': family({
    description: 'no block of a colour directly on a block of a colour ("There is no yellow block above a blue block.")',
    weight: 1.2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ upper: color(rng), lower: color(rng) }),
    meaning: (p) => ({ kind: 'not', m: count(filterOf({ color: p.upper }, { kind: 'on', other: filterOf({ color: p.lower }) }), AT_LEAST_ONE) }),
    text: (rng, p) =>
      oneOf(
        rng,
        () => `there is no ${p.upper} block ${onWords(rng)} a ${p.lower} block`,
        () => `no tower has a ${p.upper} block ${onWords(rng)} a ${p.lower} block`,
        () => `there is no tower with a ${p.upper} block ${onWords(rng)} a ${p.lower} block`,
        () => `no ${p.upper} block is ${onWords(rng)} a ${p.lower} block`,
      ),
  }),
  'stack-on-base': family({
    description: 'an item on the base item of a box ("There is a box with a yellow item touching the wall and a blue item on top of it.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ upper: color(rng), lower: color(rng) }),
    meaning: (p) => count(filterOf({ color: p.upper }, { kind: 'on', other: filterOf({ color: p.lower }, { kind: 'base' }) }), AT_LEAST_ONE),
    text: (rng, p) => {
      const noun = rng.pick(['item', 'square', 'block']);
      return oneOf(
        rng,
        () => `there is a box with a ${p.lower} ${noun} touching the wall and a ${p.upper} ${noun} ${rng.pick(['on top of it', 'right on top of it'])}`,
        () => `there is a ${p.lower} ${noun} touching the wall with a ${p.upper} ${noun} ${rng.pick(['on top of it', 'right on top of it'])}`,
        () => `there is a ${p.lower} ${noun} at the base with a ${p.upper} ${noun} directly on it`,
        () => `there is a box with a ${p.upper} ${noun} directly on top of the ${noun} touching the wall, which is ${p.lower}`,
      );
    },
  }),
  'tower-color-count': family({
    description: 'a tower with a number of blocks of a colour ("There is a tower, which has exactly two black blocks.")',
    weight: 1.5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), k: sampleQ(rng, 1, 3, [[0.6, () => 'eq'], [0.3, () => 'ge'], [0.1, () => 'le']]) }),
    meaning: (p) => towers(AT_LEAST_ONE, { kind: 'count', of: filterOf({ color: p.c }), q: p.k }),
    text: (rng, p) => {
      const x = qnp(rng, p.k, (pl) => `${p.c} ${pl ? 'blocks' : 'block'}`).text;
      return oneOf(
        rng,
        () => `there is a tower with ${x}`,
        () => `there is a tower ${rng.pick(['which', 'that'])} has ${x}`,
        () => `there is a tower, which has ${x}`,
        () => `one of the towers has ${x}`,
        () => `there is a tower that contains ${x}`,
      );
    },
  }),
  'towers-color-count': family({
    description: 'how many towers contain blocks of a colour ("There are 2 towers that contain at least 1 black block.")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({
      c: color(rng),
      towers: sampleUnitQOrEvery(rng, { none: true }),
      k: sampleQ(rng, 1, 2, [[0.5, () => 'eq'], [0.5, () => 'ge']]),
    }),
    meaning: (p) => towers(p.towers, { kind: 'count', of: filterOf({ color: p.c }), q: p.k }),
    text: (rng, p) => {
      const blocks = (pl: boolean) => `${p.c} ${pl ? 'blocks' : 'block'}`;
      const x = qnp(rng, p.k, blocks);
      if (p.towers === 'every') return rng.chance(0.4) ? `there ${be(x.plural)} ${x.text} in each tower` : unitsWith(rng, 'every', towerNoun, x.text);
      if (rng.chance(0.4)) {
        const q = qnp(rng, p.towers, towerNoun);
        // "There is only 1 tower that contains black blocks": a bare plural reads as "at least one".
        const what = p.k.cmp === 'ge' && p.k.n === 1 && rng.chance(0.5) ? `${p.c} blocks` : x.text;
        return `there ${be(q.plural)} ${q.text} that ${q.plural ? 'contain' : 'contains'} ${what}`;
      }
      return unitsWith(rng, p.towers, towerNoun, x.text);
    },
  }),
  'tower-single-color': family({
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
      if (h.cmp === 'eq') alts.push([2, () => `there is a tower with only ${num(rng, h.n)} ${p.c} block${h.n === 1 ? '' : 's'} and nothing else`]);
      if (h.cmp === 'eq' && h.n === 1) alts.push([2, () => `there is a ${p.c} tower with only one block`]);
      alts.push([1, () => `there is a tower with ${heightPhrase(rng, h)}, all of them ${p.c}`]);
      return choose(rng, alts);
    },
  }),
  'tower-same-color': family({
    description: 'towers whose blocks all share one colour ("There is a two blocks tower that has only one color.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({
      towers: sampleUnitQ(rng, { none: true }),
      h: rng.chance(0.6) ? sampleQ(rng, 2, 4, [[0.7, () => 'eq'], [0.3, () => 'ge']]) : undefined,
    }),
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
        () => `there ${be(q.plural)} ${q.text}${x ? ` with ${x}` : ''} where all the blocks are of the same ${colour}`,
        () => `there ${be(q.plural)} ${q.text}${x ? ` with ${x}` : ''} ${rng.pick(['which', 'that'])} ${has(q.plural)} only one ${colour}`,
        () => `there ${be(q.plural)} ${q.text} whose blocks are all the same ${colour}${x ? ` and ${has(q.plural)} ${x}` : ''}`,
      );
    },
  }),
  'tower-mixed-colors': family({
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
  'tower-distinct-colors': family({
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
      const colours = (pl: boolean) => `different ${rng.pick(['color', 'colour'])}${pl ? 's' : ''}`;
      const k = p.k.cmp === 'eq' && p.k.n === 3 && rng.chance(0.6) ? `all ${num(rng, 3)} ${rng.pick(['colors', 'colours'])}` : qnp(rng, p.k, colours).text;
      const x = p.h ? `${heightPhrase(rng, p.h)} of ${k}` : `blocks of ${k}`;
      return unitsWith(rng, p.towers, towerNoun, x);
    },
  }),
  'tower-only-colors': family({
    description: 'a tower whose blocks are of exactly two given colours ("There is 1 tower with only blue and black blocks.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ colors: twoColors(rng), towers: sampleUnitQ(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, { kind: 'only-colors', colors: p.colors }),
    text: (rng, p) => unitsWith(rng, p.towers, towerNoun, rng.chance(0.7) ? `only ${p.colors[0]} and ${p.colors[1]} blocks` : `blocks of only ${p.colors[0]} and ${p.colors[1]} ${rng.pick(['color', 'colour'])}`),
  }),
  'tower-level-color': family({
    description: 'the n-th block from the base of a tower has a colour ("There is a tower where the second block from the base is blue.")',
    weight: 1.5,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ level: rng.int(1, 2), c: color(rng), towers: sampleUnitQ(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, hasOne(filterOf({ color: p.c }, { kind: 'level', n: p.level }))),
    text: (rng, p) => {
      const ord = ORDINALS[p.level]!;
      const q = qnp(rng, p.towers, towerNoun);
      return oneOf(
        rng,
        () => `there ${be(q.plural)} ${q.text} where the ${ord} block${rng.chance(0.5) ? ' from the base' : ''} is ${p.c}`,
        () => `there ${be(q.plural)} ${q.text} whose ${ord} block from the ${rng.pick(['base', 'bottom'])} is ${p.c}`,
        () => `there ${be(q.plural)} ${q.text} with a ${p.c} ${ord} block`,
        () => `there ${be(q.plural)} ${q.text} with a ${p.c} block as the ${ord} level`,
      );
    },
  }),
  'tower-single-block': family({
    description: 'a one-block tower of a colour ("There is a black tower with only one block.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), towers: sampleUnitQ(rng, { none: true }) }),
    meaning: (p) => towers(p.towers, and(countAll(EXACTLY(1)), { kind: 'count', of: filterOf({ color: p.c }), q: EXACTLY(1) })),
    text: (rng, p) => {
      const q = qnp(rng, p.towers, towerNoun);
      const one = rng.pick(['only one block', 'exactly one block', 'a single block', 'just one block']);
      return oneOf(
        rng,
        () => {
          const coloured = qnp(rng, p.towers, (pl) => `${p.c} ${towerNoun(pl)}`);
          return `there ${be(coloured.plural)} ${coloured.text} with ${one}`;
        },
        () => `there ${be(q.plural)} ${q.text} with ${one} which is ${p.c}`,
        () => `there ${be(q.plural)} ${q.text} with only one ${rng.pick(['block', 'object'])} which is ${rng.chance(0.3) ? `of ${p.c} color` : p.c}`,
        () => `there ${be(q.plural)} ${q.text} with ${one} and the color is ${p.c}`,
      );
    },
  }),
  'block-count-color': family({
    description: 'how many blocks of a colour there are ("There are at least 3 blue blocks.")',
    weight: 2,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ c: color(rng), q: sampleQ(rng, 0, 5) }),
    meaning: (p) => count(filterOf({ color: p.c }), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, { color: p.c }, layout)),
  }),
  'tower-same-height': family({
    description: 'towers sharing a height ("There are at least two towers with the same height.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ q: rng.pick<Quantity>([{ cmp: 'ge', n: 2 }, EXACTLY(2), EXACTLY(3), EXACTLY(1)]) }),
    meaning: (p) => ({ kind: 'max-same', unit: 'tower', key: 'count', q: p.q }),
    text: (rng, p) => sameText(rng, p.q, 'towers', rng.pick(['height', 'height', 'number of blocks'])),
  }),
  'tower-same-end': family({
    description: 'towers sharing a base or top colour ("There are only two towers which have the same base color.")',
    weight: 1,
    layouts: TOWER_ONLY,
    sample: (rng) => ({ end: rng.pick<End>(['top', 'base']), q: rng.pick<Quantity>([{ cmp: 'ge', n: 2 }, EXACTLY(2), EXACTLY(3), EXACTLY(1)]) }),
    meaning: (p) => ({ kind: 'max-same', unit: 'tower', key: p.end === 'top' ? 'top-color' : 'base-color', q: p.q }),
    text: (rng, p) => sameText(rng, p.q, 'towers', `${endNoun(rng, p.end)} ${rng.pick(['color', 'colour'])}`),
  }),

  // ------------------------------------------------------------ boxes (both layouts)
  'box-count-items': family({
    description: 'boxes holding a number of items ("One of the grey boxes has exactly four objects.")',
    weight: 3,
    layouts: { scatter: 0.75, tower: 0.25 },
    sample: (rng, layout) => {
      const k = sampleQ(rng, 1, layout === 'tower' ? 4 : 7, [[0.75, () => 'eq'], [0.1, () => 'ge'], [0.08, () => 'le'], [0.07, () => 'lt']]);
      // Every box holds an object: "a box with at least one item" says nothing.
      return { boxes: sampleUnitQ(rng, { none: true }), k: k.cmp === 'ge' ? { cmp: k.cmp, n: Math.max(2, k.n) } : k };
    },
    meaning: (p) => boxes(p.boxes, countAll(p.k)),
    text: (rng, p) => {
      // Boxes hold "items" / "objects" in both layouts (dev: "There is a box with 4 items." on towers).
      const x = qnp(rng, p.k, np(rng, {}, 'scatter')).text;
      if (p.boxes.cmp === 'ge' && p.boxes.n === 1 && rng.chance(0.15)) return `there ${p.k.n === 1 ? 'is' : 'are'} ${x} in one ${boxNoun(rng)(false)}`;
      return unitsWith(rng, p.boxes, boxNoun(rng), x);
    },
  }),
  'box-top-item': family({
    description: 'a box whose topmost item has a colour ("There is a box with 3 items and a black item on top.")',
    weight: 2.5,
    layouts: { tower: 0.7, scatter: 0.3 },
    sample: (rng, layout) => ({
      c: color(rng),
      d: layout === 'scatter' && rng.chance(0.4) ? { shape: shape(rng) } : {},
      k: rng.chance(0.7) ? sampleQ(rng, 2, layout === 'tower' ? 4 : 6, [[0.8, () => 'eq'], [0.2, () => 'ge']]) : undefined,
      boxes: sampleUnitQ(rng),
    }),
    meaning: (p) => boxes(p.boxes, and(...(p.k ? [countAll(p.k)] : []), hasOne(filterOf({ ...p.d, color: p.c }, { kind: 'top' })))),
    text: (rng, p) => {
      const item = words(rng, { ...p.d, color: p.c }, false, 'scatter');
      const items = p.k ? qnp(rng, p.k, np(rng, {}, 'scatter')).text : '';
      const q = p.boxes;
      if (!p.k) {
        if (q.cmp === 'ge' && q.n === 1 && rng.chance(0.4)) return `there is ${article(item)} on top`;
        return unitsWith(rng, q, boxNoun(rng), `${article(item)} on top`);
      }
      return oneOf(
        rng,
        () => unitsWith(rng, q, boxNoun(rng), `${items} and ${article(item)} on top`),
        () => unitsWith(rng, q, boxNoun(rng), `${items} and the ${p.c} one is on top`),
        () => unitsWith(rng, q, boxNoun(rng), `${items} and ${article(`${p.c} one`)} on top`),
      );
    },
  }),
  'box-items-colors': family({
    description: 'a box with a number of items of some colours ("There is a box with 3 items of all 3 different colors.")',
    weight: 2,
    layouts: { tower: 0.5, scatter: 0.5 },
    sample: (rng, layout) => ({
      boxes: sampleUnitQ(rng),
      k: sampleQ(rng, 2, layout === 'tower' ? 4 : 6, [[0.85, () => 'eq'], [0.15, () => 'le']]),
      colors: rng.chance(0.5) ? { kind: 'colors' as const, q: EXACTLY(rng.int(2, 3)) } : { kind: 'only-colors' as const, colors: twoColors(rng) },
    }),
    meaning: (p) => boxes(p.boxes, and(countAll(p.k), p.colors)),
    text: (rng, p) => {
      const items = qnp(rng, p.k, np(rng, {}, 'scatter')).text;
      const colour = rng.pick(['color', 'colour']);
      let x: string;
      if (p.colors.kind === 'only-colors') {
        const [a, b] = p.colors.colors;
        x = oneOf(
          rng,
          () => `${items} of ${rng.chance(0.5) ? 'only ' : ''}${a} and ${b} ${colour}`,
          () => (p.k.cmp === 'eq' ? `only ${num(rng, p.k.n)} items of ${a} and ${b} ${colour}` : `${items} of ${a} and ${b} ${colour}`),
        );
      } else {
        const n = p.colors.q.n;
        x = n === 3 && rng.chance(0.6) ? `${items} of all ${num(rng, 3)} different ${colour}s` : `${items} of ${num(rng, n)} different ${colour}s`;
      }
      return unitsWith(rng, p.boxes, boxNoun(rng), x);
    },
  }),
  'box-count-of-which': family({
    description: 'a box with n items of which some have a colour or shape ("There is a box with 3 items of which 2 are black.")',
    weight: 1.5,
    layouts: { scatter: 0.6, tower: 0.4 },
    sample: (rng, layout) => {
      const k = rng.int(1, layout === 'tower' ? 4 : 6);
      const d: Desc = layout === 'tower' || rng.chance(0.6) ? { color: color(rng) } : { shape: shape(rng) };
      const j = k === 1 ? EXACTLY(1) : choose<Quantity>(rng, [[0.6, () => EXACTLY(rng.int(1, k))], [0.4, () => ({ cmp: 'ge', n: rng.int(1, Math.min(2, k)) })]]);
      return { k, d, j };
    },
    meaning: (p) => boxes(AT_LEAST_ONE, and(countAll(EXACTLY(p.k)), { kind: 'count', of: filterOf(p.d), q: p.j })),
    text: (rng, p) => {
      const items = `${rng.chance(0.6) ? 'exactly ' : ''}${num(rng, p.k)} ${words(rng, {}, p.k !== 1, 'scatter')}`;
      const box = boxNoun(rng);
      // "which is black" / "which is a circle"; "of which 2 are black" / "of which 2 are circles".
      const single = p.d.color ?? article(p.d.shape ?? 'item');
      const plural = p.d.color ?? `${p.d.shape ?? 'item'}s`;
      const opener = rng.chance(0.5) ? `one of the ${box(true)} ${rng.pick(['has', 'contains'])}` : `there is a ${box(false)} with`;
      if (p.k === 1) return `${opener} ${items} which is ${single}`;
      if (p.j.cmp === 'ge' && p.j.n === 1) return `${opener} ${items} one of which is ${single}`;
      const j = p.j.cmp === 'ge' ? `at least ${num(rng, p.j.n)}` : num(rng, p.j.n);
      return `${opener} ${items} of which ${j} ${p.j.n === 1 && p.j.cmp === 'eq' ? `is ${single}` : `are ${plural}`}`;
    },
  }),
  'box-each-has': family({
    description: 'every box contains some objects ("Each box has at least 1 black item.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => {
      // Every box rarely holds a given colour-and-shape: mostly one attribute.
      const d = choose<Desc>(rng, [[0.45, () => ({ color: color(rng) })], [0.35, () => ({ shape: shape(rng) })], [0.2, () => ({ color: color(rng), shape: shape(rng) })]]);
      return { d, k: choose<Quantity>(rng, [[0.75, () => AT_LEAST_ONE], [0.15, () => EXACTLY(1)], [d.color && d.shape ? 0 : 0.1, () => ({ cmp: 'ge', n: 2 })]]) };
    },
    meaning: (p) => boxes('every', { kind: 'count', of: filterOf(p.d), q: p.k }),
    text: (rng, p, layout) => {
      const x = qnp(rng, p.k, np(rng, p.d, layout));
      return oneOf(
        rng,
        () => unitsWith(rng, 'every', boxNoun(rng), x.text),
        () => `there ${be(x.plural)} ${x.text} in each ${boxNoun(rng)(false)}`,
        () => `each ${boxNoun(rng)(false)} contains ${x.text}`,
      );
    },
  }),
  'box-has-count': family({
    description: 'how many boxes hold a number of objects of a kind ("There is 1 box with 2 black circles.")',
    weight: 3,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout, { none: 0 });
      return { boxes: sampleUnitQ(rng, { none: true }), d, k: sampleQ(rng, 1, d.color && d.shape ? 2 : 3, [[0.55, () => 'eq'], [0.45, () => 'ge']]) };
    },
    meaning: (p) => boxes(p.boxes, { kind: 'count', of: filterOf(p.d), q: p.k }),
    text: (rng, p, layout) => {
      if (p.k.cmp === 'ge' && p.k.n === 1 && rng.chance(0.3)) {
        return unitsWith(rng, p.boxes, boxNoun(rng), words(rng, p.d, true, layout));
      }
      return unitsWith(rng, p.boxes, boxNoun(rng), qnp(rng, p.k, np(rng, p.d, layout)).text);
    },
  }),
  'box-has-two': family({
    description: 'a box holding two kinds of objects ("There is a box with a yellow square and at least two black items.")',
    weight: 3.5,
    layouts: { scatter: 0.85, tower: 0.15 },
    sample: (rng, layout) => ({ boxes: sampleUnitQ(rng), parts: disjointParts(rng, 2, () => samplePart(rng, layout, layout === 'tower' ? 'tower' : 'box')) }),
    meaning: (p) => boxes(p.boxes, and(...partConds(p.parts))),
    text: (rng, p, layout) => {
      const a = p.parts[0]!;
      const b = p.parts[1]!;
      // "a box with 1 black and 1 blue item"
      if (a.d.color && b.d.color && !a.d.shape && !b.d.shape && a.q.cmp === 'eq' && b.q.cmp === 'eq' && a.q.n === 1 && b.q.n === 1 && rng.chance(0.5)) {
        return unitsWith(rng, p.boxes, boxNoun(rng), `${num(rng, 1)} ${a.d.color} and ${num(rng, 1)} ${b.d.color} ${layout === 'tower' ? 'block' : 'item'}`);
      }
      return unitsWith(rng, p.boxes, boxNoun(rng), partsText(rng, p.parts, layout));
    },
  }),
  'box-has-three': family({
    description: 'a box holding three kinds of objects ("There is a box with a blue triangle, a yellow square and a yellow circle.")',
    weight: 0.8,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({
      parts: disjointParts(rng, 3, () => ({ d: sampleDesc(rng, layout, { none: 0 }), q: choose<Quantity>(rng, [[0.8, () => AT_LEAST_ONE], [0.2, () => EXACTLY(rng.int(1, 2))]]) })),
    }),
    meaning: (p) => boxes(AT_LEAST_ONE, and(...partConds(p.parts))),
    text: (rng, p, layout) => unitsWith(rng, AT_LEAST_ONE, boxNoun(rng), partsText(rng, p.parts, layout)),
  }),
  'box-has-but-not': family({
    description: 'a box holding one kind of object and none of another ("There is a box with a yellow triangle and no blue squares.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const [yes, no] = disjointParts(rng, 2, () => ({ d: sampleDesc(rng, layout, { none: 0 }), q: AT_LEAST_ONE }));
      return { yes: yes!.d, no: no!.d };
    },
    meaning: (p) => boxes(AT_LEAST_ONE, and(hasOne(filterOf(p.yes)), { kind: 'count', of: filterOf(p.no), q: NONE })),
    text: (rng, p, layout) => {
      const yes = article(words(rng, p.yes, false, layout));
      return oneOf(
        rng,
        () => unitsWith(rng, AT_LEAST_ONE, boxNoun(rng), `${yes} and no ${words(rng, p.no, true, layout)}`),
        () => unitsWith(rng, AT_LEAST_ONE, boxNoun(rng), `${yes} but no ${words(rng, p.no, rng.chance(0.5), layout)}`),
        () => `there is a ${boxNoun(rng)(false)} without ${article(words(rng, p.no, false, layout))}, with ${yes}`,
      );
    },
  }),
  'box-none': family({
    description: 'no box satisfies a condition ("There is no box with a black item and two yellow items.")',
    weight: 0.8,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ parts: disjointParts(rng, rng.chance(0.6) ? 1 : 2, () => samplePart(rng, layout, 'box')) }),
    meaning: (p) => boxes(NONE, and(...partConds(p.parts))),
    text: (rng, p, layout) => unitsWith(rng, NONE, boxNoun(rng), partsText(rng, p.parts, layout)),
  }),
  'box-only': family({
    description: 'boxes holding only one kind of object ("There is 1 box with only black items.", "One of the grey boxes has only triangles.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ boxes: sampleUnitQ(rng), are: choose<Desc>(rng, [[0.55, () => ({ color: color(rng) })], [0.3, () => ({ shape: shape(rng) })], [0.15, () => ({ color: color(rng), shape: shape(rng) })]]) }),
    meaning: (p) => boxes(p.boxes, { kind: 'all', are: filterOf(p.are) }),
    text: (rng, p, layout) =>
      oneOf(
        rng,
        () => unitsWith(rng, p.boxes, boxNoun(rng), `only ${words(rng, p.are, true, layout)}`),
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${words(rng, {}, true, layout)} that are all ${p.are.color && !p.are.shape ? p.are.color : `${words(rng, p.are, true, layout)}`}`),
      ),
  }),
  'box-only-colors': family({
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
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${items} of only ${a} and ${b} ${rng.pick(['color', 'colour'])}`),
      );
    },
  }),
  'same-color-box': family({
    description: 'boxes whose objects all share one colour ("There is a box with items of only one color.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ boxes: sampleUnitQOrEvery(rng, { none: true }) }),
    meaning: (p) => boxes(p.boxes, { kind: 'colors', q: EXACTLY(1) }),
    text: (rng, p, layout) => sameInBoxText(rng, p.boxes, rng.pick(['color', 'colour']), layout),
  }),
  'same-shape-box': family({
    description: 'boxes whose objects all share one shape ("There is a box where all the objects have the same shape.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ boxes: sampleUnitQOrEvery(rng, { none: true }) }),
    meaning: (p) => boxes(p.boxes, { kind: 'shapes', q: EXACTLY(1) }),
    text: (rng, p, layout) => sameInBoxText(rng, p.boxes, 'shape', layout),
  }),
  'box-distinct-colors': family({
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
      const colour = rng.pick(['color', 'colour']);
      const k = p.k === 1 ? `only one ${colour}` : p.k === 3 && rng.chance(0.5) ? `all ${num(rng, 3)} different ${colour}s` : `${num(rng, p.k)} different ${colour}s`;
      const x = `${words(rng, {}, true, layout)} of ${k}${p.extra ? ` and ${article(words(rng, p.extra, false, layout))}` : ''}`;
      return unitsWith(rng, p.boxes, boxNoun(rng), x);
    },
  }),
  'boxes-same-count': family({
    description: 'boxes holding the same number of objects ("There are two boxes that have the same number of objects.")',
    weight: 0.5,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ q: rng.pick<Quantity>([{ cmp: 'ge', n: 2 }, EXACTLY(2), EXACTLY(3), EXACTLY(1)]) }),
    meaning: (p) => ({ kind: 'max-same', unit: 'box', key: 'count', q: p.q }),
    text: (rng, p, layout) => sameText(rng, p.q, 'boxes', `number of ${words(rng, {}, true, layout)}`),
  }),
  'same-box': family({
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
  'boxes-edge': family({
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
    meaning: (p) => {
      const edge: ObjectPred = { kind: 'edge', side: p.side };
      return boxes(p.boxes, { kind: 'count', of: filterOf(p.d, p.touch ? edge : { kind: 'not', pred: edge }), q: p.k });
    },
    text: (rng, p, layout) =>
      unitsWith(rng, p.boxes, boxNoun(rng), `${qnp(rng, p.k, np(rng, p.d, layout)).text} ${p.touch ? touchingPhrase(rng, p.side) : notTouchingPhrase(rng, p.side)}`),
  }),
  'box-items-edge': family({
    description: 'a box with n items of which some touch a wall ("There is a box with 2 items and a yellow one touching the wall.")',
    weight: 1.5,
    layouts: { tower: 0.5, scatter: 0.5 },
    sample: (rng, layout) => ({
      boxes: sampleUnitQ(rng),
      k: rng.int(2, layout === 'tower' ? 4 : 6),
      d: layout === 'tower' || rng.chance(0.6) ? { color: color(rng) } : sampleLooseDesc(rng),
      j: choose<Quantity>(rng, [[0.7, () => AT_LEAST_ONE], [0.3, () => EXACTLY(rng.int(1, 3))]]),
    }),
    meaning: (p) => boxes(p.boxes, and(countAll(EXACTLY(p.k)), { kind: 'count', of: filterOf(p.d, { kind: 'edge', side: 'any' }), q: p.j })),
    text: (rng, p, layout) => {
      const items = `${rng.chance(0.3) ? 'exactly ' : ''}${num(rng, p.k)} ${words(rng, {}, true, 'scatter')}`;
      const touch = touchingPhrase(rng, 'any');
      const one = p.d.color && !p.d.shape && rng.chance(0.6);
      const and = qnp(rng, p.j, (pl) => (one ? `${p.d.color} ${pl ? 'ones' : 'one'}` : words(rng, p.d, pl, layout)));
      const ofWhich = qnp(rng, p.j, np(rng, p.d, layout));
      return oneOf(
        rng,
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${items} and ${and.text} ${touch}`),
        () => unitsWith(rng, p.boxes, boxNoun(rng), `${items} of which ${ofWhich.text} ${be(ofWhich.plural)} ${touch}`),
      );
    },
  }),

  // ------------------------------------------------------------ counting (scatter)
  'exists-color-shape': family({
    description: 'there is an object of a kind ("There is a yellow square.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0, size: 0.3 }) }),
    meaning: (p) => count(filterOf(p.d), AT_LEAST_ONE),
    text: (rng, p, layout) => thereIs(rng, AT_LEAST_ONE, np(rng, p.d, layout)),
  }),
  'count-color-shape': family({
    description: 'how many objects of a colour and shape ("There are exactly two black triangles.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ d: { color: color(rng), shape: shape(rng) } as Desc, q: sampleQ(rng, 1, 3) }),
    meaning: (p) => count(filterOf(p.d), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, p.d, layout)),
  }),
  'count-color': family({
    description: 'how many objects of a colour ("There are at least 3 blue items.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ c: color(rng), q: sampleQ(rng, 1, 6) }),
    meaning: (p) => count(filterOf({ color: p.c }), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, { color: p.c }, layout)),
  }),
  'count-shape': family({
    description: 'how many objects of a shape ("There are at most two circles.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ s: shape(rng), q: sampleQ(rng, 1, 6) }),
    meaning: (p) => count(filterOf({ shape: p.s }), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, { shape: p.s }, layout)),
  }),
  'count-size': family({
    description: 'how many objects of a size ("There is a small black circle.", "There are two large squares.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng) => {
      const d: Desc = { size: rng.pick(SIZES), ...(rng.chance(0.6) ? { color: color(rng) } : {}), ...(rng.chance(0.6) ? { shape: shape(rng) } : {}) };
      return { d, q: sampleQ(rng, 1, 2, [[0.5, () => 'ge'], [0.5, () => 'eq']]) };
    },
    meaning: (p) => count(filterOf(p.d), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, p.d, layout)),
  }),
  'negated-exists': family({
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
  'count-two-kinds': family({
    description: 'counts of two kinds of objects ("There are 2 blue circles and 1 blue triangle.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ parts: disjointParts(rng, 2, () => ({ d: sampleDesc(rng, layout, { none: 0 }), q: sampleQ(rng, 1, 3, [[0.6, () => 'eq'], [0.4, () => 'ge']]) })) }),
    meaning: (p) => ({ kind: 'and', ms: p.parts.map((part) => count(filterOf(part.d), part.q)) }),
    text: (rng, p, layout) => {
      const first = qnp(rng, p.parts[0]!.q, np(rng, p.parts[0]!.d, layout));
      return `there ${be(first.plural)} ${first.text} and ${qnp(rng, p.parts[1]!.q, np(rng, p.parts[1]!.d, layout)).text}`;
    },
  }),
  'disjunction-color': family({
    description: 'objects of either of two colours ("There is a black or yellow triangle closely touching the bottom of a box.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ colors: twoColors(rng), s: shape(rng), side: rng.chance(0.5) ? rng.pick<Side>(['any', 'bottom']) : undefined, q: sampleQ(rng, 1, 3, [[0.6, () => 'ge'], [0.4, () => 'eq']]) }),
    meaning: (p) => count({ colors: p.colors, shape: p.s, ...(p.side ? { where: [{ kind: 'edge', side: p.side }] } : {}) }, p.q),
    text: (rng, p) => thereIs(rng, p.q, (pl) => `${p.colors[0]} or ${p.colors[1]} ${p.s}${pl ? 's' : ''}`, p.side ? ` ${touchingPhrase(rng, p.side)}` : ''),
  }),
  'count-not-color': family({
    description: 'objects that are not of a colour ("There is a square touching the corner that is not yellow.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ c: color(rng), s: rng.chance(0.7) ? shape(rng) : undefined, side: rng.chance(0.5) ? rng.pick<Side>(['any', 'bottom', 'corner']) : undefined, q: sampleQ(rng, 1, 3, [[0.6, () => 'ge'], [0.4, () => 'eq']]) }),
    meaning: (p) => {
      const where: ObjectPred[] = [{ kind: 'not', pred: { kind: 'color', color: p.c } }];
      if (p.side) where.push({ kind: 'edge', side: p.side });
      return count(filterOf({ shape: p.s }, ...where), p.q);
    },
    text: (rng, p, layout) => {
      const q = qnp(rng, p.q, np(rng, { shape: p.s }, layout));
      const touch = p.side ? ` ${touchingPhrase(rng, p.side)}` : '';
      return `there ${be(q.plural)} ${q.text}${touch} ${rng.pick(['that', 'which'])} ${be(q.plural)} not ${p.c}`;
    },
  }),

  // ------------------------------------------------------------ edges (scatter, some towers)
  'touch-edge': family({
    description: 'an object of a kind touches a wall ("There is a black triangle touching the wall.")',
    weight: 4,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { size: 0.12 }) }),
    meaning: (p) => count(filterOf(p.d, { kind: 'edge', side: 'any' }), AT_LEAST_ONE),
    text: (rng, p, layout) => thereIs(rng, AT_LEAST_ONE, np(rng, p.d, layout), ` ${touchingPhrase(rng, 'any')}`),
  }),
  'touch-edge-count': family({
    description: 'how many objects of a kind touch a wall ("There are exactly two yellow items touching the wall.")',
    weight: 5,
    layouts: { scatter: 0.8, tower: 0.2 },
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout);
      return { d, q: sampleQ(rng, 1, Math.min(4, typicalMax(d, layout)), [[0.65, () => 'eq'], [0.2, () => 'ge'], [0.1, () => 'gt'], [0.05, () => 'le']]) };
    },
    meaning: (p) => count(filterOf(p.d, { kind: 'edge', side: 'any' }), p.q),
    text: (rng, p, layout) => {
      const q = qnp(rng, p.q, np(rng, p.d, layout));
      return rng.chance(0.75) ? `there ${be(q.plural)} ${q.text} ${touchingPhrase(rng, 'any')}` : `${q.text} ${touchVerb(rng, 'any', q.plural, false)}`;
    },
  }),
  'not-touch-edge-count': family({
    description: 'how many objects of a kind touch no wall ("There are exactly two blue squares not touching any edge.")',
    weight: 6,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout, { size: 0.1 });
      return { d, q: sampleQ(rng, 1, Math.min(4, typicalMax(d, layout)), [[0.7, () => 'eq'], [0.22, () => 'ge'], [0.08, () => 'le']]) };
    },
    meaning: (p) => count(filterOf(p.d, { kind: 'not', pred: { kind: 'edge', side: 'any' } }), p.q),
    text: (rng, p, layout) => {
      const q = qnp(rng, p.q, np(rng, p.d, layout));
      return rng.chance(0.8) ? `there ${be(q.plural)} ${q.text} ${notTouchingPhrase(rng, 'any')}` : `${q.text} ${touchVerb(rng, 'any', q.plural, true)}`;
    },
  }),
  'touch-base': family({
    description: 'objects touching the bottom of their box ("There is a blue triangle closely touching the bottom of a box.")',
    weight: 4,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout, { size: 0.05 });
      return { d, q: sampleQ(rng, 1, Math.min(3, typicalMax(d, layout)), [[0.5, () => 'ge'], [0.45, () => 'eq'], [0.05, () => 'gt']]) };
    },
    meaning: (p) => count(filterOf(p.d, { kind: 'edge', side: 'bottom' }), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, p.d, layout), ` ${touchingPhrase(rng, 'bottom')}`),
  }),
  'touch-side': family({
    description: 'objects touching the right, left or top wall ("There is a blue item closely touching right wall of a box.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const side = rng.weighted<Side>(['right', 'top', 'left'], [5, 1.5, 1.5]);
      // NLVR pushes objects against the right wall on purpose; the top and left are touched by chance only.
      return { side, d: side === 'right' ? sampleDesc(rng, layout) : sampleLooseDesc(rng), q: sampleQ(rng, 1, 2, [[0.6, () => 'ge'], [0.4, () => 'eq']]) };
    },
    meaning: (p) => count(filterOf(p.d, { kind: 'edge', side: p.side }), p.q),
    text: (rng, p, layout) => thereIs(rng, p.q, np(rng, p.d, layout), ` ${touchingPhrase(rng, p.side)}`),
  }),
  'touch-corner': family({
    description: 'objects touching a corner of their box ("There is a square closely touching a corner of a box.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => ({ d: sampleLooseDesc(rng), q: sampleQ(rng, 1, 2, [[0.65, () => 'ge'], [0.35, () => 'eq']]) }),
    meaning: (p) => count(filterOf(p.d, { kind: 'edge', side: 'corner' }), p.q),
    text: (rng, p, layout) =>
      rng.chance(0.85) ? thereIs(rng, p.q, np(rng, p.d, layout), ` ${touchingPhrase(rng, 'corner')}`) : thereIs(rng, p.q, np(rng, p.d, layout), ' in the corner of a box'),
  }),
  'no-touch': family({
    description: 'no object of a kind touches a wall ("There is no yellow circle closely touching the bottom of a box.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0.1 }), side: rng.weighted<Side>(['bottom', 'any', 'right', 'corner'], [4, 2, 2, 1]) }),
    meaning: (p) => count(filterOf(p.d, { kind: 'edge', side: p.side }), NONE),
    text: (rng, p, layout) =>
      oneOf(
        rng,
        () => `there is no ${words(rng, p.d, false, layout)} ${touchingPhrase(rng, p.side)}`,
        () => `no ${words(rng, p.d, false, layout)} is ${touchingPhrase(rng, p.side)}`,
        () => `there are no ${words(rng, p.d, true, layout)} ${touchingPhrase(rng, p.side)}`,
      ),
  }),
  'every-edge': family({
    description: 'all / none of the objects of a kind touch a wall ("None of the black triangles are touching an edge.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ d: sampleDesc(rng, layout, { none: 0 }), touch: rng.chance(0.5) }),
    meaning: (p) => {
      const edge: ObjectPred = { kind: 'edge', side: 'any' };
      return { kind: 'every', of: filterOf(p.d), are: { where: [p.touch ? edge : { kind: 'not', pred: edge }] } };
    },
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
  'edge-colors': family({
    description: 'how many colours touch a wall ("There is only one color touching the wall.")',
    weight: 1,
    layouts: { scatter: 0.6, tower: 0.4 },
    sample: (rng) => ({ k: rng.int(1, 3) }),
    meaning: (p) => ({ kind: 'distinct', of: { where: [{ kind: 'edge', side: 'any' }] }, attr: 'color', q: EXACTLY(p.k) }),
    text: (rng, p, layout) => {
      const colour = rng.pick(['color', 'colour']);
      const touch = touchingPhrase(rng, 'any');
      if (p.k === 1) return oneOf(rng, () => `there is only one ${colour} ${touch}`, () => `all ${words(rng, {}, true, layout)} ${touch} have the same ${colour}`);
      if (p.k === 3) return oneOf(rng, () => `all 3 different ${colour}s are ${touch}`, () => `${words(rng, {}, true, layout)} of all three ${colour}s are ${touch}`);
      return oneOf(rng, () => `exactly two ${colour}s are ${touch}`, () => `there are ${words(rng, {}, true, layout)} of exactly two ${colour}s ${touch}`);
    },
  }),

  // ------------------------------------------------------------ relations (scatter)
  'above-color': family({
    description: 'an object entirely higher than another in the same box ("There is a black object above a blue object.")',
    weight: 0.7,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ a: sampleDesc(rng, layout, { none: 0 }), b: sampleDesc(rng, layout, { none: 0 }) }),
    meaning: (p) => count(filterOf(p.a, { kind: 'above', other: filterOf(p.b) }), AT_LEAST_ONE),
    text: (rng, p, layout) =>
      `there is ${article(words(rng, p.a, false, layout))} ${rng.pick(['above', 'above', 'higher than', 'somewhere above'])} ${article(words(rng, p.b, false, layout))}${rng.chance(0.3) ? ' in the same box' : ''}`,
  }),
  'below-color': family({
    description: 'an object entirely lower than another in the same box ("There is a yellow circle below a black square.")',
    weight: 0.4,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ a: sampleDesc(rng, layout, { none: 0 }), b: sampleDesc(rng, layout, { none: 0 }) }),
    meaning: (p) => count(filterOf(p.a, { kind: 'below', other: filterOf(p.b) }), AT_LEAST_ONE),
    text: (rng, p, layout) =>
      `there is ${article(words(rng, p.a, false, layout))} ${rng.pick(['below', 'below', 'lower than', 'somewhere below'])} ${article(words(rng, p.b, false, layout))}${rng.chance(0.3) ? ' in the same box' : ''}`,
  }),
  'touching-objects': family({
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

  // ------------------------------------------------------------ conjunction
  conjunction: family<{ a: Simple; b: Simple }>({
    description: 'two simple statements joined by "and" ("There is a tower with four blocks and there is a black block on a blue block.")',
    weight: 2,
    layouts: { tower: 0.6, scatter: 0.4 },
    sample: (rng, layout) => ({ a: conjunct(rng, layout), b: conjunct(rng, layout) }),
    meaning: (p) => ({ kind: 'and', ms: [p.a.meaning, p.b.meaning] }),
    text: (rng, p) => `${p.a.text}${rng.chance(0.2) ? ',' : ''} and ${p.b.text}`,
  }),
};

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
    [1, () => unitsWith(rng, q, towerNoun, `${c} block${rng.chance(0.5) ? 's' : ''} ${endWords(rng, end)}`)],
    [1, () => unitsWith(rng, q, towerNoun, `a ${c} ${endN}`)],
    [3, () => thereIs(rng, q, (pl) => `${c} ${pl ? 'blocks' : 'block'}`, ` as the ${endN} of a tower`)],
  ];
  if (q.cmp === 'eq' && q.n >= 2) alts.push([1, () => `${num(rng, q.n)} of the ${rng.pick(['', 'three '])}towers have ${c} ${endN}s`]);
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
    alts.push([1, () => `the ${endN} of a ${n} block${h.n === 1 ? '' : 's'} tower is ${c}`]);
    alts.push([1, () => `there is a ${n} block${h.n === 1 ? '' : 's'} tower with a ${c} ${endN}`]);
  }
  return choose(rng, alts);
}

function stackText(rng: Rng, upper: ColorName, lower: ColorName): string {
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

/** "there are at least two towers with the same height", "all three boxes have the same number of items". */
function sameText(rng: Rng, q: Quantity, units: 'towers' | 'boxes', what: string): string {
  if (q.cmp === 'eq' && q.n === 3) {
    return oneOf(rng, () => `all three ${units} have the same ${what}`, () => `all ${units} are of the same ${what}`, () => `the ${units} all have the same ${what}`);
  }
  if (q.cmp === 'eq' && q.n === 1) {
    const whats = what.startsWith('number of') ? what.replace('number', 'numbers') : `${what}s`;
    return oneOf(rng, () => `no two ${units} have the same ${what}`, () => `all ${units} have a different ${what}`, () => `the three ${units} all have different ${whats}`);
  }
  const n = qnp(rng, q, (pl) => (pl ? units : units === 'boxes' ? 'box' : 'tower')).text;
  return oneOf(rng, () => `there are ${n} ${rng.pick(['with', 'that have', 'which have'])} the same ${what}`, () => `${n} have the same ${what}`);
}

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

export type FamilyId = keyof typeof FAMILY_DEFS;
export { FAMILY_DEFS };

const FAMILY_IDS = Object.keys(FAMILY_DEFS) as FamilyId[];
const defOf = (id: FamilyId): FamilyDef<unknown> => FAMILY_DEFS[id] as FamilyDef<unknown>;

export interface FamilyInfo {
  id: FamilyId;
  description: string;
  layouts: Layout[];
}

export const FAMILIES: readonly FamilyInfo[] = FAMILY_IDS.map((id) => ({
  id,
  description: defOf(id).description,
  layouts: LAYOUTS.filter((l) => (defOf(id).layouts[l] ?? 0) > 0),
}));

export class UnknownFamilyError extends Error {
  constructor(readonly family: string) {
    super(`unknown statement family: ${family}`);
    this.name = 'UnknownFamilyError';
  }
}

export class GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerationError';
  }
}

function familyId(family: string): FamilyId {
  if (!(family in FAMILY_DEFS)) throw new UnknownFamilyError(family);
  return family as FamilyId;
}

// ---------------------------------------------------------------- surface: style and typos

/** NLVR slips in words the lexicon does not ground. */
const OTHER_TYPOS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\bat least\b/i, ['atleast', 'atleast', 'at lest', 'at leats']],
  [/\btouching\b/i, ['tocuhing', 'touchng']],
  [/\bexactly\b/i, ['exacly', 'exactely']],
  [/\bcolor\b/i, ['colr']],
  [/\btower\b/i, ['towr']],
];

/** One NLVR-like slip: a misspelt word, a glued article ("ablue"), a lost first letter ("ll towers"). */
function typo(rng: Rng, text: string): string {
  const tokens = text.split(' ');
  const misspellable = tokens.map((w, i) => [w.toLowerCase(), i] as const).filter(([w]) => MISSPELLINGS.has(w));
  return choose(rng, [
    [
      misspellable.length > 0 ? 4 : 0,
      () => {
        const [w, i] = rng.pick(misspellable);
        tokens[i] = rng.pick(MISSPELLINGS.get(w) ?? [w]);
        return tokens.join(' ');
      },
    ],
    [
      3,
      () => {
        const candidates = OTHER_TYPOS.filter(([re]) => re.test(text));
        if (candidates.length === 0) return text;
        const [re, forms] = rng.pick(candidates);
        return text.replace(re, rng.pick(forms));
      },
    ],
    [/\ba (yellow|black|blue)\b/.test(text) ? 1 : 0, () => text.replace(/\ba (yellow|black|blue)\b/, 'a$1')],
    // NLVR lost the capital of some sentences: "ll 3 towers have…", "t least two of the towers…".
    [/^(all|at) /i.test(text) ? 2 : 0, () => text.slice(1)],
    [0.5, () => text.replace(' ', '  ')],
  ]);
}

const TYPO_RATE = 0.1;

/** NLVR's surface: 25% start lower-case with no final period; the rest are capitalised, 68% with a period. */
function style(rng: Rng, text: string): string {
  const cased = rng.chance(0.25) ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}${rng.chance(0.68) ? '.' : ''}`;
  return rng.chance(TYPO_RATE) ? typo(rng, cased) : cased;
}

export const MAX_WORDS = 22;
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

// ---------------------------------------------------------------- generation

export interface Statement {
  family: FamilyId;
  layout: Layout;
  meaning: Meaning;
  text: string;
}

/**
 * Draws a family and a layout, weighted by family weight × layout share. In the default mix (no
 * family and no layout asked for) tower entries are scaled so that tower scenes make up NLVR's
 * share of images; the family weights set the mix within each layout.
 */
function drawFamily(rng: Rng, family: FamilyId | undefined, layout: Layout | undefined, exclude?: FamilyId): [FamilyId, Layout] {
  const entries: [FamilyId, Layout][] = [];
  const weights: number[] = [];
  for (const id of family ? [family] : FAMILY_IDS) {
    if (id === exclude) continue;
    const d = defOf(id);
    for (const l of LAYOUTS) {
      const share = d.layouts[l] ?? 0;
      if (share <= 0 || (layout && l !== layout)) continue;
      entries.push([id, l]);
      weights.push(d.weight * share);
    }
  }
  if (entries.length === 0) throw new GenerationError(`family ${family} has no ${layout} layout`);
  if (!family && !layout) {
    const total = (l: Layout) => weights.reduce((sum, w, i) => sum + (entries[i]![1] === l ? w : 0), 0);
    const tau = NLVR_DEV_FIGURES.towerShare;
    const scale = (tau / (1 - tau)) * (total('scatter') / total('tower'));
    for (let i = 0; i < entries.length; i++) if (entries[i]![1] === 'tower') weights[i]! *= scale;
  }
  return rng.weighted(entries, weights);
}

function realise(rng: Rng, id: FamilyId, layout: Layout): { meaning: Meaning; text: string } {
  const d = defOf(id);
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = d.sample(rng, layout);
    const raw = d.text(rng, p, layout).replace(/\s+/g, ' ').trim();
    if (wordCount(raw) <= MAX_WORDS) return { meaning: d.meaning(p), text: raw };
  }
  throw new GenerationError(`family ${id}: no realisation within ${MAX_WORDS} words`);
}

/** A conjunct for 'conjunction': a clause (not a fragment such as "yellow block at the top") of another family. */
function conjunct(rng: Rng, layout: Layout): Simple {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [id] = drawFamily(rng, undefined, layout, 'conjunction');
    const s = realise(rng, id, layout);
    if (/\b(is|are|has|have|contains?|touch(es)?)\b/.test(s.text)) return s;
  }
  throw new GenerationError(`no clause for a ${layout} conjunction`);
}

/** A random statement of a family (default: any, by NLVR-like weights) for a layout (default: the family's). */
export function generateStatement(rng: Rng, family?: FamilyId | string, opts: { layout?: Layout } = {}): Statement {
  const [id, layout] = drawFamily(rng, family === undefined ? undefined : familyId(family), opts.layout);
  const { meaning, text } = realise(rng, id, layout);
  return { family: id, layout, meaning, text: style(rng, text) };
}

/** How many scenes one statement may try for a label before another statement is drawn. */
const SCENE_TRIES = 80;
const STATEMENT_TRIES = 400;

/**
 * A scene on which the statement has the requested label, provided that the statement is
 * contingent: among the scenes tried, at least one also has the other label. Without that
 * condition a statement that is (nearly) never true would be accepted for every false example and
 * never for a true one, and "odd statement ⇒ false" would become learnable.
 */
function sceneWith(rng: Rng, s: Statement, label: boolean): Scene | null {
  const opts = defOf(s.family).scene;
  let found: Scene | null = null;
  let sawOther = false;
  for (let i = 0; i < SCENE_TRIES; i++) {
    const scene = generateScene(rng, s.layout, opts);
    if (evaluate(s.meaning, scene) === label) found ??= scene;
    else sawOther = true;
    if (found && sawOther) return found;
  }
  return null;
}

/** How many edits of one scene may be tried for the other label. */
const EDIT_TRIES = 40;

/**
 * A near miss: a scene of the requested label made by one small edit (sometimes two) of a scene
 * with the other label, so that what tells the labels apart is what the statement says, not how
 * far a random scene lies from it (NLVR's false images are such near misses). Null when no edit
 * among those tried flips the label.
 */
function editedSceneWith(rng: Rng, s: Statement, label: boolean): Scene | null {
  const base = sceneWith(rng, s, !label);
  if (!base) return null;
  const opts = defOf(s.family).scene;
  for (let i = 0; i < EDIT_TRIES; i++) {
    let scene = editScene(rng, base, s.layout, opts);
    if (scene && rng.chance(0.3)) scene = editScene(rng, scene, s.layout, opts);
    if (scene && evaluate(s.meaning, scene) === label) return scene;
  }
  return null;
}

export interface GenerateOptions {
  family?: FamilyId | string;
  layout?: Layout;
}

export interface Example extends Statement {
  scene: Scene;
  label: boolean;
}

/** A statement and a scene of the requested label (default: a fair coin), by rejection sampling. */
export function generateExample(rng: Rng, opts: GenerateOptions & { label?: boolean } = {}): Example {
  const label = opts.label ?? rng.chance(0.5);
  for (let i = 0; i < STATEMENT_TRIES; i++) {
    const s = generateStatement(rng, opts.family, { layout: opts.layout });
    const scene = sceneWith(rng, s, label);
    if (scene) return { ...s, scene, label };
  }
  throw new GenerationError(`no ${label} example for ${opts.family ?? 'any family'} after ${STATEMENT_TRIES} statements`);
}

export interface Pair extends Statement {
  left: Scene;
  right: Scene;
  leftLabel: boolean;
  rightLabel: boolean;
  /** True of both: leftLabel && rightLabel. */
  label: boolean;
}

export interface PairOptions extends GenerateOptions {
  label: boolean;
  /**
   * The probability that a scene is a near miss (an edit of a scene with the other label) rather
   * than a random scene of its label. Default 0: the game's packs and the synthetic validation
   * split use random scenes only.
   */
  contrast?: number;
}

/** A statement and two scenes; a false pair has the left, the right or both images false (40/40/20). */
export function generatePair(rng: Rng, opts: PairOptions): Pair {
  const [leftLabel, rightLabel] = opts.label
    ? [true, true]
    : choose<[boolean, boolean]>(rng, [[0.4, () => [false, true]], [0.4, () => [true, false]], [0.2, () => [false, false]]]);
  for (let i = 0; i < STATEMENT_TRIES; i++) {
    const s = generateStatement(rng, opts.family, { layout: opts.layout });
    const scene = (label: boolean) => (opts.contrast && rng.chance(opts.contrast) && editedSceneWith(rng, s, label)) || sceneWith(rng, s, label);
    const left = scene(leftLabel);
    const right = left && scene(rightLabel);
    if (left && right) return { ...s, left, right, leftLabel, rightLabel, label: leftLabel && rightLabel };
  }
  throw new GenerationError(`no ${opts.label} pair for ${opts.family ?? 'any family'} after ${STATEMENT_TRIES} statements`);
}

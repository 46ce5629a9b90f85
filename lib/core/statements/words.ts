import type { Quantity } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import type { Layout } from '@/lib/core/world/scenes';
import type { ColorName, Shape, Size } from '@/lib/core/world/types';

/**
 * The words every template shares: weighted choices, numbers, plurals, noun phrases for objects,
 * towers and boxes, quantified phrases ("exactly two black circles") and the sentence frames around
 * them ("there are …", "one of the boxes has …").
 *
 * Every helper draws from the rng in a fixed order; the generated statements for a seed depend on
 * that order (tests/unit/statements-golden.test.ts), so a helper is reused only where it draws
 * exactly what the code it replaces drew.
 */

// ---------------------------------------------------------------- choosing words

export type Alt<T> = readonly [weight: number, make: () => T];

export function choose<T>(rng: Rng, alts: readonly Alt<T>[]): T {
  return rng.weighted(alts, alts.map((a) => a[0]))[1]();
}

export function oneOf<T>(rng: Rng, ...makers: (() => T)[]): T {
  return rng.pick(makers)();
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** A number as a word or, as NLVR writers often do, in digits. */
export const num = (rng: Rng, n: number): string => (rng.chance(0.35) ? String(n) : (NUMBER_WORDS[n] ?? String(n)));
export const article = (phrase: string): string => `${/^[aeiou]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
export const be = (plural: boolean) => (plural ? 'are' : 'is');
export const has = (plural: boolean) => (plural ? 'have' : 'has');
/**
 * `has`, except that after a plural NLVR writers often keep "has" ("There are two towers that has two
 * blue blocks.", "Two of the three towers has a blue base.": in dev and the training sample plural
 * towers take "has" more often than "have").
 */
export const hasAfter = (rng: Rng, plural: boolean) => (plural && rng.chance(0.4) ? 'has' : has(plural));
/** The regular plural: "blocks", "towers", "colours". */
export const plural = (word: string, many: boolean) => (many ? `${word}s` : word);
/** "color" or "colour", as NLVR writers spell it. */
export const colourWord = (rng: Rng) => rng.pick(['color', 'colour']);
/** "which" or "that" heading a relative clause. */
export const whichThat = (rng: Rng) => rng.pick(['which', 'that']);

// ---------------------------------------------------------------- objects

/** What a template's parameters describe: an object by colour, shape and size (absent = any). */
export interface Desc {
  color?: ColorName;
  shape?: Shape;
  size?: Size;
}

const SIZE_WORDS: Record<Size, readonly string[]> = { 10: ['small', 'small', 'tiny'], 20: ['medium', 'medium sized'], 30: ['large', 'big'] };

function genericNoun(rng: Rng, layout: Layout): string {
  return layout === 'tower'
    ? choose(rng, [[0.75, () => 'block'], [0.17, () => 'item'], [0.04, () => 'object'], [0.04, () => 'square']])
    : choose(rng, [[0.5, () => 'item'], [0.38, () => 'object'], [0.12, () => 'shape']]);
}

/** "small black circle", "yellow items", "objects". */
export function words(rng: Rng, d: Desc, many: boolean, layout: Layout, noun?: string): string {
  const head = d.shape ?? noun ?? genericNoun(rng, layout);
  const parts = [d.size ? rng.pick(SIZE_WORDS[d.size]) : '', d.color ?? '', plural(head, many)];
  return parts.filter(Boolean).join(' ');
}

/** A noun to quantify: `words` with the number left open. */
export type Noun = (many: boolean) => string;

export const np = (rng: Rng, d: Desc, layout: Layout, noun?: string): Noun => (many) => words(rng, d, many, layout, noun);
/** Items or objects: what boxes hold, in both layouts (dev: "There is a box with 4 items." on towers). */
export const itemNoun = (rng: Rng): Noun => np(rng, {}, 'scatter');
/** "block(s)", "black block(s)". */
export const blocks = (color?: ColorName): Noun => (many) => (color ? `${color} ${plural('block', many)}` : plural('block', many));
export const towerNoun: Noun = (many) => plural('tower', many);

/**
 * The boxes after "one of the": NLVR writers say "grey box" or "grey square" there, in the singular
 * ("one of the grey square contains exactly five objects", "One of the grey box has exactly six
 * objects": all 8 such boxes in dev, all 35 in the training sample, 21 of them "grey box").
 */
export const oneOfThe = (rng: Rng, unit: Noun): string =>
  unit !== towerNoun && rng.chance(0.85) ? choose(rng, [[0.6, () => 'grey box'], [0.4, () => 'grey square']]) : unit(true);

export function boxNoun(rng: Rng): Noun {
  const w = choose(rng, [[0.62, () => 'box'], [0.26, () => 'grey box'], [0.07, () => 'grey square'], [0.05, () => 'gray box']]);
  return (many) => (many ? (w.endsWith('box') ? `${w}es` : `${w}s`) : w);
}

// ---------------------------------------------------------------- quantities

export interface Phrase {
  text: string;
  plural: boolean;
}

/** A quantified noun phrase: "a black circle", "exactly two black circles", "no circles", "more than 3 items". */
export function qnp(rng: Rng, q: Quantity, noun: Noun): Phrase {
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

/** "there is a black circle", "there are exactly two black circles", for a phrase already drawn. */
export const thereBe = (p: Phrase): string => `there ${be(p.plural)} ${p.text}`;

/** qnp and thereBe in one: "there is a black circle", "there are exactly two black circles touching the wall". */
export function thereIs(rng: Rng, q: Quantity, noun: Noun, tail = ''): string {
  return `${thereBe(qnp(rng, q, noun))}${tail}`;
}

/** "there are exactly two black circles", "there is a yellow item touching the wall": objects of a description, counted. */
export const thereAre = (rng: Rng, q: Quantity, d: Desc, layout: Layout, tail = ''): string => thereIs(rng, q, np(rng, d, layout), tail);

/** "a tower with three blocks", "a tower with at least two blocks". */
export const heightPhrase = (rng: Rng, h: Quantity): string => qnp(rng, h, blocks()).text;

/** A part of an enumeration: objects of a description and how many. */
export interface PartQ {
  d: Desc;
  q: Quantity;
}

/** Parts of an enumeration: "a yellow square and at least two black items". */
export function partsText(rng: Rng, parts: readonly PartQ[], layout: Layout, noun?: string): string {
  const texts = parts.map((part) => qnp(rng, part.q, np(rng, part.d, layout, noun)).text);
  if (texts.length === 1) return texts[0]!;
  return `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
}

// ---------------------------------------------------------------- units: towers and boxes

/** Quantity of units (boxes or towers). */
export type UnitQ = Quantity | 'every';

/**
 * "there is a box with X", "there are exactly two towers that have X", "each box has X",
 * "one of the grey boxes contains X". `x` is the noun phrase that follows "with" / "has".
 */
export function unitsWith(rng: Rng, q: UnitQ, unit: Noun, x: string): string {
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
  alts.push([3, () => `${thereBe(p)} with ${x}`]);
  alts.push([1, () => `${thereBe(p)} ${rng.pick(['that', 'which'])} ${hasAfter(rng, p.plural)} ${x}`]);
  alts.push([0.5, () => `${thereBe(p)} containing ${x}`]);
  alts.push([0.4, () => `${thereBe(p)} having ${x}`]);
  if (q.cmp === 'ge' && q.n === 1) {
    alts.push([1.5, () => `one of the ${oneOfThe(rng, unit)} ${rng.pick(['has', 'contains'])} ${x}`]);
    alts.push([0.5, () => `at least one ${unit(false)} has ${x}`]);
  }
  if (q.cmp === 'eq' && q.n === 1) alts.push([0.7, () => `${rng.pick(['one', 'only one', 'exactly one'])} ${unit(false)} has ${x}`]);
  if (q.cmp === 'eq' && q.n >= 2) alts.push([0.7, () => `${num(rng, q.n)} of the three ${unit(true)} ${hasAfter(rng, true)} ${x}`]);
  if (q.cmp === 'ge' && q.n >= 2) alts.push([0.7, () => `at least ${num(rng, q.n)} of the ${unit(true)} have ${x}`]);
  if (q.cmp === 'eq' && q.n === 0) alts.push([1, () => `no ${unit(false)} has ${x}`], [0.5, () => `none of the ${unit(true)} ${rng.pick(['has', 'have'])} ${x}`]);
  return choose(rng, alts);
}

/** "there are at least two towers with the same height", "all three boxes have the same number of items". */
export function sameText(rng: Rng, q: Quantity, units: 'towers' | 'boxes', what: string): string {
  if (q.cmp === 'eq' && q.n === 3) {
    return oneOf(rng, () => `all three ${units} have the same ${what}`, () => `all ${units} are of the same ${what}`, () => `the ${units} all have the same ${what}`);
  }
  if (q.cmp === 'eq' && q.n === 1) {
    const whats = what.startsWith('number of') ? what.replace('number', 'numbers') : `${what}s`;
    return oneOf(rng, () => `no two ${units} have the same ${what}`, () => `all ${units} have a different ${what}`, () => `the three ${units} all have different ${whats}`);
  }
  const n = qnp(rng, q, (many) => (many ? units : units === 'boxes' ? 'box' : 'tower')).text;
  const that = () => `${rng.pick(['that', 'which'])} ${hasAfter(rng, true)}`;
  return oneOf(rng, () => `there are ${n} ${rng.chance(1 / 3) ? 'with' : that()} the same ${what}`, () => `${n} have the same ${what}`);
}

import type { ColorName, Shape } from '@/lib/core/world/types';

/**
 * The grounding lexicon of the alignment loss: which word forms name a colour, a shape, or any object.
 * A grounded word points at the objects whose (detected) class has every attribute it lists; `any`
 * words (block, item, object, shape…) point at every object. Misspellings are the ones people write
 * in NLVR (dev.json, train-examples.html) plus the nearest common slips of the same words.
 */
export interface Grounding {
  colors?: ColorName[];
  shapes?: Shape[];
  /** Names any object (generic nouns); training/data.py reads this as "every object". */
  any?: true;
}

interface Entry {
  word: string;
  grounding: Grounding;
  misspellings?: readonly string[];
  /** Forms glued to a neighbour ("ablue" for "a blue"): grounded, but not a substitute for the word. */
  glued?: readonly string[];
}

const YELLOW: Grounding = { colors: ['yellow'] };
const BLACK: Grounding = { colors: ['black'] };
const BLUE: Grounding = { colors: ['blue'] };
const SQUARE: Grounding = { shapes: ['square'] };
const CIRCLE: Grounding = { shapes: ['circle'] };
const TRIANGLE: Grounding = { shapes: ['triangle'] };
const ANY: Grounding = { any: true };

const ENTRIES: readonly Entry[] = [
  { word: 'yellow', grounding: YELLOW, misspellings: ['yelow', 'yellw', 'yelloe', 'yello'], glued: ['ayellow'] },
  { word: 'black', grounding: BLACK, misspellings: ['blak', 'blck', 'balck'], glued: ['ablack'] },
  { word: 'blue', grounding: BLUE, misspellings: ['bule', 'blu', 'ble', 'blie'], glued: ['ablue'] },
  { word: 'square', grounding: SQUARE, misspellings: ['squere', 'sqaure', 'squre'] },
  { word: 'squares', grounding: SQUARE, misspellings: ['squeres', 'sqaures', 'squres'] },
  { word: 'circle', grounding: CIRCLE, misspellings: ['circel', 'cirlce', 'cicle'] },
  { word: 'circles', grounding: CIRCLE, misspellings: ['circels', 'cirlces', 'cicles'] },
  { word: 'triangle', grounding: TRIANGLE, misspellings: ['trinagle', 'traingle', 'triangel'] },
  { word: 'triangles', grounding: TRIANGLE, misspellings: ['trinagles', 'traingles', 'triangels'] },
  { word: 'block', grounding: ANY, misspellings: ['bloxk', 'blcok'] },
  { word: 'blocks', grounding: ANY, misspellings: ['blccks', 'blokcs'] },
  { word: 'item', grounding: ANY, misspellings: ['itme'] },
  { word: 'items', grounding: ANY, misspellings: ['itmes', 'iteme'] },
  { word: 'object', grounding: ANY, misspellings: ['obejct', 'objet'] },
  { word: 'objects', grounding: ANY, misspellings: ['obejcts', 'objetcs'] },
  { word: 'shape', grounding: ANY },
  { word: 'shapes', grounding: ANY },
];

export const LEXICON: ReadonlyMap<string, Grounding> = new Map(
  ENTRIES.flatMap((e) => [e.word, ...(e.misspellings ?? []), ...(e.glued ?? [])].map((w) => [w, e.grounding] as const)),
);

/** Correct spelling → its misspellings, for the generator's NLVR-like typos. */
export const MISSPELLINGS: ReadonlyMap<string, readonly string[]> = new Map(
  ENTRIES.filter((e) => e.misspellings).map((e) => [e.word, e.misspellings ?? []] as const),
);

/** The grounding of a word (any case, surrounding punctuation ignored), or undefined for ungrounded words. */
export function groundingOf(word: string): Grounding | undefined {
  return LEXICON.get(word.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, ''));
}

import type { ColorName, Shape, Size } from './types';

/**
 * The meaning of a statement about one image, as data. evaluate.ts gives it a truth value over a
 * Scene; statements.ts realises it in English. Geometry (what "touching", "on", "above", "top",
 * "tower" mean) is defined once, in evaluate.ts.
 */

export type Cmp = 'eq' | 'ge' | 'le' | 'gt' | 'lt';
/** "exactly 2" = { cmp: 'eq', n: 2 }, "at least one" = { cmp: 'ge', n: 1 }, "no" = { cmp: 'eq', n: 0 }. */
export interface Quantity {
  cmp: Cmp;
  n: number;
}

/** Which border of its box an object touches; 'any' is "the edge / wall / side", 'corner' two adjacent borders. */
export type Side = 'any' | 'bottom' | 'top' | 'left' | 'right' | 'corner';

/** Objects with every listed attribute (an absent field does not constrain). */
export interface ObjectFilter {
  /** Any of these colours ("a black or yellow triangle"). */
  colors?: readonly ColorName[];
  shape?: Shape;
  size?: Size;
  /** Further conditions, all of which must hold. */
  where?: readonly ObjectPred[];
}

/** A condition on one object, read inside its own box (relations never cross boxes). */
export type ObjectPred =
  | { kind: 'color'; color: ColorName }
  | { kind: 'shape'; shape: Shape }
  | { kind: 'edge'; side: Side }
  /** Touches another object of the box matching `other`. */
  | { kind: 'touching'; other: ObjectFilter }
  /** Directly on top of an object matching `other` (resting on it: a tower block on the one below). */
  | { kind: 'on'; other: ObjectFilter }
  /** Directly beneath an object matching `other`. */
  | { kind: 'under'; other: ObjectFilter }
  /** Entirely higher than an object matching `other`, anywhere in the box. */
  | { kind: 'above'; other: ObjectFilter }
  /** Entirely lower than an object matching `other`, anywhere in the box. */
  | { kind: 'below'; other: ObjectFilter }
  /** The highest object of its box (a tower's top block). */
  | { kind: 'top' }
  /** The lowest object of its box (a tower's base block). */
  | { kind: 'base' }
  /** The n-th object from the bottom of its box, 0 = the base ("the second block from the base" = 1). */
  | { kind: 'level'; n: number }
  | { kind: 'not'; pred: ObjectPred };

/** A condition on one box (or tower), over the objects in it. */
export type BoxCond =
  /** The number of objects in the box matching `of`. */
  | { kind: 'count'; of: ObjectFilter; q: Quantity }
  /** Every object in the box matches `are` ("a box with only triangles"). */
  | { kind: 'all'; are: ObjectFilter }
  /** The number of distinct colours in the box ("items of only one colour", "all 3 colours"). */
  | { kind: 'colors'; q: Quantity }
  /** The number of distinct shapes in the box. */
  | { kind: 'shapes'; q: Quantity }
  /** The box's colours are exactly these ("only black and yellow items": both present, nothing else). */
  | { kind: 'only-colors'; colors: readonly ColorName[] }
  | { kind: 'and'; conds: readonly BoxCond[] }
  | { kind: 'not'; cond: BoxCond };

/** 'box': each of the three boxes. 'tower': the boxes that hold a tower (see evaluate.ts). */
export type Unit = 'box' | 'tower';

/** What units are grouped by in 'max-same': their object count, the colour of their top / base object. */
export type UnitKey = 'count' | 'top-color' | 'base-color';

export type Meaning =
  /** The number of objects in the image matching `of`. */
  | { kind: 'count'; of: ObjectFilter; q: Quantity }
  /** There is at least one object matching `of`, and all of them match `are` ("all black circles touch the edge"). */
  | { kind: 'every'; of: ObjectFilter; are: ObjectFilter }
  /** The number of units satisfying `cond` is q; 'every' = there is at least one unit and all satisfy it. */
  | { kind: 'units'; unit: Unit; q: Quantity | 'every'; cond: BoxCond }
  /** There is at least one object matching `of`, and all of them lie in one box. */
  | { kind: 'same-box'; of: ObjectFilter }
  /** The number of distinct colours / shapes among the objects matching `of`. */
  | { kind: 'distinct'; of: ObjectFilter; attr: 'color' | 'shape'; q: Quantity }
  /** The size of the largest group of units that share `key` ("at least two towers with the same height"). */
  | { kind: 'max-same'; unit: Unit; key: UnitKey; q: Quantity }
  | { kind: 'not'; m: Meaning }
  | { kind: 'and'; ms: readonly Meaning[] };

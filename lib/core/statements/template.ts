import type { BoxCond, Meaning, ObjectFilter, ObjectPred, Quantity, Unit } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import type { Layout, SceneOptions } from '@/lib/core/world/scenes';
import type { ColorName, Shape, Size } from '@/lib/core/world/types';
import type { Desc, PartQ, UnitQ } from './words';

/**
 * A statement template: what one kind of statement says, as data. It draws random parameters (its
 * slots: a colour, a shape, a quantity, a side…), maps them to a Meaning that evaluate.ts decides
 * exactly, and realises them in English.
 *
 * (A template was called a "statement family"; the generated statements and the dataset still
 * carry the template's id in a field named `family`, see Statement in index.ts.)
 */
export interface StatementTemplate<P> {
  description: string;
  /** Relative share of the template in the default mix. */
  weight: number;
  /** The layouts it is generated for, with their relative shares. */
  layouts: Partial<Record<Layout, number>>;
  /** Scene options for this template's rejection sampling. */
  scene?: SceneOptions;
  sample(rng: Rng, layout: Layout): P;
  meaning(p: P): Meaning;
  /** One English realisation, lower-case first letter and no final period (the surface adds them). */
  text(rng: Rng, p: P, layout: Layout): string;
}

export const template = <P>(t: StatementTemplate<P>): StatementTemplate<P> => t;

export const TOWER_ONLY = { tower: 1 } as const;
export const SCATTER_ONLY = { scatter: 1 } as const;

export class GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerationError';
  }
}

// ---------------------------------------------------------------- meanings

export function filterOf(d: Desc, ...where: ObjectPred[]): ObjectFilter {
  const f: { colors?: ColorName[]; shape?: Shape; size?: Size; where?: ObjectPred[] } = {};
  if (d.color) f.colors = [d.color];
  if (d.shape) f.shape = d.shape;
  if (d.size) f.size = d.size;
  if (where.length > 0) f.where = where;
  return f;
}

export const AT_LEAST_ONE: Quantity = { cmp: 'ge', n: 1 };
export const NONE: Quantity = { cmp: 'eq', n: 0 };
export const EXACTLY = (n: number): Quantity => ({ cmp: 'eq', n });

/** The number of objects in the image matching a filter. */
export const count = (of: ObjectFilter, q: Quantity): Meaning => ({ kind: 'count', of, q });
/** The number of objects in a unit matching a filter. */
export const countIn = (of: ObjectFilter, q: Quantity): BoxCond => ({ kind: 'count', of, q });
/** The number of objects in a unit. */
export const countAll = (q: Quantity): BoxCond => countIn({}, q);
export const hasOne = (f: ObjectFilter): BoxCond => countIn(f, AT_LEAST_ONE);
export const and = (...conds: BoxCond[]): BoxCond => (conds.length === 1 ? conds[0]! : { kind: 'and', conds });
export const towers = (q: UnitQ, cond: BoxCond): Meaning => ({ kind: 'units', unit: 'tower', q, cond });
export const boxes = (q: UnitQ, cond: BoxCond): Meaning => ({ kind: 'units', unit: 'box', q, cond });
/**
 * "The tower with four blocks has a black block at the top": there is a unit that `which` picks out,
 * and every such unit satisfies `cond` (the definite article read so that it agrees with NLVR's labels;
 * on dev's 16 examples of such sentences it agrees with all, as does "there is such a unit").
 */
export const theUnits = (unit: Unit, which: BoxCond, cond: BoxCond): Meaning => ({
  kind: 'and',
  ms: [
    { kind: 'units', unit, q: AT_LEAST_ONE, cond: which },
    { kind: 'units', unit, q: NONE, cond: and(which, { kind: 'not', cond }) },
  ],
});
export const partConds = (parts: readonly PartQ[]): BoxCond[] => parts.map((p) => countIn(filterOf(p.d), p.q));

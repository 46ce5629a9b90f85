import type { BoxCond, Meaning, ObjectFilter, ObjectPred, Quantity, Side, Unit, UnitKey } from './meaning';
import { BOX_SIZE, COLOR_NAME, type ColorName, type Scene, type SceneBox, type SceneObject } from './types';

/**
 * The executable semantics: evaluate(meaning, scene) → true / false. Called millions of times by the
 * generator's rejection sampling, so it allocates little and walks the (at most 20) objects directly.
 *
 * Geometry, in a box's 100×100 units (y grows downwards; every object is its size×size square):
 * - Touching the edge (wall / side / border): the square is within TOUCH = 1 unit of that border.
 *   NLVR places an object against a wall at distance 0, and people also call a square 1 unit away
 *   "touching" (dev 1845-3: the square at y 69, size 30 touches the bottom), while at 1 unit a gap is
 *   invisible at the images' 1 px per unit. The base / bottom is the border at y = 100.
 * - Touching another object: the squares are at most TOUCH apart along both axes (edge to edge;
 *   corners count). NLVR never places objects closer than 1 unit, and stacked tower blocks are
 *   21 apart with size 20, so touching objects are exactly 1 unit apart in practice.
 * - On (directly on top of) B: A's bottom edge is 0..TOUCH above B's top edge and their x extents
 *   overlap — a tower block on the block below it. People use "on", "over" and "above" in tower
 *   sentences for this relation (dev: "a yellow block over a blue block" holds only when adjacent).
 * - Above B: A's bottom edge is at or above B's top edge (A entirely higher), anywhere in the box.
 * - Top / base of a box: no other object's top edge is higher / bottom edge is lower (ties allowed).
 *   The n-th level: exactly n objects of the box have their bottom edge lower than this object's.
 * - A tower: a non-empty box whose objects are equal squares in one column, each resting on the
 *   bottom of the box or on another of them. In NLVR's tower images every box is a tower of size-20
 *   squares at x 40, y 80, 59, 38, 17 from the base up.
 */
export const TOUCH = 1;

const bottomOf = (o: SceneObject): number => o.y_loc + o.size;

export function touchesSide(o: SceneObject, side: Side): boolean {
  const left = o.x_loc <= TOUCH;
  const right = BOX_SIZE - (o.x_loc + o.size) <= TOUCH;
  const top = o.y_loc <= TOUCH;
  const bottom = BOX_SIZE - bottomOf(o) <= TOUCH;
  switch (side) {
    case 'any':
      return left || right || top || bottom;
    case 'bottom':
      return bottom;
    case 'top':
      return top;
    case 'left':
      return left;
    case 'right':
      return right;
    case 'corner':
      return (left || right) && (top || bottom);
  }
}

/** Edge-to-edge gap along x (negative when the x extents overlap). */
const gapX = (a: SceneObject, b: SceneObject): number => Math.max(b.x_loc - (a.x_loc + a.size), a.x_loc - (b.x_loc + b.size));
const gapY = (a: SceneObject, b: SceneObject): number => Math.max(b.y_loc - bottomOf(a), a.y_loc - bottomOf(b));

export function touching(a: SceneObject, b: SceneObject): boolean {
  return gapX(a, b) <= TOUCH && gapY(a, b) <= TOUCH;
}

/** a rests directly on b. */
export function isOn(a: SceneObject, b: SceneObject): boolean {
  const gap = b.y_loc - bottomOf(a);
  return gap >= 0 && gap <= TOUCH && gapX(a, b) < 0;
}

/** a is entirely higher than b. */
export function isAbove(a: SceneObject, b: SceneObject): boolean {
  return bottomOf(a) <= b.y_loc;
}

export function isTower(box: SceneBox): boolean {
  const first = box[0];
  if (!first) return false;
  for (const o of box) {
    if (o.type !== 'square' || o.size !== first.size || o.x_loc !== first.x_loc) return false;
    if (BOX_SIZE - bottomOf(o) <= TOUCH) continue;
    let supported = false;
    for (const b of box) if (b !== o && isOn(o, b)) supported = true;
    if (!supported) return false;
  }
  return true;
}

function compare(count: number, q: Quantity): boolean {
  switch (q.cmp) {
    case 'eq':
      return count === q.n;
    case 'ge':
      return count >= q.n;
    case 'le':
      return count <= q.n;
    case 'gt':
      return count > q.n;
    case 'lt':
      return count < q.n;
  }
}

const colorOf = (o: SceneObject): ColorName => COLOR_NAME[o.color];
const COLOR_BIT: Record<ColorName, number> = { yellow: 1, black: 2, blue: 4 };
const SHAPE_BIT = { square: 1, circle: 2, triangle: 4 } as const;
const popcount3 = (mask: number): number => (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1);

function matches(o: SceneObject, box: SceneBox, f: ObjectFilter): boolean {
  if (f.colors && !f.colors.includes(colorOf(o))) return false;
  if (f.shape !== undefined && o.type !== f.shape) return false;
  if (f.size !== undefined && o.size !== f.size) return false;
  if (f.where) for (const p of f.where) if (!holds(o, box, p)) return false;
  return true;
}

/** Some other object b of the box matches `other` and rel(o, b) holds. */
function related(o: SceneObject, box: SceneBox, other: ObjectFilter, rel: (a: SceneObject, b: SceneObject) => boolean): boolean {
  for (const b of box) if (b !== o && rel(o, b) && matches(b, box, other)) return true;
  return false;
}

const under = (a: SceneObject, b: SceneObject): boolean => isOn(b, a);
const below = (a: SceneObject, b: SceneObject): boolean => isAbove(b, a);

function holds(o: SceneObject, box: SceneBox, p: ObjectPred): boolean {
  switch (p.kind) {
    case 'color':
      return colorOf(o) === p.color;
    case 'shape':
      return o.type === p.shape;
    case 'edge':
      return touchesSide(o, p.side);
    case 'touching':
      return related(o, box, p.other, touching);
    case 'on':
      return related(o, box, p.other, isOn);
    case 'under':
      return related(o, box, p.other, under);
    case 'above':
      return related(o, box, p.other, isAbove);
    case 'below':
      return related(o, box, p.other, below);
    case 'top':
      for (const b of box) if (b.y_loc < o.y_loc) return false;
      return true;
    case 'base':
      for (const b of box) if (bottomOf(b) > bottomOf(o)) return false;
      return true;
    case 'level': {
      let lower = 0;
      for (const b of box) if (bottomOf(b) > bottomOf(o)) lower++;
      return lower === p.n;
    }
    case 'not':
      return !holds(o, box, p.pred);
  }
}

function countIn(box: SceneBox, f: ObjectFilter): number {
  let n = 0;
  for (const o of box) if (matches(o, box, f)) n++;
  return n;
}

function colorMask(box: SceneBox): number {
  let mask = 0;
  for (const o of box) mask |= COLOR_BIT[colorOf(o)];
  return mask;
}

function boxHolds(box: SceneBox, c: BoxCond): boolean {
  switch (c.kind) {
    case 'count':
      return compare(countIn(box, c.of), c.q);
    case 'all':
      for (const o of box) if (!matches(o, box, c.are)) return false;
      return true;
    case 'colors':
      return compare(popcount3(colorMask(box)), c.q);
    case 'shapes': {
      let mask = 0;
      for (const o of box) mask |= SHAPE_BIT[o.type];
      return compare(popcount3(mask), c.q);
    }
    case 'only-colors': {
      let want = 0;
      for (const color of c.colors) want |= COLOR_BIT[color];
      return colorMask(box) === want;
    }
    case 'and':
      for (const sub of c.conds) if (!boxHolds(box, sub)) return false;
      return true;
    case 'not':
      return !boxHolds(box, c.cond);
  }
}

const isUnit = (box: SceneBox, unit: Unit): boolean => (unit === 'box' ? true : isTower(box));

/** The key of a unit for 'max-same'; null when it has none (an empty box has no top). */
function unitKey(box: SceneBox, key: UnitKey): number | string | null {
  if (key === 'count') return box.length;
  const pred: ObjectPred = key === 'top-color' ? { kind: 'top' } : { kind: 'base' };
  for (const o of box) if (holds(o, box, pred)) return colorOf(o);
  return null;
}

export function evaluate(m: Meaning, scene: Scene): boolean {
  switch (m.kind) {
    case 'count': {
      let n = 0;
      for (const box of scene) n += countIn(box, m.of);
      return compare(n, m.q);
    }
    case 'every': {
      let seen = false;
      for (const box of scene) {
        for (const o of box) {
          if (!matches(o, box, m.of)) continue;
          if (!matches(o, box, m.are)) return false;
          seen = true;
        }
      }
      return seen;
    }
    case 'units': {
      let units = 0;
      let satisfied = 0;
      for (const box of scene) {
        if (!isUnit(box, m.unit)) continue;
        units++;
        if (boxHolds(box, m.cond)) satisfied++;
      }
      return m.q === 'every' ? units > 0 && satisfied === units : compare(satisfied, m.q);
    }
    case 'same-box': {
      let boxes = 0;
      for (const box of scene) if (countIn(box, m.of) > 0) boxes++;
      return boxes === 1;
    }
    case 'distinct': {
      let mask = 0;
      for (const box of scene) {
        for (const o of box) {
          if (matches(o, box, m.of)) mask |= m.attr === 'color' ? COLOR_BIT[colorOf(o)] : SHAPE_BIT[o.type];
        }
      }
      return compare(popcount3(mask), m.q);
    }
    case 'max-same': {
      const keys: (number | string)[] = [];
      for (const box of scene) {
        if (!isUnit(box, m.unit)) continue;
        const k = unitKey(box, m.key);
        if (k !== null) keys.push(k);
      }
      let best = 0;
      for (const k of keys) {
        let n = 0;
        for (const other of keys) if (other === k) n++;
        if (n > best) best = n;
      }
      return compare(best, m.q);
    }
    case 'not':
      return !evaluate(m.m, scene);
    case 'and':
      for (const sub of m.ms) if (!evaluate(sub, scene)) return false;
      return true;
  }
}

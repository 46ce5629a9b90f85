import { isTower } from './evaluate';
import type { Rng } from './rng';
import { BOX_SIZE, NLVR_COLORS, SHAPES, SIZES, type Scene, type SceneBox, type SceneObject, type Size } from './types';

/**
 * Random scenes in NLVR's two layouts, in NLVR's proportions. Every figure below was measured on
 * NLVR dev.json (989 examples) with `npx tsx scripts/world-stats.ts`.
 */
export type Layout = 'tower' | 'scatter';
export const LAYOUTS = ['tower', 'scatter'] as const satisfies readonly Layout[];

export const NLVR_DEV_FIGURES = {
  /** 676 of 989 images are tower images. */
  towerShare: 676 / 989,
  /** Blocks per tower 1..4 (2028 towers). */
  towerHeights: [460, 542, 547, 479],
  /** Objects per box 1..7 in scatter images (939 boxes; never empty, never more than 7). */
  objectsPerBox: [121, 133, 138, 136, 153, 141, 117],
  /** At most 20 objects in an image (Model I/O v1: O = 20). */
  maxObjectsPerImage: 20,
  /** Scatter objects by size 10/20/30, by shape square/circle/triangle, by colour Yellow/Black/#0099ff. */
  sizes: [1303, 1290, 1182],
  shapes: [1297, 1150, 1328],
  colors: [1228, 1248, 1299],
  /**
   * NLVR puts objects against the bottom and the right wall on purpose: 19.3% of scatter objects
   * lie on the bottom, 18.7% on the right wall, ~1% on the top or the left (what chance gives).
   * Placing an object against the wall with probability 0.17 and uniformly otherwise reproduces that.
   */
  wallSnap: 0.17,
  /** No two scatter objects are closer than 1 unit (edge to edge); 154 pairs are exactly 1 apart. */
  minGap: 1,
} as const;

/** NLVR tower geometry: size-20 squares at x 40, bottom block at y 80, each next one 21 higher. */
export const TOWER = { x: 40, size: 20 as Size, baseY: 80, step: 21, maxHeight: 4 } as const;

export interface SceneOptions {
  /**
   * Scatter only: the probability that an object is placed exactly 1 unit from an earlier one
   * (touching it), on top of the chance arrangement. Statements about objects touching each other
   * or resting on one another need it to have true scenes often enough.
   */
  adjacency?: number;
}

export class SceneGenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SceneGenerationError';
  }
}

const COUNTS = [1, 2, 3, 4, 5, 6, 7] as const;
const HEIGHTS = [1, 2, 3, 4] as const;

/** The y of the k-th block of a tower, counting from the base (k = 0). */
const towerY = (k: number): number => TOWER.baseY - TOWER.step * k;

function tower(rng: Rng, height: number): SceneBox {
  const box: SceneBox = [];
  for (let k = 0; k < height; k++) {
    const color = rng.weighted(NLVR_COLORS, NLVR_DEV_FIGURES.colors);
    box.push({ x_loc: TOWER.x, y_loc: towerY(k), size: TOWER.size, type: 'square', color });
  }
  return box;
}

const gap = (a: SceneObject, x: number, y: number, size: number): number =>
  Math.max(x - (a.x_loc + a.size), a.x_loc - (x + size), y - (a.y_loc + a.size), a.y_loc - (y + size));

function fits(box: SceneBox, x: number, y: number, size: number): boolean {
  if (x < 0 || y < 0 || x + size > BOX_SIZE || y + size > BOX_SIZE) return false;
  for (const o of box) if (gap(o, x, y, size) < NLVR_DEV_FIGURES.minGap) return false;
  return true;
}

/** A position for a new object: against a wall, next to an earlier object, or anywhere. */
function propose(rng: Rng, box: SceneBox, size: number, adjacency: number): [number, number] {
  const far = BOX_SIZE - size;
  const anchor = box.length > 0 && rng.chance(adjacency) ? rng.pick(box) : undefined;
  if (anchor) {
    // One unit from the anchor on a random side, overlapping it along the other axis.
    const along = (start: number) => rng.int(Math.max(0, start - size + 1), Math.min(far, start + anchor.size - 1));
    switch (rng.int(0, 3)) {
      case 0:
        return [anchor.x_loc + anchor.size + 1, along(anchor.y_loc)];
      case 1:
        return [anchor.x_loc - size - 1, along(anchor.y_loc)];
      case 2:
        return [along(anchor.x_loc), anchor.y_loc - size - 1];
      default:
        return [along(anchor.x_loc), anchor.y_loc + anchor.size + 1];
    }
  }
  const snap = NLVR_DEV_FIGURES.wallSnap;
  return [rng.chance(snap) ? far : rng.int(0, far), rng.chance(snap) ? far : rng.int(0, far)];
}

/** A free position for an object of this size in the box, from up to `tries` proposals; null if none fits. */
function place(rng: Rng, box: SceneBox, size: number, adjacency: number, tries: number): [number, number] | null {
  for (let t = 0; t < tries; t++) {
    const [x, y] = propose(rng, box, size, adjacency);
    if (fits(box, x, y, size)) return [x, y];
  }
  return null;
}

/**
 * n non-overlapping objects. Sizes are drawn first and placed largest first, so that a crowded box
 * rarely needs a restart (a restart redraws the sizes and so favours small objects); the objects are
 * then listed in random order.
 */
function scatterBox(rng: Rng, n: number, adjacency: number): SceneBox {
  for (let attempt = 0; attempt < 100; attempt++) {
    const sizes = Array.from({ length: n }, () => rng.weighted(SIZES, NLVR_DEV_FIGURES.sizes)).sort((a, b) => b - a);
    const box: SceneBox = [];
    for (const size of sizes) {
      const at = place(rng, box, size, adjacency, 60);
      if (!at) break;
      const type = rng.weighted(SHAPES, NLVR_DEV_FIGURES.shapes);
      const color = rng.weighted(NLVR_COLORS, NLVR_DEV_FIGURES.colors);
      box.push({ x_loc: at[0], y_loc: at[1], size, type, color });
    }
    if (box.length === n) return rng.shuffle(box);
  }
  throw new SceneGenerationError(`no room for ${n} objects in a box`);
}

export function generateScene(rng: Rng, layout: Layout, opts: SceneOptions = {}): Scene {
  if (layout === 'tower') {
    const heights = () => rng.weighted(HEIGHTS, NLVR_DEV_FIGURES.towerHeights);
    return [tower(rng, heights()), tower(rng, heights()), tower(rng, heights())];
  }
  let counts: number[];
  do counts = [0, 1, 2].map(() => rng.weighted(COUNTS, NLVR_DEV_FIGURES.objectsPerBox));
  while (counts.reduce((a, b) => a + b, 0) > NLVR_DEV_FIGURES.maxObjectsPerImage);
  const adjacency = opts.adjacency ?? 0;
  return [scatterBox(rng, counts[0]!, adjacency), scatterBox(rng, counts[1]!, adjacency), scatterBox(rng, counts[2]!, adjacency)];
}

/** 'tower' when every box holds a tower (NLVR's tower images), else 'scatter'. */
export function layoutOf(scene: Scene): Layout {
  return scene.every(isTower) ? 'tower' : 'scatter';
}

// ---------------------------------------------------------------- minimal edits

const other = <T>(rng: Rng, items: readonly T[], current: T): T => rng.pick(items.filter((v) => v !== current));

/** Tower blocks listed bottom to top (as `tower` builds them), so the top block is the last one. */
function restack(box: SceneBox): SceneBox {
  return box
    .slice()
    .sort((a, b) => b.y_loc - a.y_loc)
    .map((o, k) => ({ ...o, y_loc: towerY(k) }));
}

/** Edits `s`, a copy of the scene the caller owns. */
function editTower(rng: Rng, s: Scene): Scene | null {
  const b = rng.int(0, 2);
  const box = restack(s[b]!);
  s[b] = box;
  switch (rng.int(0, 4)) {
    case 0: {
      const o = rng.pick(box);
      o.color = other(rng, NLVR_COLORS, o.color);
      return s;
    }
    case 1:
      if (box.length < 2) return null;
      box.pop();
      return s;
    case 2:
      if (box.length >= TOWER.maxHeight) return null;
      box.push({ ...box[0]!, y_loc: towerY(box.length), color: rng.weighted(NLVR_COLORS, NLVR_DEV_FIGURES.colors) });
      return s;
    case 3: {
      // Two blocks of different colours (anywhere in the image) swap colours.
      const all = s.flat();
      const o = rng.pick(all);
      const q = all.filter((p) => p.color !== o.color);
      if (q.length === 0) return null;
      const p = rng.pick(q);
      [o.color, p.color] = [p.color, o.color];
      return s;
    }
    default: {
      // The top block moves onto another tower.
      const t = other(rng, [0, 1, 2], b);
      const dest = restack(s[t]!);
      if (box.length < 2 || dest.length >= TOWER.maxHeight) return null;
      const top = box.pop()!;
      dest.push({ ...top, y_loc: towerY(dest.length) });
      s[t] = dest;
      return s;
    }
  }
}

/** Edits `s`, a copy of the scene the caller owns. */
function editScatter(rng: Rng, s: Scene, adjacency: number): Scene | null {
  const b = rng.int(0, 2);
  const box = s[b]!;
  const i = rng.int(0, box.length - 1);
  const o = box[i]!;
  const rest = box.filter((_, k) => k !== i);
  const placeIn = (target: SceneBox, size: Size) => place(rng, target, size, adjacency, 30);
  switch (rng.int(0, 6)) {
    case 0:
      o.color = other(rng, NLVR_COLORS, o.color);
      return s;
    case 1:
      o.type = other(rng, SHAPES, o.type);
      return s;
    case 2: {
      const size = other(rng, SIZES, o.size);
      if (!fits(rest, o.x_loc, o.y_loc, size)) return null;
      o.size = size;
      return s;
    }
    case 3:
      if (box.length < 2) return null;
      s[b] = rest;
      return s;
    case 4: {
      if (box.length >= COUNTS.length || s.flat().length >= NLVR_DEV_FIGURES.maxObjectsPerImage) return null;
      const size = rng.weighted(SIZES, NLVR_DEV_FIGURES.sizes);
      const at = placeIn(box, size);
      if (!at) return null;
      const added = { x_loc: at[0], y_loc: at[1], size, type: rng.weighted(SHAPES, NLVR_DEV_FIGURES.shapes), color: rng.weighted(NLVR_COLORS, NLVR_DEV_FIGURES.colors) };
      box.splice(rng.int(0, box.length), 0, added);
      return s;
    }
    case 5: {
      const at = placeIn(rest, o.size);
      if (!at) return null;
      [o.x_loc, o.y_loc] = at;
      return s;
    }
    default: {
      // The object moves to another box.
      const t = other(rng, [0, 1, 2], b);
      const dest = s[t]!;
      if (box.length < 2 || dest.length >= COUNTS.length) return null;
      const at = placeIn(dest, o.size);
      if (!at) return null;
      s[b] = rest;
      dest.splice(rng.int(0, dest.length), 0, { ...o, x_loc: at[0], y_loc: at[1] });
      return s;
    }
  }
}

/**
 * One small random change to a scene that keeps it a valid scene of its layout: a tower block
 * recoloured, added, removed, moved to another tower or swapping colours with another block; a
 * scatter object recoloured, reshaped, resized, removed, added, moved within its box or to another
 * box. The layout is the one the scene was generated in; the scene itself is left as it is. Null
 * when the drawn change does not apply (a full box, no room); callers draw again.
 */
export function editScene(rng: Rng, scene: Scene, layout: Layout, opts: SceneOptions = {}): Scene | null {
  const copy = scene.map((box) => box.map((o) => ({ ...o }))) as Scene;
  return layout === 'tower' ? editTower(rng, copy) : editScatter(rng, copy, opts.adjacency ?? 0);
}

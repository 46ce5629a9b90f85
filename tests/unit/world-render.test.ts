import { describe, expect, it } from 'vitest';
import { objectBoxes, pixelBoxSchema } from '@/lib/core/world/boxes';
import { BOX_GREY, GAP_GREY, OBJECT_RGB, renderScene, type Raster } from '@/lib/core/world/render';
import type { Scene, SceneObject } from '@/lib/core/world/types';

const px = (r: Raster, x: number, y: number) => [...r.data.slice((y * r.width + x) * 4, (y * r.width + x) * 4 + 4)];
const opaque = (rgb: readonly number[]) => [...rgb, 255];
const obj = (type: SceneObject['type'], color: SceneObject['color'], x_loc: number, y_loc: number, size: SceneObject['size']): SceneObject => ({
  type,
  color,
  x_loc,
  y_loc,
  size,
});
/** Coverage of a pixel by a colour painted over box grey, from its red or blue channel. */
const alphaOf = (r: Raster, x: number, y: number, color: SceneObject['color']) => {
  const c = color === 'Yellow' ? 2 : 0;
  return (px(r, x, y)[c]! - BOX_GREY[c]) / (OBJECT_RGB[color][c] - BOX_GREY[c]) + 0; // + 0 turns -0 into 0
};

const empty: Scene = [[], [], []];

describe('renderScene background', () => {
  it('draws three light-grey boxes 100 px wide at x = 0, 150, 300 on dark grey, opaque', () => {
    const r = renderScene(empty);
    expect([r.width, r.height, r.data.length]).toEqual([400, 100, 400 * 100 * 4]);
    for (const [x, y, rgb] of [
      [0, 0, BOX_GREY],
      [99, 99, BOX_GREY],
      [100, 0, GAP_GREY],
      [149, 50, GAP_GREY],
      [150, 50, BOX_GREY],
      [249, 99, BOX_GREY],
      [250, 0, GAP_GREY],
      [299, 0, GAP_GREY],
      [300, 0, BOX_GREY],
      [399, 99, BOX_GREY],
    ] as const) {
      expect(px(r, x, y), `pixel ${x},${y}`).toEqual(opaque(rgb));
    }
    expect(r.data.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });

  it('at scale 2 draws the same layout at twice the resolution', () => {
    const r = renderScene(empty, 2);
    expect([r.width, r.height]).toEqual([800, 200]);
    expect(px(r, 199, 199)).toEqual(opaque(BOX_GREY));
    expect(px(r, 200, 0)).toEqual(opaque(GAP_GREY));
    expect(px(r, 299, 0)).toEqual(opaque(GAP_GREY));
    expect(px(r, 300, 0)).toEqual(opaque(BOX_GREY));
  });

  it('rejects a scale that is not a positive integer', () => {
    expect(() => renderScene(empty, 0)).toThrow(RangeError);
    expect(() => renderScene(empty, 1.5)).toThrow(RangeError);
  });
});

describe('renderScene shapes', () => {
  it('fills a square exactly over [150·b + x, +size) × [y, +size) with crisp edges', () => {
    const r = renderScene([[], [obj('square', '#0099ff', 10, 30, 20)], []]);
    for (let y = 28; y < 52; y++) {
      for (let x = 158; x < 182; x++) {
        const inside = x >= 160 && x < 180 && y >= 30 && y < 50;
        expect(px(r, x, y), `pixel ${x},${y}`).toEqual(opaque(inside ? OBJECT_RGB['#0099ff'] : BOX_GREY));
      }
    }
  });

  it('draws the three NLVR colours exactly', () => {
    const r = renderScene([[obj('square', 'Yellow', 0, 0, 10)], [obj('circle', 'Black', 0, 0, 30)], [obj('triangle', '#0099ff', 0, 70, 30)]]);
    expect(px(r, 5, 5)).toEqual([255, 255, 0, 255]);
    expect(px(r, 165, 15)).toEqual([0, 0, 0, 255]);
    expect(px(r, 315, 95)).toEqual([0, 153, 255, 255]);
  });

  it('draws an apex-up triangle inscribed in its square, with NLVR’s edge anti-aliasing', () => {
    // dev-1572-0 box 0: a blue size-20 triangle at (80, 80). NLVR's PNG has (89,80) = 158,196,222
    // (1/4 covered) and (89,81) = 52,167,244 (3/4 covered): a side of slope 2 alternates 1/4 and 3/4.
    const r = renderScene([[obj('triangle', '#0099ff', 80, 80, 20)], [], []]);
    expect(px(r, 89, 80)).toEqual([158, 196, 222, 255]);
    for (const [i, v] of [52, 167, 244].entries()) expect(Math.abs(px(r, 89, 81)[i]! - v)).toBeLessThanOrEqual(1);
    // Apex row: only the two middle pixels; base row: the full width, corners partly covered.
    expect([88, 89, 90, 91].map((x) => alphaOf(r, x, 80, '#0099ff') > 0)).toEqual([false, true, true, false]);
    expect(alphaOf(r, 79, 99, '#0099ff')).toBe(0);
    expect(alphaOf(r, 80, 99, '#0099ff')).toBeCloseTo(0.75, 2);
    expect(px(r, 81, 99)).toEqual(opaque(OBJECT_RGB['#0099ff']));
    expect(px(r, 90, 99)).toEqual(opaque(OBJECT_RGB['#0099ff']));
    expect(alphaOf(r, 99, 99, '#0099ff')).toBeCloseTo(0.75, 2);
    expect(px(r, 100, 99)).toEqual(opaque(GAP_GREY));
    // Left-right mirror image.
    for (let y = 80; y < 100; y++) for (let d = 0; d < 10; d++) expect(px(r, 89 - d, y)).toEqual(px(r, 90 + d, y));
  });

  it('draws a circle inscribed in its square: full centre, empty corners, area close to πr²', () => {
    const r = renderScene([[], [], [obj('circle', 'Yellow', 40, 40, 30)]]);
    expect(px(r, 355, 55)).toEqual(opaque(OBJECT_RGB.Yellow));
    let area = 0;
    for (let y = 38; y < 72; y++) {
      for (let x = 338; x < 372; x++) {
        const a = alphaOf(r, x, y, 'Yellow');
        if (x < 340 || x >= 370 || y < 40 || y >= 70) expect(a, `pixel ${x},${y}`).toBe(0);
        area += a;
      }
    }
    for (const [x, y] of [[340, 40], [369, 40], [340, 69], [369, 69]]) expect(alphaOf(r, x!, y!, 'Yellow')).toBe(0);
    // A flattened circle (NLVR's renderer draws a 32-gon at this size) is slightly smaller than πr².
    expect(area / (Math.PI * 15 * 15)).toBeGreaterThan(0.97);
    expect(area / (Math.PI * 15 * 15)).toBeLessThan(1);
  });

  it('anti-aliases in 1/16 steps (4×4 supersampling, as NLVR’s PNGs do)', () => {
    const r = renderScene([[obj('circle', 'Black', 20, 20, 20), obj('triangle', 'Black', 60, 60, 30)], [], []]);
    const offGrid: string[] = [];
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) {
        const sixteenths = alphaOf(r, x, y, 'Black') * 16;
        if (Math.abs(sixteenths - Math.round(sixteenths)) > 0.1) offGrid.push(`${x},${y}: ${sixteenths}/16`);
      }
    }
    expect(offGrid).toEqual([]);
  });

  it('paints objects in listed order, later over earlier', () => {
    const r = renderScene([[obj('square', 'Black', 10, 10, 20), obj('square', 'Yellow', 20, 20, 20)], [], []]);
    expect(px(r, 15, 15)).toEqual(opaque(OBJECT_RGB.Black));
    expect(px(r, 25, 25)).toEqual(opaque(OBJECT_RGB.Yellow));
  });

  it('draws at scale 2 from the geometry, not by upscaling: edges stay one pixel sharp', () => {
    const scene: Scene = [[obj('triangle', 'Black', 10, 10, 20)], [obj('square', 'Yellow', 10, 30, 20)], []];
    const r = renderScene(scene, 2);
    expect(px(r, 319, 60)).toEqual(opaque(BOX_GREY));
    expect(px(r, 320, 60)).toEqual(opaque(OBJECT_RGB.Yellow));
    expect(px(r, 359, 99)).toEqual(opaque(OBJECT_RGB.Yellow));
    expect(px(r, 360, 99)).toEqual(opaque(BOX_GREY));
    // The triangle's side now has slope 2 over twice as many rows: still alternating 1/4 and 3/4 at
    // its edge, where an upscaled image would repeat each scale-1 pixel in a 2×2 block.
    const edge = (y: number) => alphaOf(r, 39 - Math.floor((y - 20) / 2), y, 'Black');
    expect([20, 21, 22, 23].map(edge).map((a) => Math.round(a * 4) / 4)).toEqual([0.25, 0.75, 0.25, 0.75]);
  });

  it('is deterministic', () => {
    const scene: Scene = [[obj('circle', '#0099ff', 33, 62, 30)], [obj('triangle', 'Yellow', 14, 31, 30)], [obj('circle', 'Black', 80, 80, 20)]];
    const same = (a: Raster, b: Raster) => Buffer.from(a.data).equals(Buffer.from(b.data));
    expect(same(renderScene(scene), renderScene(scene))).toBe(true);
    expect(same(renderScene(scene, 2), renderScene(scene, 2))).toBe(true);
    expect(same(renderScene(scene), renderScene(empty))).toBe(false);
  });
});

describe('objectBoxes', () => {
  const scene: Scene = [
    [obj('circle', 'Black', 33, 62, 30), obj('square', 'Yellow', 87, 3, 10)],
    [],
    [obj('triangle', '#0099ff', 14, 31, 30), obj('circle', 'Yellow', 65, 26, 10), obj('square', 'Black', 0, 80, 20)],
  ];

  it('lists image-pixel boxes box by box in listed order, without colour or shape', () => {
    expect(objectBoxes(scene)).toEqual([
      { x: 33, y: 62, w: 30, h: 30 },
      { x: 87, y: 3, w: 10, h: 10 },
      { x: 314, y: 31, w: 30, h: 30 },
      { x: 365, y: 26, w: 10, h: 10 },
      { x: 300, y: 80, w: 20, h: 20 },
    ]);
    for (const box of objectBoxes(scene)) expect(Object.keys(box).sort()).toEqual(['h', 'w', 'x', 'y']);
  });

  it('encloses everything the renderer paints', () => {
    const boxes = objectBoxes(scene);
    const r = renderScene(scene);
    const background = renderScene(empty);
    const strays: string[] = [];
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 400; x++) {
        if (boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)) continue;
        if (px(r, x, y).join() !== px(background, x, y).join()) strays.push(`${x},${y}`);
      }
    }
    expect(strays).toEqual([]);
  });

  it('pixelBoxSchema accepts boxes inside the image and rejects others', () => {
    for (const box of objectBoxes(scene)) expect(pixelBoxSchema.parse(box)).toEqual(box);
    expect(pixelBoxSchema.safeParse({ x: 390, y: 0, w: 20, h: 20 }).success).toBe(false);
    expect(pixelBoxSchema.safeParse({ x: -1, y: 0, w: 10, h: 10 }).success).toBe(false);
    expect(pixelBoxSchema.safeParse({ x: 0, y: 0, w: 0, h: 10 }).success).toBe(false);
    expect(pixelBoxSchema.safeParse({ x: 0, y: 0, w: 10 }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { placeLabels, type Rect } from '@/components/attention/label-layout';

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const size = () => ({ w: 30, h: 14 });
const bounds = { w: 400, h: 100 };

describe('weight labels beside objects', () => {
  it('puts a lone object’s label to its right', () => {
    expect(placeLabels([{ x: 10, y: 40, w: 20, h: 20 }], [0], size, bounds, 2)).toEqual([{ x: 32, y: 43, w: 30, h: 14 }]);
  });

  it('goes left at the right edge of the image', () => {
    const [spot] = placeLabels([{ x: 370, y: 40, w: 20, h: 20 }], [0], size, bounds, 2);
    expect(spot!.x + spot!.w).toBeLessThanOrEqual(368);
  });

  it('never overlaps another label or any object on a dense scene, and thins the least important first', () => {
    // A tower of 20 px blocks and a row of small objects, all in the first 100 px box.
    const boxes: Rect[] = [
      ...Array.from({ length: 4 }, (_, i) => ({ x: 40, y: 80 - 20 * i, w: 20, h: 20 })),
      ...Array.from({ length: 6 }, (_, i) => ({ x: 5 + 15 * i, y: 5, w: 10, h: 10 })),
    ];
    const order = boxes.map((_, o) => o).reverse();
    const spots = placeLabels(boxes, order, size, bounds, 2);
    const shown = spots.filter((s): s is Rect => s !== null);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(boxes.length);
    for (const [i, a] of shown.entries()) {
      for (const b of shown.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
      for (const box of boxes) expect(overlaps(a, box)).toBe(false);
    }
    expect(spots[order[0]!]).not.toBeNull(); // the most important is placed first, so always when it fits anywhere
  });
});

import { describe, expect, it } from 'vitest';
import { practiceOrder } from '@/lib/core/game/order';

/** A small deterministic generator (mulberry32) so the orders are reproducible. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pack = Array.from({ length: 10 }, (_, i) => ({ id: i, label: i < 3 }));

describe('practiceOrder', () => {
  it('endless: every challenge once, shuffled', () => {
    const order = practiceOrder(pack, 'endless', seeded(1));
    expect(order.map((c) => c.id).sort((a, b) => a - b)).toEqual(pack.map((c) => c.id));
  });

  it('balanced: true and false counts never differ by more than one, and every challenge comes up', () => {
    const order = practiceOrder(pack, 'balanced', seeded(2));
    expect(order).toHaveLength(14);
    let diff = 0;
    for (const c of order) {
      diff += c.label ? 1 : -1;
      expect(Math.abs(diff)).toBeLessThanOrEqual(1);
    }
    expect(new Set(order.map((c) => c.id)).size).toBe(10);
  });

  it('balanced falls back to shuffled when the pack has one label only', () => {
    expect(practiceOrder(pack.filter((c) => c.label), 'balanced', seeded(3))).toHaveLength(3);
  });
});

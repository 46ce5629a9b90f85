import { describe, expect, it } from 'vitest';
import { incompleteBeta, spread, twoSidedP, welch } from '@/lib/core/model/stats';

describe('seed statistics', () => {
  it('spread: mean and sample standard deviation, none for one value', () => {
    expect(spread([1, 2, 3])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(spread([0.7])).toEqual({ mean: 0.7, std: null, n: 1 });
  });

  it('the regularised incomplete beta function meets its closed forms', () => {
    for (const x of [0.05, 0.3, 0.5, 0.77, 0.99]) {
      expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 12);
      expect(incompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(incompleteBeta(x, 2.5, 4) + incompleteBeta(1 - x, 4, 2.5)).toBeCloseTo(1, 12);
    }
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it("Student's t tail: Cauchy at 1 degree of freedom, the closed form at 2, the tables' 5 % points", () => {
    expect(twoSidedP(1, 1)).toBeCloseTo(0.5, 12);
    for (const t of [0.3, 1.5, 4]) expect(twoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
    expect(twoSidedP(-1.5, 2)).toBeCloseTo(twoSidedP(1.5, 2), 15);
    expect(twoSidedP(2.776445105, 4)).toBeCloseTo(0.05, 8);
    expect(twoSidedP(2.228138852, 10)).toBeCloseTo(0.05, 8);
    expect(twoSidedP(0, 3.7)).toBe(1);
  });

  it("Welch's test: statistic and Welch–Satterthwaite degrees of freedom by hand; none without two seeds a side", () => {
    const a = [0.756, 0.737, 0.701];
    const b = [0.724, 0.664, 0.657];
    const [va, vb] = [spread(a).std! ** 2 / 3, spread(b).std! ** 2 / 3];
    const w = welch(spread(a), spread(b))!;
    expect(w.t).toBeCloseTo((spread(a).mean - spread(b).mean) / Math.sqrt(va + vb), 12);
    expect(w.df).toBeCloseTo((va + vb) ** 2 / (va ** 2 / 2 + vb ** 2 / 2), 12);
    expect(w.p).toBeCloseTo(twoSidedP(w.t, w.df), 15);
    expect(w.p).toBeGreaterThan(0.05);
    expect(welch(spread(b), spread(a))!.t).toBeCloseTo(-w.t, 12);
    expect(welch(spread(a), spread([0.7]))).toBeNull();
    expect(welch(spread([0.5, 0.5]), spread([0.5, 0.5]))).toBeNull();
  });
});

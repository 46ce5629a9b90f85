import { describe, expect, it } from 'vitest';
import { inkOn, viridis, VIRIDIS } from '@/lib/core/attention/scale';

const luminance = (css: string) => {
  const [r, g, b] = css.match(/\d+/g)!.map((c) => {
    const x = Number(c) / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};
const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('viridis', () => {
  it('hits its stops at the ends and rises in lightness', () => {
    expect(viridis(0)).toBe(hexToRgb(VIRIDIS[0]));
    expect(viridis(1)).toBe(hexToRgb(VIRIDIS[8]));
    expect(viridis(2)).toBe(viridis(1));
    const steps = Array.from({ length: 21 }, (_, i) => luminance(viridis(i / 20)));
    steps.slice(1).forEach((l, i) => expect(l).toBeGreaterThan(steps[i]!));
  });

  it('labels on every colour of the scale reach WCAG AA for small text (4.5:1)', () => {
    for (let i = 0; i <= 100; i++) {
      const bg = viridis(i / 100);
      const ink = inkOn(i / 100);
      expect(contrast(bg, ink.startsWith('#') ? hexToRgb(ink) : ink)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { FAMILY_COLORS } from '@/components/paper/line-chart';
import { runColors } from '@/components/paper/training-curves';

describe('training-curve colours', () => {
  it('gives the first run of each family its colour, as /paper shows them', () => {
    expect(runColors(['aligned', 'baseline'])).toEqual([FAMILY_COLORS.aligned, FAMILY_COLORS.baseline]);
  });

  it('gives every run its own colour when runs share a family or name none', () => {
    const colors = runColors(['aligned-s1337', 'aligned-s3', 'human-share-0.3', 'lambda-3', 'baseline-s3']);
    expect(colors[0]).toBe(FAMILY_COLORS.aligned);
    expect(colors[4]).toBe(FAMILY_COLORS.baseline);
    expect(new Set(colors).size).toBe(5);
  });
});

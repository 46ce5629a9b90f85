import { describe, expect, it } from 'vitest';
import { FAMILY_COLORS } from '@/components/paper/line-chart';
import { runColors, trainingCurvesHeight } from '@/components/paper/training-curves';
import { curvesOf, parseTrainLog } from '@/lib/core/model/findings';

/** A train log as train.py writes it: a start event with the config, then one validation eval. */
const log = (attnSup: number) =>
  parseTrainLog(
    [
      { time: 0, event: 'start', config: { attn_sup: attnSup, learning_rate: 2e-3 } },
      { time: 1, event: 'eval', step: 250, split: 'val', image_acc: 0.6, align_precision: { cross_0: 0.4, cross_1: 0.9, alignment_head: 1 }, align_precision_other_heads: { cross_0: 0.3, cross_1: 0.7 } },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
    'log.jsonl',
  );

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

  it('draws the free heads\' alignment only for a run that trains head 0', () => {
    const taught = curvesOf(log(0.3));
    expect(taught.valAlignment).toEqual([[250, 0.9]]);
    expect(taught.valAlignmentFree).toEqual([[250, 0.7]]);
    const free = curvesOf(log(0));
    expect(free.valAlignmentFree).toBeNull();
    // one more legend line on the validation chart for the run that has the curve
    expect(trainingCurvesHeight([{ label: 'aligned', curves: taught }])).toBeGreaterThan(trainingCurvesHeight([{ label: 'aligned', curves: free }]));
  });
});

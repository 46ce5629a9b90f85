import { describe, expect, it } from 'vitest';
import { pairRule } from '@/components/model/model-verdict';

describe('the pair rule beside the model’s verdict', () => {
  it('shows the product with the numbers when the pair verdict is the product of the images’', () => {
    expect(pairRule({ pair: 0.66 * 0.62, left: 0.66, right: 0.62 })).toBe(
      'True of both only if both images are: p(both) = p(left) × p(right) = 66 % × 62 % = 41 %, so false of both.',
    );
  });

  it('states the rule alone for a model with its own pair head or no per-image verdicts', () => {
    expect(pairRule({ pair: 0.59, left: 0.66, right: 0.62 })).toBe('True of both only if both images are.');
    expect(pairRule({ pair: 0.7, left: NaN, right: NaN })).toBe('True of both only if both images are.');
  });
});

import { describe, expect, it } from 'vitest';
import { formatMegabytes } from '@/components/model/format';
import { progressText } from '@/components/model/model-status';
import type { ModelChoice } from '@/lib/core/model/protocol';

const choice: ModelChoice = { id: 'aligned-int8', family: 'aligned', quantization: 'int8', bytes: 589_000, manifestUrl: '/m.json', baseUrl: '/blob/' };

describe('the model panel’s one progress line', () => {
  it('counts runtime and model bytes together, in the larger number’s unit', () => {
    expect(progressText(choice.id, 'download', { loaded: 2_100_000, total: 2_900_000 })).toBe(
      'Downloading the model (aligned-int8) and its runtime: 2.1 of 2.9 MB (72%)',
    );
    expect(formatMegabytes(120_000, 589_000)).toBe('120 of 589 kB');
  });

  it('says when the download is over and the model is starting', () => {
    expect(progressText(choice.id, 'start', { loaded: 2_900_000, total: 2_900_000 })).toBe('Starting the model (aligned-int8)…');
  });

  it('never shows more than 100 % or divides by an unknown total', () => {
    expect(progressText(choice.id, 'download', { loaded: 10, total: 0 })).toMatch(/\(0%\)$/);
    expect(progressText(choice.id, 'download', { loaded: 3e6, total: 2e6 })).toMatch(/\(100%\)$/);
  });
});

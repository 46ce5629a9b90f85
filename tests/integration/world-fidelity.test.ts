import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pixelAgreement } from '@/lib/core/world/render';
import { devAgreements, summarize } from '@/lib/tools/world/fidelity';
import type { Raster } from '@/lib/core/world/render';

const nlvrDir = process.env.NLVR1_DIR ?? fileURLToPath(new URL('../../../shared/data/nlvr1', import.meta.url));
const haveData = existsSync(join(nlvrDir, 'dev.json'));

const raster = (pixels: number[][]): Raster => ({ width: pixels.length, height: 1, data: new Uint8ClampedArray(pixels.flat()) });

describe('fidelity measures', () => {
  it('pixelAgreement: a pixel agrees when every channel is within 16', () => {
    const original = raster([[211, 211, 211, 255], [0, 153, 255, 255], [128, 128, 128, 255], [255, 255, 0, 255]]);
    const render = raster([[227, 195, 211, 255], [0, 170, 255, 255], [128, 128, 128, 238], [255, 255, 0, 255]]);
    expect(pixelAgreement(render, original)).toBe(0.5);
    expect(pixelAgreement(original, original)).toBe(1);
    expect(() => pixelAgreement(original, raster([[0, 0, 0, 255]]))).toThrow(RangeError);
  });

  it('summarize: median and share of images at or above 98.5%', () => {
    expect(summarize([1, 0.9, 0.985, 0.99])).toEqual({ images: 4, medianAgreement: 0.9875, shareAbove985: 0.75 });
  });

  it('names a missing NLVR directory', async () => {
    const missing = join(tmpdir(), 'no-such-nlvr');
    await expect(devAgreements(missing)).rejects.toThrow(`${missing}: no such directory`);
  });
});

describe.skipIf(!haveData && process.env.CI !== 'true')('renderer fidelity on NLVR dev', () => {
  it('reproduces every dev image (permutation 0) from its structured representation', async () => {
    const agreements = await devAgreements(nlvrDir);
    const report = summarize(agreements.values());
    expect(report.images).toBe(989);
    expect(report.medianAgreement).toBeGreaterThanOrEqual(0.99);
    expect(report.shareAbove985).toBeGreaterThanOrEqual(0.95);
    // Measured: every pixel of every dev image agrees; guard the worst image too.
    expect(Math.min(...agreements.values())).toBeGreaterThanOrEqual(0.999);
  });
});

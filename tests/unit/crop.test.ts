import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cropBoxes } from '@/lib/browser/crop';
import { cropObjects, rgbFromRgba } from '@/lib/browser/preprocess';
import { objectBoxes } from '@/lib/core/world/boxes';
import { renderScene } from '@/lib/core/world/render';
import type { Scene } from '@/lib/core/world/types';

/**
 * The model worker's CPU crops (`cropBoxes`, no tfjs) against the tfjs CPU crops the training data used
 * (`cropObjects`), on every image of NLVR's test split (NLVR1_DIR, as the integration tests use it; the
 * scenes of tests/unit/preprocess.test.ts without it): equal to the last bit.
 */
const NLVR1_DIR = process.env.NLVR1_DIR ?? '/work/shared/data/nlvr1';

function scenes(): Scene[] {
  try {
    const lines = readFileSync(join(NLVR1_DIR, 'test.json'), 'utf8').split('\n').filter(Boolean);
    return lines.map((line) => (JSON.parse(line) as { structured_rep: Scene }).structured_rep);
  } catch {
    return [
      [[{ x_loc: 10, y_loc: 20, size: 30, type: 'square', color: 'Yellow' }], [{ x_loc: 50, y_loc: 70, size: 20, type: 'triangle', color: '#0099ff' }], [{ x_loc: 0, y_loc: 0, size: 10, type: 'circle', color: 'Black' }]],
    ];
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('plain crops (the CPU path without tfjs)', () => {
  const all = scenes();

  it(`equal the tfjs CPU crops bit for bit on ${all.length} scenes`, () => {
    let objects = 0;
    let differing = 0;
    for (const scene of all) {
      const boxes = objectBoxes(scene);
      const raster = renderScene(scene);
      const rgb = rgbFromRgba(raster.data, raster.width, raster.height);
      const reference = cropObjects(rgb, boxes);
      const expected = reference.dataSync() as Float32Array;
      reference.dispose();
      rgb.dispose();
      const actual = cropBoxes(raster.data, raster.width, raster.height, boxes);
      expect(actual.length).toBe(expected.length);
      for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) differing++;
      objects += boxes.length;
    }
    expect(objects).toBeGreaterThan(0);
    expect(differing).toBe(0);
  });

  it('gives an empty batch for an image without objects', () => {
    expect(cropBoxes(new Uint8ClampedArray(400 * 100 * 4), 400, 100, []).length).toBe(0);
  });
});

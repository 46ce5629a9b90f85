import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFeeds } from '@/lib/core/model/batch';
import { boxFeatures, CROP_SIZE, cropObjects, MAX_OBJECTS, rgbFromRgba } from '@/lib/browser/preprocess';
import { MAX_TOKENS } from '@/lib/core/text/tokenizer';
import { objectBoxes } from '@/lib/core/world/boxes';
import { renderScene } from '@/lib/core/world/render';
import type { Scene } from '@/lib/core/world/types';

const scene: Scene = [
  [{ x_loc: 10, y_loc: 20, size: 30, type: 'square', color: 'Yellow' }],
  [{ x_loc: 50, y_loc: 70, size: 20, type: 'square', color: '#0099ff' }],
  [{ x_loc: 0, y_loc: 0, size: 10, type: 'circle', color: 'Black' }],
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('crop-and-resize preprocessing', () => {
  it('crops each object box to 3×S×S in [0, 1], channels first', () => {
    const raster = renderScene(scene);
    const crops = cropObjects(rgbFromRgba(raster.data, raster.width, raster.height), objectBoxes(scene));
    expect(crops.shape).toEqual([3, 3, CROP_SIZE, CROP_SIZE]);
    const v = crops.arraySync();
    // A square fills its box: every sample of the crop is the object's colour.
    // (Bilinear weights leave float rounding of about 1e-6.)
    const uniform = (o: number, c: number, value: number) => v[o]![c]!.flat().every((x) => Math.abs(x - value) < 1e-5);
    expect([uniform(0, 0, 1), uniform(0, 1, 1), uniform(0, 2, 0)]).toEqual([true, true, true]);
    expect([uniform(1, 0, 0), uniform(1, 1, 153 / 255), uniform(1, 2, 1)]).toEqual([true, true, true]);
    // A circle leaves its corners the box's grey (211) and its centre black.
    expect(v[2]![0]![0]![0]).toBeCloseTo(211 / 255, 5);
    expect(v[2]![0]![8]![8]).toBeCloseTo(0, 5);
    crops.dispose();
  });

  it('returns an empty batch for an image without objects', () => {
    expect(cropObjects(tf.zeros([100, 400, 3]), []).shape).toEqual([0, 3, CROP_SIZE, CROP_SIZE]);
  });

  it('normalizes boxes to x1, y1, x2, y2 in [0, 1]', () => {
    expect(Array.from(boxFeatures([{ x: 100, y: 50, w: 20, h: 50 }]))).toEqual([0.25, 0.5, 0.3, 1].map(Math.fround));
  });
});

describe('model inputs (Model I/O v1)', () => {
  it('packs pairs into padded feeds with object masks', () => {
    const image = { crops: new Float32Array(2 * 3 * CROP_SIZE * CROP_SIZE).fill(0.5), boxes: new Float32Array(8).fill(0.1), count: 2 };
    const empty = { crops: new Float32Array(0), boxes: new Float32Array(0), count: 0 };
    const ids = Array.from({ length: MAX_TOKENS }, (_, i) => (i < 3 ? i + 2 : 0));
    const feeds = batchFeeds([{ ids, attentionMask: ids.map((i) => Number(i !== 0)), images: [image, empty] }]);
    expect(feeds.object_crops!.dims).toEqual([1, 2, MAX_OBJECTS, 3, CROP_SIZE, CROP_SIZE]);
    const ints = (name: string) => Array.from(feeds[name]!.data as BigInt64Array);
    expect(ints('object_mask').slice(0, 3)).toEqual([1n, 1n, 0n]);
    expect(ints('object_mask')[MAX_OBJECTS]).toBe(0n);
    expect(ints('attention_mask').slice(0, 4)).toEqual([1n, 1n, 1n, 0n]);
    expect(feeds.object_crops!.data[0]).toBe(0.5);
    expect(feeds.object_crops!.data[2 * 3 * CROP_SIZE * CROP_SIZE]).toBe(0);
  });

  it('refuses an image with more objects than the model takes', () => {
    const big = { crops: new Float32Array(0), boxes: new Float32Array(0), count: MAX_OBJECTS + 1 };
    expect(() => batchFeeds([{ ids: [], attentionMask: [], images: [big, big] }])).toThrow(/at most 20/);
  });
});

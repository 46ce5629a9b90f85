import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTION_CLASSES, detectedClass, explain, sourceMatrix } from '@/lib/core/model/explain';

const T = 6;
const O = 4;
const L = 2;
const H = 3;
const K = 6;

/** A tensor whose every element is its own flat index, so each slice says where it came from. */
const indexed = (dims: number[]) => ({ dims, data: Float32Array.from({ length: dims.reduce((a, b) => a * b) }, (_, i) => i) });

describe('explain', () => {
  const outputs = { alignment: indexed([1, 2, T, O]), cross_attention: indexed([1, 2, L, H, T, O]), detections: indexed([1, 2, O, K]) };
  const e = explain(outputs, ['is', 'blue'], [false, true], [3, 1]);

  it('keeps the statement words (tokens 1..n) and each image’s real objects', () => {
    expect(e.words).toEqual(['is', 'blue']);
    expect(e.unknown).toEqual([false, true]);
    expect([e.layers, e.heads]).toEqual([L, H]);
    // left image, word 0 = token 1: elements 4..6; right image starts at T·O = 24, token 1 at 28.
    expect(e.images[0].alignment).toEqual([
      [4, 5, 6],
      [8, 9, 10],
    ]);
    expect(e.images[1].alignment).toEqual([[28], [32]]);
  });

  it('indexes cross attention as [image][layer][head][token][object]', () => {
    const at = (i: number, l: number, h: number, t: number, o: number) => (((i * L + l) * H + h) * T + t) * O + o;
    expect(e.images[0].cross[1]![2]![0]).toEqual([at(0, 1, 2, 1, 0), at(0, 1, 2, 1, 1), at(0, 1, 2, 1, 2)]);
    expect(e.images[1].cross[0]![1]![1]).toEqual([at(1, 0, 1, 2, 0)]);
  });

  it('gives each object its K class probabilities', () => {
    expect(e.images[0].detections).toHaveLength(3);
    expect(e.images[1].detections[0]).toEqual([24, 25, 26, 27, 28, 29]);
  });

  it('averages heads for the mean view', () => {
    const mean = sourceMatrix(e.images[0], { kind: 'cross', layer: 0, head: null });
    const heads = [0, 1, 2].map((h) => e.images[0].cross[0]![h]![1]![2]!);
    expect(mean[1]![2]).toBeCloseTo(heads.reduce((a, b) => a + b) / 3);
    expect(sourceMatrix(e.images[0], { kind: 'alignment' })).toBe(e.images[0].alignment);
  });

  it('refuses more words than the model reads', () => {
    expect(() => explain(outputs, ['a', 'b', 'c', 'd', 'e'], [], [1, 1])).toThrow(/do not fit/);
  });
});

describe('detection classes', () => {
  it('match every exported model’s colours then shapes', () => {
    for (const family of ['aligned', 'baseline']) {
      const config = JSON.parse(readFileSync(`models/${family}/config.json`, 'utf8')) as { colors: string[]; shapes: string[]; K: number };
      expect([...config.colors, ...config.shapes]).toEqual([...DETECTION_CLASSES]);
      expect(config.K).toBe(DETECTION_CLASSES.length);
    }
  });

  it('names the most probable colour and shape', () => {
    expect(detectedClass([0.1, 0.2, 0.7, 0.6, 0.3, 0.1])).toEqual({ color: 'blue', shape: 'square', colorP: 0.7, shapeP: 0.6 });
  });
});

import { describe, expect, it } from 'vitest';
import { evalItems, imagePredictions, latencyStats, splitImages, submission, SplitInputsError, type ItemResult, type SplitInfo } from '@/lib/core/model/evaluation';

const info: SplitInfo = {
  split: 'nlvr-test-p',
  title: 't',
  labels: 'public',
  note: '',
  source: '/pack.json',
  runnable: true,
  ids: ['1-0', '1-1', '1-2', '2-0'],
  pairs: [
    ['1-0', '1-1'],
    ['1-0', '1-2'],
    ['1-1', '1-2'],
  ],
};
const box = { x: 1, y: 1, w: 10, h: 10 };
const pack = {
  format: 'tob-pack/1',
  name: 'nlvr-test-p',
  kind: 'images',
  source: 'nlvr',
  images: [
    { id: '1-0', statement: 'There is a box.', imageUrl: '/a.png', boxes: [box], label: true },
    { id: '1-1', statement: 'There is a box.', imageUrl: '/b.png', boxes: [box], label: true },
    { id: '1-2', statement: 'There is a box.', imageUrl: '/c.png', boxes: [], label: false },
    { id: '2-0', statement: 'No tower.', imageUrl: '/d.png', boxes: [box], label: false },
  ],
};
const result = (pair: boolean, left?: boolean, right?: boolean, latencyMs = 10): ItemResult => ({ pair, left, right, latencyMs });

describe('browser evaluation items and submission', () => {
  it("runs the split's pairs, then each image in no pair paired with itself", () => {
    const items = evalItems(info, splitImages(pack), { imageLogits: true });
    expect(items.map((i) => [i.ids.join('+'), i.scored, i.truth])).toEqual([
      ['1-0+1-1', true, true],
      ['1-0+1-2', true, false],
      ['1-1+1-2', true, false],
      ['2-0+2-0', false, false],
    ]);
    expect(items[1]!.input).toEqual({ statement: 'There is a box.', left: { imageUrl: '/a.png', boxes: [box] }, right: { imageUrl: '/c.png', boxes: [] } });
  });

  it('without image_logits runs every image with itself and takes that pair verdict as the image verdict', () => {
    const items = evalItems(info, splitImages(pack), { imageLogits: false });
    expect(items.map((i) => i.ids.join('+'))).toEqual(['1-0+1-1', '1-0+1-2', '1-1+1-2', '1-0+1-0', '1-1+1-1', '1-2+1-2', '2-0+2-0']);
    const results = items.map((i) => result(i.ids[0] !== '1-2'));
    expect([...imagePredictions(items, results, false)]).toEqual([['1-0', true], ['1-1', true], ['1-2', false], ['2-0', true]]);
  });

  it('builds the submission: every image once, every pair once with its own verdict, mean and p95 latency', () => {
    const items = evalItems(info, splitImages(pack), { imageLogits: true });
    const results = [result(true, true, true, 10), result(false, true, false, 20), result(false, false, true, 30), result(false, false, false, 40)];
    const body = submission(info, items, results, { name: 'm', description: 'd', imageLogits: true }, { backend: 'webgpu', adapter: 'gpu', bytes: 5, ...latencyStats(results) });
    expect(body.predictions).toEqual([
      { id: '1-0', label: true },
      { id: '1-1', label: true },
      { id: '1-2', label: false },
      { id: '2-0', label: false },
    ]);
    expect(body.pairs).toEqual([
      { ids: ['1-0', '1-1'], label: true },
      { ids: ['1-0', '1-2'], label: false },
      { ids: ['1-1', '1-2'], label: false },
    ]);
    expect(body.runtime).toEqual({ backend: 'webgpu', adapter: 'gpu', bytes: 5, latencyMs: 25, p95LatencyMs: 40 });
    expect(() => submission(info, items, results.slice(1), { name: 'm', description: '', imageLogits: true }, { backend: 'wasm', adapter: '', bytes: 1, meanMs: 0, p95Ms: 0 })).toThrow(/only 3 of 4/);
  });

  it('reads the ranked pack (ids <challenge>:left|right, no labels) and names images the pack lacks', () => {
    const ranked = {
      format: 'tob-pack/1',
      name: 'ranked-synthetic',
      kind: 'ranked',
      source: 'synthetic',
      challenges: [{ id: 'rk-0', statement: 'Yes.', left: { imageUrl: '/l.png', displayUrl: '/l2.png', boxes: [] }, right: { imageUrl: '/r.png', displayUrl: '/r2.png', boxes: [box] } }],
    };
    const images = splitImages(ranked);
    expect([...images.keys()]).toEqual(['rk-0:left', 'rk-0:right']);
    expect(images.get('rk-0:right')).toEqual({ statement: 'Yes.', imageUrl: '/r.png', boxes: [box] });
    expect(() => evalItems(info, images, { imageLogits: true })).toThrow(SplitInputsError);
  });

  it('p95 is the nearest-rank 95th percentile', () => {
    const results = Array.from({ length: 20 }, (_, i) => result(true, true, true, i + 1));
    expect(latencyStats(results)).toEqual({ meanMs: 10.5, p95Ms: 19 });
    expect(latencyStats([])).toEqual({ meanMs: 0, p95Ms: 0 });
  });
});

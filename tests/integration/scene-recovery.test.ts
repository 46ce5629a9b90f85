import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '@/lib/tools/dataset/build';
import { vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { NlvrImportError } from '@/lib/core/world/nlvr';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { parseTrainSample, readTrainSample, TRAIN_SAMPLE_FOLD } from '@/lib/tools/world/nlvr-sample';
import { decodePng } from '@/lib/server/png';
import { recoverScene, RecoveryError } from '@/lib/core/world/recover';
import { renderScene } from '@/lib/core/world/render';
import { createRng } from '@/lib/core/world/rng';
import { generateScene, LAYOUTS } from '@/lib/core/world/scenes';
import type { Scene } from '@/lib/core/world/types';

const nlvrDir = process.env.NLVR1_DIR ?? fileURLToPath(new URL('../../../shared/data/nlvr1', import.meta.url));
const haveData = existsSync(join(nlvrDir, 'train-examples.html'));

/** A scene with each box's objects in one order, to compare scenes whatever order their objects came in. */
const sorted = (scene: Scene) => scene.map((box) => box.map((o) => JSON.stringify([o.y_loc, o.x_loc, o.size, o.type, o.color])).sort());

describe('recoverScene', () => {
  it('reads back every scene the generator draws, towers and scatters, from its render', () => {
    const rng = createRng('recover');
    for (const layout of LAYOUTS) {
      for (let i = 0; i < 150; i++) {
        const scene = generateScene(rng, layout);
        expect(sorted(recoverScene(renderScene(scene)))).toEqual(sorted(scene));
      }
    }
  });

  it('refuses touching same-coloured objects and images of another size, naming the problem', () => {
    const touching: Scene = [
      [
        { x_loc: 10, y_loc: 10, size: 20, type: 'square', color: 'Black' },
        { x_loc: 30, y_loc: 10, size: 20, type: 'square', color: 'Black' },
      ],
      [],
      [],
    ];
    expect(() => recoverScene(renderScene(touching))).toThrow(/box 0: a Black blob of 40×20 px is no single object/);
    // the same two squares one grey pixel apart are two objects
    const apart: Scene = [[touching[0][0]!, { ...touching[0][1]!, x_loc: 31 }], [], []];
    expect(sorted(recoverScene(renderScene(apart)))).toEqual(sorted(apart));
    expect(() => recoverScene({ width: 4, height: 1, data: new Uint8ClampedArray(16) })).toThrow(RecoveryError);
  });
});

describe('parseTrainSample', () => {
  const entry = (name: string, sentence: string, label: string) =>
    `<img src="https://example.org/train/images/1/${name}"/><br />${sentence}<br />${label}<br /><br />`;

  it('reads each <img> line: file, presentation, position, sentence (entities decoded), label', () => {
    const html = ['<html>', entry('train-12-3-5.png', 'There is a black &amp; a blue item', 'false'), entry('train-7-0-0.png', 'one tower', 'true'), '</html>'].join('\n');
    expect(parseTrainSample(html, 'x.html')).toEqual([
      { file: 'train-12-3-5.png', presentation: 12, position: 3, sentence: 'There is a black & a blue item', label: false },
      { file: 'train-7-0-0.png', presentation: 7, position: 0, sentence: 'one tower', label: true },
    ]);
  });

  it('names the line that does not parse, and a page without examples', () => {
    const html = [entry('train-1-0-0.png', 'ok', 'true'), entry('train-1-0-9.png', 'bad permutation', 'true')].join('\n');
    expect(() => parseTrainSample(html, 'x.html')).toThrow(new NlvrImportError('x.html', 2, 'expected <img src=".../train-n-m-k.png"/><br />sentence<br />true|false<br />'));
    expect(() => parseTrainSample('<html></html>', 'x.html')).toThrow('x.html: no examples');
  });
});

describe.skipIf(!haveData && process.env.CI !== 'true')('scene recovery on NLVR images', () => {
  it('recovers every dev image (permutation 0) exactly as its structured representation', async () => {
    const dev = await readNlvrFile(join(nlvrDir, 'dev.json'));
    expect(dev).toHaveLength(989);
    for (const e of dev) {
      const png = decodePng(await readFile(join(nlvrDir, 'dev-images', `dev-${e.identifier}-0.png`)));
      expect(sorted(recoverScene(png)), e.identifier).toEqual(sorted(e.scene));
    }
  });

  it('recovers the scene of each of the 1,000 training-sample images', async () => {
    const sample = await readTrainSample(nlvrDir);
    expect(sample).toHaveLength(1000);
    expect(sample[0]).toMatchObject({ identifier: '2321-0', sentence: 'There is 1 tower with at least 2 yellow blocks', label: true, fold: TRAIN_SAMPLE_FOLD });
    // recoverScene checked each one against its image; a tower image has its blocks in columns
    expect(sample[0]!.scene.flat().every((o) => o.type === 'square')).toBe(true);
    expect(sample.filter((e) => e.label).length).toBeGreaterThan(400);
  });

  it('dataset:build --nlvr-train-sample adds each sample example as 3 × repeats self-pairs', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tob-sample-'));
    try {
      const header = await buildDataset({ outDir: out, vocab: vocabularySchema.parse(vocabJson), seed: 1, synthetic: 10, syntheticVal: 2, contrast: 0, nlvrDir, valFolds: [4, 5], nlvrRepeats: 1, nlvrTrainSample: true });
      const meta = (await readFile(join(out, 'train.meta.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; source: string });
      const fromSample = meta.filter((m) => m.source === 'nlvr-train');
      // an image with more than MAX_OBJECTS objects is skipped, as everywhere in the builder (4 here)
      expect(fromSample.length + header.splits.train!.skipped).toBe(3000);
      expect(header.splits.train!.skipped).toBeLessThan(30);
      expect(fromSample[0]!.id).toBe('2321-0+2321-0');
      expect(header.options.nlvrTrainSample).toBe(1000);
      expect(header.splits.train!.pairs).toBe(meta.length);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 240_000);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenFeeds, goldenSchema, maxAbsDiff } from '@/lib/core/model/golden';
import { createNodeSession } from '@/lib/tools/model/node-session';

const MODELS_DIR = 'models';
const shipped = existsSync(MODELS_DIR) ? readdirSync(MODELS_DIR).filter((id) => existsSync(join(MODELS_DIR, id, 'golden.json'))) : [];

describe('ONNX (onnxruntime-web, wasm, in Node) matches the PyTorch goldens', () => {
  it('has shipped models to check', () => {
    expect(shipped).toEqual(expect.arrayContaining(['aligned', 'baseline']));
  });

  it.each(shipped)('%s: every output within 1e-4', async (id) => {
    const golden = goldenSchema.parse(JSON.parse(readFileSync(join(MODELS_DIR, id, 'golden.json'), 'utf8')));
    const feeds = goldenFeeds(golden);
    const { run } = await createNodeSession(join(MODELS_DIR, id, 'model.onnx'));
    const outputs = await run(feeds);
    for (const [name, expected] of Object.entries(golden.outputs)) {
      const actual = outputs[name];
      expect(actual?.dims, name).toEqual(expected.dims);
      expect(maxAbsDiff(expected.data, actual!.data), `${name}: max |ONNX − PyTorch|`).toBeLessThanOrEqual(1e-4);
    }
  });
});

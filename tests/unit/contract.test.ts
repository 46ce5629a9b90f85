import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { checkContract, checkModelSize, CONTRACT_INPUTS, describeLoadFailure, MAX_MODEL_BYTES, type ValueMetadata } from '@/lib/core/model/contract';
import { exampleModel, wrongInputsModel } from '@/lib/tools/pack/example';
import { boxFeatures } from '@/lib/browser/preprocess';
import { CROP_SIZE, MAX_OBJECTS, MAX_TOKENS, MODEL_IO, modelIoMarkdown } from '@/lib/core/io';
import { markedBody } from '@/lib/tools/marked';

const open = (bytes: Uint8Array) => ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
const metadata = (s: ort.InferenceSession) => checkContract(s.inputMetadata as readonly ValueMetadata[], s.outputMetadata as readonly ValueMetadata[]);
const tensor = (name: string, type: string, shape: (number | string)[]): ValueMetadata => ({ name, isTensor: true, type, shape });
const GOOD_INPUTS = [
  tensor('input_ids', 'int64', ['batch', 24]),
  tensor('attention_mask', 'int64', ['batch', 24]),
  tensor('object_crops', 'float32', ['batch', 2, 20, 3, 16, 16]),
  tensor('object_boxes', 'float32', ['batch', 2, 20, 4]),
  tensor('object_mask', 'int64', ['batch', 2, 20]),
];

describe('Model I/O v1 check', () => {
  it('passes the minimal example model, which runs and gives pair_logits [B, 2]', async () => {
    const session = await open(exampleModel());
    expect(metadata(session)).toEqual({ problems: [], imageLogits: false });
    const zeros = (type: 'int64' | 'float32', dims: number[]) => {
      const n = dims.reduce((a, b) => a * b);
      return new ort.Tensor(type, type === 'int64' ? new BigInt64Array(n) : new Float32Array(n).fill(0.25), dims);
    };
    const out = await session.run({
      input_ids: zeros('int64', [3, 24]),
      attention_mask: zeros('int64', [3, 24]),
      object_crops: zeros('float32', [3, 2, 20, 3, 16, 16]),
      object_boxes: zeros('float32', [3, 2, 20, 4]),
      object_mask: zeros('int64', [3, 2, 20]),
    });
    expect(out.pair_logits!.dims).toEqual([3, 2]);
    expect([...(out.pair_logits!.data as Float32Array)]).toEqual([-0.25, 0.25, -0.25, 0.25, -0.25, 0.25]);
  }, 60_000); // the first session also starts onnxruntime's WASM

  it('names every missing and unexpected input of a model with other inputs', async () => {
    const { problems } = metadata(await open(wrongInputsModel()));
    expect(problems).toEqual([
      'missing input input_ids: int64 [B, 24]',
      'missing input attention_mask: int64 [B, 24]',
      'missing input object_crops: float32 [B, 2, 20, 3, 16, 16]',
      'missing input object_boxes: float32 [B, 2, 20, 4]',
      'missing input object_mask: int64 [B, 2, 20]',
      'unexpected input pixel_values: Model I/O v1 feeds only input_ids, attention_mask, object_crops, object_boxes, object_mask',
    ]);
  });

  it('names wrong dtypes, ranks, sizes, fixed batches and a missing pair_logits', () => {
    const inputs = [...GOOD_INPUTS];
    inputs[0] = tensor('input_ids', 'int32', ['batch', 32]);
    inputs[2] = tensor('object_crops', 'float32', [2, 2, 20, 3, 16, 16]);
    inputs[3] = tensor('object_boxes', 'float32', ['batch', 2, 20]);
    const { problems } = checkContract(inputs, [tensor('logits', 'float32', ['batch', 2]), tensor('image_logits', 'float16', ['batch', 2, 2])]);
    expect(problems).toEqual([
      'input input_ids is int32; expected int64',
      'input input_ids has 32 at axis 1 of [batch, 32]; expected 24 (int64 [B, 24])',
      'input object_crops has 2 at axis 0 of [2, 2, 20, 3, 16, 16]; expected a symbolic batch (or 1) (float32 [B, 2, 20, 3, 16, 16])',
      'input object_boxes has shape [batch, 2, 20] (rank 3); expected float32 [B, 2, 20, 4] (rank 4)',
      'missing output pair_logits: float32 [B, 2] (false / true of both); the model has logits, image_logits',
      'output image_logits is float16; expected float32',
    ]);
  });

  it('accepts a batch of 1 and undeclared shapes, and uses image_logits when it matches', () => {
    const inputs = GOOD_INPUTS.map((t) => (t.isTensor ? { ...t, shape: t.name === 'object_mask' ? [] : t.shape.map((d) => (d === 'batch' ? 1 : d)) } : t));
    expect(checkContract(inputs, [tensor('pair_logits', 'float32', [1, 2]), tensor('image_logits', 'float32', ['b', 2, 2])])).toEqual({ problems: [], imageLogits: true });
  });

  it('says a non-ONNX file is not ONNX, and states the size limit', async () => {
    const failure = await open(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)).then(
      () => 'loaded',
      (err: Error) => describeLoadFailure(err.message),
    );
    expect(failure).toBe('This file is not an ONNX model: it does not parse as an ONNX ModelProto.');
    expect(checkModelSize(0)).toBe('This file is empty.');
    expect(checkModelSize(MAX_MODEL_BYTES)).toBeNull();
    expect(checkModelSize(MAX_MODEL_BYTES + 1)).toBe('This file is 64.0 MiB; the limit is 64 MiB.');
  });
});

describe('Model I/O v1 has one definition', () => {
  it('docs/MODEL-CONTRACT.md carries the tables of lib/core/io/model-io.json (npm run docs:contract)', () => {
    expect(markedBody(readFileSync('docs/MODEL-CONTRACT.md', 'utf8'), 'model-io')).toBe(modelIoMarkdown());
  });

  it('the check asks for exactly the inputs of model-io.json, in its order, with its sizes', () => {
    expect(CONTRACT_INPUTS.map((s) => s.name)).toEqual(MODEL_IO.inputs.map((t) => t.name));
    expect(CONTRACT_INPUTS.find((s) => s.name === 'object_crops')!.shape).toEqual(['B', 2, MAX_OBJECTS, 3, CROP_SIZE, CROP_SIZE]);
    expect(MAX_TOKENS).toBe(MODEL_IO.sizes.T);
  });

  it('boxes are x1, y1, x2, y2 wherever the site or the docs describe them', () => {
    expect(boxFeatures([{ x: 40, y: 10, w: 20, h: 30 }])).toEqual(Float32Array.from([40 / 400, 10 / 100, 60 / 400, 40 / 100]));
    expect(MODEL_IO.boxFormat).toMatch(/^x1, y1, x2, y2/);
    const grep = spawnSync('grep', ['-rln', '--include=*.md', '--include=*.ts', '--include=*.tsx', 'x, y, w, h', 'docs', 'app', 'components'], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1); // grep: no match
  });
});

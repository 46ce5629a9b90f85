import * as z from '@/lib/core/zod';
import type { Feed } from './batch';
import type { Variant } from './manifest';

/** golden.json written by training/export.py: PyTorch's inputs and outputs for a few pairs, flat row-major. */
export const goldenTensorSchema = z.object({ dtype: z.enum(['int64', 'float32']), dims: z.array(z.number().int()), data: z.array(z.number()) });
export const goldenSchema = z.object({
  io_version: z.literal(1),
  inputs: z.record(z.string(), goldenTensorSchema),
  outputs: z.record(z.string(), goldenTensorSchema),
});
export type Golden = z.infer<typeof goldenSchema>;

/** A golden fixture's inputs as model feeds (int64 tensors as BigInt64Array). */
export function goldenFeeds(golden: Golden): Record<string, Feed> {
  return Object.fromEntries(
    Object.entries(golden.inputs).map(([name, t]) => [
      name,
      { data: t.dtype === 'int64' ? BigInt64Array.from(t.data, (x) => BigInt(x)) : Float32Array.from(t.data), dims: t.dims },
    ]),
  );
}

/**
 * Largest |packed − PyTorch golden| each variant may show on an output, as a share of that output's scale
 * (goldenScale): quantization errors grow with the values, and a model that has learnt something is
 * confident. fp32 is the same arithmetic. int8 per-channel weights moved outputs by about 1e-3 of their scale
 * in round 4 and by up to 2.1e-2 in round 7, whose objects also read geometry and the detected classes
 * (baseline, cross_attention) and 3.2e-2 in round 11 (baseline, cross_attention: a peaked softmax moves
 * most); q4 blocks by about 1e-2, and a peaked attention softmax by up to 0.094 (round-4 aligned,
 * cross_attention) or 0.21 (round-12 aligned, image_logits of a golden whose largest logit is under 1); q4 is
 * packed, not offered. Verdicts are held to their own bounds (model-pack.test.ts).
 * docs/PERFORMANCE.md.
 */
export const PACKED_TOLERANCE: Record<Variant, number> = { fp32: 1e-4, int8: 4e-2, q4: 0.25 };

/** max(1, largest |value|) of one output: the scale PACKED_TOLERANCE is a share of. */
export function goldenScale(values: readonly number[]): number {
  return values.reduce((m, x) => Math.max(m, Math.abs(x)), 1);
}

/** Largest |actual − expected| over one output. */
export function maxAbsDiff(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (expected.length !== actual.length) return Infinity;
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i]! - actual[i]!));
  return max;
}

/** Argmax of each row of [..., 2] logits: the verdicts (true when the second logit wins). */
export function verdicts(logits: ArrayLike<number>): boolean[] {
  return Array.from({ length: logits.length / 2 }, (_, i) => logits[2 * i + 1]! > logits[2 * i]!);
}

/** The first `n` pairs of a golden fixture (every tensor's leading dimension is the batch). */
export function sliceBatch(golden: Golden, n: number): Golden {
  const slice = (t: Golden['inputs'][string]) => {
    const per = t.data.length / t.dims[0]!;
    return { ...t, dims: [n, ...t.dims.slice(1)], data: t.data.slice(0, n * per) };
  };
  const map = (r: Golden['inputs']) => Object.fromEntries(Object.entries(r).map(([k, t]) => [k, slice(t)]));
  return { ...golden, inputs: map(golden.inputs), outputs: map(golden.outputs) };
}

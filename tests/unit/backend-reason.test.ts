import { describe, expect, it } from 'vitest';
import { submission, type SplitInfo } from '@/lib/core/model/evaluation';

const info: SplitInfo = { split: 'ranked-synthetic', title: 't', labels: 'hidden', note: '', source: '', runnable: true, ids: [], pairs: [] };
const model = { name: 'm', description: '', imageLogits: true };
const runtime = { backend: 'wasm' as const, adapter: 'none', bytes: 1, meanMs: 2, p95Ms: 3 };

describe('a score submission carries why the model ran where it ran', () => {
  it("sends the worker's backend reason, at most 200 characters", () => {
    const reason = 'WASM: measured faster than WebGPU here (WebGPU 1518 ms against 90 ms per challenge)';
    expect(submission(info, [], [], model, { ...runtime, backendReason: reason }).runtime.backendReason).toBe(reason);
    expect(submission(info, [], [], model, { ...runtime, backendReason: 'x'.repeat(300) }).runtime.backendReason).toHaveLength(200);
  });

  it('sends no reason field when the runtime gives none', () => {
    expect(submission(info, [], [], model, runtime).runtime).not.toHaveProperty('backendReason');
  });
});

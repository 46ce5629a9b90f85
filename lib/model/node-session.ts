import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import type { Feed } from './batch';

export type Outputs = Record<string, { data: Float32Array; dims: readonly number[] }>;
export type RunModel = (feeds: Record<string, Feed>) => Promise<Outputs>;

/**
 * onnxruntime-web's WASM backend in Node: the same runtime the browser falls back to, so Node numbers
 * (eval, parity tests) describe what visitors run.
 */
export async function createNodeSession(modelPath: string, threads = 1): Promise<{ run: RunModel; outputNames: readonly string[] }> {
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(new Uint8Array(await readFile(modelPath)), { executionProviders: ['wasm'] });
  const run: RunModel = async (feeds) => {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.data instanceof BigInt64Array ? 'int64' : 'float32', f.data, f.dims)]),
    );
    const results = await session.run(tensors);
    return Object.fromEntries(Object.entries(results).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]));
  };
  return { run, outputNames: session.outputNames };
}

import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import type { Feed } from '@/lib/core/model/batch';
import { GRAPH_OPTIMIZATION } from '@/lib/browser/session';

export type Outputs = Record<string, { data: Float32Array; dims: readonly number[] }>;
export type RunModel = (feeds: Record<string, Feed>) => Promise<Outputs>;

/** One external-data file a graph refers to by `path` (its `location`), as onnxruntime-web takes it. */
export interface ExternalData {
  path: string;
  data: Uint8Array;
}

/**
 * onnxruntime-web's WASM backend in Node: the runtime and session options the browser answers with first,
 * so Node numbers (eval, parity tests) describe what visitors run. `model` is a path or the graph's bytes;
 * a packed graph (lib/tools/pack) needs its shards as `externalData`.
 */
export async function createNodeSession(
  model: string | Uint8Array,
  threads = 1,
  externalData: readonly ExternalData[] = [],
): Promise<{ run: RunModel; outputNames: readonly string[] }> {
  ort.env.wasm.numThreads = threads;
  const bytes = typeof model === 'string' ? new Uint8Array(await readFile(model)) : model;
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], externalData: [...externalData], graphOptimizationLevel: GRAPH_OPTIMIZATION });
  const run: RunModel = async (feeds) => {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.data instanceof BigInt64Array ? 'int64' : 'float32', f.data, f.dims)]),
    );
    const results = await session.run(tensors);
    return Object.fromEntries(Object.entries(results).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]));
  };
  return { run, outputNames: session.outputNames };
}

import type { GraphOptimization } from '@/lib/core/model/protocol';

/**
 * ONNX Runtime session options shared by the browser worker and Node (`npm run eval`, parity tests), so
 * the outputs Node measures are the outputs visitors get. The graph optimisation level is the one
 * `npm run bench:model` measured fastest to a first verdict with unchanged outputs (docs/PERFORMANCE.md,
 * "Start-up"): the exported graphs are already folded by the exporter, so the runtime's passes buy
 * nothing at run time and cost time at every session creation.
 */
export const GRAPH_OPTIMIZATION: GraphOptimization = 'disabled';

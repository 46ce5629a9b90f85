import { EXTERNAL, type ModelProto } from './onnx';

export const DEFAULT_SHARD_BYTES = 512 * 1024;
/** Tensors smaller than this stay inside the graph (onnx's own default threshold for external data). */
export const INLINE_BELOW_BYTES = 1024;

export interface Shard {
  /** The external-data `location` the graph names; onnxruntime-web's `externalData[].path`. */
  name: string;
  bytes: Uint8Array;
}

/**
 * Moves the initializers' raw bytes out of the graph, in graph order, into shards of about `shardBytes`:
 * a tensor is never split (one larger than `shardBytes` gets a shard of its own), and a shard is closed
 * when the next tensor would take it past `shardBytes`. Shard i is named `<prefix>-<i>.data`.
 */
export function shardWeights(model: ModelProto, prefix: string, shardBytes = DEFAULT_SHARD_BYTES): Shard[] {
  if (!Number.isInteger(shardBytes) || shardBytes < 1) throw new RangeError(`shard size must be a positive integer, got ${shardBytes}`);
  const groups: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let size = 0;
  for (const tensor of model.graph.initializer) {
    const raw = tensor.rawData;
    if (!raw || raw.byteLength < INLINE_BELOW_BYTES) continue;
    if (size > 0 && size + raw.byteLength > shardBytes) {
      groups.push(current);
      current = [];
      size = 0;
    }
    const name = `${prefix}-${groups.length}.data`;
    tensor.dataLocation = EXTERNAL;
    tensor.externalData = [
      { key: 'location', value: name },
      { key: 'offset', value: String(size) },
      { key: 'length', value: String(raw.byteLength) },
    ];
    delete tensor.rawData;
    current.push(raw);
    size += raw.byteLength;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((parts, i) => ({ name: `${prefix}-${i}.data`, bytes: Buffer.concat(parts) }));
}

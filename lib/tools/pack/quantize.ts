/**
 * Weight quantization, symmetric (zero point 0), pure functions over row-major float32 weights.
 * Rounding is half away from zero, so the same weights always give the same bytes.
 */

const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** The scale that maps ±amax onto ±qmax, as float32; an all-zero channel gets 1 (any positive scale decodes to 0). */
function scaleFor(amax: number, qmax: number): number {
  return amax > 0 ? Math.fround(amax / qmax) : 1;
}

export interface PerChannelInt8 {
  values: Int8Array;
  /** One scale per index along `axis` (DequantizeLinear's per-axis `x_scale`). */
  scales: Float32Array;
}

/**
 * int8 per-channel: one scale for each index along `axis` of a tensor of shape `dims`, values in [−127, 127].
 * DequantizeLinear(values, scales, axis) gives back values × scale.
 */
export function quantizeInt8PerChannel(weights: Float32Array, dims: readonly number[], axis: number): PerChannelInt8 {
  if (axis < 0 || axis >= dims.length) throw new RangeError(`axis ${axis} out of range for dims [${dims.join(', ')}]`);
  const channels = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => Math.floor(i / inner) % channels;
  const amax = new Float64Array(channels);
  weights.forEach((w, i) => {
    const c = channelOf(i);
    amax[c] = Math.max(amax[c]!, Math.abs(w));
  });
  const scales = Float32Array.from(amax, (a) => scaleFor(a, 127));
  const values = Int8Array.from(weights, (w, i) => Math.max(-127, Math.min(127, roundHalfAway(w / scales[channelOf(i)]!))));
  return { values, scales };
}

export interface Blockwise4 {
  /** [N, blocks, blockSize / 2]: for output column n, K in blocks, two 4-bit values a byte, the first in the low nibble. */
  packed: Uint8Array;
  /** [N × blocks]. */
  scales: Float32Array;
  blocks: number;
}

/**
 * 4-bit block-wise for com.microsoft MatMulNBits: the MatMul weight B [K, N] is quantized along K in blocks of
 * `blockSize`, one scale per (column, block), stored as q + 8 with the default zero point 8; K is padded with zeros.
 */
export function quantizeBlockwise4(weights: Float32Array, K: number, N: number, blockSize: number): Blockwise4 {
  if (weights.length !== K * N) throw new RangeError(`expected ${K}×${N} weights, got ${weights.length}`);
  if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) throw new RangeError(`block size must be a power of two ≥ 16, got ${blockSize}`);
  const blocks = Math.ceil(K / blockSize);
  const half = blockSize / 2;
  const packed = new Uint8Array(N * blocks * half);
  const scales = new Float32Array(N * blocks);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < blocks; b++) {
      const ks = Array.from({ length: blockSize }, (_, j) => b * blockSize + j);
      const amax = ks.reduce((m, k) => (k < K ? Math.max(m, Math.abs(weights[k * N + n]!)) : m), 0);
      const scale = scaleFor(amax, 7);
      scales[n * blocks + b] = scale;
      const q = ks.map((k) => (k < K ? Math.max(-8, Math.min(7, roundHalfAway(weights[k * N + n]! / scale))) : 0) + 8);
      for (let j = 0; j < half; j++) packed[(n * blocks + b) * half + j] = q[2 * j]! | (q[2 * j + 1]! << 4);
    }
  }
  return { packed, scales, blocks };
}

import { describe, expect, it } from 'vitest';
import { quantizeBlockwise4, quantizeInt8PerChannel } from '@/lib/tools/pack/quantize';

/** Deterministic weights in (−1, 1) with one large outlier per column, row-major [K, N]. */
function weights(K: number, N: number): Float32Array {
  return Float32Array.from({ length: K * N }, (_, i) => (i % N === (i / N) % N ? 2 + (i % 7) : Math.sin(i * 12.9898) * 0.9));
}

describe('int8 per-channel', () => {
  it('has one scale per index along the axis and reconstructs each weight within half its scale', () => {
    const [K, N] = [6, 4];
    const w = weights(K, N);
    const { values, scales } = quantizeInt8PerChannel(w, [K, N], 1);
    expect(scales).toHaveLength(N);
    for (let n = 0; n < N; n++) {
      const column = Array.from({ length: K }, (_, k) => Math.abs(w[k * N + n]!));
      expect(scales[n]).toBeCloseTo(Math.max(...column) / 127, 6);
    }
    w.forEach((x, i) => {
      const scale = scales[i % N]!;
      expect(Math.abs(values[i]! * scale - x)).toBeLessThanOrEqual(scale / 2 + 1e-7);
    });
  });

  it('takes the channel from the leading axis of a 4-D conv weight', () => {
    const dims = [3, 2, 2, 2];
    const w = Float32Array.from({ length: 24 }, (_, i) => (Math.floor(i / 8) + 1) * (i % 2 ? 1 : -1));
    const { values, scales } = quantizeInt8PerChannel(w, dims, 0);
    expect(Array.from(scales)).toEqual([1 / 127, 2 / 127, 3 / 127].map(Math.fround));
    expect(Array.from(values).every((v) => Math.abs(v) === 127)).toBe(true);
  });

  it('gives an all-zero channel a usable scale', () => {
    const { values, scales } = quantizeInt8PerChannel(new Float32Array(4), [2, 2], 0);
    expect(Array.from(scales)).toEqual([1, 1]);
    expect(Array.from(values)).toEqual([0, 0, 0, 0]);
  });
});

describe('4-bit block-wise (MatMulNBits layout)', () => {
  it('packs [N, blocks, blockSize/2] with the first value in the low nibble and pads K with zeros', () => {
    const [K, N, blockSize] = [20, 2, 16];
    // Column 0 counts up k/10; column 1 is −column 0.
    const w = Float32Array.from({ length: K * N }, (_, i) => (i % N === 0 ? 1 : -1) * (Math.floor(i / N) / 10));
    const q = quantizeBlockwise4(w, K, N, blockSize);
    expect(q.blocks).toBe(2);
    expect(q.packed).toHaveLength(N * 2 * 8);
    expect(q.scales).toHaveLength(N * 2);
    const nibble = (n: number, k: number) => {
      const byte = q.packed[(n * q.blocks + Math.floor(k / blockSize)) * 8 + Math.floor((k % blockSize) / 2)]!;
      return k % 2 === 0 ? byte & 0xf : byte >> 4;
    };
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < 2 * blockSize; k++) {
        const scale = q.scales[n * q.blocks + Math.floor(k / blockSize)]!;
        const decoded = (nibble(n, k) - 8) * scale;
        if (k >= K) expect(nibble(n, k)).toBe(8);
        else expect(Math.abs(decoded - w[k * N + n]!)).toBeLessThanOrEqual(scale / 2 + 1e-7);
      }
    }
    expect(q.scales[0]).toBeCloseTo(1.5 / 7, 6);
  });

  it('refuses a block size MatMulNBits does not take', () => {
    expect(() => quantizeBlockwise4(new Float32Array(64), 32, 2, 24)).toThrow(/power of two/);
  });
});

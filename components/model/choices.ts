import type { ModelChoice } from '@/lib/core/model/protocol';
import { DEFAULT_MODEL_ID } from '@/lib/core/model/ids';

/** Which model the game loads, and how: shared by the early start (early-start.ts) and the game's hook (use-model.ts). */

export const STORAGE_KEY = 'tob-model';

/** The visitor's model: the one they picked last time, else the default. */
export function initialChoice(models: readonly ModelChoice[]): ModelChoice | undefined {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return models.find((m) => m.id === saved) ?? models.find((m) => m.id === DEFAULT_MODEL_ID) ?? models[0];
}

/**
 * The game's load: WASM answers first, WebGPU takes over when faster. Debug and test switch:
 * `localStorage['tob-webgpu'] = 'always'` moves to WebGPU once it is ready, faster or not.
 */
export function gameLoadOptions() {
  const always = typeof localStorage !== 'undefined' && localStorage.getItem('tob-webgpu') === 'always';
  return { backend: 'wasm-first', switchTo: always ? 'webgpu' : 'faster' } as const;
}

/** The other family's model for a comparison, in the same quantization when there is one. */
export function counterpartOf(models: readonly ModelChoice[], main: ModelChoice | undefined): ModelChoice | undefined {
  if (!main) return undefined;
  const other = models.filter((m) => m.family !== main.family);
  return other.find((m) => m.quantization === main.quantization) ?? other[0];
}

import type { PracticeChallenge } from '@/lib/core/game/challenge';

/** What pack.worker.ts answers: the validated challenges as one JSON string, or why there are none. */
export type PackResponse = { json: string } | { error: string };

/**
 * The practice pack at `url`, downloaded and validated against its schema in a worker of its own
 * (pack.worker.ts), which stops once it has answered: the page's main thread loads no schema code, and the
 * model's worker, busy starting ONNX Runtime, does not hold the pack up. The challenges come as one JSON
 * string: posted as objects, a pack's challenges took the page several times longer to receive than the string takes to parse.
 */
export function loadPracticePack(url: string): Promise<PracticeChallenge[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pack.worker.ts', import.meta.url), { type: 'module', name: 'tob-pack' });
    worker.onmessage = (e: MessageEvent<PackResponse>) => {
      worker.terminate();
      if ('json' in e.data) resolve(JSON.parse(e.data.json) as PracticeChallenge[]);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`The challenge pack could not be read: ${e.message || 'its worker failed'}.`));
    };
    worker.postMessage({ url: new URL(url, location.href).href });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelClient, type Progress } from '@/lib/browser/client';
import type { ModelChoice, ModelInfo, WorkerRequest } from '@/lib/core/model/protocol';

/** The one browser API the client uses, recorded: what it posts, and a way to answer as the worker would. */
class RecordingWorker {
  static last: RecordingWorker;
  posted: WorkerRequest[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror = null;
  constructor() {
    RecordingWorker.last = this;
  }
  postMessage(msg: WorkerRequest) {
    this.posted.push(msg);
  }
  reply(data: unknown) {
    this.onmessage?.({ data });
  }
  terminate() {}
}

const choice = (id: string): ModelChoice => ({ id, family: 'aligned', quantization: 'int8', bytes: 589_000, manifestUrl: `/blob/models/${id}.json`, baseUrl: '/' });
const info = { modelId: 'aligned-int8' } as ModelInfo;
const saved = globalThis.Worker;
beforeEach(() => {
  (globalThis as { Worker: unknown }).Worker = RecordingWorker;
});
afterEach(() => {
  (globalThis as { Worker: unknown }).Worker = saved;
});

describe('ModelClient.load', () => {
  it('asks the worker once for the same model with the same options, and the later caller gets the progress and the answer', async () => {
    const client = new ModelClient();
    const worker = RecordingWorker.last;
    const early = client.load(choice('aligned-int8'), { backend: 'wasm-first', switchTo: 'faster' });
    const seen: Progress[] = [];
    const game = client.load(choice('aligned-int8'), { backend: 'wasm-first', switchTo: 'faster', onProgress: (p) => seen.push(p) });
    const loads = worker.posted.filter((m) => m.type === 'load');
    expect(loads).toHaveLength(1);
    worker.reply({ type: 'progress', id: loads[0]!.id, phase: 'download', loaded: 10, total: 20 });
    worker.reply({ type: 'ready', id: loads[0]!.id, info });
    await expect(early).resolves.toBe(info);
    await expect(game).resolves.toBe(info);
    expect(seen).toEqual([{ type: 'progress', id: loads[0]!.id, phase: 'download', loaded: 10, total: 20 }]);
    // Done and asked again: still one load.
    await expect(client.load(choice('aligned-int8'), { backend: 'wasm-first', switchTo: 'faster' })).resolves.toBe(info);
    expect(worker.posted.filter((m) => m.type === 'load')).toHaveLength(1);
  });

  it('loads again for another model, other options, or after a failure', async () => {
    const client = new ModelClient();
    const worker = RecordingWorker.last;
    const loadIds = () => worker.posted.filter((m) => m.type === 'load').map((m) => m.id);
    void client.load(choice('aligned-int8'), { backend: 'wasm-first' });
    void client.load(choice('aligned-int8'), { backend: 'wasm' });
    const failing = client.load(choice('baseline-int8'), { backend: 'wasm' });
    expect(loadIds()).toHaveLength(3);
    worker.reply({ type: 'error', id: loadIds()[2], message: 'HTTP 404' });
    await expect(failing).rejects.toThrow('HTTP 404');
    void client.load(choice('baseline-int8'), { backend: 'wasm' });
    expect(loadIds()).toHaveLength(4);
  });
});

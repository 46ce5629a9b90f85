import type { ChallengeInput, ModelChoice, ModelInfo, Backend, Verdict, WireTensor, WorkerRequest, WorkerResponse } from '@/lib/core/model/protocol';
import type { Explanation } from '@/lib/core/model/explain';
import type { LoadProgress } from './loader';
import { ContractError } from '@/lib/core/model/contract';

type Settle = { resolve: (msg: WorkerResponse) => void; reject: (err: Error) => void; onProgress?: (p: LoadProgress) => void };
type Body<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The page's handle on the model worker: promise per request, progress and device-loss notices as callbacks. */
export class ModelClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Settle>();
  private nextId = 1;
  onNotice?: (message: string, backend: Backend) => void;

  constructor() {
    this.worker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'tob-model' });
    this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => this.receive(e.data);
    this.worker.onerror = (e) => this.failAll(new Error(`The model worker crashed: ${e.message || 'unknown error'}`));
  }

  private receive(msg: WorkerResponse): void {
    if (msg.type === 'notice') return this.onNotice?.(msg.message, msg.backend);
    const settle = this.pending.get(msg.id);
    if (!settle) return;
    if (msg.type === 'progress') return settle.onProgress?.(msg);
    this.pending.delete(msg.id);
    if (msg.type === 'error') settle.reject(msg.problems ? new ContractError(msg.problems) : new Error(msg.message));
    else settle.resolve(msg);
  }

  private failAll(err: Error): void {
    for (const settle of this.pending.values()) settle.reject(err);
    this.pending.clear();
  }

  private request(body: Body<WorkerRequest>, onProgress?: Settle['onProgress'], transfer: Transferable[] = []): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...body, id }, transfer);
    });
  }

  async load(model: ModelChoice, opts: { backend?: 'auto' | Backend; threads?: number; onProgress?: (p: LoadProgress) => void } = {}): Promise<ModelInfo> {
    const msg = await this.request({ type: 'load', model, backend: opts.backend ?? 'auto', threads: opts.threads }, opts.onProgress);
    if (msg.type !== 'ready') throw new Error(`unexpected ${msg.type}`);
    return msg.info;
  }

  /** Opens a visitor's own ONNX file; rejects with a ContractError listing what does not match Model I/O v1. */
  async open(name: string, bytes: ArrayBuffer, opts: { backend?: 'auto' | Backend } = {}): Promise<ModelInfo> {
    const msg = await this.request({ type: 'open', name, bytes, backend: opts.backend ?? 'auto' }, undefined, [bytes]);
    if (msg.type !== 'ready') throw new Error(`unexpected ${msg.type}`);
    return msg.info;
  }

  async predict(challenge: ChallengeInput, opts: { explain?: boolean } = {}): Promise<{ verdict: Verdict; latencyMs: number; backend: Backend; explanation?: Explanation }> {
    const msg = await this.request({ type: 'predict', challenge, explain: opts.explain ?? false });
    if (msg.type !== 'prediction') throw new Error(`unexpected ${msg.type}`);
    return msg;
  }

  async run(feeds: Record<string, WireTensor>): Promise<Extract<WorkerResponse, { type: 'outputs' }>> {
    const msg = await this.request({ type: 'run', feeds });
    if (msg.type !== 'outputs') throw new Error(`unexpected ${msg.type}`);
    return msg;
  }

  terminate(): void {
    this.worker.terminate();
    this.failAll(new Error('The model worker was stopped.'));
  }
}

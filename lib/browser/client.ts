import type {
  Backend,
  BackendPolicy,
  ChallengeInput,
  GraphOptimization,
  LoadPhase,
  ModelChoice,
  ModelInfo,
  PredictTimings,
  Verdict,
  WireTensor,
  WorkerRequest,
  WorkerResponse,
} from '@/lib/core/model/protocol';
import type { Explanation } from '@/lib/core/model/explain';
import { ContractError } from '@/lib/core/model/contract-error';
import { PLAIN, STARTS_RUNTIME } from './worker-names';

export interface Progress {
  phase: LoadPhase;
  loaded: number;
  total: number;
}

export interface Prediction {
  verdict: Verdict;
  latencyMs: number;
  timings: PredictTimings;
  backend: Backend;
  /** Present when asked for (`explain`): what the model looked at. */
  explanation?: Explanation;
}

export interface BackendChange {
  backend: Backend;
  reason: string;
  preprocess: string;
}

type Settle = { resolve: (msg: WorkerResponse) => void; reject: (err: Error) => void; onProgress?: (p: Progress) => void };
type Body<T> = T extends unknown ? Omit<T, 'id'> : never;
const RECENT_PREDICTIONS = 8;

/**
 * The page's handle on the model worker: promise per request, progress and backend changes as callbacks.
 * Predictions are kept per model for the few most recent challenges, so asking for the next challenge's
 * verdict ahead of time makes asking again when it shows free.
 */
export class ModelClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Settle>();
  private readonly predictions = new Map<string, Promise<Prediction>>();
  private nextId = 1;
  /** The last load asked for: asking again for the same model with the same options gets the same answer. */
  private loading: { key: string; job: Promise<ModelInfo>; onProgress?: (p: Progress) => void } | null = null;
  onBackend?: (change: BackendChange) => void;

  /** `startRuntime`: the worker starts the WASM runtime before its own code has loaded (model.worker.ts). */
  constructor({ startRuntime = false }: { startRuntime?: boolean } = {}) {
    this.worker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: startRuntime ? STARTS_RUNTIME : PLAIN });
    this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => this.receive(e.data);
    this.worker.onerror = (e) => this.failAll(new Error(`The model worker crashed: ${e.message || 'unknown error'}`));
  }

  private receive(msg: WorkerResponse): void {
    if (msg.type === 'backend') return this.onBackend?.(msg);
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

  /** Starts the WASM runtime (download, compile, init) before any model is chosen. */
  start(): void {
    void this.request({ type: 'start' }).catch(() => {}); // a runtime that fails to start fails the load, which says so
  }

  /**
   * Loads a published model. The same model with the same options as the load before (in flight or done) is
   * not loaded twice: the page may start a load before it hydrates, and the game's hook then takes it over,
   * progress reports included.
   */
  load(
    model: ModelChoice,
    opts: { backend?: BackendPolicy; switchTo?: 'faster' | 'webgpu'; threads?: number; optimization?: GraphOptimization; onProgress?: (p: Progress) => void } = {},
  ): Promise<ModelInfo> {
    const req = { type: 'load', model, backend: opts.backend ?? 'auto', switch: opts.switchTo, threads: opts.threads, optimization: opts.optimization } as const;
    const key = JSON.stringify(req);
    if (this.loading?.key === key) {
      this.loading.onProgress = opts.onProgress;
      return this.loading.job;
    }
    this.predictions.clear();
    const loading: NonNullable<ModelClient['loading']> = { key, onProgress: opts.onProgress, job: Promise.resolve(null as never) };
    loading.job = this.request(req, (p) => loading.onProgress?.(p)).then((msg) => {
      if (msg.type !== 'ready') throw new Error(`unexpected ${msg.type}`);
      return msg.info;
    });
    loading.job.catch(() => this.loading === loading && (this.loading = null)); // a failed load may be asked for again
    this.loading = loading;
    return loading.job;
  }

  /** Opens a visitor's own ONNX file; rejects with a ContractError listing what does not match Model I/O v1. */
  async open(name: string, bytes: ArrayBuffer, opts: { backend?: BackendPolicy } = {}): Promise<ModelInfo> {
    this.predictions.clear();
    this.loading = null;
    const msg = await this.request({ type: 'open', name, bytes, backend: opts.backend ?? 'auto' }, undefined, [bytes]);
    if (msg.type !== 'ready') throw new Error(`unexpected ${msg.type}`);
    return msg.info;
  }

  /** The model's verdict on a challenge, computed once among the recent ones (a failure is not kept). */
  predict(challenge: ChallengeInput, opts: { explain?: boolean } = {}): Promise<Prediction> {
    // What the worker reads, and nothing else: the same challenge asked by the early start and by the game is one.
    const key = JSON.stringify([challenge.statement, challenge.left.imageUrl, challenge.left.boxes, challenge.right.imageUrl, challenge.right.boxes, opts.explain ?? false]);
    const kept = this.predictions.get(key);
    if (kept) return kept;
    const job = this.request({ type: 'predict', challenge, explain: opts.explain ?? false }).then((msg) => {
      if (msg.type !== 'prediction') throw new Error(`unexpected ${msg.type}`);
      return msg;
    });
    this.predictions.set(key, job);
    job.catch(() => this.predictions.delete(key));
    if (this.predictions.size > RECENT_PREDICTIONS) this.predictions.delete(this.predictions.keys().next().value!);
    return job;
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

import * as z from '@/lib/core/zod';
import { FAMILIES, VARIANTS } from './manifest';
import { pixelBoxSchema } from '@/lib/core/world/boxes';
import type { Explanation } from './explain';

/**
 * The typed message protocol between the page and the model worker (lib/browser/model.worker.ts).
 * Every request carries an id; the worker answers it with exactly one `started`, `ready`, `prediction`, `outputs`
 * or `error` of the same id (`progress` may come before). `backend` is unsolicited (WebGPU took over, device loss).
 */

export const BACKENDS = ['webgpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

/** A published model as the page knows it: catalog entry plus the URLs to fetch it from. */
export const modelChoiceSchema = z.object({
  id: z.string(),
  family: z.enum(FAMILIES),
  quantization: z.enum(VARIANTS),
  bytes: z.number().int().positive(),
  manifestUrl: z.string().min(1),
  /** Blob paths in the manifest (`models/<sha256>`) resolve against this URL. */
  baseUrl: z.string().min(1),
});
export type ModelChoice = z.infer<typeof modelChoiceSchema>;

const imageSchema = z.object({ imageUrl: z.string().min(1), boxes: z.array(pixelBoxSchema).max(20) });
export const challengeInputSchema = z.object({ statement: z.string().min(1).max(300), left: imageSchema, right: imageSchema });
export type ChallengeInput = z.infer<typeof challengeInputSchema>;

const tensorSchema = z.object({
  dtype: z.enum(['int64', 'float32']),
  dims: z.array(z.number().int().nonnegative()),
  data: z.union([z.instanceof(BigInt64Array), z.instanceof(Float32Array)]),
});
export type WireTensor = z.infer<typeof tensorSchema>;

/**
 * Where a model runs. `wasm-first` (the game): it answers on WASM as soon as it can, a WebGPU session starts
 * in the background and takes over once warmed up and measured faster on this device (`switch: 'webgpu'`:
 * whenever it is ready, for tests). `auto`: WebGPU when the browser gives an adapter, WASM otherwise (one
 * backend for a whole timed run, as /evaluate wants). A backend by name: that one only.
 */
export const BACKEND_POLICIES = ['wasm-first', 'auto', ...BACKENDS] as const;
export type BackendPolicy = (typeof BACKEND_POLICIES)[number];

/** ONNX Runtime's graph optimisation levels; the worker's default is lib/browser/session.ts's. */
export const GRAPH_OPTIMIZATIONS = ['disabled', 'basic', 'extended', 'all'] as const;
export type GraphOptimization = (typeof GRAPH_OPTIMIZATIONS)[number];

export const requestSchema = z.discriminatedUnion('type', [
  /** Start the WASM runtime now (download, compile, init), before any model is chosen; answered `started`. */
  z.object({ type: z.literal('start'), id: z.number().int(), threads: z.number().int().positive().optional() }),
  z.object({
    type: z.literal('load'),
    id: z.number().int(),
    model: modelChoiceSchema,
    backend: z.enum(BACKEND_POLICIES).default('auto'),
    switch: z.enum(['faster', 'webgpu']).default('faster'),
    /** WASM threads; default: up to 4 when the page is cross-origin isolated, else 1. Fixed for the worker's life. */
    threads: z.number().int().positive().optional(),
    /** Benchmarks only: another graph optimisation level than the worker's default. */
    optimization: z.enum(GRAPH_OPTIMIZATIONS).optional(),
  }),
  /**
   * Preprocess one challenge in the worker (decode PNGs, crop on the GPU, tokenize) and run the model.
   * `explain`: also return its alignment, cross-modal attention and detections (lib/core/model/explain.ts).
   */
  z.object({ type: z.literal('predict'), id: z.number().int(), challenge: challengeInputSchema, explain: z.boolean().default(false) }),
  /** Run raw Model I/O v1 feeds (parity checks, benchmarks); returns every output. */
  z.object({ type: z.literal('run'), id: z.number().int(), feeds: z.record(z.string(), tensorSchema) }),
  /**
   * Open a visitor's own ONNX file (bring your own model): checked against Model I/O v1
   * (lib/core/model/contract.ts) and run once on a blank pair before "ready"; tokenized with lib/core/text/vocab.json.
   */
  z.object({ type: z.literal('open'), id: z.number().int(), name: z.string().min(1).max(200), bytes: z.instanceof(ArrayBuffer), backend: z.enum(BACKEND_POLICIES).default('auto') }),
]);
export type WorkerRequest = z.input<typeof requestSchema>;

export interface ModelInfo {
  /** The manifest's id, or the file name of a visitor's own model. */
  modelId: string;
  /** null: a visitor's own model. */
  family: (typeof FAMILIES)[number] | null;
  quantization: (typeof VARIANTS)[number] | null;
  /** The model gives per-image verdicts (`image_logits`); Model I/O v1 requires only `pair_logits`. */
  imageLogits: boolean;
  backend: Backend;
  /** Why this backend, in words the model panel shows and score submissions carry. */
  backendReason: string;
  /** GPU adapter description, or why there is none. */
  adapter: string;
  /** Crop-and-resize backend (tfjs): `webgpu` or `cpu`. */
  preprocess: string;
  threads: number;
  bytes: number;
  downloadedBytes: number;
  cachedFiles: number;
  files: number;
  loadMs: number;
  warmupMs: number;
  optimization: GraphOptimization;
  /** When each start-up phase ended, in epoch milliseconds (performance.timeOrigin + now): benchmarks line them up with navigation. */
  marks: Partial<Record<StartMark, number>>;
}

export const START_MARKS = ['workerStarted', 'runtimeDownloaded', 'runtimeReady', 'modelDownloaded', 'sessionCreated', 'ready'] as const;
export type StartMark = (typeof START_MARKS)[number];

/** Where one prediction's time went, in the worker. */
export interface PredictTimings {
  fetchMs: number;
  decodeMs: number;
  preprocessMs: number;
  runMs: number;
}

/** `download`: runtime and model bytes (transferred, as far as the encoding is known); `start`: the session being built and warmed up. */
export type LoadPhase = 'download' | 'start';

/** Probabilities of "true" from the softmax of each head's two logits. */
export interface Verdict {
  pair: number;
  left: number;
  right: number;
}

export type WorkerResponse =
  | { type: 'started'; id: number }
  | { type: 'progress'; id: number; phase: LoadPhase; loaded: number; total: number }
  | { type: 'ready'; id: number; info: ModelInfo }
  | { type: 'prediction'; id: number; verdict: Verdict; latencyMs: number; timings: PredictTimings; backend: Backend; explanation?: Explanation }
  | { type: 'outputs'; id: number; outputs: Record<string, { dims: number[]; data: Float32Array }>; latencyMs: number }
  /** Unsolicited: the model moved to another backend (WebGPU took over, or the GPU was lost). */
  | { type: 'backend'; backend: Backend; reason: string; preprocess: string }
  /** `problems`: how a visitor's model differs from Model I/O v1 (lib/core/model/contract.ts). */
  | { type: 'error'; id: number; message: string; problems?: string[] };

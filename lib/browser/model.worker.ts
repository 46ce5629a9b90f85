/// <reference types="@webgpu/types" />
import * as ort from 'onnxruntime-web/webgpu';
import { Tokenizer, UNK_ID, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { batchFeeds, type Feed } from '@/lib/core/model/batch';
import { challengePairInput, selectTfBackend } from './browser-input';
import { explain, type Output } from '@/lib/core/model/explain';
import { fetchManifest, loadModelFiles, type LoadedModel } from './loader';
import { totalBytes } from '@/lib/core/model/manifest';
import { checkContract, checkModelSize, ContractError, describeLoadFailure, type ValueMetadata } from '@/lib/core/model/contract';
import { CROP_SIZE } from './preprocess';
import { requestSchema, type Backend, type ModelInfo, type Verdict, type WorkerResponse } from '@/lib/core/model/protocol';

/**
 * The model worker: owns onnxruntime-web and the tfjs preprocessing. Requests run one at a time, in
 * order. WebGPU when the browser gives an adapter, WASM otherwise; on device loss it rebuilds the
 * session on WASM and posts a notice.
 */

type ModelFiles = Pick<LoadedModel, 'graph' | 'externalData'>;

interface Loaded {
  files: ModelFiles;
  tokenizer: Tokenizer;
  session: ort.InferenceSession;
  backend: Backend;
  info: ModelInfo;
}

let current: Loaded | null = null;
let threadsFixed = false;
let gpu: { adapter: GPUAdapter | null; description: string } | null = null;
let queue: Promise<unknown> = Promise.resolve();

const post = (msg: WorkerResponse, transfer: Transferable[] = []) => self.postMessage(msg, { transfer });

function serialized<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => {});
  return run;
}

async function detectGpu(): Promise<NonNullable<typeof gpu>> {
  if (gpu) return gpu;
  if (!navigator.gpu) return (gpu = { adapter: null, description: 'none: this browser has no WebGPU' });
  const adapter = await navigator.gpu.requestAdapter().catch(() => null);
  if (!adapter) return (gpu = { adapter: null, description: 'none: WebGPU gave no adapter' });
  const i = adapter.info;
  return (gpu = { adapter, description: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' · ') || 'unnamed adapter' });
}

function toOrt(feeds: Record<string, Feed>): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.data instanceof BigInt64Array ? 'int64' : 'float32', f.data, f.dims)]),
  );
}

async function createSession(files: ModelFiles, backend: Backend): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(files.graph, {
    executionProviders: [backend],
    externalData: files.externalData,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3, // errors only: not the per-node EP placement warnings
  });
}

/** One pair with one blank object: compiles the kernels (and the crop shaders) before "ready". */
async function warmUp(loaded: Pick<Loaded, 'session' | 'tokenizer'>): Promise<void> {
  const blank = { crops: new Float32Array(3 * CROP_SIZE * CROP_SIZE), boxes: Float32Array.from([0, 0, 0.1, 0.1]), count: 1 };
  const feeds = batchFeeds([{ ...loaded.tokenizer.encode('warm up'), images: [blank, blank] }]);
  await loaded.session.run(toOrt(feeds));
}

function watchDevice(loaded: Loaded): void {
  // Typed as a promise; onnxruntime-web 1.30 hands back the GPUDevice itself once a WebGPU session exists.
  void Promise.resolve(ort.env.webgpu.device).then((device) =>
    device?.lost.then((info) => {
      if (current !== loaded || loaded.backend !== 'webgpu') return;
      void serialized(() => fallBackToWasm(loaded, `the GPU device was lost (${info.reason || 'unknown'}: ${info.message})`));
    }),
  );
}

async function fallBackToWasm(loaded: Loaded, why: string): Promise<void> {
  if (loaded.backend === 'wasm') return;
  const session = await createSession(loaded.files, 'wasm');
  void loaded.session.release().catch(() => {});
  loaded.session = session;
  loaded.backend = 'wasm';
  loaded.info = { ...loaded.info, backend: 'wasm', preprocess: await selectTfBackend(false) };
  post({ type: 'notice', message: `Running on WASM: ${why}.`, backend: 'wasm' });
}

/** Fixes the WASM threads (once) and picks the backend: WebGPU when wanted and there is an adapter. */
async function prepare(want: 'auto' | Backend, threads?: number): Promise<{ backend: Backend; description: string }> {
  if (!threadsFixed) {
    // Copied from node_modules by scripts/copy-ort.mjs (postinstall, prebuild); served immutable.
    ort.env.wasm.wasmPaths = `/ort/${ort.env.versions.web}/`;
    ort.env.wasm.numThreads = threads ?? (self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1);
    threadsFixed = true;
  }
  const { adapter, description } = want === 'wasm' ? { adapter: null, description: 'not used' } : await detectGpu();
  if (want === 'webgpu' && !adapter) throw new Error(`WebGPU was requested but is unavailable (${description})`);
  if (adapter && !ort.env.webgpu.adapter) ort.env.webgpu.adapter = adapter;
  return { backend: adapter ? 'webgpu' : 'wasm', description };
}

function release(): void {
  if (current) {
    void current.session.release().catch(() => {});
    current = null;
  }
}

async function load(id: number, model: { manifestUrl: string; baseUrl: string }, want: 'auto' | Backend, threads?: number): Promise<void> {
  const started = performance.now();
  const { backend, description } = await prepare(want, threads);
  const manifest = await fetchManifest(model.manifestUrl);
  const files = await loadModelFiles(manifest, model.baseUrl, { onProgress: (p) => post({ type: 'progress', id, ...p }) });
  release();
  const tokenizer = new Tokenizer(manifest.vocabulary);
  const preprocess = await selectTfBackend(backend === 'webgpu');
  const session = await createSession(files, backend);
  const warmStart = performance.now();
  await warmUp({ session, tokenizer });
  const info: ModelInfo = {
    modelId: manifest.id,
    family: manifest.family,
    quantization: manifest.quantization,
    imageLogits: session.outputNames.includes('image_logits'),
    backend,
    adapter: description,
    preprocess,
    threads: ort.env.wasm.numThreads ?? 1,
    bytes: totalBytes(manifest),
    downloadedBytes: files.downloadedBytes,
    cachedFiles: files.cachedFiles,
    files: 1 + manifest.shards.length,
    loadMs: performance.now() - started,
    warmupMs: performance.now() - warmStart,
  };
  current = { files, tokenizer, session, backend, info };
  if (backend === 'webgpu') watchDevice(current);
  post({ type: 'ready', id, info });
}

/**
 * A visitor's own model: size limit, ONNX parse, Model I/O v1 check on the declared inputs and outputs,
 * then one run on a blank pair, each failure with its own message; the previous model is kept until
 * the new one is ready.
 */
async function open(id: number, name: string, bytes: ArrayBuffer, want: 'auto' | Backend): Promise<void> {
  const started = performance.now();
  const tooBig = checkModelSize(bytes.byteLength);
  if (tooBig) throw new Error(tooBig);
  const { backend, description } = await prepare(want);
  const files: ModelFiles = { graph: new Uint8Array(bytes), externalData: [] };
  let session: ort.InferenceSession;
  try {
    session = await createSession(files, backend);
  } catch (err) {
    throw new Error(describeLoadFailure(err instanceof Error ? err.message : String(err)));
  }
  const report = checkContract(session.inputMetadata as readonly ValueMetadata[], session.outputMetadata as readonly ValueMetadata[]);
  if (report.problems.length) {
    void session.release().catch(() => {});
    throw new ContractError(report.problems);
  }
  const tokenizer = new Tokenizer(vocabularySchema.parse(vocabJson));
  const preprocess = await selectTfBackend(backend === 'webgpu');
  const warmStart = performance.now();
  try {
    await warmUp({ session, tokenizer });
  } catch (err) {
    void session.release().catch(() => {});
    throw new Error(`The model matches Model I/O v1 but failed its first run on ${backend}: ${err instanceof Error ? err.message : String(err)}`);
  }
  release();
  const info: ModelInfo = {
    modelId: name,
    family: null,
    quantization: null,
    imageLogits: report.imageLogits,
    backend,
    adapter: description,
    preprocess,
    threads: ort.env.wasm.numThreads ?? 1,
    bytes: bytes.byteLength,
    downloadedBytes: 0,
    cachedFiles: 0,
    files: 1,
    loadMs: performance.now() - started,
    warmupMs: performance.now() - warmStart,
  };
  current = { files, tokenizer, session, backend, info };
  if (backend === 'webgpu') watchDevice(current);
  post({ type: 'ready', id, info });
}

/** Runs on the current backend; a WebGPU failure moves the model to WASM and runs again there. */
async function runModel(loaded: Loaded, feeds: Record<string, Feed>): Promise<ort.InferenceSession.ReturnType> {
  try {
    return await loaded.session.run(toOrt(feeds));
  } catch (err) {
    if (loaded.backend !== 'webgpu') throw err;
    await fallBackToWasm(loaded, `WebGPU failed (${err instanceof Error ? err.message : String(err)})`);
    return loaded.session.run(toOrt(feeds));
  }
}

const probTrue = (logits: Float32Array, at: number) => 1 / (1 + Math.exp(logits[at]! - logits[at + 1]!));

function explainOutputs(out: ort.InferenceSession.ReturnType, encoded: ReturnType<Tokenizer['encode']>, objects: [number, number]) {
  const output = (name: string): Output | undefined => out[name] && { dims: [...out[name].dims], data: out[name].data as Float32Array };
  const [alignment, cross_attention, detections] = [output('alignment'), output('cross_attention'), output('detections')];
  // A bring-your-own model need only give pair_logits: then there is nothing to explain with.
  if (!alignment || !cross_attention || !detections) return undefined;
  const unknown = encoded.words.map((_, t) => encoded.ids[t + 1] === UNK_ID);
  return explain({ alignment, cross_attention, detections }, encoded.words, unknown, objects);
}

function requireModel(): Loaded {
  if (!current) throw new Error('no model is loaded');
  return current;
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = requestSchema.safeParse(event.data);
  if (!parsed.success) {
    const id = (event.data as { id?: unknown } | null)?.id;
    post({ type: 'error', id: typeof id === 'number' ? id : -1, message: `malformed request: ${parsed.error.message}` });
    return;
  }
  const req = parsed.data;
  serialized(async () => {
    if (req.type === 'load') return load(req.id, req.model, req.backend, req.threads);
    if (req.type === 'open') return open(req.id, req.name, req.bytes, req.backend);
    const loaded = requireModel();
    const started = performance.now();
    if (req.type === 'predict') {
      const input = await challengePairInput(req.challenge, loaded.tokenizer);
      const out = await runModel(loaded, batchFeeds([input]));
      const pair = out.pair_logits!.data as Float32Array;
      const image = out.image_logits?.data as Float32Array | undefined;
      const verdict: Verdict = { pair: probTrue(pair, 0), left: image ? probTrue(image, 0) : NaN, right: image ? probTrue(image, 2) : NaN };
      const explanation = req.explain ? explainOutputs(out, loaded.tokenizer.encode(req.challenge.statement), [input.images[0].count, input.images[1].count]) : undefined;
      post({ type: 'prediction', id: req.id, verdict, latencyMs: performance.now() - started, backend: loaded.backend, explanation });
      return;
    }
    const feeds = Object.fromEntries(Object.entries(req.feeds).map(([name, t]) => [name, { data: t.data, dims: t.dims }]));
    const out = await runModel(loaded, feeds);
    const outputs = Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { dims: [...t.dims], data: t.data as Float32Array }]));
    post({ type: 'outputs', id: req.id, outputs, latencyMs: performance.now() - started });
  }).catch((err: unknown) =>
    post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err), problems: err instanceof ContractError ? [...err.problems] : undefined }),
  );
};

/// <reference types="@webgpu/types" />
import type { z } from 'zod';
import type { InferenceSession, Tensor } from 'onnxruntime-web/wasm';
import { Tokenizer, UNK_ID, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { batchFeeds, type Feed, type ImageInput } from '@/lib/core/model/batch';
import { challengePairInput, cpuCrops, warmImages, type Crops } from './browser-input';
import { explain, type Output } from '@/lib/core/model/explain';
import { fetchManifest, loadModelFiles, type LoadedModel } from './loader';
import { totalBytes } from '@/lib/core/model/manifest';
import { checkContract, checkModelSize, ContractError, describeLoadFailure, type ValueMetadata } from '@/lib/core/model/contract';
import { CROP_SIZE, MAX_OBJECTS } from '@/lib/core/io';
import { GRAPH_OPTIMIZATION } from './session';
import { runtimeBase, startWasm, wasmOrt, type Bytes } from './runtime';
import { requestId } from './request-id';
import {
  requestSchema,
  type Backend,
  type BackendPolicy,
  type GraphOptimization,
  type LoadPhase,
  type ModelInfo,
  type StartMark,
  type Verdict,
  type WorkerResponse,
} from '@/lib/core/model/protocol';

/**
 * The model worker: owns onnxruntime-web and the preprocessing. Requests run one at a time, in order.
 * The game's policy (`wasm-first`): the plain WASM build answers first; a WebGPU session (the JSPI or
 * asyncify build, and tfjs for its crops, both imported only then) starts in the background and takes
 * over once warmed up and measured faster here. The WASM session stays, so a lost GPU device or a failing
 * WebGPU run falls back to it at once.
 */

type Ort = typeof import('onnxruntime-web/wasm');
type ModelFiles = Pick<LoadedModel, 'graph' | 'externalData'>;

interface Engine {
  backend: Backend;
  ort: Ort;
  session: InferenceSession;
  crops: Crops;
  preprocess: 'cpu' | 'webgpu';
}

interface Loaded {
  files: ModelFiles;
  tokenizer: Tokenizer;
  wasm: Engine | null;
  active: Engine;
  info: ModelInfo;
  optimization: GraphOptimization;
}

let current: Loaded | null = null;
let gpu: Promise<{ adapter: GPUAdapter | null; description: string }> | null = null;
let queue: Promise<unknown> = Promise.resolve();
const now = () => performance.timeOrigin + performance.now();
/** model.worker.ts marks when the worker's first line ran. */
const marks: ModelInfo['marks'] = { workerStarted: performance.timeOrigin + (performance.getEntriesByName('workerStarted', 'mark')[0]?.startTime ?? 0) };
/** Once each: in ModelInfo, and as a performance mark that benchmarks read from the worker. */
function mark(name: StartMark, at = now()): void {
  if (marks[name] !== undefined) return;
  marks[name] = at;
  performance.mark(name, { startTime: at - performance.timeOrigin });
}
const post = (msg: WorkerResponse, transfer: Transferable[] = []) => self.postMessage(msg, { transfer });

/** Requests queued or running (serialized), for `warmImages`: only a prediction that has to wait warms its images. */
let inQueue = 0;
function serialized<T>(job: () => Promise<T>): Promise<T> {
  inQueue++;
  const run = queue.then(job);
  queue = run.catch(() => {}).finally(() => inQueue--);
  return run;
}

/** Download progress of the runtime and the model together; the load in progress reports it. */
const bytes = { runtime: { loaded: 0, total: 0 }, model: { loaded: 0, total: 0 } };
let reportProgress: ((phase: LoadPhase) => void) | null = null;
const PROGRESS_EVERY_MS = 150;
const onRuntimeBytes = (b: Bytes) => {
  bytes.runtime = b;
  reportProgress?.('download');
};

function detectGpu() {
  return (gpu ??= (async () => {
    if (!navigator.gpu) return { adapter: null, description: 'none: this browser has no WebGPU' };
    const adapter = await navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) return { adapter: null, description: 'none: WebGPU gave no adapter' };
    const i = adapter.info;
    return { adapter, description: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' · ') || 'unnamed adapter' };
  })());
}

const toOrt = (ort: Ort, feeds: Record<string, Feed>): Record<string, Tensor> =>
  Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.data instanceof BigInt64Array ? 'int64' : 'float32', f.data, f.dims)]));

const sessionOptions = (files: ModelFiles, backend: Backend, optimization: GraphOptimization): InferenceSession.SessionOptions => ({
  executionProviders: [backend],
  externalData: files.externalData,
  graphOptimizationLevel: optimization,
  logSeverityLevel: 3, // errors only: not the per-node EP placement warnings
});

async function wasmEngine(files: ModelFiles, optimization: GraphOptimization): Promise<Engine> {
  await startWasm(undefined, onRuntimeBytes, mark); // already started, except after a WebGPU-only start that lost its GPU
  const session = await wasmOrt.InferenceSession.create(files.graph, sessionOptions(files, 'wasm', optimization));
  return { backend: 'wasm', ort: wasmOrt, session, crops: cpuCrops, preprocess: 'cpu' };
}

/**
 * The WebGPU build: JSPI where the browser has it (smaller, faster to start), asyncify otherwise; its files are
 * fetched only now, by ONNX Runtime itself, which compiles the .wasm as it streams in (no progress is shown for
 * this background start).
 */
async function webgpuEngine(files: ModelFiles, optimization: GraphOptimization, adapter: GPUAdapter): Promise<Engine> {
  const jspi = 'Suspending' in WebAssembly;
  const ort = (jspi ? await import('onnxruntime-web/jspi') : await import('onnxruntime-web/webgpu')) as unknown as Ort;
  ort.env.wasm.wasmPaths = runtimeBase();
  ort.env.wasm.numThreads = wasmOrt.env.wasm.numThreads;
  ort.env.webgpu.adapter ??= adapter;
  const [session, tfCrops] = await Promise.all([
    ort.InferenceSession.create(files.graph, sessionOptions(files, 'webgpu', optimization)),
    import('./tf-crops').then((m) => m.webgpuCrops()).catch(() => null),
  ]);
  return { backend: 'webgpu', ort, session, crops: tfCrops ?? cpuCrops, preprocess: tfCrops ? 'webgpu' : 'cpu' };
}

const run = (e: Engine, feeds: Record<string, Feed>) => e.session.run(toOrt(e.ort, feeds));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** The heaviest pair the model takes (every object slot filled), crops included: what a challenge costs on an engine. */
async function probe(e: Engine, tokenizer: Tokenizer, times: number): Promise<number> {
  const raster = { data: new Uint8ClampedArray(400 * 100 * 4), width: 400, height: 100 };
  const boxes = Array.from({ length: MAX_OBJECTS }, (_, i) => ({ x: (i % 10) * 40, y: i < 10 ? 0 : 50, w: 30, h: 30 }));
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const image: ImageInput = { crops: await e.crops(raster, boxes), boxes: new Float32Array(4 * MAX_OBJECTS), count: MAX_OBJECTS };
    await run(e, batchFeeds([{ ...tokenizer.encode('there is a yellow square'), images: [image, image] }]));
    ms.push(performance.now() - started);
  }
  return median(ms);
}

/** One pair with one blank object: compiles the kernels (and the crop shaders) before the engine answers. */
async function warmUp(e: Engine, tokenizer: Tokenizer): Promise<void> {
  const blank = { crops: new Float32Array(3 * CROP_SIZE * CROP_SIZE), boxes: Float32Array.from([0, 0, 0.1, 0.1]), count: 1 };
  await run(e, batchFeeds([{ ...tokenizer.encode('warm up'), images: [blank, blank] }]));
}

function release(e: Engine | null | undefined): void {
  void e?.session.release().catch(() => {});
}

/** Moves the model to another engine and tells the page (the panel's backend line). */
function activate(loaded: Loaded, engine: Engine, reason: string): void {
  loaded.active = engine;
  loaded.info = { ...loaded.info, backend: engine.backend, backendReason: reason, preprocess: engine.preprocess };
  if (current === loaded) post({ type: 'backend', backend: engine.backend, reason, preprocess: engine.preprocess });
}

async function fallBackToWasm(loaded: Loaded, why: string): Promise<void> {
  if (loaded.active.backend === 'wasm') return;
  const gpuEngine = loaded.active;
  loaded.wasm ??= await wasmEngine(loaded.files, loaded.optimization);
  activate(loaded, loaded.wasm, `WASM: ${why}`);
  release(gpuEngine);
}

function watchDevice(loaded: Loaded, engine: Engine): void {
  // Typed as a promise; onnxruntime-web hands back the GPUDevice itself once a WebGPU session exists.
  void Promise.resolve(engine.ort.env.webgpu.device).then((device) =>
    (device as GPUDevice | undefined)?.lost.then((info) => {
      if (loaded.active !== engine) return;
      void serialized(() => fallBackToWasm(loaded, `the GPU device was lost (${info.reason || 'unknown'}: ${info.message})`));
    }),
  );
}

/**
 * In the background, after the first answers on WASM: a WebGPU session, warmed up, then timed against WASM
 * on the same pair (in the request queue, between two predictions); it takes over if faster (or always,
 * with `switchTo: 'webgpu'`).
 */
async function upgrade(loaded: Loaded, adapter: GPUAdapter, switchTo: 'faster' | 'webgpu'): Promise<void> {
  let engine: Engine | null = null;
  try {
    engine = await webgpuEngine(loaded.files, loaded.optimization, adapter);
    await warmUp(engine, loaded.tokenizer);
    const candidate = engine;
    const verdict = await serialized(async () => {
      if (current !== loaded) return null;
      const [gpuMs, wasmMs] = [await probe(candidate, loaded.tokenizer, 3), await probe(loaded.active, loaded.tokenizer, 3)];
      const measured = `${Math.round(gpuMs)} ms against ${Math.round(wasmMs)} ms per challenge`;
      if (switchTo === 'webgpu') return { use: true, reason: `WebGPU: switched as asked once ready (${measured})` };
      return gpuMs < wasmMs ? { use: true, reason: `WebGPU: measured faster than WASM here (${measured})` } : { use: false, reason: `WASM: measured faster than WebGPU here (WebGPU ${measured})` };
    });
    if (!verdict) return release(engine);
    if (verdict.use) {
      activate(loaded, engine, verdict.reason);
      watchDevice(loaded, engine);
    } else {
      release(engine);
      activate(loaded, loaded.active, verdict.reason);
    }
  } catch (err) {
    release(engine);
    if (current === loaded) activate(loaded, loaded.active, `WASM: WebGPU did not start (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The first engine for a policy, and why; `upgradeTo`: the adapter to try WebGPU on in the background. */
async function firstEngine(files: ModelFiles, policy: BackendPolicy, optimization: GraphOptimization) {
  const { adapter, description } = policy === 'wasm' ? { adapter: null, description: 'not used' } : await detectGpu();
  if (policy === 'webgpu' && !adapter) throw new Error(`WebGPU was requested but is unavailable (${description})`);
  if (adapter && (policy === 'webgpu' || policy === 'auto')) {
    return { engine: await webgpuEngine(files, optimization, adapter), reason: policy === 'webgpu' ? 'WebGPU: asked for' : 'WebGPU: this browser has an adapter', adapter: description, upgradeTo: null };
  }
  const engine = await wasmEngine(files, optimization);
  const reason = policy === 'wasm' ? 'WASM: asked for' : adapter ? 'WASM: answers first while WebGPU starts' : `WASM: no WebGPU here (${description.replace(/^none: /, '')})`;
  return { engine, reason, adapter: description, upgradeTo: policy === 'wasm-first' ? adapter : null };
}

class FirstRunError extends Error {
  name = 'FirstRunError';
}

interface Source {
  files: ModelFiles;
  tokenizer: Tokenizer;
  meta: Pick<ModelInfo, 'modelId' | 'family' | 'quantization' | 'bytes' | 'downloadedBytes' | 'cachedFiles' | 'files'>;
  /** A visitor's own model: checked against Model I/O v1 before its first run. */
  check?: (session: InferenceSession) => ModelInfo['imageLogits'];
}

async function bring(id: number, source: Source, policy: BackendPolicy, started: number, opts: { switchTo?: 'faster' | 'webgpu'; optimization?: GraphOptimization } = {}) {
  const optimization = opts.optimization ?? GRAPH_OPTIMIZATION;
  reportProgress?.('start');
  const first = await firstEngine(source.files, policy, optimization);
  let imageLogits: boolean;
  try {
    imageLogits = source.check ? source.check(first.engine.session) : first.engine.session.outputNames.includes('image_logits');
  } catch (err) {
    release(first.engine);
    throw err;
  }
  mark('sessionCreated');
  const warmStart = performance.now();
  try {
    await warmUp(first.engine, source.tokenizer);
  } catch (err) {
    release(first.engine);
    const what = source.check ? 'The model matches Model I/O v1 but failed' : 'The model failed';
    throw new FirstRunError(`${what} its first run on ${first.engine.backend}: ${err instanceof Error ? err.message : String(err)}`);
  }
  mark('ready');
  if (current) {
    release(current.wasm);
    if (current.active !== current.wasm) release(current.active);
  }
  const info: ModelInfo = {
    ...source.meta,
    imageLogits,
    backend: first.engine.backend,
    backendReason: first.reason,
    adapter: first.adapter,
    preprocess: first.engine.preprocess,
    threads: wasmOrt.env.wasm.numThreads ?? 1,
    loadMs: performance.now() - started,
    warmupMs: performance.now() - warmStart,
    optimization,
    marks: { ...marks },
  };
  const loaded: Loaded = { files: source.files, tokenizer: source.tokenizer, wasm: first.engine.backend === 'wasm' ? first.engine : null, active: first.engine, info, optimization };
  current = loaded;
  if (first.engine.backend === 'webgpu') watchDevice(loaded, first.engine);
  post({ type: 'ready', id, info });
  const adapter = first.upgradeTo;
  if (adapter) deferUpgrade(() => void upgrade(loaded, adapter, opts.switchTo ?? 'faster'));
}

/**
 * The WebGPU session starts once the first verdict is out (or after UPGRADE_AFTER_MS without one), so that
 * compiling a second runtime does not take the CPU from the first answer.
 */
const UPGRADE_AFTER_MS = 3000;
let pendingUpgrade: (() => void) | null = null;
function deferUpgrade(start: () => void): void {
  pendingUpgrade = start;
  setTimeout(startUpgrade, UPGRADE_AFTER_MS);
}
function startUpgrade(): void {
  const start = pendingUpgrade;
  pendingUpgrade = null;
  start?.();
}

async function load(id: number, req: Extract<z.output<typeof requestSchema>, { type: 'load' }>): Promise<void> {
  const started = performance.now();
  bytes.model = { loaded: 0, total: req.model.bytes };
  // At most every PROGRESS_EVERY_MS (and at each phase change): each message re-renders the page's game.
  let last = { at: 0, phase: '' };
  reportProgress = (phase) => {
    const [loaded, total] = [bytes.runtime.loaded + bytes.model.loaded, bytes.runtime.total + bytes.model.total];
    if (phase === last.phase && loaded < total && performance.now() - last.at < PROGRESS_EVERY_MS) return;
    last = { at: performance.now(), phase };
    post({ type: 'progress', id, phase, loaded, total });
  };
  try {
    const runtime = req.backend === 'webgpu' || (req.backend === 'auto' && (await detectGpu()).adapter) ? Promise.resolve() : startWasm(req.threads, onRuntimeBytes, mark);
    const manifest = await fetchManifest(req.model.manifestUrl);
    const files = await loadModelFiles(manifest, req.model.baseUrl, {
      onProgress: (p) => {
        bytes.model = p;
        reportProgress?.('download');
      },
    });
    mark('modelDownloaded');
    await runtime;
    const meta = {
      modelId: manifest.id,
      family: manifest.family,
      quantization: manifest.quantization,
      bytes: totalBytes(manifest),
      downloadedBytes: files.downloadedBytes,
      cachedFiles: files.cachedFiles,
      files: 1 + manifest.shards.length,
    };
    await bring(id, { files, tokenizer: new Tokenizer(manifest.vocabulary), meta }, req.backend, started, { switchTo: req.switch, optimization: req.optimization });
  } finally {
    reportProgress = null;
  }
}

/**
 * A visitor's own model: size limit, ONNX parse, Model I/O v1 check on the declared inputs and outputs,
 * then one run on a blank pair, each failure with its own message; the previous model is kept until
 * the new one is ready.
 */
async function open(id: number, name: string, bytes: ArrayBuffer, policy: BackendPolicy): Promise<void> {
  const started = performance.now();
  const tooBig = checkModelSize(bytes.byteLength);
  if (tooBig) throw new Error(tooBig);
  if (policy !== 'webgpu') await startWasm(undefined, () => {}, mark);
  const source: Source = {
    files: { graph: new Uint8Array(bytes), externalData: [] },
    tokenizer: new Tokenizer(vocabularySchema.parse(vocabJson)),
    meta: { modelId: name, family: null, quantization: null, bytes: bytes.byteLength, downloadedBytes: 0, cachedFiles: 0, files: 1 },
    check: (session) => {
      const report = checkContract(session.inputMetadata as readonly ValueMetadata[], session.outputMetadata as readonly ValueMetadata[]);
      if (report.problems.length) throw new ContractError(report.problems);
      return report.imageLogits;
    },
  };
  try {
    await bring(id, source, policy, started);
  } catch (err) {
    if (err instanceof ContractError || err instanceof FirstRunError) throw err;
    throw new Error(describeLoadFailure(err instanceof Error ? err.message : String(err)));
  }
}

/** Runs on the active engine; a WebGPU failure moves the model to WASM and runs again there. */
async function runModel(loaded: Loaded, feeds: Record<string, Feed>): Promise<InferenceSession.ReturnType> {
  try {
    return await run(loaded.active, feeds);
  } catch (err) {
    if (loaded.active.backend !== 'webgpu') throw err;
    await fallBackToWasm(loaded, `WebGPU failed (${err instanceof Error ? err.message : String(err)})`);
    return run(loaded.active, feeds);
  }
}

const probTrue = (logits: Float32Array, at: number) => 1 / (1 + Math.exp(logits[at]! - logits[at + 1]!));

function explainOutputs(out: InferenceSession.ReturnType, encoded: ReturnType<Tokenizer['encode']>, objects: [number, number]) {
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

/** Answers one request from the page (model.worker.ts hands them over). */
export function handle(event: MessageEvent<unknown>): void {
  const parsed = requestSchema.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'error', id: requestId(event.data), message: `malformed request: ${parsed.error.message}` });
    return;
  }
  const req = parsed.data;
  // Starting the runtime waits for no earlier request: it is what everything after it needs first.
  if (req.type === 'start') {
    void startWasm(req.threads, onRuntimeBytes, mark).then(() => post({ type: 'started', id: req.id }));
    return;
  }
  // A prediction that waits its turn (behind the model's load, say) has its images fetched and decoded meanwhile;
  // one that runs at once does that itself, timed (PredictTimings).
  if (req.type === 'predict' && inQueue > 0) warmImages(req.challenge);
  serialized(async () => {
    if (req.type === 'load') return load(req.id, req);
    if (req.type === 'open') return open(req.id, req.name, req.bytes, req.backend);
    const loaded = requireModel();
    const started = performance.now();
    if (req.type === 'predict') {
      const { input, timings } = await challengePairInput(req.challenge, loaded.tokenizer, loaded.active.crops);
      const ran = performance.now();
      const out = await runModel(loaded, batchFeeds([input]));
      const runMs = performance.now() - ran;
      const pair = out.pair_logits!.data as Float32Array;
      const image = out.image_logits?.data as Float32Array | undefined;
      const verdict: Verdict = { pair: probTrue(pair, 0), left: image ? probTrue(image, 0) : NaN, right: image ? probTrue(image, 2) : NaN };
      const explanation = req.explain ? explainOutputs(out, loaded.tokenizer.encode(req.challenge.statement), [input.images[0].count, input.images[1].count]) : undefined;
      post({ type: 'prediction', id: req.id, verdict, latencyMs: performance.now() - started, timings: { ...timings, runMs }, backend: loaded.active.backend, explanation });
      startUpgrade();
      return;
    }
    const feeds = Object.fromEntries(Object.entries(req.feeds).map(([name, t]) => [name, { data: t.data, dims: t.dims }]));
    const out = await runModel(loaded, feeds);
    const outputs = Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { dims: [...t.dims], data: t.data as Float32Array }]));
    post({ type: 'outputs', id: req.id, outputs, latencyMs: performance.now() - started });
  }).catch((err: unknown) =>
    post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err), problems: err instanceof ContractError ? [...err.problems] : undefined }),
  );
}

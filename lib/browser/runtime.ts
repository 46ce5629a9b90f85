import * as ort from 'onnxruntime-web/wasm';

/**
 * The plain WASM runtime (`onnxruntime-web/wasm`), started as soon as the worker is asked to: ONNX Runtime
 * compiles its .wasm streaming, from the network with progress on a first visit, from the HTTP cache after
 * (where Chrome also keeps its compiled code), and initialises, while the model downloads.
 */

export const runtimeBase = () => `/ort/${ort.env.versions.web}/`;
/** The plain WASM build's binary under public/ort/<version>/ (scripts/copy-ort.mjs). */
const RUNTIME_WASM = 'ort-wasm-simd-threaded.wasm';

/** Bytes so far and in all, as transferred: the compressed size where the server sent the precompressed file. */
export interface Bytes {
  loaded: number;
  total: number;
}

type FileSizes = Record<string, { bytes: number; br: number; gz: number }>;

/** public/ort/<version>/files.json (scripts/copy-ort.mjs); null where it is missing. */
async function fileSizes(): Promise<FileSizes | null> {
  const res = await fetch(`${runtimeBase()}files.json`).catch(() => null);
  return res?.ok ? ((await res.json()) as FileSizes) : null;
}

/** Whether `url` is in the HTTP cache (a revisit), asked without touching the network or reading the body. */
async function inHttpCache(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' });
    void res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * A stream that passes `res`'s body through as it is, reporting transferred bytes as they pass (decoded bytes
 * scaled by the file's compression ratio, from files.json), and the total once it ends, then `onEnd`.
 */
function byteCounter(file: string, res: Response, sizes: FileSizes | null, onBytes: (b: Bytes) => void, onEnd: () => void): TransformStream<Uint8Array, Uint8Array> {
  const entry = sizes?.[file];
  const encoding = res.headers.get('content-encoding');
  const sent = entry && (encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gz : entry.bytes);
  const total = sent ?? Number(res.headers.get('content-length') ?? 0);
  const scale = entry && sent ? sent / entry.bytes : 1;
  let decoded = 0;
  return new TransformStream({
    transform(chunk, controller) {
      decoded += chunk.byteLength;
      onBytes({ loaded: Math.min(total, Math.round(decoded * scale)), total });
      controller.enqueue(chunk);
    },
    flush() {
      onBytes({ loaded: total, total });
      onEnd();
    },
  });
}

/**
 * Counts ONNX Runtime's own fetch of `file` (its next one) where `cached` says the HTTP cache lacks the file:
 * its bytes are reported as they stream into the compiler, and `onEnd` once all are in, so that a first visit
 * compiles while it downloads rather than after a download of its own. Where the cache holds it, the fetch
 * goes through untouched (Chrome then uses the compiled code it keeps for the file) and `onEnd` is told at once.
 * The check runs while ONNX Runtime starts, not before.
 */
function countNextFetch(file: string, cached: Promise<boolean>, onBytes: (b: Bytes) => void, onEnd: () => void): () => void {
  const plain = self.fetch;
  const restore = () => {
    if (self.fetch === counting) self.fetch = plain;
  };
  const counting: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.endsWith(`/${file}`)) return plain(input, init);
    restore();
    if (await cached) {
      onBytes({ loaded: 0, total: 0 });
      onEnd();
      return plain(input, init);
    }
    const [sizes, res] = await Promise.all([fileSizes(), plain(input, init)]);
    if (!res.ok || !res.body) return res;
    return new Response(res.body.pipeThrough(byteCounter(file, res, sizes, onBytes, onEnd)), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  self.fetch = counting;
  return restore;
}

type RuntimeMark = 'runtimeDownloaded' | 'runtimeReady';
let started: Promise<void> | null = null;
/** Who hears the runtime's progress and marks: the latest caller of startWasm, told on its call what it missed. */
let hooks: { onBytes: (b: Bytes) => void; mark: (name: RuntimeMark, at: number) => void } = { onBytes: () => {}, mark: () => {} };
const seen: { bytes: Bytes | null; marks: [RuntimeMark, number][] } = { bytes: null, marks: [] };

/**
 * Configures and initialises the WASM runtime once per worker: `threads` is fixed from the first call.
 * Initialising takes a session; an empty model makes ONNX Runtime start its backend and then refuse the
 * model, which is the expected outcome here (a runtime that failed to start fails the real session next).
 * Each call hands the runtime's progress and marks (timed when they happened) to its `onBytes` and `mark`.
 */
export function startWasm(threads: number | undefined, onBytes: (b: Bytes) => void, mark: (name: RuntimeMark, at: number) => void): Promise<void> {
  hooks = { onBytes, mark };
  if (seen.bytes) onBytes(seen.bytes);
  for (const [name, at] of seen.marks) mark(name, at);
  if (started) return started;
  const report = (b: Bytes) => hooks.onBytes((seen.bytes = b));
  const markNow = (name: RuntimeMark) => {
    const at = performance.timeOrigin + performance.now();
    seen.marks.push([name, at]);
    hooks.mark(name, at);
  };
  ort.env.wasm.wasmPaths = runtimeBase();
  // Threads where the page is cross-origin isolated: one thread starts much slower (measured twice, docs/PERFORMANCE.md).
  ort.env.wasm.numThreads = threads ?? (self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1);
  started = (async () => {
    const cached = inHttpCache(`${runtimeBase()}${RUNTIME_WASM}`);
    const restore = countNextFetch(RUNTIME_WASM, cached, report, () => markNow('runtimeDownloaded'));
    // ONNX Runtime's own fetch reports a real failure.
    await ort.InferenceSession.create(new Uint8Array(0), { executionProviders: ['wasm'] }).catch(() => {});
    restore();
    markNow('runtimeReady');
  })();
  return started;
}

export { ort as wasmOrt };

import * as z from '@/lib/core/zod';
import { manifestSchema, totalBytes, type ManifestFile, type ModelManifest } from '@/lib/core/model/manifest';

/**
 * Browser model loader: manifest → graph + shards, downloaded in parallel with progress, retried with
 * exponential backoff, verified by SHA-256 and kept in Cache Storage keyed by hash, so a second visit
 * downloads nothing. A cached entry whose bytes no longer match its hash is evicted and fetched again.
 */

export const MODEL_CACHE = 'tob-models-v1';

export class ModelLoadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

export interface LoadProgress {
  loaded: number;
  total: number;
}

export interface LoadedModel {
  manifest: ModelManifest;
  graph: Uint8Array<ArrayBuffer>;
  /** onnxruntime-web's `externalData`: shard name → bytes. */
  externalData: { path: string; data: Uint8Array<ArrayBuffer> }[];
  /** Bytes that came over the network (0 when everything was cached). */
  downloadedBytes: number;
  cachedFiles: number;
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Attempts per file, including the first. */
  attempts?: number;
  /** First backoff delay; doubles after each failed attempt. */
  backoffMs?: number;
}

class HttpError extends Error {
  constructor(readonly status: number, url: string) {
    super(`HTTP ${status} for ${url}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Cache Storage key of a verified file: its hash, never its URL (the same bytes under any blob host). */
function cacheKey(sha256: string): string {
  return new URL(`/model-cache/${sha256}`, self.location.origin).href;
}

async function withRetries<T>(what: string, attempts: number, backoffMs: number, fn: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
    try {
      return await fn();
    } catch (err) {
      last = err;
      // A missing blob will not appear by asking again.
      if (err instanceof HttpError && err.status === 404) break;
    }
  }
  const reason = last instanceof Error ? last.message : String(last);
  throw new ModelLoadError(`Could not download ${what}: ${reason}. Check your connection and reload the page.`, { cause: last });
}

export async function fetchManifest(url: string, opts: LoadOptions = {}): Promise<ModelManifest> {
  const json = await withRetries('the model manifest', opts.attempts ?? 4, opts.backoffMs ?? 250, async () => {
    const res = await fetch(url);
    if (!res.ok) throw new HttpError(res.status, url);
    return (await res.json()) as unknown;
  });
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new ModelLoadError(`The model manifest at ${url} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Streams a response body into one buffer, reporting each chunk. */
async function readBody(res: Response, onChunk: (bytes: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    onChunk(value.byteLength);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

async function fromCache(cache: Cache, file: ManifestFile): Promise<Uint8Array<ArrayBuffer> | null> {
  const hit = await cache.match(cacheKey(file.sha256));
  if (!hit) return null;
  const bytes = new Uint8Array(await hit.arrayBuffer());
  if (bytes.byteLength === file.bytes && (await sha256Hex(bytes)) === file.sha256) return bytes;
  await cache.delete(cacheKey(file.sha256));
  return null;
}

/** Downloads and verifies every file of a manifest; `baseUrl` is where blob paths resolve. */
export async function loadModelFiles(manifest: ModelManifest, baseUrl: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const total = totalBytes(manifest);
  let loaded = 0;
  const report = (bytes: number) => {
    loaded += bytes;
    opts.onProgress?.({ loaded, total });
  };
  const cache = await caches.open(MODEL_CACHE).catch(() => null);
  let downloadedBytes = 0;
  let cachedFiles = 0;

  const load = async (file: ManifestFile, label: string): Promise<Uint8Array<ArrayBuffer>> => {
    const cached = cache && (await fromCache(cache, file));
    if (cached) {
      cachedFiles++;
      report(file.bytes);
      return cached;
    }
    const url = new URL(file.path, new URL(baseUrl, self.location.href)).href;
    const bytes = await withRetries(label, opts.attempts ?? 4, opts.backoffMs ?? 250, async () => {
      let counted = 0;
      try {
        const res = await fetch(url);
        if (!res.ok) throw new HttpError(res.status, url);
        const body = await readBody(res, (n) => {
          counted += n;
          report(n);
        });
        downloadedBytes += body.byteLength;
        const hash = await sha256Hex(body);
        if (hash !== file.sha256) throw new Error(`its SHA-256 is ${hash.slice(0, 12)}…, the manifest says ${file.sha256.slice(0, 12)}…`);
        return body;
      } catch (err) {
        report(-counted); // the progress bar goes back for the bytes that will be fetched again
        throw err;
      }
    });
    // A full or blocked cache costs the next visit a download, never this one.
    await cache?.put(cacheKey(file.sha256), new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } })).catch(() => {});
    return bytes;
  };

  const [graph, ...shards] = await Promise.all([
    load(manifest.graph, `the model graph of ${manifest.id}`),
    ...manifest.shards.map((s) => load(s, `shard ${s.name} of ${manifest.id}`)),
  ]);
  return {
    manifest,
    graph: graph!,
    externalData: manifest.shards.map((s, i) => ({ path: s.name, data: shards[i]! })),
    downloadedBytes,
    cachedFiles,
  };
}

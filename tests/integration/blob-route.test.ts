import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { sha256Hex } from '@/lib/server/hash';

type Route = typeof import('@/app/blob/[...path]/route');

const BYTES = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) % 256);
const ETAG = `"${sha256Hex(BYTES)}"`;

let dir: string;
let route: Route;

/** What Next.js passes a catch-all route: the decoded segments, behind a Promise. */
function call(handler: 'GET' | 'HEAD', segments: string[], headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request(`http://localhost/blob/${segments.map(encodeURIComponent).join('/')}`, { method: handler, headers });
  return route[handler](request, { params: Promise.resolve({ path: segments }) });
}

async function loadRoute(env: Record<string, string>): Promise<Route> {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import('@/app/blob/[...path]/route');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blob-route-'));
  const store = createLocalBlobStore(path.join(dir, 'blob'));
  await store.put('models/shard.bin', BYTES, { contentType: 'application/octet-stream' });
  await store.put('shares/s.json', '{"ok":true}', { contentType: 'application/json; charset=utf-8' });
  // A file next to the store root that traversal must not reach.
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  route = await loadRoute({ BLOB_READ_WRITE_TOKEN: '', BLOB_DIR: path.join(dir, 'blob') });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /blob/[...path]', () => {
  it('serves the bytes with content type, ETag, length and an immutable cache policy', async () => {
    const response = await call('GET', ['models', 'shard.bin']);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(BYTES);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('etag')).toBe(ETAG);
    expect(response.headers.get('content-length')).toBe(String(BYTES.byteLength));
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const json = await call('GET', ['shares', 's.json']);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ ok: true });
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    for (const header of [ETAG, `W/${ETAG}`, `"other", ${ETAG}`, '*']) {
      const response = await call('GET', ['models', 'shard.bin'], { 'if-none-match': header });
      expect(response.status, header).toBe(304);
      expect(response.body, header).toBeNull();
      expect(response.headers.get('etag')).toBe(ETAG);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const stale = await call('GET', ['models', 'shard.bin'], { 'if-none-match': `"${'0'.repeat(64)}"` });
    expect(stale.status).toBe(200);
  });

  it('404s unknown paths', async () => {
    expect((await call('GET', ['models', 'missing.bin'])).status).toBe(404);
    expect((await call('GET', ['models'])).status).toBe(404);
  });

  it('404s traversal attempts and anything that is not a valid blob path', async () => {
    const attempts = [
      ['..', 'secret.txt'],
      ['models', '..', '..', 'secret.txt'],
      ['..%2Fsecret.txt'],
      ['models/../../secret.txt'],
      ['%2e%2e', 'secret.txt'],
      ['.', 'models', 'shard.bin'],
      ['models', 'shard.bin@meta.json'],
      [`shard.bin@${sha256Hex(BYTES)}`],
      ['MODELS', 'shard.bin'],
      ['', 'models', 'shard.bin'],
    ];
    for (const segments of attempts) {
      expect((await call('GET', segments)).status, segments.join('|')).toBe(404);
      expect((await call('HEAD', segments)).status, segments.join('|')).toBe(404);
    }
  });
});

describe('HEAD /blob/[...path]', () => {
  it('sends the headers of GET without a body', async () => {
    const response = await call('HEAD', ['models', 'shard.bin']);
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('etag')).toBe(ETAG);
    expect(response.headers.get('content-length')).toBe(String(BYTES.byteLength));
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await call('HEAD', ['models', 'shard.bin'], { 'if-none-match': ETAG })).status).toBe(304);
    expect((await call('HEAD', ['nope'])).status).toBe(404);
  });
});

describe('with Vercel Blob configured', () => {
  it('serves nothing, since blob URLs point at the Vercel CDN', async () => {
    const vercelRoute = await loadRoute({ BLOB_READ_WRITE_TOKEN: 'vercel_blob_rw_store1_secret', BLOB_DIR: path.join(dir, 'blob') });
    const request = new Request('http://localhost/blob/models/shard.bin');
    const response = await vercelRoute.GET(request, { params: Promise.resolve({ path: ['models', 'shard.bin'] }) });
    expect(response.status).toBe(404);
  });
});

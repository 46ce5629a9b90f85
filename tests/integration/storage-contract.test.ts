import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { contentAddressedPath, putImmutable } from '@/lib/server/storage/paths';
import { sha256Hex } from '@/lib/server/hash';
import { BlobExistsError, InvalidBlobPathError, StorageUnavailableError, type BlobStore } from '@/lib/server/storage/types';
import { createVercelBlobStore } from '@/lib/server/storage/vercel';
import { startFakeVercelBlob, type FakeVercelBlob } from './fake-vercel-blob';

interface Harness {
  store: BlobStore;
  close(): Promise<void>;
}

/** Every byte value, so encoding bugs (UTF-8 round trips, NUL truncation) cannot hide. */
const BINARY = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) % 256);
/** More blobs than the fake Vercel API returns per list page, so pagination must be followed. */
const FAKE_PAGE_SIZE = 3;

const INVALID_PATHS = [
  '',
  '/abs',
  'trailing/',
  'a//b',
  '../escape',
  'a/../b',
  'a/./b',
  'a..b',
  '.hidden',
  'Upper/case',
  'space here',
  'back\\slash',
  'x@meta.json',
  'pct%2e',
  'a'.repeat(129),
  `${'abc/'.repeat(130)}x`,
];

function storeContract(name: string, open: () => Promise<Harness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let harness: Harness;
    let store: BlobStore;
    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('round-trips binary bytes with content type, etag and size', async () => {
      const put = await store.put('models/shard-0.bin', BINARY, { contentType: 'application/octet-stream' });
      expect(put.path).toBe('models/shard-0.bin');
      expect(put.url).toBe(store.url('models/shard-0.bin'));
      expect(put.etag).not.toBe('');

      const blob = await store.get('models/shard-0.bin');
      expect(blob).not.toBeNull();
      expect(blob!.body).toEqual(BINARY);
      expect(blob!.contentType).toBe('application/octet-stream');
      expect(blob!.size).toBe(BINARY.byteLength);
      expect(blob!.etag).toBe(put.etag);

      expect(await store.head('models/shard-0.bin')).toEqual({
        path: 'models/shard-0.bin',
        contentType: 'application/octet-stream',
        etag: put.etag,
        size: BINARY.byteLength,
      });
    });

    it('stores a string as its UTF-8 bytes under the given content type', async () => {
      const text = '{"statement":"There is a yellow ▲ — naïve"}';
      await store.put('shares/s1.json', text, { contentType: 'application/json; charset=utf-8' });
      const blob = await store.get('shares/s1.json');
      expect(blob!.contentType).toBe('application/json; charset=utf-8');
      expect(new TextDecoder().decode(blob!.body)).toBe(text);
      expect(blob!.size).toBe(new TextEncoder().encode(text).byteLength);
    });

    it('answers null for a blob that was never written', async () => {
      expect(await store.get('nothing/here.bin')).toBeNull();
      expect(await store.head('nothing/here.bin')).toBeNull();
    });

    it('keeps a blob and a blob below it apart', async () => {
      await store.put('a', 'outer', { contentType: 'text/plain' });
      await store.put('a/b', 'inner', { contentType: 'text/plain' });
      expect(new TextDecoder().decode((await store.get('a'))!.body)).toBe('outer');
      expect(new TextDecoder().decode((await store.get('a/b'))!.body)).toBe('inner');
    });

    it('is write-once: different bytes at an existing path throw and leave the original', async () => {
      await store.put('w/once.txt', 'first', { contentType: 'text/plain' });
      await expect(store.put('w/once.txt', 'second', { contentType: 'text/plain' })).rejects.toBeInstanceOf(BlobExistsError);
      expect(new TextDecoder().decode((await store.get('w/once.txt'))!.body)).toBe('first');
    });

    it('is write-once for the content type too', async () => {
      await store.put('w/typed', 'same', { contentType: 'text/plain' });
      await expect(store.put('w/typed', 'same', { contentType: 'application/json' })).rejects.toBeInstanceOf(BlobExistsError);
      expect((await store.head('w/typed'))!.contentType).toBe('text/plain');
    });

    it('treats putting the same bytes again as a no-op', async () => {
      const first = await store.put('w/same.bin', BINARY, { contentType: 'application/octet-stream' });
      const again = await store.put('w/same.bin', BINARY.slice(), { contentType: 'application/octet-stream' });
      expect(again).toEqual(first);
      expect(await store.list('w/')).toEqual(['w/same.bin']);
    });

    it('deletes, and deleting a missing blob is not an error', async () => {
      await store.put('d/gone.txt', 'bye', { contentType: 'text/plain' });
      await store.put('d/kept.txt', 'stay', { contentType: 'text/plain' });
      await store.delete('d/gone.txt');
      expect(await store.get('d/gone.txt')).toBeNull();
      expect(await store.head('d/gone.txt')).toBeNull();
      expect(await store.list('d/')).toEqual(['d/kept.txt']);
      await store.delete('d/gone.txt');
      await store.delete('d/never');
      // Write-once binds the bytes a path holds, not the path forever: after a delete it can be reused.
      await store.put('d/gone.txt', 'back', { contentType: 'text/plain' });
      expect(new TextDecoder().decode((await store.get('d/gone.txt'))!.body)).toBe('back');
    });

    it('lists by plain string prefix, sorted, across more than one page', async () => {
      const many = Array.from({ length: 3 * FAKE_PAGE_SIZE + 1 }, (_, i) => `many/a-${String(i).padStart(2, '0')}`);
      for (const p of [...many].reverse()) await store.put(p, p, { contentType: 'text/plain' });
      await store.put('many/b-0', 'b', { contentType: 'text/plain' });
      await store.put('many-other/x', 'x', { contentType: 'text/plain' });
      await store.put('man/y', 'y', { contentType: 'text/plain' });

      expect(await store.list('many/a-')).toEqual(many);
      expect(await store.list('many/')).toEqual([...many, 'many/b-0']);
      // Sorted by code unit, as Vercel Blob lists: '-' (0x2d) comes before '/' (0x2f).
      expect(await store.list('many')).toEqual(['many-other/x', ...many, 'many/b-0']);
      expect(await store.list('')).toEqual(['man/y', 'many-other/x', ...many, 'many/b-0']);
      expect(await store.list('none/')).toEqual([]);
    });

    it('rejects invalid paths on every operation before touching the backend', async () => {
      for (const bad of INVALID_PATHS) {
        await expect(store.put(bad, 'x', { contentType: 'text/plain' }), bad).rejects.toBeInstanceOf(InvalidBlobPathError);
        await expect(store.get(bad), bad).rejects.toBeInstanceOf(InvalidBlobPathError);
        await expect(store.head(bad), bad).rejects.toBeInstanceOf(InvalidBlobPathError);
        await expect(store.delete(bad), bad).rejects.toBeInstanceOf(InvalidBlobPathError);
        expect(() => store.url(bad), bad).toThrow(InvalidBlobPathError);
      }
      for (const bad of ['/models', '../', 'a//', 'A', 'x/..']) {
        await expect(store.list(bad), bad).rejects.toBeInstanceOf(InvalidBlobPathError);
      }
      expect(await store.list('')).toEqual([]);
    });

    it('writes immutable blobs under their SHA-256', async () => {
      const first = await putImmutable(store, 'models', BINARY, '.onnx', 'application/octet-stream');
      expect(first.path).toBe(`models/${sha256Hex(BINARY)}.onnx`);
      expect(first.path).toBe(contentAddressedPath('models', BINARY, '.onnx'));
      expect(await putImmutable(store, 'models', BINARY, '.onnx', 'application/octet-stream')).toEqual(first);
      expect((await store.get(first.path))!.body).toEqual(BINARY);
      expect(() => contentAddressedPath('models', BINARY, '/../x')).toThrow(InvalidBlobPathError);
      expect(() => contentAddressedPath('../models', BINARY, '.onnx')).toThrow(InvalidBlobPathError);
    });
  });
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'blob-contract-'));
}

storeContract('local filesystem', async () => {
  const dir = await tempDir();
  return { store: createLocalBlobStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
});

storeContract('Vercel Blob SDK against a local fake', async () => {
  const fake = await startFakeVercelBlob({ pageSize: FAKE_PAGE_SIZE });
  vi.stubEnv('VERCEL_BLOB_API_URL', fake.apiUrl);
  // The SDK retries failed calls with backoff; a broken fake should fail the test at once.
  vi.stubEnv('VERCEL_BLOB_RETRIES', '0');
  return {
    store: createVercelBlobStore({ token: fake.token, publicBaseUrl: fake.publicBaseUrl }),
    close: async () => {
      vi.unstubAllEnvs();
      await fake.close();
    },
  };
});

describe('local driver specifics', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores blobs under BLOB_DIR-style roots and serves them at /blob/<path>', () => {
    expect(createLocalBlobStore(dir).url('models/x.onnx')).toBe('/blob/models/x.onnx');
  });

  it('never shows what a crash mid-write leaves behind, and can still write the blob afterwards', async () => {
    const store = createLocalBlobStore(dir);
    const bytes = new TextEncoder().encode('whole');
    await mkdir(path.join(dir, 'crash'), { recursive: true });
    // A crash after the bytes were renamed into place but before the metadata was committed…
    await writeFile(path.join(dir, 'crash', `half.txt@${sha256Hex(bytes)}`), bytes);
    // …and one while a temp file was still being written.
    await writeFile(path.join(dir, 'crash', 'temp.txt@tmp-0000'), 'partial');

    expect(await store.head('crash/half.txt')).toBeNull();
    expect(await store.get('crash/temp.txt')).toBeNull();
    expect(await store.list('crash/')).toEqual([]);

    await store.put('crash/half.txt', bytes, { contentType: 'text/plain' });
    expect((await store.get('crash/half.txt'))!.body).toEqual(bytes);
  });

  it('lets exactly one of two racing writers of different bytes win, leaving no stray files', async () => {
    const store = createLocalBlobStore(dir);
    const results = await Promise.allSettled(
      ['left', 'right'].map((text) => store.put('race/blob.txt', text, { contentType: 'text/plain' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(BlobExistsError);

    const stored = await store.get('race/blob.txt');
    expect(stored!.etag).toBe(won[0]!.value.etag);
    expect((await readdir(path.join(dir, 'race'))).sort()).toEqual([`blob.txt@${stored!.etag}`, 'blob.txt@meta.json']);
  });

  it('lets racing writers of the same bytes both succeed', async () => {
    const store = createLocalBlobStore(dir);
    const [a, b] = await Promise.all([1, 2].map(() => store.put('race/same.bin', BINARY, { contentType: 'application/octet-stream' })));
    expect(a).toEqual(b);
    expect((await store.get('race/same.bin'))!.body).toEqual(BINARY);
  });

  it('reports an unreadable store as unavailable', async () => {
    const file = path.join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    await expect(createLocalBlobStore(file).put('a/b', 'x', { contentType: 'text/plain' })).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
  });
});

describe('Vercel driver specifics', () => {
  let fake: FakeVercelBlob;
  let store: BlobStore;
  beforeEach(async () => {
    fake = await startFakeVercelBlob();
    vi.stubEnv('VERCEL_BLOB_API_URL', fake.apiUrl);
    vi.stubEnv('VERCEL_BLOB_RETRIES', '0');
    store = createVercelBlobStore({ token: fake.token, publicBaseUrl: fake.publicBaseUrl });
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await fake.close();
  });

  it('uploads public blobs that CDNs may cache for a year', async () => {
    const { url } = await store.put('models/m.json', '{}', { contentType: 'application/json' });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('derives public URLs from the store id in the token by default', () => {
    const real = createVercelBlobStore({ token: 'vercel_blob_rw_AbC123xyz_secretpart' });
    expect(real.url('models/x.onnx')).toBe('https://abc123xyz.public.blob.vercel-storage.com/models/x.onnx');
    expect(() => createVercelBlobStore({ token: 'not-a-token' })).toThrow(/vercel_blob_rw_/);
  });

  it('maps an outage and a rejected token to StorageUnavailableError', async () => {
    await store.put('up/a.txt', 'a', { contentType: 'text/plain' });
    fake.failNext(1);
    await expect(store.head('up/a.txt')).rejects.toBeInstanceOf(StorageUnavailableError);
    fake.failNext(1);
    await expect(store.list('up/')).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await store.list('up/')).toEqual(['up/a.txt']);

    const wrongToken = createVercelBlobStore({ token: 'vercel_blob_rw_fakestore_wrong', publicBaseUrl: fake.publicBaseUrl });
    await expect(wrongToken.put('up/b.txt', 'b', { contentType: 'text/plain' })).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});

describe('getBlobStore', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function freshGetBlobStore() {
    vi.resetModules();
    return (await import('@/lib/server/storage')).getBlobStore;
  }

  it('uses the local driver under BLOB_DIR without a token, and Vercel Blob with one', async () => {
    const dir = await tempDir();
    try {
      vi.stubEnv('BLOB_READ_WRITE_TOKEN', '');
      vi.stubEnv('BLOB_DIR', dir);
      const local = (await freshGetBlobStore())();
      expect(local.driver).toBe('local');
      await local.put('env/x.txt', 'x', { contentType: 'text/plain' });
      expect(await readdir(path.join(dir, 'env'))).toContain('x.txt@meta.json');

      vi.stubEnv('BLOB_READ_WRITE_TOKEN', 'vercel_blob_rw_store1_secret');
      expect((await freshGetBlobStore())().driver).toBe('vercel');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed token loudly', async () => {
    vi.stubEnv('BLOB_READ_WRITE_TOKEN', 'oops');
    const getBlobStore = await freshGetBlobStore();
    expect(() => getBlobStore()).toThrow(/BLOB_READ_WRITE_TOKEN/);
  });
});

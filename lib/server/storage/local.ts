import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as z from '@/lib/core/zod';
import { sha256Hex } from '@/lib/server/hash';
import { assertBlobPath, assertBlobPrefix, toBytes } from './paths';
import { BlobExistsError, StorageError, StorageUnavailableError, type BlobMetadata, type BlobStore } from './types';

/**
 * Layout under the root, for a blob at `models/abc.onnx`:
 *   models/abc.onnx@meta.json   { contentType, etag, size } — its existence is what makes the blob exist
 *   models/abc.onnx@<sha256>    the bytes
 *   models/abc.onnx@tmp-<uuid>  in-flight writes
 * '@' never occurs in a valid path, so these names cannot collide with a blob or a directory.
 * The bytes are renamed into place first and the metadata is linked last: link() refuses to replace,
 * so of two racing writers exactly one commits, and a crash at any point leaves either no blob or a whole one.
 */
const META_SUFFIX = '@meta.json';

const metaSchema = z.object({
  contentType: z.string().min(1),
  etag: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});
type Meta = z.infer<typeof metaSchema>;

export const DEFAULT_LOCAL_BLOB_DIR = '.data/blob';

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function unavailable(error: unknown): StorageError {
  return error instanceof StorageError ? error : new StorageUnavailableError('local blob store failed', { cause: error });
}

/** Writes to a fresh file and flushes it, so a rename or link of it never exposes partial bytes. */
async function writeFlushed(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export function createLocalBlobStore(root: string = DEFAULT_LOCAL_BLOB_DIR): BlobStore {
  // turbopackIgnore: the store is runtime data, not part of the server bundle.
  const base = path.resolve(/*turbopackIgnore: true*/ root);
  const file = (blobPath: string, suffix: string) => path.join(base, `${blobPath}@${suffix}`);
  const metaFile = (blobPath: string) => path.join(base, blobPath + META_SUFFIX);

  async function readMeta(blobPath: string): Promise<Meta | null> {
    try {
      return metaSchema.parse(JSON.parse(await readFile(metaFile(blobPath), 'utf8')));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw unavailable(error);
    }
  }

  const url = (blobPath: string) => `/blob/${assertBlobPath(blobPath)}`;

  async function commit(blobPath: string, bytes: Uint8Array, meta: Meta): Promise<void> {
    await mkdir(path.dirname(metaFile(blobPath)), { recursive: true });
    const dataTmp = file(blobPath, `tmp-${randomUUID()}`);
    const metaTmp = file(blobPath, `tmp-${randomUUID()}`);
    try {
      await writeFlushed(dataTmp, bytes);
      await rename(dataTmp, file(blobPath, meta.etag));
      await writeFlushed(metaTmp, new TextEncoder().encode(JSON.stringify(meta)));
      await link(metaTmp, metaFile(blobPath));
    } finally {
      await Promise.all([rm(dataTmp, { force: true }), rm(metaTmp, { force: true })]);
    }
  }

  const sameBlob = (a: Meta, b: Meta) => a.etag === b.etag && a.contentType === b.contentType;

  return {
    driver: 'local',
    url,

    async put(blobPath, body, { contentType }) {
      assertBlobPath(blobPath);
      const bytes = toBytes(body);
      const meta: Meta = { contentType, etag: sha256Hex(bytes), size: bytes.byteLength };
      const result = { path: blobPath, url: url(blobPath), etag: meta.etag };
      const existing = await readMeta(blobPath);
      if (existing) {
        if (sameBlob(existing, meta)) return result;
        throw new BlobExistsError(blobPath);
      }
      try {
        await commit(blobPath, bytes, meta);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw unavailable(error);
        // A concurrent put committed first.
        const winner = await readMeta(blobPath);
        if (winner && sameBlob(winner, meta)) return result;
        if (winner?.etag !== meta.etag) await rm(file(blobPath, meta.etag), { force: true });
        throw new BlobExistsError(blobPath);
      }
      return result;
    },

    async head(blobPath): Promise<BlobMetadata | null> {
      const meta = await readMeta(assertBlobPath(blobPath));
      return meta && { path: blobPath, ...meta };
    },

    async get(blobPath) {
      const meta = await readMeta(assertBlobPath(blobPath));
      if (!meta) return null;
      try {
        return { path: blobPath, ...meta, body: new Uint8Array(await readFile(file(blobPath, meta.etag))) };
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null; // deleted between the two reads
        throw unavailable(error);
      }
    },

    async list(prefix) {
      assertBlobPrefix(prefix);
      const dir = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      let entries: string[];
      try {
        entries = await readdir(/*turbopackIgnore: true*/ path.join(base, dir), { recursive: true });
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return [];
        throw unavailable(error);
      }
      return entries
        .filter((entry) => entry.endsWith(META_SUFFIX))
        .map((entry) => dir + entry.slice(0, -META_SUFFIX.length).split(path.sep).join('/'))
        .filter((blobPath) => blobPath.startsWith(prefix))
        .sort();
    },

    async delete(blobPath) {
      const meta = await readMeta(assertBlobPath(blobPath));
      if (!meta) return;
      try {
        await rm(metaFile(blobPath), { force: true });
        await rm(file(blobPath, meta.etag), { force: true });
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

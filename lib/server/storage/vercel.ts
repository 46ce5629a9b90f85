import { BlobNotFoundError, del, head, list, put } from '@vercel/blob';
import { assertBlobPath, assertBlobPrefix, PRIVATE_PREFIX, toBytes } from './paths';
import {
  BlobExistsError,
  StorageError,
  StorageUnavailableError,
  type BlobMetadata,
  type BlobStore,
  type StoredBlob,
} from './types';

/**
 * Vercel Blob through the official SDK. The SDK sends its API calls to `VERCEL_BLOB_API_URL`
 * (default https://vercel.com/api/blob), read from the environment on every call; tests point it
 * at a local fake. Reads fetch the blob's public CDN URL, which the SDK's `get()` would refuse for
 * any host but *.blob.vercel-storage.com.
 */
export interface VercelBlobStoreOptions {
  /** A read-write token, `vercel_blob_rw_<storeId>_<secret>`. */
  token: string;
  /** Origin and path that public blob URLs start with; by default the store's CDN host. */
  publicBaseUrl?: string;
}

/** Blobs never change, so caches may keep them as long as they like (the local route sends the same). */
const CACHE_MAX_AGE_S = 31_536_000;

function storeCdnBase(token: string): string {
  const storeId = token.split('_')[3];
  if (!token.startsWith('vercel_blob_rw_') || !storeId) {
    throw new StorageError('Vercel Blob token must look like vercel_blob_rw_<storeId>_<secret>');
  }
  return new URL(`https://${storeId}.public.blob.vercel-storage.com`).origin;
}

function unavailable(operation: string, error: unknown): StorageError {
  return error instanceof StorageError ? error : new StorageUnavailableError(`Vercel Blob ${operation} failed`, { cause: error });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export function createVercelBlobStore({ token, publicBaseUrl }: VercelBlobStoreOptions): BlobStore {
  const base = (publicBaseUrl ?? storeCdnBase(token)).replace(/\/+$/, '');
  const url = (blobPath: string) => `${base}/${assertBlobPath(blobPath)}`;

  async function headBlob(blobPath: string): Promise<(BlobMetadata & { url: string }) | null> {
    try {
      const meta = await head(assertBlobPath(blobPath), { token });
      return { path: blobPath, contentType: meta.contentType, etag: meta.etag, size: meta.size, url: meta.url };
    } catch (error) {
      if (error instanceof BlobNotFoundError) return null;
      throw unavailable('head', error);
    }
  }

  async function fetchBody(meta: BlobMetadata & { url: string }): Promise<Uint8Array<ArrayBuffer>> {
    try {
      const response = await fetch(meta.url);
      if (!response.ok) throw new Error(`GET ${meta.url} answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw unavailable('download', error);
    }
  }

  return {
    driver: 'vercel',
    url,

    async put(blobPath, body, { contentType }) {
      assertBlobPath(blobPath);
      // Every Vercel Blob upload here is public (a CDN URL anyone can fetch), so nothing under
      // private/ is ever uploaded: the local store keeps such blobs off /blob/, this store cannot.
      if (blobPath.startsWith(PRIVATE_PREFIX)) throw new StorageError(`refusing to upload ${blobPath} with public access`);
      const bytes = toBytes(body);
      try {
        const result = await put(blobPath, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
          access: 'public',
          addRandomSuffix: false,
          allowOverwrite: false,
          contentType,
          cacheControlMaxAge: CACHE_MAX_AGE_S,
          token,
        });
        return { path: result.pathname, url: result.url, etag: result.etag };
      } catch (error) {
        // The API reports an existing path as a generic bad request, so look rather than parse its message.
        const existing = await headBlob(blobPath);
        if (!existing) throw unavailable('put', error);
        const same =
          existing.contentType === contentType &&
          existing.size === bytes.byteLength &&
          sameBytes(await fetchBody(existing), bytes);
        if (!same) throw new BlobExistsError(blobPath);
        return { path: blobPath, url: existing.url, etag: existing.etag };
      }
    },

    async head(blobPath) {
      const meta = await headBlob(blobPath);
      return meta && { path: meta.path, contentType: meta.contentType, etag: meta.etag, size: meta.size };
    },

    async get(blobPath): Promise<StoredBlob | null> {
      // head() asks the API, not the CDN, so a deleted blob is not served from a stale edge cache.
      const meta = await headBlob(blobPath);
      if (!meta) return null;
      const body = await fetchBody(meta);
      return { path: meta.path, contentType: meta.contentType, etag: meta.etag, size: meta.size, body };
    },

    async list(prefix) {
      assertBlobPrefix(prefix);
      const paths: string[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = await list({ prefix, cursor, token });
          paths.push(...page.blobs.map((blob) => blob.pathname));
          cursor = page.hasMore ? page.cursor : undefined;
        } while (cursor);
      } catch (error) {
        throw unavailable('list', error);
      }
      return paths.sort();
    },

    async delete(blobPath) {
      try {
        await del(assertBlobPath(blobPath), { token });
      } catch (error) {
        throw unavailable('delete', error);
      }
    },
  };
}

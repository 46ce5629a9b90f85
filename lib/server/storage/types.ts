import { brand, hasBrand } from '@/lib/core/errors';

/**
 * The blob store contract shared by every driver (local filesystem, Vercel Blob).
 * Blobs are write-once: a path, once written, always holds the same bytes and content type.
 */

export interface BlobMetadata {
  path: string;
  contentType: string;
  /** Opaque validator that changes whenever the bytes would; the local driver uses the SHA-256 hex. */
  etag: string;
  size: number;
}

export interface StoredBlob extends BlobMetadata {
  /** Backed by a plain ArrayBuffer, so it can go straight into a Response or Blob. */
  body: Uint8Array<ArrayBuffer>;
}

export interface PutResult {
  path: string;
  url: string;
  etag: string;
}

export interface BlobStore {
  readonly driver: 'local' | 'vercel';
  /**
   * Writes a new blob. Putting the same bytes and content type again is a no-op that returns the
   * existing blob; anything else at an existing path throws BlobExistsError.
   */
  put(path: string, body: Uint8Array | string, opts: { contentType: string }): Promise<PutResult>;
  get(path: string): Promise<StoredBlob | null>;
  head(path: string): Promise<BlobMetadata | null>;
  /** Every path starting with `prefix` (a plain string prefix, as in Vercel Blob), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes a blob; deleting a missing path is not an error. */
  delete(path: string): Promise<void>;
  /** The public URL the browser fetches the blob from. */
  url(path: string): string;
}

export class StorageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BlobExistsError extends StorageError {
  constructor(readonly path: string) {
    super(`blob already exists with different content: ${path}`);
  }
}

export class InvalidBlobPathError extends StorageError {
  constructor(readonly path: string, reason: string) {
    super(`invalid blob path ${JSON.stringify(path.slice(0, 80))}: ${reason}`);
  }
}

const UNAVAILABLE = brand('StorageUnavailableError');

/** The backend failed or could not be reached; the edge maps it to 503. */
export class StorageUnavailableError extends StorageError {
  readonly [UNAVAILABLE] = true;
}

/** Whichever Next.js bundle threw it (lib/core/errors.ts). */
export const isStorageUnavailable = (err: unknown): err is StorageUnavailableError => hasBrand(err, UNAVAILABLE);

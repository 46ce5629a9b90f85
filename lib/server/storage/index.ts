import { serverEnv } from '@/lib/server/env';
import { createLocalBlobStore } from './local';
import type { BlobStore } from './types';
import { createVercelBlobStore } from './vercel';

export * from './types';
export { assertBlobPath, contentAddressedPath, isPublicBlobPath, isValidBlobPath, PUBLIC_PREFIXES, putImmutable } from './paths';

let store: BlobStore | undefined;

/** Vercel Blob when BLOB_READ_WRITE_TOKEN is set, else the local filesystem under BLOB_DIR (default .data/blob). */
export function getBlobStore(): BlobStore {
  if (store) return store;
  const env = serverEnv();
  store = env.BLOB_READ_WRITE_TOKEN
    ? createVercelBlobStore({ token: env.BLOB_READ_WRITE_TOKEN })
    : createLocalBlobStore(env.BLOB_DIR);
  return store;
}

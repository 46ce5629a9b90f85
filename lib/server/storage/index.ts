import { z } from 'zod';
import { createLocalBlobStore } from './local';
import type { BlobStore } from './types';
import { createVercelBlobStore } from './vercel';

export * from './types';
export { assertBlobPath, contentAddressedPath, isPublicBlobPath, isValidBlobPath, PUBLIC_PREFIXES, putImmutable } from './paths';

/** An empty variable counts as unset, as it does in most deployment dashboards. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  BLOB_READ_WRITE_TOKEN: optional(
    z.string().regex(/^vercel_blob_rw_[A-Za-z0-9]+_\S+$/, 'expected vercel_blob_rw_<storeId>_<secret>'),
  ),
  BLOB_DIR: optional(z.string()),
});

let store: BlobStore | undefined;

/** Vercel Blob when BLOB_READ_WRITE_TOKEN is set, else the local filesystem under BLOB_DIR (default .data/blob). */
export function getBlobStore(): BlobStore {
  if (store) return store;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid blob storage environment: ${z.prettifyError(parsed.error)}`);
  const env = parsed.data;
  store = env.BLOB_READ_WRITE_TOKEN
    ? createVercelBlobStore({ token: env.BLOB_READ_WRITE_TOKEN })
    : createLocalBlobStore(env.BLOB_DIR);
  return store;
}

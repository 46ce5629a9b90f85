import { sha256Hex } from '@/lib/server/hash';
import { InvalidBlobPathError, type BlobStore, type PutResult } from './types';

/** Total length stays far below Vercel Blob's 950, and a segment plus the local driver's suffixes below NAME_MAX (255). */
export const MAX_BLOB_PATH_LENGTH = 512;
const MAX_SEGMENT_LENGTH = 128;
const SEGMENT = '[a-z0-9][a-z0-9._-]*';
const PATH_RE = new RegExp(`^${SEGMENT}(/${SEGMENT})*$`);
/** A prefix is whole segments, each followed by '/', then optionally the start of one more segment. */
const PREFIX_RE = new RegExp(`^(${SEGMENT}/)*(${SEGMENT})?$`);
const EXT_RE = /^(\.[a-z0-9]+)*$/;

function pathProblem(path: string, re: RegExp): string | null {
  if (path.length > MAX_BLOB_PATH_LENGTH) return `longer than ${MAX_BLOB_PATH_LENGTH} characters`;
  if (!re.test(path)) return 'not lowercase [a-z0-9._-] segments separated by single slashes';
  if (path.includes('..')) return 'contains ".."';
  if (path.split('/').some((s) => s.length > MAX_SEGMENT_LENGTH)) return `a segment is longer than ${MAX_SEGMENT_LENGTH}`;
  return null;
}

export function isValidBlobPath(path: string): boolean {
  return pathProblem(path, PATH_RE) === null;
}

/**
 * The prefixes a browser may fetch: rendered scenes, packs without labels, published models, shares.
 * Anything else (e.g. `private/…`) is never served by /blob/ nor uploaded with public access.
 */
export const PUBLIC_PREFIXES = ['images/', 'packs/', 'models/', 'shares/'] as const;

/** Server-only blobs; the Vercel driver, whose uploads are all public, refuses them. */
export const PRIVATE_PREFIX = 'private/';

export function isPublicBlobPath(path: string): boolean {
  return isValidBlobPath(path) && PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export function assertBlobPath(path: string): string {
  const problem = pathProblem(path, PATH_RE);
  if (problem) throw new InvalidBlobPathError(path, problem);
  return path;
}

/** Prefixes for list(): '' (everything), 'models/', 'models/ab'. */
export function assertBlobPrefix(prefix: string): string {
  const problem = pathProblem(prefix, PREFIX_RE);
  if (problem) throw new InvalidBlobPathError(prefix, problem);
  return prefix;
}

export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

export function contentAddressedPath(prefix: string, bytes: Uint8Array, ext: string): string {
  if (!EXT_RE.test(ext)) throw new InvalidBlobPathError(ext, 'extension must look like ".onnx" or ".json.gz"');
  return assertBlobPath(`${prefix}/${sha256Hex(bytes)}${ext}`);
}

/** Writes bytes under their own hash, so re-publishing identical content is a no-op. */
export function putImmutable(
  store: BlobStore,
  prefix: string,
  bytes: Uint8Array,
  ext: string,
  contentType: string,
): Promise<PutResult> {
  return store.put(contentAddressedPath(prefix, bytes, ext), bytes, { contentType });
}

import 'server-only';
import { randomBytes } from 'node:crypto';
import { UniqueViolationError, type Db } from '@/lib/server/db';
import { ApiError } from '@/lib/server/http';
import { consume, limits } from '@/lib/server/rate-limit';
import type { BlobStore } from '@/lib/server/storage';
import { shareDocSchema, type ShareDoc } from '@/lib/core/game/share';

const SHARE_ID = /^[0-9a-f]{32}$/;
const blobPath = (id: string) => `shares/${id}.json`;

/** Scene images must be this store's own content-addressed PNGs: no foreign URLs, no `javascript:`. */
export function assertStoreImages(store: BlobStore, doc: ShareDoc): void {
  for (const side of ['left', 'right'] as const) {
    for (const url of [doc.challenge[side].imageUrl, doc.challenge[side].displayUrl]) {
      const hash = /\/images\/([0-9a-f]{64})\.png$/.exec(url)?.[1];
      if (!hash || store.url(`images/${hash}.png`) !== url) {
        throw new ApiError(422, `The ${side} image must be one of this site's scene images.`, { issues: [{ path: `challenge.${side}`, message: 'not a scene image of this site' }] });
      }
    }
  }
}

interface NewShare {
  doc: ShareDoc;
  clientKey: string;
  /** Client-scoped Idempotency-Key hash, or null. */
  idempotencyKey: string | null;
  requestHash: string;
}

async function byIdempotencyKey(db: Db, key: string) {
  const [row] = await db.query<{ id: string; request_hash: string }>('SELECT id, request_hash FROM shares WHERE idempotency_key = $1', [key]);
  return row;
}

function sameRequest(row: { id: string; request_hash: string }, requestHash: string): string {
  if (row.request_hash !== requestHash) throw new ApiError(409, 'This Idempotency-Key was already used with a different document.');
  return row.id;
}

/**
 * Writes the document as an immutable blob under a fresh 128-bit id, then the row that makes it
 * resolvable. A share exists iff its row does: if the row cannot be written the blob is removed
 * (and is unreachable anyway). Returns the id and whether it was a retry of an earlier request.
 */
export async function createShare(db: Db, store: BlobStore, share: NewShare): Promise<{ id: string; replayed: boolean }> {
  if (share.idempotencyKey) {
    const existing = await byIdempotencyKey(db, share.idempotencyKey);
    if (existing) return { id: sameRequest(existing, share.requestHash), replayed: true };
  }
  await consume(db, limits().share, share.clientKey);
  const id = randomBytes(16).toString('hex');
  await store.put(blobPath(id), JSON.stringify(share.doc), { contentType: 'application/json' });
  try {
    await db.transaction((tx) =>
      tx.query('INSERT INTO shares (id, blob_path, client_key, idempotency_key, request_hash) VALUES ($1, $2, $3, $4, $5)', [
        id,
        blobPath(id),
        share.clientKey,
        share.idempotencyKey,
        share.requestHash,
      ]),
    );
  } catch (err) {
    await store.delete(blobPath(id)).catch(() => undefined);
    if (err instanceof UniqueViolationError && share.idempotencyKey) {
      const winner = await byIdempotencyKey(db, share.idempotencyKey);
      if (winner) return { id: sameRequest(winner, share.requestHash), replayed: true };
    }
    throw err;
  }
  return { id, replayed: false };
}

/** The stored document, or null for an id that is malformed or unknown. */
export async function loadShare(db: Db, store: BlobStore, id: string): Promise<ShareDoc | null> {
  if (!SHARE_ID.test(id)) return null;
  const [row] = await db.query<{ blob_path: string }>('SELECT blob_path FROM shares WHERE id = $1', [id]);
  if (!row) return null;
  const blob = await store.get(row.blob_path);
  if (!blob) return null;
  return shareDocSchema.parse(JSON.parse(new TextDecoder().decode(blob.body)));
}

import 'server-only';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@/lib/core/errors';
import { isUniqueViolation, type Db } from '@/lib/server/db';
import { dailyChallenges, utcDate } from '@/lib/server/daily';
import { consume, limits } from '@/lib/server/rate-limit';
import type { BlobStore } from '@/lib/server/storage';
import { shareDocSchema, type ShareDoc } from '@/lib/core/game/share';

const SHARE_ID = /^[0-9a-f]{32}$/;
export const isShareId = (id: string) => SHARE_ID.test(id);
const blobPath = (id: string) => `shares/${id}.json`;

const refuse = (path: string, message: string) => new DomainError('invalid', message, { issues: [{ path, message }] });

/**
 * What a share may show: scene images that exist in this store (its own content-addressed PNGs: no
 * foreign URLs, no `javascript:`, none made up), and a label only for practice: never for a challenge
 * of today's daily run, whose answers are the board's until the day closes.
 */
export async function assertShareable(store: BlobStore, secret: string, doc: ShareDoc, now = Date.now()): Promise<void> {
  const urls = new Set<string>();
  for (const side of ['left', 'right'] as const) {
    for (const url of [doc.challenge[side].imageUrl, doc.challenge[side].displayUrl]) {
      const hash = /\/images\/([0-9a-f]{64})\.png$/.exec(url)?.[1];
      if (!hash || store.url(`images/${hash}.png`) !== url || !(await store.head(`images/${hash}.png`))) {
        throw refuse(`challenge.${side}`, `The ${side} image must be one of this site's scene images.`);
      }
      urls.add(url);
    }
  }
  if (doc.label === null) return;
  const daily = doc.challenge.id.startsWith('daily-') || (await dailyChallenges(store, secret, utcDate(now))).some((c) => urls.has(c.left.imageUrl) || urls.has(c.right.imageUrl));
  if (daily) throw refuse('label', "A share of a daily challenge cannot carry its answer; set label to null.");
}

interface NewShare {
  doc: ShareDoc;
  /** The server secret: today's daily challenges come from it. */
  secret: string;
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
  if (row.request_hash !== requestHash) throw new DomainError('conflict', 'This Idempotency-Key was already used with a different document.');
  return row.id;
}

/**
 * Checks the document (assertShareable), writes it as an immutable blob under a fresh 128-bit id, then,
 * in one transaction with its rate-limit count, the row that makes it resolvable. A share exists iff
 * its row does: if the row cannot be written the blob is removed (and is unreachable anyway). Returns
 * the id and whether it was a retry of an earlier request.
 */
export async function createShare(db: Db, store: BlobStore, share: NewShare): Promise<{ id: string; replayed: boolean }> {
  if (share.idempotencyKey) {
    const existing = await byIdempotencyKey(db, share.idempotencyKey);
    if (existing) return { id: sameRequest(existing, share.requestHash), replayed: true };
  }
  await assertShareable(store, share.secret, share.doc);
  const id = randomBytes(16).toString('hex');
  await store.put(blobPath(id), JSON.stringify(share.doc), { contentType: 'application/json' });
  try {
    await db.transaction(async (tx) => {
      await consume(tx, limits().share, share.clientKey);
      await tx.query('INSERT INTO shares (id, blob_path, client_key, idempotency_key, request_hash) VALUES ($1, $2, $3, $4, $5)', [
        id,
        blobPath(id),
        share.clientKey,
        share.idempotencyKey,
        share.requestHash,
      ]);
    });
  } catch (err) {
    await store.delete(blobPath(id)).catch(() => undefined);
    if (isUniqueViolation(err) && share.idempotencyKey) {
      const winner = await byIdempotencyKey(db, share.idempotencyKey);
      if (winner) return { id: sameRequest(winner, share.requestHash), replayed: true };
    }
    throw err;
  }
  return { id, replayed: false };
}

/** The stored document, or null for an id that is malformed or unknown. */
export async function loadShare(db: Db, store: BlobStore, id: string): Promise<ShareDoc | null> {
  if (!isShareId(id)) return null;
  const [row] = await db.query<{ blob_path: string }>('SELECT blob_path FROM shares WHERE id = $1', [id]);
  if (!row) return null;
  const blob = await store.get(row.blob_path);
  if (!blob) return null;
  return shareDocSchema.parse(JSON.parse(new TextDecoder().decode(blob.body)));
}

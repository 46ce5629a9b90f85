import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UniqueViolationError, type Db } from '@/lib/server/db';
import { FAMILIES } from '@/lib/core/model/manifest';
import { nlvrTruth, pairKey, type Scores, type Truth } from '@/lib/core/model/metrics';
import { ApiError } from './http';
import { consume, limits } from './rate-limit';
import type { BlobStore } from '@/lib/server/storage';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { CatalogMissingError, readCatalog } from './catalog';
import { rankedPackSchema } from '@/lib/core/game/challenge';
import { NLVR_TEST_IMAGES, RANKED_PACK } from './packs';

/**
 * The two model boards. `ranked-synthetic`: the ranked pack, whose labels only the server has.
 * `nlvr-test-p`: NLVR's human-written test-P images — its labels are public, so its board is marked
 * as such (a submission can be forged by looking them up).
 */
export const SPLITS = ['ranked-synthetic', 'nlvr-test-p'] as const;
export type SplitName = (typeof SPLITS)[number];
export const splitNameSchema = z.enum(SPLITS);

export const SPLIT_INFO: Record<SplitName, { title: string; labels: 'hidden' | 'public'; note: string }> = {
  'ranked-synthetic': {
    title: 'Synthetic, hidden labels',
    labels: 'hidden',
    note: 'Pairs generated from a server secret; labels exist only on the server. Predict each image: ids are <challenge id>:left and <challenge id>:right.',
  },
  'nlvr-test-p': {
    title: 'NLVR test-P, public labels',
    labels: 'public',
    note: "Human-written NLVR statements. NLVR's labels are public, so entries here can be forged by lookup. Predict each image: ids are NLVR identifiers.",
  },
};

export interface Split {
  name: SplitName;
  ids: string[];
  truth: Truth;
  /**
   * Where the inputs are: the public pack's URL — the ranked pack, or the NLVR test images pack
   * (`packs:build` with NLVR) — or, when no images pack was built, a note naming NLVR's test.json.
   */
  source: string;
  /** Whether `source` is a pack a browser can run the split from. */
  runnable: boolean;
}

export class SplitUnavailableError extends Error {
  constructor(name: SplitName, why: string) {
    super(`The ${name} split is not available on this server: ${why}`);
    this.name = 'SplitUnavailableError';
  }
}

const labelsSchema = z.record(z.string(), z.object({ leftLabel: z.boolean(), rightLabel: z.boolean() }));

async function readJsonBlob(store: BlobStore, path: string): Promise<unknown> {
  const blob = await store.get(path);
  if (!blob) throw new Error(`blob ${path} named by the catalog is missing`);
  return JSON.parse(new TextDecoder().decode(blob.body));
}

async function loadRanked(store: BlobStore): Promise<Split> {
  const entry = (await readCatalog()).packs.find((p) => p.name === RANKED_PACK);
  if (!entry?.labelsPath) throw new SplitUnavailableError('ranked-synthetic', 'no ranked pack (run npm run packs:build)');
  const pack = rankedPackSchema.parse(await readJsonBlob(store, entry.path));
  const labels = labelsSchema.parse(await readJsonBlob(store, entry.labelsPath));
  const images = new Map<string, boolean>();
  const groups: [string, string][] = [];
  for (const c of pack.challenges) {
    const truth = labels[c.id];
    if (!truth) throw new Error(`ranked labels lack ${c.id}`);
    const [l, r] = [`${c.id}:left`, `${c.id}:right`];
    images.set(l, truth.leftLabel).set(r, truth.rightLabel);
    groups.push([l, r]);
  }
  return { name: 'ranked-synthetic', ids: [...images.keys()], truth: { images, groups, pairs: groups }, source: store.url(entry.path), runnable: true };
}

async function loadNlvrTest(store: BlobStore): Promise<Split> {
  const dir = process.env.NLVR1_DIR;
  const file = dir && join(dir, 'test.json');
  if (!file || !existsSync(/*turbopackIgnore: true*/ file)) throw new SplitUnavailableError('nlvr-test-p', 'NLVR1_DIR does not name the NLVR files');
  const examples = await readNlvrFile(file);
  const catalog = await readCatalog().catch((err: unknown) => {
    if (err instanceof CatalogMissingError) return undefined;
    throw err;
  });
  const pack = catalog?.packs.find((p) => p.name === NLVR_TEST_IMAGES);
  return {
    name: 'nlvr-test-p',
    ids: examples.map((e) => e.identifier),
    truth: nlvrTruth(examples),
    source: pack ? store.url(pack.path) : 'NLVR test.json (https://lil.nlp.cornell.edu/nlvr/)',
    runnable: Boolean(pack),
  };
}

const cache = new Map<SplitName, Promise<Split>>();

export function loadSplit(name: SplitName, store: BlobStore): Promise<Split> {
  let pending = cache.get(name);
  if (!pending) {
    pending = name === 'ranked-synthetic' ? loadRanked(store) : loadNlvrTest(store);
    pending.catch(() => cache.delete(name));
    cache.set(name, pending);
  }
  return pending;
}

export const MAX_LISTED_IDS = 20;

/** Predictions must name every id of the split exactly once; otherwise 422 naming what is wrong. */
export function checkPredictions(split: Split, predictions: readonly { id: string; label: boolean }[]): Map<string, boolean> {
  const known = new Set(split.ids);
  const seen = new Map<string, boolean>();
  const duplicate = new Set<string>();
  const extra = new Set<string>();
  for (const p of predictions) {
    if (!known.has(p.id)) extra.add(p.id);
    else if (seen.has(p.id)) duplicate.add(p.id);
    else seen.set(p.id, p.label);
  }
  const missing = split.ids.filter((id) => !seen.has(id));
  if (missing.length || extra.size || duplicate.size) {
    const list = (ids: Iterable<string>) => [...ids].slice(0, MAX_LISTED_IDS);
    throw new ApiError(
      422,
      `Predictions must name every id of ${split.name} exactly once: ${missing.length} missing, ${extra.size} unknown, ${duplicate.size} repeated.`,
      {
        missing: list(missing),
        missingCount: missing.length,
        extra: list(extra),
        extraCount: extra.size,
        duplicate: list(duplicate),
        duplicateCount: duplicate.size,
      },
    );
  }
  return seen;
}

/**
 * Pair verdicts (optional in a submission), when given, must name every pair of the split exactly once,
 * in either order; otherwise 422 naming what is wrong. Keyed by `pairKey` in the split's order.
 */
export function checkPairs(split: Split, pairs: readonly { ids: readonly [string, string]; label: boolean }[]): Map<string, boolean> {
  const known = new Map<string, string>();
  for (const [a, b] of split.truth.pairs) known.set(pairKey(a, b), pairKey(a, b)).set(pairKey(b, a), pairKey(a, b));
  const seen = new Map<string, boolean>();
  const duplicate = new Set<string>();
  const extra = new Set<string>();
  for (const p of pairs) {
    const key = known.get(pairKey(...p.ids));
    if (!key) extra.add(pairKey(...p.ids));
    else if (seen.has(key)) duplicate.add(key);
    else seen.set(key, p.label);
  }
  const missing = [...new Set(known.values())].filter((k) => !seen.has(k));
  if (missing.length || extra.size || duplicate.size) {
    const list = (keys: Iterable<string>) => [...keys].slice(0, MAX_LISTED_IDS);
    throw new ApiError(
      422,
      `Pair verdicts must name every pair of ${split.name} exactly once: ${missing.length} missing, ${extra.size} unknown, ${duplicate.size} repeated.`,
      {
        missingPairs: list(missing),
        missingPairCount: missing.length,
        extraPairs: list(extra),
        extraPairCount: extra.size,
        duplicatePairs: list(duplicate),
        duplicatePairCount: duplicate.size,
      },
    );
  }
  return seen;
}

export const runtimeSchema = z.object({
  backend: z.enum(['webgpu', 'wasm', 'webgl', 'cpu', 'cuda', 'other']),
  adapter: z.string().max(120).default(''),
  bytes: z.number().int().nonnegative().max(2 ** 40),
  /** Mean latency per item (one pair: preprocessing and the model). */
  latencyMs: z.number().nonnegative().max(3_600_000),
  p95LatencyMs: z.number().nonnegative().max(3_600_000).optional(),
});
export type Runtime = z.infer<typeof runtimeSchema>;

export interface ModelEntry {
  publicId: string;
  split: SplitName;
  modelName: string;
  description: string;
  runtime: Runtime;
  accuracy: number;
  consistency: number;
  pairAccuracy: number | null;
  n: number;
  verified: boolean;
  createdAt: Date;
}

const COLUMNS = `public_id AS "publicId", split, model_name AS "modelName", description, runtime, accuracy, consistency,
  pair_accuracy AS "pairAccuracy", n, verified, created_at AS "createdAt"`;

export interface NewEntry {
  split: SplitName;
  modelName: string;
  description: string;
  runtime: Runtime;
  scores: Scores;
  verified: boolean;
  clientKey: string;
  idempotencyKey: string;
  requestHash: string;
}

async function byKey(db: Db, key: string) {
  const [row] = await db.query<ModelEntry & { requestHash: string }>(`SELECT ${COLUMNS}, request_hash AS "requestHash" FROM model_scores WHERE idempotency_key = $1`, [key]);
  return row;
}

function retried(row: ModelEntry & { requestHash: string }, entry: NewEntry) {
  if (row.requestHash !== entry.requestHash) throw new ApiError(409, 'This Idempotency-Key was already used for a different submission.');
  const stored: ModelEntry & { requestHash?: string } = { ...row };
  delete stored.requestHash;
  return { entry: stored, replayed: true };
}

/** Stores a scored entry and counts it against the client's daily cap, in one transaction; a retry counts once. */
export async function recordEntry(db: Db, entry: NewEntry): Promise<{ entry: ModelEntry; replayed: boolean }> {
  const existing = await byKey(db, entry.idempotencyKey);
  if (existing) return retried(existing, entry);
  try {
    const row = await db.transaction(async (tx) => {
      if (!entry.verified) await consume(tx, limits().modelScore, entry.clientKey);
      const [inserted] = await tx.query<ModelEntry>(
        `INSERT INTO model_scores (public_id, split, model_name, description, runtime, accuracy, consistency, pair_accuracy, n,
           verified, client_key, idempotency_key, request_hash)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
        [
          randomBytes(16).toString('hex'),
          entry.split,
          entry.modelName,
          entry.description,
          JSON.stringify(entry.runtime),
          entry.scores.accuracy,
          entry.scores.consistency,
          entry.scores.pairAccuracy,
          entry.scores.n,
          entry.verified,
          entry.clientKey,
          entry.idempotencyKey,
          entry.requestHash,
        ],
      );
      return inserted!;
    });
    return { entry: row, replayed: false };
  } catch (err) {
    if (!(err instanceof UniqueViolationError)) throw err;
    const winner = await byKey(db, entry.idempotencyKey);
    if (!winner) throw err;
    return retried(winner, entry);
  }
}

/** Best first: verified entries and submissions together, by accuracy then pair accuracy. */
export function modelBoard(db: Db, split: SplitName, limit = 50): Promise<ModelEntry[]> {
  return db.query<ModelEntry>(
    `SELECT ${COLUMNS} FROM model_scores WHERE split = $1 ORDER BY accuracy DESC, pair_accuracy DESC NULLS LAST, created_at LIMIT $2`,
    [split, limit],
  );
}

/** The site's shipped model families that have no verified entry on `split` yet (shown as pending). */
export async function pendingShipped(db: Db, split: SplitName): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT DISTINCT model_name AS name FROM model_scores WHERE split = $1 AND verified', [split]);
  return FAMILIES.filter((family) => !rows.some((r) => r.name === family));
}

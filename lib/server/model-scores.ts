import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DomainError } from '@/lib/core/errors';
import { isUniqueViolation, type Db } from '@/lib/server/db';
import { FAMILIES, VARIANTS } from '@/lib/core/model/manifest';
import { nlvrTruth, pairKey, type Scores, type Truth } from '@/lib/core/model/metrics';
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

export class SplitUnavailableError extends DomainError {
  constructor(name: SplitName, why: string) {
    super('not_found', `The ${name} split is not available on this server: ${why}`);
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

/**
 * Checks that `given` ([key, label] pairs) names every key of `expected` exactly once; `canonical` maps
 * a given key to the expected key it stands for (undefined: unknown). Returns canonical key → label,
 * or throws 'invalid' naming what is missing, unknown and repeated, in details named after `noun`
 * (`missing`, `missingCount`… for '', `missingPairs`, `missingPairCount`… for 'Pair').
 */
export function checkIds(
  message: string,
  expected: readonly string[],
  given: Iterable<readonly [string, boolean]>,
  canonical: (key: string) => string | undefined,
  noun: '' | 'Pair' = '',
): Map<string, boolean> {
  const seen = new Map<string, boolean>();
  const duplicate = new Set<string>();
  const extra = new Set<string>();
  for (const [key, label] of given) {
    const known = canonical(key);
    if (known === undefined) extra.add(key);
    else if (seen.has(known)) duplicate.add(known);
    else seen.set(known, label);
  }
  const missing = expected.filter((k) => !seen.has(k));
  if (missing.length || extra.size || duplicate.size) {
    const details: Record<string, unknown> = {};
    for (const [name, keys] of [['missing', missing], ['extra', [...extra]], ['duplicate', [...duplicate]]] as const) {
      details[noun ? `${name}${noun}s` : name] = keys.slice(0, MAX_LISTED_IDS);
      details[`${name}${noun}Count`] = keys.length;
    }
    throw new DomainError('invalid', `${message} exactly once: ${missing.length} missing, ${extra.size} unknown, ${duplicate.size} repeated.`, details);
  }
  return seen;
}

/** Predictions must name every id of the split exactly once. */
export function checkPredictions(split: Split, predictions: readonly { id: string; label: boolean }[]): Map<string, boolean> {
  const known = new Set(split.ids);
  return checkIds(`Predictions must name every id of ${split.name}`, split.ids, predictions.map((p) => [p.id, p.label] as const), (id) => (known.has(id) ? id : undefined));
}

/** Pair verdicts (optional in a submission), when given, must name every pair of the split exactly once, in either order; keyed by `pairKey` in the split's order. */
export function checkPairs(split: Split, pairs: readonly { ids: readonly [string, string]; label: boolean }[]): Map<string, boolean> {
  const known = new Map<string, string>();
  for (const [a, b] of split.truth.pairs) known.set(pairKey(a, b), pairKey(a, b)).set(pairKey(b, a), pairKey(a, b));
  const expected = split.truth.pairs.map(([a, b]) => pairKey(a, b));
  return checkIds(`Pair verdicts must name every pair of ${split.name}`, expected, pairs.map((p) => [pairKey(...p.ids), p.label] as const), (key) => known.get(key), 'Pair');
}

function truthPart(truth: Truth, keep: (id: string) => boolean): Truth {
  return {
    images: new Map([...truth.images].filter(([id]) => keep(id))),
    groups: truth.groups.filter((g) => g.every(keep)),
    pairs: truth.pairs.filter(([a, b]) => keep(a) && keep(b)),
  };
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
  if (row.requestHash !== entry.requestHash) throw new DomainError('conflict', 'This Idempotency-Key was already used for a different submission.');
  const stored: ModelEntry & { requestHash?: string } = { ...row };
  delete stored.requestHash;
  return { entry: stored, replayed: true };
}

const SHIPPED_NAMES = new Set(FAMILIES.flatMap((f) => [f, ...VARIANTS.map((v) => `${f}-${v}`)]));

/** A shipped model's name ('aligned', 'Aligned INT8', 'baseline_fp32'…: any case or separator). */
export function isShippedName(name: string): boolean {
  return SHIPPED_NAMES.has(name.normalize('NFKC').trim().toLowerCase().replace(/[\s_.-]+/g, '-'));
}

/**
 * Stores a scored entry and counts it against the client's daily cap, in one transaction; a retry counts
 * once. Shipped model names are reserved for verified entries, so no submission can pose as one.
 */
export async function recordEntry(db: Db, entry: NewEntry): Promise<{ entry: ModelEntry; replayed: boolean }> {
  if (!entry.verified && isShippedName(entry.modelName)) {
    throw new DomainError('invalid', `"${entry.modelName}" is the name of a model this site ships; choose another name.`, { issues: [{ path: 'model.name', message: 'reserved for the shipped models' }] });
  }
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
    if (!isUniqueViolation(err)) throw err;
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

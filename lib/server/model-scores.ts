import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '@/lib/core/zod';
import { DomainError } from '@/lib/core/errors';
import { isUniqueViolation, type Db } from '@/lib/server/db';
import { FAMILIES, VARIANTS } from '@/lib/core/model/manifest';
import { nlvrTruth, pairKey, scoreImages, type Scores, type Truth } from '@/lib/core/model/metrics';
import { SPLIT_INFO, type SplitName } from '@/lib/core/model/splits';
import type { ChallengeSpec } from '@/lib/core/world/pairs';
import { consume, limits } from './rate-limit';
import type { BlobStore } from '@/lib/server/storage';
import { nlvrDir, readNlvrFile } from './nlvr-files';
import { CatalogMissingError, readCatalog } from './catalog';
import { rankedPackSchema } from '@/lib/core/game/challenge';
import { NLVR_TEST_IMAGES, RANKED_PACK, rankedSpecs } from './packs';
import { hmac } from './secret';

export interface Split {
  name: SplitName;
  ids: string[];
  truth: Truth;
  /**
   * Hidden-label splits: the images a submission's score is reported on (the public part, half the
   * challenges, chosen by the secret); the other half ranks and is never reported before the day
   * closes. Absent: labels are public, the whole split is reported and ranks.
   */
  publicIds?: ReadonlySet<string>;
  /** The ranked split's challenges, labels included (regenerated from the secret): models:verify's inputs. */
  specs?: ChallengeSpec[];
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

async function readJsonBlob(store: BlobStore, path: string): Promise<unknown> {
  const blob = await store.get(path);
  if (!blob) throw new Error(`blob ${path} named by the catalog is missing`);
  return JSON.parse(new TextDecoder().decode(blob.body));
}

/** The public half of the ranked challenges: those whose HMAC under the secret sorts first. */
export function publicChallenges(secret: string, ids: readonly string[]): Set<string> {
  const order = ids.map((id) => ({ id, mac: hmac(secret, `ranked-part:${id}`).toString('hex') })).sort((a, b) => (a.mac < b.mac ? -1 : 1));
  return new Set(order.slice(0, Math.ceil(ids.length / 2)).map((o) => o.id));
}

/** The ranked split: the public pack's inputs; labels regenerated from the secret, stored nowhere. */
async function loadRanked(store: BlobStore, secret: string): Promise<Split> {
  const entry = (await readCatalog()).packs.find((p) => p.name === RANKED_PACK);
  if (!entry) throw new SplitUnavailableError('ranked-synthetic', 'its pack has not been published yet');
  const pack = rankedPackSchema.parse(await readJsonBlob(store, entry.path));
  const specs = rankedSpecs(secret, pack.challenges.length);
  if (pack.challenges.some((c, i) => c.id !== specs[i]!.id || c.statement !== specs[i]!.statement)) {
    console.error('ranked-synthetic: the ranked pack was built with another secret; run npm run packs:build');
    throw new SplitUnavailableError('ranked-synthetic', 'its pack is being rebuilt');
  }
  const images = new Map<string, boolean>();
  const groups: [string, string][] = [];
  for (const spec of specs) {
    const [l, r] = [`${spec.id}:left`, `${spec.id}:right`];
    images.set(l, spec.leftLabel).set(r, spec.rightLabel);
    groups.push([l, r]);
  }
  const publicIds = new Set([...publicChallenges(secret, specs.map((s) => s.id))].flatMap((id) => [`${id}:left`, `${id}:right`]));
  return { name: 'ranked-synthetic', ids: [...images.keys()], truth: { images, groups, pairs: groups }, publicIds, specs, source: store.url(entry.path), runnable: true };
}

async function loadNlvrTest(store: BlobStore): Promise<Split> {
  const file = join(nlvrDir(), 'test.json');
  if (!existsSync(/*turbopackIgnore: true*/ file)) {
    console.error(`nlvr-test-p: ${file} does not exist (NLVR1_DIR)`);
    throw new SplitUnavailableError('nlvr-test-p', 'its data is not installed');
  }
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

export function loadSplit(name: SplitName, store: BlobStore, secret: string): Promise<Split> {
  let pending = cache.get(name);
  if (!pending) {
    pending = name === 'ranked-synthetic' ? loadRanked(store, secret) : loadNlvrTest(store);
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

/** What a submission is told (`reported`: the public part) and what ranks it (`ranked`: the private part); on a public-label split both are the whole split. */
export interface SplitScores {
  reported: Scores;
  ranked: Scores;
}

export function scoreSubmission(split: Split, predictions: ReadonlyMap<string, boolean>, pairVerdicts?: ReadonlyMap<string, boolean>): SplitScores {
  const { publicIds } = split;
  if (!publicIds) {
    const all = scoreImages(split.truth, predictions, pairVerdicts);
    return { reported: all, ranked: all };
  }
  return {
    reported: scoreImages(truthPart(split.truth, (id) => publicIds.has(id)), predictions, pairVerdicts),
    ranked: scoreImages(truthPart(split.truth, (id) => !publicIds.has(id)), predictions, pairVerdicts),
  };
}

export const runtimeSchema = z.object({
  backend: z.enum(['webgpu', 'wasm', 'webgl', 'cpu', 'cuda', 'other']),
  adapter: z.string().max(120).default(''),
  bytes: z.number().int().nonnegative().max(2 ** 40),
  /** Mean latency per item (one pair: preprocessing and the model). */
  latencyMs: z.number().nonnegative().max(3_600_000),
  p95LatencyMs: z.number().nonnegative().max(3_600_000).optional(),
  /** Why the browser's model worker chose this backend (lib/core/model/protocol.ts ModelInfo.backendReason). */
  backendReason: z.string().max(200).optional(),
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
  scores: SplitScores;
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
           verified, client_key, idempotency_key, request_hash, rank_accuracy, rank_consistency, rank_pair_accuracy)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${COLUMNS}`,
        [
          randomBytes(16).toString('hex'),
          entry.split,
          entry.modelName,
          entry.description,
          JSON.stringify(entry.runtime),
          entry.scores.reported.accuracy,
          entry.scores.reported.consistency,
          entry.scores.reported.pairAccuracy,
          entry.scores.reported.n,
          entry.verified,
          entry.clientKey,
          entry.idempotencyKey,
          entry.requestHash,
          entry.scores.ranked.accuracy,
          entry.scores.ranked.consistency,
          entry.scores.ranked.pairAccuracy,
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

export interface BoardEntry extends ModelEntry {
  /** The figures that rank it: the private part on a hidden-label split, the whole split otherwise. */
  rankAccuracy: number;
  rankConsistency: number;
  rankPairAccuracy: number | null;
}

const BOARD_COLUMNS = `${COLUMNS}, rank_accuracy AS "rankAccuracy", rank_consistency AS "rankConsistency", rank_pair_accuracy AS "rankPairAccuracy"`;
const BEST_FIRST = 'rank_accuracy DESC, rank_pair_accuracy DESC NULLS LAST, created_at';

/**
 * Best first, by the ranking figures. On a public-label split: every entry. On a hidden-label split the
 * private part must not answer submissions, so a submission joins the board only once its UTC day has
 * closed (`dayStart`: today's 00:00 UTC), and only the best of each client's submissions of a day
 * does: a day of submissions from one address reveals one private score. Verified entries (the server's
 * own runs of the shipped models) are listed at once.
 */
export function modelBoard(db: Db, split: SplitName, dayStart: Date, limit = 50): Promise<BoardEntry[]> {
  if (SPLIT_INFO[split].labels === 'public') {
    return db.query<BoardEntry>(`SELECT ${BOARD_COLUMNS} FROM model_scores WHERE split = $1 ORDER BY ${BEST_FIRST} LIMIT $2`, [split, limit]);
  }
  return db.query<BoardEntry>(
    `WITH revealed AS (
       SELECT DISTINCT ON (client_key, (created_at AT TIME ZONE 'UTC')::date) *
       FROM model_scores WHERE split = $1 AND NOT verified AND created_at < $2
       ORDER BY client_key, (created_at AT TIME ZONE 'UTC')::date, ${BEST_FIRST}
     )
     SELECT ${BOARD_COLUMNS} FROM (SELECT * FROM revealed UNION ALL SELECT * FROM model_scores WHERE split = $1 AND verified) AS listed
     ORDER BY ${BEST_FIRST} LIMIT $3`,
    [split, dayStart.toISOString(), limit],
  );
}

/** One entry, public fields only (a board's "your row" when it is not listed). */
export async function getEntry(db: Db, publicId: string): Promise<ModelEntry | null> {
  if (!/^[0-9a-f]{32}$/.test(publicId)) return null;
  const [row] = await db.query<ModelEntry>(`SELECT ${COLUMNS} FROM model_scores WHERE public_id = $1`, [publicId]);
  return row ?? null;
}

/** The site's shipped model families that have no verified entry on `split` yet (shown as pending). */
export async function pendingShipped(db: Db, split: SplitName): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT DISTINCT model_name AS name FROM model_scores WHERE split = $1 AND verified', [split]);
  return FAMILIES.filter((family) => !rows.some((r) => r.name === family));
}

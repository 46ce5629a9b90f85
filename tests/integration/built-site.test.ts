import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAttention, SHARE_FORMAT } from '@/lib/core/game/share';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { createPostgresDb } from '@/lib/server/db/postgres';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { startSite, type RunningSite } from '@/lib/tools/site';
import { startCluster, type Cluster } from './server-harness';

/**
 * The built site (`next build`, then `next start` with NEXT_DIST_DIR, default .next), as a visitor
 * reaches it. Next.js bundles pages and route handlers separately, each with its own copy of the error
 * classes, and the database is opened once per process by whichever bundle asks first; tests that call
 * handlers in one module graph cannot see what that does, these can.
 *
 *   NEXT_DIST_DIR=.next-edge npx vitest run tests/integration/built-site.test.ts
 */

const SECRET = 'built-site-tests-secret-0123456789abcdef';
/** startCluster's PostgreSQL 15 (Debian's package). */
const PG_INITDB = '/usr/lib/postgresql/15/bin/initdb';

interface Site {
  url: string;
  blobDir: string;
  stop(): void;
}

async function start(dir: string, env: Record<string, string>): Promise<Site> {
  const blobDir = path.join(dir, 'blob');
  const site: RunningSite = await startSite({
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    BLOB_READ_WRITE_TOKEN: '',
    BLOB_DIR: blobDir,
    CATALOG_FILE: path.join(dir, 'catalog.json'),
    DB_DIR: path.join(dir, 'db'),
    DATABASE_URL: '',
    TOB_SECRET: SECRET,
    DAILY_MIN_ANSWER_MS: '0',
    RATE_LIMIT_SCALE: '1000', // every request comes from one address
    SITE_URL: '',
    TRUST_PROXY: '',
    ...env,
  });
  return { url: site.url, blobDir, stop: site.stop };
}

const post = (site: Site, urlPath: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${site.url}${urlPath}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

async function outcome(res: Response) {
  const body = (await res.json()) as { id?: string; entry?: { publicId: string }; error?: string };
  return { status: res.status, id: body.id ?? body.entry?.publicId, error: body.error, retryAfter: res.headers.get('retry-after') };
}

async function today(site: Site): Promise<{ token: string; challenges: PublicChallenge[] }> {
  const res = await fetch(`${site.url}/api/daily`);
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; challenges: PublicChallenge[] };
}

/** A valid `tob-share/1` document for a challenge whose images are in the site's store. */
function shareDoc(challenge: PublicChallenge, extra: Record<string, unknown> = {}) {
  const words = ['there', 'is', 'a', 'box'];
  const matrix = (objects: number) => words.map((_, w) => Array.from({ length: objects }, (_, o) => ((w + o) % 5) / 4));
  return {
    format: SHARE_FORMAT,
    challenge,
    answer: true,
    label: null,
    model: { id: 'aligned-int8', pair: 0.7, left: 0.8, right: 0.6 },
    view: { layer: 1, head: null },
    attention: { words, focus: 3, left: encodeAttention(matrix(challenge.left.boxes.length)), right: encodeAttention(matrix(challenge.right.boxes.length)) },
    ...extra,
  };
}

/** n identical requests at once: exactly one creates (201), the rest get the same thing back (200) or a conflict (409), none fails. */
async function race(n: number, send: () => Promise<Response>) {
  const results = await Promise.all(Array.from({ length: n }, async () => outcome(await send())));
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 201), statuses.join()).toHaveLength(1);
  expect(statuses.every((s) => s === 201 || s === 200 || s === 409), statuses.join()).toBe(true);
  const ids = new Set(results.filter((r) => r.status !== 409).map((r) => r.id));
  expect(ids.size, [...ids].join()).toBe(1);
  return results;
}

/** Opens the database from a page's bundle, so that route handlers then use a Db built by another bundle's code. */
async function openDbFromPage(site: Site) {
  expect((await fetch(`${site.url}/leaderboard`)).status).toBe(200);
}

function concurrencyTests(site: () => Site) {
  it('concurrent duplicate shares (one Idempotency-Key): one 201, the rest 200 with the same id, never 500', async () => {
    await openDbFromPage(site());
    const { challenges } = await today(site());
    for (let round = 0; round < 3; round++) {
      const key = `race-${randomBytes(8).toString('hex')}`;
      await race(10, () => post(site(), '/api/shares', shareDoc(challenges[round]!), { 'idempotency-key': key }));
    }
  });

  it('concurrent duplicate daily-run submissions (one round token): one 201, the rest 200, never 500', async () => {
    await openDbFromPage(site());
    for (let round = 0; round < 3; round++) {
      const { token, challenges } = await today(site());
      const body = { token, nickname: `racer ${round}`, answers: challenges.map((_, i) => i % 2 === 0) };
      await race(10, () => post(site(), '/api/daily/runs', body));
    }
  });

  it('concurrent duplicate model entries (one Idempotency-Key): one 201, the rest 200, never 500', async () => {
    await openDbFromPage(site());
    // NLVR test-P: the copy the repository ships (data/nlvr1), or NLVR1_DIR.
    const split = (await (await fetch(`${site().url}/api/models/splits/nlvr-test-p`)).json()) as { ids: string[] };
    const base = { split: 'nlvr-test-p', runtime: { backend: 'wasm', bytes: 1000, latencyMs: 3 }, predictions: split.ids.map((id) => ({ id, label: true })) };
    for (let round = 0; round < 2; round++) {
      const body = { ...base, model: { name: `racer-${round}`, description: 'built-site test' }, predictions: split.ids.map((id, i) => ({ id, label: (i + round) % 3 === 0 })) };
      const key = `race-${randomBytes(8).toString('hex')}`;
      await race(10, () => post(site(), '/api/models/scores', body, { 'idempotency-key': key }));
    }
    // A shipped model's name is for its verified entry only.
    for (const name of ['aligned', 'Baseline INT8', 'aligned_fp32']) {
      const posing = await outcome(await post(site(), '/api/models/scores', { ...base, model: { name, description: '' } }));
      expect(posing.status, name).toBe(422);
    }
    // The board marks a submission's runtime figures as the submitter's word.
    const board = await (await fetch(`${site().url}/leaderboard?tab=models&split=nlvr-test-p`)).text();
    expect(board).toMatch(/racer-0<\/td><td[^>]*>[^<]*<\/td>(<td[^>]*>[^<]*<\/td>){2}<td[^>]*>wasm \*<\/td>/);
    expect(board).toContain('Self-reported: runtime, size and latency');
  });
}

describe('the built site on PGlite', () => {
  let dir: string;
  let site: Site;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tob-built-'));
    site = await start(dir, {});
  });
  afterAll(async () => {
    site?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  concurrencyTests(() => site);

  it('answers 400 or 404, never 500, for paths that do not percent-decode', async () => {
    for (const p of ['/blob/%ff', '/blob/images/%E0%A4%A.png', '/s/%ff', '/s/%ff/og.png', '/api/daily/runs/%ff', '/daily/r/%ff', '/api/models/splits/%ff', '/%c0%af', '/leaderboard/%ff']) {
      const res = await fetch(`${site.url}${p}`);
      expect([400, 404], `${p}: ${res.status}`).toContain(res.status);
    }
  });

  it('sends the security headers with every page; no HSTS over plain HTTP, nor on an untrusted X-Forwarded-Proto', async () => {
    for (const p of ['/', '/daily', '/leaderboard', '/evaluate']) {
      const res = await fetch(`${site.url}${p}`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.status, p).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'(;|$)/);
      expect(csp).toContain("worker-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('renders a share’s Open Graph image once, stores it, and serves the same bytes immutably whatever the query', async () => {
    const { challenges } = await today(site);
    const created = await outcome(await post(site, '/api/shares', shareDoc(challenges[0]!)));
    expect(created.status).toBe(201);
    const page = await (await fetch(`${site.url}/s/${created.id}`)).text();
    expect(page).toMatch(new RegExp(`<meta property="og:image" content="[^"]*/s/${created.id}/og\\.png"`));
    const first = await fetch(`${site.url}/s/${created.id}/og.png`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const stored = await createLocalBlobStore(site.blobDir).get(`og/${created.id}.png`);
    expect(stored && Buffer.from(stored.body).equals(bytes)).toBe(true);
    for (const query of ['?v=2', '?x=1&y=2', '?']) {
      const again = await fetch(`${site.url}/s/${created.id}/og.png${query}`);
      expect(again.status).toBe(200);
      expect(Buffer.from(await again.arrayBuffer()).equals(bytes), query).toBe(true);
    }
    expect((await fetch(`${site.url}/s/${'0'.repeat(32)}/og.png`)).status).toBe(404);
    expect((await fetch(`${site.url}/s/not-an-id/og.png`)).status).toBe(404);
  });

  it('refuses shares whose images do not exist, and shares carrying the label of a daily challenge', async () => {
    const { challenges } = await today(site);
    const challenge = challenges[1]!;
    const missing = { ...challenge, left: { ...challenge.left, imageUrl: challenge.left.imageUrl.replace(/[0-9a-f]{64}/, 'f'.repeat(64)) } };
    const noImage = await outcome(await post(site, '/api/shares', shareDoc(missing)));
    expect(noImage.status).toBe(422);
    for (const doc of [shareDoc(challenge, { label: true }), shareDoc({ ...challenge, id: 'practice-1' }, { label: false })]) {
      const labelled = await outcome(await post(site, '/api/shares', doc));
      expect(labelled.status).toBe(422);
      expect(labelled.error).toMatch(/daily challenge/);
    }
  });
});

describe.skipIf(!existsSync(PG_INITDB))('the built site on Postgres', () => {
  let dir: string;
  let cluster: Cluster;
  let site: Site;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tob-built-pg-'));
    cluster = await startCluster();
    site = await start(dir, { DATABASE_URL: cluster.url, TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    site?.stop();
    await cluster?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  concurrencyTests(() => site);

  it('sends HSTS when a trusted proxy says the request came over HTTPS, and only then', async () => {
    const secure = await fetch(`${site.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/);
    expect((await fetch(`${site.url}/`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('answers 503 with Retry-After while the database is gone, writes nothing half, and recovers', async () => {
    const { challenges, token } = await today(site);
    await openDbFromPage(site);
    const shareIds = async () => {
      const db = createPostgresDb(cluster.url, { max: 1 });
      try {
        return new Set((await db.query<{ id: string }>('SELECT id FROM shares')).map((r) => r.id));
      } finally {
        await db.close();
      }
    };
    const blobCount = async () => (await createLocalBlobStore(site.blobDir).list('shares/')).length;
    const before = { rows: (await shareIds()).size, blobs: await blobCount() };
    let n = 0;
    const send = async () => {
      const key = `stop-${n}-${randomBytes(6).toString('hex')}`;
      const doc = shareDoc(challenges[n++ % challenges.length]!);
      return { key, doc, ...(await outcome(await post(site, '/api/shares', doc, { 'idempotency-key': key }))) };
    };
    const batch = (count: number) => Promise.all(Array.from({ length: count }, send));
    const outcomes = [...(await batch(10))];
    const inFlight = batch(30);
    cluster.stop();
    outcomes.push(...(await inFlight), ...(await batch(10)));
    for (const o of outcomes) {
      expect([201, 503], `${o.status} ${o.error}`).toContain(o.status);
      if (o.status === 503) {
        expect(o.retryAfter).toMatch(/^\d+$/);
        expect(o.error).toMatch(/unavailable.*nothing was saved/i);
      }
    }
    expect(outcomes.filter((o) => o.status === 503).length).toBeGreaterThanOrEqual(10);
    const run = await outcome(await post(site, '/api/daily/runs', { token, nickname: 'offline', answers: challenges.map(() => true) }));
    expect(run).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
    cluster.start();

    const rows = await shareIds();
    const acked = outcomes.filter((o) => o.status === 201);
    for (const o of acked) expect(rows.has(o.id!), `acknowledged share ${o.id} is missing`).toBe(true);
    // Nothing else was stored, and a share exists iff its row does: no blob left behind by a refused request.
    expect(rows.size - before.rows).toBe(acked.length);
    expect((await blobCount()) - before.blobs).toBe(acked.length);
    // Once it is back, retrying what was refused stores it; retrying what was acknowledged returns it.
    for (const o of outcomes) {
      let retry = await outcome(await post(site, '/api/shares', o.doc, { 'idempotency-key': o.key }));
      for (let i = 0; i < 20 && retry.status === 503; i++) {
        await new Promise((r) => setTimeout(r, 250)); // the pool's dead connections are replaced
        retry = await outcome(await post(site, '/api/shares', o.doc, { 'idempotency-key': o.key }));
      }
      expect(retry.status).toBe(o.status === 201 ? 200 : 201);
      if (o.status === 201) expect(retry.id).toBe(o.id);
    }
    expect((await shareIds()).size - before.rows).toBe(outcomes.length);
  });
});

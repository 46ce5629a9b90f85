/**
 * The boards against the attacks of issue 20, on the route modules (one module graph; the built-site
 * versions are in boards-site.test.ts): label oracles, a second daily run, seed search, private blobs,
 * forged client addresses.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/lib/server/db';
import { SPLIT_INFO } from '@/lib/core/model/splits';
import { createRng } from '@/lib/core/world/rng';
import { dailySpecs, utcDate } from '@/lib/server/daily';
import { rankedSpecs } from '@/lib/server/packs';
import { issueRoundToken } from '@/lib/server/round-token';
import { keyedRng } from '@/lib/server/secret';
import { createVercelBlobStore } from '@/lib/server/storage/vercel';
import { startFakeVercelBlob } from './fake-vercel-blob';
import { createSite, DRIVERS, jsonRequest, newClient, TEST_SECRET, type Site } from './server-harness';

describe('keyed streams', () => {
  const draw = (purpose: string, n = 64) => {
    const rng = keyedRng(TEST_SECRET, purpose);
    return Array.from({ length: n }, () => rng.next());
  };

  it('are deterministic per secret and purpose, and no two purposes share a stream', () => {
    expect(draw('daily:2026-01-01')).toEqual(draw('daily:2026-01-01'));
    const streams = ['daily:2026-01-01', 'daily:2026-01-02', 'ranked-pack'].map((p) => draw(p, 256));
    const windows = (xs: number[]) => new Set(xs.slice(0, -3).map((_, i) => xs.slice(i, i + 4).join(',')));
    for (let a = 0; a < streams.length; a++) {
      for (let b = a + 1; b < streams.length; b++) {
        const seen = windows(streams[a]!);
        // Not the same stream, nor one a shifted copy of the other (no 4-output window in common).
        expect([...windows(streams[b]!)].some((w) => seen.has(w))).toBe(false);
      }
    }
    const other = keyedRng('another-secret-another-secret-0000', 'daily:2026-01-01');
    expect(Array.from({ length: 64 }, () => other.next())).not.toEqual(draw('daily:2026-01-01'));
  });

  it('give two days, and the ranked pack and the daily run, different challenges', () => {
    const statements = (specs: { statement: string; label: boolean }[]) => specs.map((s) => `${s.statement}|${s.label}`);
    const [day1, day2] = [dailySpecs(TEST_SECRET, '2026-01-01'), dailySpecs(TEST_SECRET, '2026-01-02')];
    expect(statements(day1)).not.toEqual(statements(day2));
    expect(statements(rankedSpecs(TEST_SECRET, 10))).not.toEqual(statements(day1));
    // Each challenge is drawn once: the daily run is not a prefix of the ranked pack's stream.
    expect(new Set([...statements(day1), ...statements(rankedSpecs(TEST_SECRET, 10))]).size).toBe(20);
  });

  it('leave the mulberry32 generator of the practice packs as it was', () => {
    // The first outputs of createRng(1) before rngFromUint32 existed.
    const rng = createRng(1);
    expect(Array.from({ length: 3 }, () => rng.next())).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });
});

type Routes = Awaited<ReturnType<typeof loadRoutes>>;

async function loadRoutes() {
  vi.resetModules();
  return {
    daily: await import('@/app/api/daily/route'),
    runs: await import('@/app/api/daily/runs/route'),
    run: await import('@/app/api/daily/runs/[id]/route'),
    scores: await import('@/app/api/models/scores/route'),
    split: await import('@/app/api/models/splits/[split]/route'),
    blob: await import('@/app/blob/[...path]/route'),
    db: await import('@/lib/server/db'),
    boards: await import('@/lib/server/model-scores'),
    storage: await import('@/lib/server/storage'),
    address: await import('@/lib/server/client-address'),
  };
}

describe.each(DRIVERS)('boards on $name', ({ name, enabled }) => {
  if (!enabled) {
    it.skip('needs DATABASE_URL');
    return;
  }
  let site: Site;
  let r: Routes;
  let db: Db;
  beforeAll(async () => {
    site = await createSite(name);
    r = await loadRoutes();
    db = await r.db.getDb();
  });
  afterAll(() => site?.close());

  describe('model scores', () => {
    const entry = (predictions: { id: string; label: boolean }[], name: string) => ({
      split: 'ranked-synthetic',
      model: { name, description: '' },
      runtime: { backend: 'wasm', bytes: 1, latencyMs: 1 },
      predictions,
    });
    const ids = async () => {
      const res = await r.split.GET(new Request('http://localhost/x'), { params: Promise.resolve({ split: 'ranked-synthetic' }) });
      return ((await res.json()) as { ids: string[] }).ids;
    };

    it('answer single flips of private images with the same reply: the labels that rank are not learned', async () => {
      const all = await ids();
      const client = { 'x-forwarded-for': newClient() };
      const base = all.map((id) => ({ id, label: false }));
      const reply = async (flip: number | null, name: string) => {
        const res = await r.scores.POST(jsonRequest('/api/models/scores', entry(base.map((p, i) => (i === flip ? { ...p, label: true } : p)), name), client));
        expect(res.status).toBe(201);
        const body = (await res.json()) as { entry: Record<string, unknown>; part: string };
        expect(body.part).toBe('public');
        expect(JSON.stringify(body)).not.toMatch(/rank_|rank(Accuracy|Consistency|PairAccuracy)/);
        const { accuracy, consistency, pairAccuracy, n } = body.entry;
        return JSON.stringify({ accuracy, consistency, pairAccuracy, n });
      };
      const split = await r.boards.loadSplit('ranked-synthetic', r.storage.getBlobStore(), TEST_SECRET);
      const first = await reply(null, 'flips base');
      const privateFlips = all.map((id, i) => [id, i] as const).filter(([id]) => !split.publicIds!.has(id)).slice(0, 4);
      for (const [, i] of privateFlips) expect(await reply(i, `flip ${i}`)).toBe(first);
      // The public part does answer (that is the point of it), and it is half the split.
      expect(split.publicIds!.size).toBe(all.length / 2);
      const publicFlip = all.findIndex((id) => split.publicIds!.has(id));
      expect(await reply(publicFlip, 'public flip')).not.toBe(first);
    });

    it('rank submissions on the private part only after their day closes, one per address and day', async () => {
      const today = new Date(`${utcDate(Date.now())}T00:00:00Z`);
      const boardIds = async () => (await r.boards.modelBoard(db, 'ranked-synthetic', today)).map((e) => e.modelName);
      // Today's submissions (the test above) are not listed.
      expect((await boardIds()).filter((n) => n.startsWith('flip'))).toEqual([]);
      // Yesterday's, seen from tomorrow: the best of that address's day only, by the private part.
      await db.exec(`UPDATE model_scores SET created_at = created_at - interval '1 day' WHERE model_name LIKE 'flip%' OR model_name = 'public flip'`);
      const listed = await r.boards.modelBoard(db, 'ranked-synthetic', today);
      const flips = listed.filter((e) => e.modelName.startsWith('flip') || e.modelName === 'public flip');
      expect(flips).toHaveLength(1);
      const best = await db.query<{ rank: number }>(`SELECT max(rank_accuracy) AS rank FROM model_scores WHERE model_name LIKE 'flip%' OR model_name = 'public flip'`);
      expect(flips[0]!.rankAccuracy).toBe(best[0]!.rank);
    });
  });

  describe('daily runs', () => {
    const today = () => utcDate(Date.now());
    const labels = () => dailySpecs(TEST_SECRET, today()).map((s) => s.label);
    const tokenAged = (ago: number) => issueRoundToken(TEST_SECRET, today(), Date.now() - ago).token;

    it('rank one run per player and day; a second complete run is practice and no run shows its answers before the day closes', async () => {
      const start = await r.daily.GET(new Request('http://localhost/api/daily'));
      const setCookie = start.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^tob_player=[0-9a-f]{32}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
      const cookie = setCookie.split(';')[0]!;
      const headers = { cookie, 'x-forwarded-for': newClient() };
      const play = async (answers: boolean[], nickname: string) => {
        const res = await r.runs.POST(jsonRequest('/api/daily/runs', { token: tokenAged(20_000), nickname, answers }, headers));
        expect(res.status).toBe(201);
        return (await res.json()) as { id: string; ranked: boolean; rank: number | null; results: unknown; shareText: string; score: number };
      };
      const first = await play(labels().map((l, i) => (i < 5 ? l : !l)), 'first try');
      expect(first).toMatchObject({ ranked: true, score: 5, results: null });
      expect(first.rank).toBeGreaterThanOrEqual(1);
      expect(first.shareText).not.toMatch(/🟩|🟥/);
      const second = await play(labels(), 'second try');
      expect(second).toMatchObject({ ranked: false, rank: null, score: 10, results: null });
      expect(second.shareText).toMatch(/ 10\/10 \(practice\)\n/);
      expect(second.shareText).not.toMatch(/🟩|🟥/);
      const board = await (await import('@/lib/server/daily-runs')).humanBoard(db, 'today', today());
      expect(board.map((run) => run.nickname)).toContain('first try');
      expect(board.map((run) => run.nickname)).not.toContain('second try');
      const fetched = await r.run.GET(new Request('http://localhost/x'), { params: Promise.resolve({ id: second.id }) });
      expect(await fetched.json()).toMatchObject({ ranked: false, results: null });
      // A forged cookie is no player: practice.
      const forged = { ...headers, cookie: `tob_player=${'0'.repeat(32)}.${'A'.repeat(43)}` };
      const res = await r.runs.POST(jsonRequest('/api/daily/runs', { token: tokenAged(20_000), nickname: 'forger', answers: labels() }, forged));
      expect(await res.json()).toMatchObject({ ranked: false });
    });

    it('let racing runs of one player rank once', async () => {
      const cookie = (await r.daily.GET(new Request('http://localhost/api/daily'))).headers.get('set-cookie')!.split(';')[0]!;
      const headers = { cookie, 'x-forwarded-for': newClient() };
      const runs = await Promise.all(
        Array.from({ length: 4 }, (_, i) => r.runs.POST(jsonRequest('/api/daily/runs', { token: tokenAged(20_000), nickname: `racer ${i}`, answers: labels() }, headers))),
      );
      const bodies = (await Promise.all(runs.map((res) => res.json()))) as { ranked: boolean }[];
      expect(runs.map((res) => res.status)).toEqual([201, 201, 201, 201]);
      expect(bodies.filter((b) => b.ranked)).toHaveLength(1);
    });

    it('rank at most five runs per address and day, however many cookies it clears', async () => {
      const address = { 'x-forwarded-for': newClient() };
      const ranked = [];
      for (let i = 0; i < 7; i++) {
        const cookie = (await r.daily.GET(new Request('http://localhost/api/daily'))).headers.get('set-cookie')!.split(';')[0]!;
        const res = await r.runs.POST(jsonRequest('/api/daily/runs', { token: tokenAged(20_000), nickname: `fresh ${i}`, answers: labels() }, { ...address, cookie }));
        ranked.push(((await res.json()) as { ranked: boolean }).ranked);
      }
      expect(ranked).toEqual([true, true, true, true, true, false, false]);
    });
  });

  it('keys clients on the trusted address only', () => {
    const request = (headers: Record<string, string>) => new Request('http://localhost/', { headers });
    const { clientAddress, UNATTRIBUTED } = r.address;
    const cases: [Record<string, string>, Record<string, string>, string][] = [
      [{ TRUST_PROXY: '' }, { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8', 'x-tob-peer': '9.9.9.9' }, UNATTRIBUTED],
      [{ TRUST_PROXY: '', TOB_PEER_HEADER: '1' }, { 'x-forwarded-for': '1.2.3.4', 'x-tob-peer': '9.9.9.9' }, '9.9.9.9'],
      [{ TRUST_PROXY: '1' }, { 'x-forwarded-for': 'spoofed, 1.2.3.4' }, '1.2.3.4'],
      [{ TRUST_PROXY: '2' }, { 'x-forwarded-for': 'spoofed, 1.2.3.4, 10.0.0.1' }, '1.2.3.4'],
      [{ TRUST_PROXY: 'vercel' }, { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8' }, '5.6.7.8'],
    ];
    for (const [env, headers, expected] of cases) {
      for (const [k, v] of Object.entries({ TOB_PEER_HEADER: '', ...env })) vi.stubEnv(k, v);
      expect(clientAddress(request(headers)), JSON.stringify(env)).toBe(expected);
    }
    vi.stubEnv('TRUST_PROXY', '1');
    vi.stubEnv('TOB_PEER_HEADER', '');
  });

  it('serves no blob outside the public prefixes', async () => {
    const store = r.storage.getBlobStore();
    await store.put('private/labels.json', '{"rk-0":true}', { contentType: 'application/json' });
    const get = (path: string) => r.blob.GET(new Request(`http://localhost/blob/${path}`), { params: Promise.resolve({ path: path.split('/') }) });
    expect((await get('private/labels.json')).status).toBe(404);
    expect((await get('db/PG_VERSION')).status).toBe(404);
    const pack = (await store.list('packs/'))[0]!;
    expect((await get(pack)).status).toBe(200);
  });
});

describe('the Vercel driver', () => {
  it('never uploads a private blob (its uploads are public)', async () => {
    const fake = await startFakeVercelBlob();
    vi.stubEnv('VERCEL_BLOB_API_URL', fake.apiUrl);
    vi.stubEnv('VERCEL_BLOB_RETRIES', '0');
    try {
      const store = createVercelBlobStore({ token: fake.token, publicBaseUrl: fake.publicBaseUrl });
      await expect(store.put('private/labels.json', '{}', { contentType: 'application/json' })).rejects.toThrow(/public access/);
      expect(await store.list('')).toEqual([]);
      expect(SPLIT_INFO['ranked-synthetic'].labels).toBe('hidden');
    } finally {
      vi.unstubAllEnvs();
      await fake.close();
    }
  });
});

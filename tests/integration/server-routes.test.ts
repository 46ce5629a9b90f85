import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/lib/server/db';
import { readCatalog } from '@/lib/server/catalog';
import { rankedPackSchema, type PublicChallenge } from '@/lib/core/game/challenge';
import { dailySpecs, utcDate } from '@/lib/server/daily';
import { publicChallenges } from '@/lib/server/model-scores';
import { rankedSpecs } from '@/lib/server/packs';
import { issueRoundToken } from '@/lib/server/round-token';
import { encodeAttention, SHARE_FORMAT, type ShareDoc } from '@/lib/core/game/share';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { createSite, DRIVERS, jsonRequest, newClient, nlvrDir, TEST_SECRET, type Site } from './server-harness';

type Routes = Awaited<ReturnType<typeof loadRoutes>>;

async function loadRoutes() {
  vi.resetModules();
  return {
    shares: await import('@/app/api/shares/route'),
    daily: await import('@/app/api/daily/route'),
    runs: await import('@/app/api/daily/runs/route'),
    run: await import('@/app/api/daily/runs/[id]/route'),
    scores: await import('@/app/api/models/scores/route'),
    split: await import('@/app/api/models/splits/[split]/route'),
    db: await import('@/lib/server/db'),
    store: await import('@/lib/server/share/store'),
    storage: await import('@/lib/server/storage'),
    view: await import('@/components/share/share-view'),
  };
}

interface Counts {
  shares: number;
  runs: number;
  scores: number;
  blobs: number;
}

const HOSTILE = '<script>alert(1)</script>"\'&';

describe.each(DRIVERS)('routes on $name', ({ name, enabled }) => {
  if (!enabled) {
    it.skip('needs DATABASE_URL');
    return;
  }
  let site: Site;
  let r: Routes;
  let db: Db;
  let ranked: PublicChallenge[];

  const counts = async (): Promise<Counts> => {
    const [row] = await db.query<Omit<Counts, 'blobs'>>(
      `SELECT (SELECT count(*)::integer FROM shares) AS shares, (SELECT count(*)::integer FROM daily_runs) AS runs,
              (SELECT count(*)::integer FROM model_scores) AS scores`,
    );
    const blobs = (await createLocalBlobStore(site.env.BLOB_DIR).list('shares/')).length;
    return { ...row!, blobs };
  };
  /** Runs `fn` and checks that it changed nothing in the database or the share blobs. */
  const unchanged = async (fn: () => Promise<void>) => {
    const before = await counts();
    await fn();
    expect(await counts()).toEqual(before);
  };

  beforeAll(async () => {
    site = await createSite(name);
    r = await loadRoutes();
    db = await r.db.getDb();
    const catalog = await readCatalog(site.env.CATALOG_FILE);
    const entry = catalog.packs.find((p) => p.kind === 'ranked')!;
    const blob = await createLocalBlobStore(site.env.BLOB_DIR).get(entry.path);
    ranked = rankedPackSchema.parse(JSON.parse(new TextDecoder().decode(blob!.body))).challenges;
  });
  afterAll(() => site?.close());

  const shareDoc = (over: Partial<ShareDoc> = {}): ShareDoc => {
    const challenge = ranked[0]!;
    const words = ['there', 'is', 'a', 'blue', 'circle'];
    const matrix = (n: number) => words.map((_, w) => Array.from({ length: n }, (_, o) => ((w + o) % 5) / 4));
    return {
      format: SHARE_FORMAT,
      challenge,
      answer: true,
      label: null,
      model: { id: 'aligned-int8', pair: 0.7, left: 0.9, right: 0.8 },
      view: { layer: 1, head: null },
      attention: { words, focus: 3, left: encodeAttention(matrix(challenge.left.boxes.length)), right: encodeAttention(matrix(challenge.right.boxes.length)) },
      ...over,
    };
  };

  describe('POST /api/shares', () => {
    it('stores a valid document immutably under a 128-bit id and returns its URL', async () => {
      const before = await counts();
      const res = await r.shares.POST(jsonRequest('/api/shares', shareDoc()));
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; url: string };
      expect(body.id).toMatch(/^[0-9a-f]{32}$/);
      expect(body.url).toBe(`http://localhost/s/${body.id}`);
      expect(await counts()).toEqual({ ...before, shares: before.shares + 1, blobs: before.blobs + 1 });
      const stored = await r.store.loadShare(db, r.storage.getBlobStore(), body.id);
      expect(stored).toEqual(shareDoc());
      expect(await r.store.loadShare(db, r.storage.getBlobStore(), 'f'.repeat(32))).toBeNull();
      expect(await r.store.loadShare(db, r.storage.getBlobStore(), '../../etc/passwd')).toBeNull();
    });

    it('refuses malformed JSON, wrong shapes, foreign images and cross-origin posts, writing nothing', async () => {
      await unchanged(async () => {
        expect((await r.shares.POST(jsonRequest('/api/shares', '{"format":'))).status).toBe(400);
        expect((await r.shares.POST(jsonRequest('/api/shares', '[]'))).status).toBe(422);
        expect((await r.shares.POST(jsonRequest('/api/shares', { ...shareDoc(), model: { id: 'X Y' } }))).status).toBe(422);
        const short = shareDoc();
        short.attention.left = encodeAttention([[0.5]]);
        const res = await r.shares.POST(jsonRequest('/api/shares', short));
        expect(res.status).toBe(422);
        expect(JSON.stringify(await res.json())).toContain('attention.left');
        const bad = shareDoc();
        bad.attention.focus = 99;
        expect((await r.shares.POST(jsonRequest('/api/shares', bad))).status).toBe(422);
        for (const url of ['javascript:alert(1)', 'https://evil.example/images/' + 'a'.repeat(64) + '.png', '/blob/images/x.png']) {
          const foreign = shareDoc();
          foreign.challenge = { ...foreign.challenge, left: { ...foreign.challenge.left, displayUrl: url } };
          expect((await r.shares.POST(jsonRequest('/api/shares', foreign))).status, url).toBe(422);
        }
        expect((await r.shares.POST(jsonRequest('/api/shares', shareDoc(), { origin: 'https://evil.example' }))).status).toBe(403);
        expect((await r.shares.POST(jsonRequest('/api/shares', shareDoc(), { origin: 'null' }))).status).toBe(403);
        expect((await r.shares.POST(jsonRequest('/api/shares', shareDoc(), { 'sec-fetch-site': 'cross-site', origin: '' }))).status).toBe(403);
        expect((await r.shares.POST(jsonRequest('/api/shares', shareDoc(), { 'content-type': 'text/plain' }))).status).toBe(415);
      });
    });

    it('refuses bodies over 64 KB, by Content-Length and while streaming', async () => {
      await unchanged(async () => {
        const big = JSON.stringify({ ...shareDoc(), padding: 'x'.repeat(70_000) });
        const declared = jsonRequest('/api/shares', big);
        expect((await r.shares.POST(declared)).status).toBe(413);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
            controller.close();
          },
        });
        const streamed = new Request('http://localhost/api/shares', {
          method: 'POST',
          body: stream,
          headers: { 'content-type': 'application/json', origin: 'http://localhost' },
          duplex: 'half',
        } as RequestInit);
        expect((await r.shares.POST(streamed)).status).toBe(413);
      });
    });

    it('refuses bidi overrides and invisible characters in what the page shows', async () => {
      await unchanged(async () => {
        for (const bad of ['\u202Egnp.exe', 'zero\u200Bwidth', 'bell\u0007']) {
          const doc = shareDoc();
          doc.challenge = { ...doc.challenge, statement: bad };
          expect((await r.shares.POST(jsonRequest('/api/shares', doc))).status, JSON.stringify(bad)).toBe(422);
          const words = shareDoc();
          words.attention = { ...words.attention, words: words.attention.words.map((w, i) => (i === 1 ? bad : w)) };
          expect((await r.shares.POST(jsonRequest('/api/shares', words))).status, JSON.stringify(bad)).toBe(422);
        }
      });
    });

    it('keeps markup as text, and renders it inertly', async () => {
      const doc = shareDoc();
      doc.challenge = { ...doc.challenge, statement: HOSTILE, id: 'x<b>y</b>' };
      doc.attention = { ...doc.attention, words: doc.attention.words.map((w, i) => (i === 0 ? '<img src=x onerror=alert(1)>' : w)) };
      const res = await r.shares.POST(jsonRequest('/api/shares', doc));
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const stored = (await r.store.loadShare(db, r.storage.getBlobStore(), id))!;
      expect(stored.challenge.statement).toBe(HOSTILE);
      const html = renderToStaticMarkup(r.view.ShareView({ doc: stored }));
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('counts a retried request with the same Idempotency-Key once, also when the retries race', async () => {
      const before = await counts();
      const key = { 'idempotency-key': `share-${Date.now()}` };
      const responses = await Promise.all(Array.from({ length: 6 }, () => r.shares.POST(jsonRequest('/api/shares', shareDoc(), key))));
      const bodies = (await Promise.all(responses.map((res) => res.json()))) as { id: string }[];
      expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
      expect(responses.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(await counts()).toEqual({ ...before, shares: before.shares + 1, blobs: before.blobs + 1 });
      await unchanged(async () => {
        const other = await r.shares.POST(jsonRequest('/api/shares', shareDoc({ answer: false }), key));
        expect(other.status).toBe(409);
        expect((await r.shares.POST(jsonRequest('/api/shares', shareDoc(), { 'idempotency-key': 'no spaces!' }))).status).toBe(400);
      });
    });
  });

  describe('daily ranked run', () => {
    const today = () => utcDate(Date.now());
    const labels = () => dailySpecs(TEST_SECRET, today()).map((s) => s.label);
    /** A token issued `ago` ms before now, as if the player had spent that long. */
    const tokenAged = (ago: number) => issueRoundToken(TEST_SECRET, today(), Date.now() - ago).token;
    const submit = (body: unknown, headers: Record<string, string> = {}) => r.runs.POST(jsonRequest('/api/daily/runs', body, headers));

    it('serves the same ten challenges to everyone, without labels, with a signed token', async () => {
      const [a, b] = await Promise.all([r.daily.GET(new Request('http://localhost/api/daily')), r.daily.GET(new Request('http://localhost/api/daily'))]);
      const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { token: string; challenges: PublicChallenge[]; date: string }[];
      expect(ja!.challenges).toHaveLength(10);
      expect(ja!.challenges).toEqual(jb!.challenges);
      expect(ja!.token).not.toBe(jb!.token);
      expect(ja!.date).toBe(today());
      expect(JSON.stringify(ja)).not.toMatch(/label/i);
      expect(ja!.challenges.map((c) => c.statement)).toEqual(dailySpecs(TEST_SECRET, today()).map((s) => s.statement));
    });

    it('scores a run on the server, stores it once, and builds the share text', async () => {
      const truth = labels();
      const answers = truth.map((l, i) => (i < 7 ? l : !l));
      const before = await counts();
      const res = await submit({ token: tokenAged(20_000), nickname: '  Ｐｌａｙｅｒ   One ', answers });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; score: number; results: boolean[] | null; nickname: string; shareText: string; url: string; rank: number };
      expect(body.score).toBe(7);
      expect(body.nickname).toBe('Player One');
      // Which answers were right only after the day closes; until then the share text gives the score alone.
      expect(body.results).toBeNull();
      expect(body.url).toBe(`http://localhost/daily/r/${body.id}`);
      expect(body.shareText).toBe(`True of both? ${today()} 7/10 (practice)\n${body.url}`);
      expect(body.rank).toBeNull(); // no player cookie: practice (tests/integration/boards.test.ts plays ranked runs)
      expect(await counts()).toEqual({ ...before, runs: before.runs + 1 });
      const fetched = await r.run.GET(new Request(`http://localhost/api/daily/runs/${body.id}`), { params: Promise.resolve({ id: body.id }) });
      expect(await fetched.json()).toMatchObject({ publicId: body.id, score: 7, nickname: 'Player One', date: today() });
      const missing = await r.run.GET(new Request('http://localhost/x'), { params: Promise.resolve({ id: '0'.repeat(32) }) });
      expect(missing.status).toBe(404);
    });

    it('refuses malformed, wrong-shaped and oversize bodies, writing nothing', async () => {
      await unchanged(async () => {
        expect((await submit('{nope')).status).toBe(400);
        expect((await submit({ token: tokenAged(20_000), nickname: 'a', answers: [true] })).status).toBe(422);
        expect((await submit({ token: tokenAged(20_000), nickname: 'a', answers: Array(10).fill('yes') })).status).toBe(422);
        expect((await submit({ token: tokenAged(20_000), answers: labels() })).status).toBe(422);
        expect((await submit({ token: tokenAged(20_000), nickname: 'a'.repeat(5000), answers: labels() })).status).toBe(413);
        expect((await submit({ token: tokenAged(20_000), nickname: 'a', answers: labels() }, { origin: 'http://evil.example' })).status).toBe(403);
      });
    });

    it('refuses hostile nicknames and normalizes the rest', async () => {
      await unchanged(async () => {
        for (const nickname of ['\u202Eevil', 'bell\u0007', 'zero\u200Bwidth', 'a\u2066b', 'line\u2028sep', '   ', 'x'.repeat(25), 'Z\u0301\u0302\u0303\u0304', '\uE000private']) {
          const res = await submit({ token: tokenAged(20_000), nickname, answers: labels() });
          expect(res.status, JSON.stringify(nickname)).toBe(422);
        }
      });
      const res = await submit({ token: tokenAged(20_000), nickname: '<img src=x onerror=1>', answers: labels() });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { nickname: string }).nickname).toBe('<img src=x onerror=1>');
      const composed = await submit({ token: tokenAged(20_000), nickname: 'Cafe\u0301', answers: labels() });
      expect(((await composed.json()) as { nickname: string }).nickname).toBe('Café');
    });

    it('refuses forged, malformed, expired and too-fast tokens', async () => {
      await unchanged(async () => {
        const good = tokenAged(20_000);
        const [payload, mac] = good.split('.');
        const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), iat: 0 })).toString('base64url');
        expect((await submit({ token: `${forgedPayload}.${mac}`, nickname: 'a', answers: labels() })).status).toBe(401);
        const otherSecret = issueRoundToken('another-secret-another-secret-0000', today(), Date.now() - 20_000).token;
        expect((await submit({ token: otherSecret, nickname: 'a', answers: labels() })).status).toBe(401);
        expect((await submit({ token: 'not-a-token', nickname: 'a', answers: labels() })).status).toBe(400);
        expect((await submit({ token: tokenAged(31 * 60_000), nickname: 'a', answers: labels() })).status).toBe(410);
        const fast = await submit({ token: tokenAged(2_000), nickname: 'a', answers: labels() });
        expect(fast.status).toBe(422);
        expect(((await fast.json()) as { error: string }).error).toMatch(/faster than a person/);
        const fresh = ((await (await r.daily.GET(new Request('http://localhost/api/daily'))).json()) as { token: string }).token;
        expect((await submit({ token: fresh, nickname: 'a', answers: labels() })).status).toBe(422);
      });
    });

    it('scores one run per token: a retry returns the stored run, a replay with other answers is refused, racing duplicates count once', async () => {
      const token = tokenAged(20_000);
      const body = { token, nickname: 'racer', answers: labels() };
      const before = await counts();
      const responses = await Promise.all(Array.from({ length: 8 }, () => submit(body)));
      const ids = await Promise.all(responses.map(async (res) => ((await res.json()) as { id: string }).id));
      expect(new Set(ids).size).toBe(1);
      expect(responses.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(await counts()).toEqual({ ...before, runs: before.runs + 1 });
      await unchanged(async () => {
        expect((await submit({ ...body, answers: labels().map((l) => !l) })).status).toBe(409);
        expect((await submit({ ...body, nickname: 'someone else' })).status).toBe(409);
        const retry = await submit(body);
        expect(retry.status).toBe(200);
        expect(await retry.json()).toMatchObject({ id: ids[0], replayed: true, score: 10 });
      });
    });

    it('limits runs per client in the database', async () => {
      const client = { 'x-forwarded-for': newClient() };
      for (let i = 0; i < 20; i++) expect((await submit({ token: tokenAged(20_000), nickname: `n${i}`, answers: labels() }, client)).status).toBe(201);
      await unchanged(async () => {
        const res = await submit({ token: tokenAged(20_000), nickname: 'one more', answers: labels() }, client);
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      });
      expect((await submit({ token: tokenAged(20_000), nickname: 'elsewhere', answers: labels() }, { 'x-forwarded-for': newClient() })).status).toBe(201);
    });
  });

  describe('model scores', () => {
    const splitIds = async (split: string) => {
      const res = await r.split.GET(new Request(`http://localhost/api/models/splits/${split}`), { params: Promise.resolve({ split }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { ids: string[]; labels: string }).ids;
    };
    const entry = (split: string, predictions: { id: string; label: boolean }[], description = '') => ({
      split,
      model: { name: 'all-true', description },
      runtime: { backend: 'wasm', adapter: 'test', bytes: 1234, latencyMs: 5.5 },
      predictions,
    });
    const submit = (body: unknown, headers: Record<string, string> = {}) => r.scores.POST(jsonRequest('/api/models/scores', body, headers));

    it('lists the ranked split as image ids, two per challenge, labels hidden', async () => {
      const ids = await splitIds('ranked-synthetic');
      expect(ids).toEqual(ranked.flatMap((c) => [`${c.id}:left`, `${c.id}:right`]));
      const unknown = await r.split.GET(new Request('http://localhost/x'), { params: Promise.resolve({ split: 'train' }) });
      expect(unknown.status).toBe(404);
    });

    it('scores predictions for every id on the server and stores the entry', async () => {
      const ids = await splitIds('ranked-synthetic');
      const before = await counts();
      const res = await submit(entry('ranked-synthetic', ids.map((id) => ({ id, label: true }))), { 'x-forwarded-for': newClient() });
      expect(res.status).toBe(201);
      const { entry: stored, url } = (await res.json()) as {
        entry: { publicId: string; accuracy: number; consistency: number; pairAccuracy: number; verified: boolean; n: number; runtime: unknown };
        url: string;
      };
      expect(url).toBe(`http://localhost/leaderboard?tab=models&split=ranked-synthetic&me=${stored.publicId}#row-${stored.publicId}`);
      // Reported on the public half of the challenges only; "all true" is right exactly on its pairs that are true of both.
      const publicIds = publicChallenges(TEST_SECRET, ranked.map((c) => c.id));
      const publicSpecs = rankedSpecs(TEST_SECRET, ranked.length).filter((s) => publicIds.has(s.id));
      const trueOfBoth = publicSpecs.filter((s) => s.label).length / publicSpecs.length;
      expect(stored.pairAccuracy).toBe(trueOfBoth);
      expect(stored.n).toBe(ids.length / 2);
      expect(stored.verified).toBe(false);
      expect(stored.consistency).toBe(trueOfBoth);
      expect(stored.runtime).toEqual({ backend: 'wasm', adapter: 'test', bytes: 1234, latencyMs: 5.5 });
      expect(await counts()).toEqual({ ...before, scores: before.scores + 1 });
    });

    it('answers 422 naming missing, unknown and repeated ids, writing nothing', async () => {
      const ids = await splitIds('ranked-synthetic');
      await unchanged(async () => {
        const predictions = [...ids.slice(1).map((id) => ({ id, label: true })), { id: ids[1]!, label: false }, { id: 'rk-999:left', label: true }];
        const res = await submit(entry('ranked-synthetic', predictions), { 'x-forwarded-for': newClient() });
        expect(res.status).toBe(422);
        expect(await res.json()).toMatchObject({ missing: [ids[0]], extra: ['rk-999:left'], duplicate: [ids[1]], missingCount: 1 });
        expect((await submit({ ...entry('ranked-synthetic', []), split: 'train' })).status).toBe(422);
        expect((await submit({ ...entry('ranked-synthetic', []), model: { name: 'evil\u202Ename' } })).status).toBe(422);
        expect((await submit('{"split":')).status).toBe(400);
        expect((await submit(entry('ranked-synthetic', Array.from({ length: 60_000 }, (_, i) => ({ id: `x${i}`, label: true }))))).status).toBe(413);
      });
    });

    it('counts an identical resubmission once and caps submissions per client per day', async () => {
      const ids = await splitIds('ranked-synthetic');
      const client = { 'x-forwarded-for': newClient() };
      const body = entry('ranked-synthetic', ids.map((id, i) => ({ id, label: i % 3 === 0 })), 'first');
      const before = await counts();
      const [a, b] = await Promise.all([submit(body, client), submit(body, client)]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(await counts()).toEqual({ ...before, scores: before.scores + 1 });
      for (let i = 1; i < 10; i++) expect((await submit({ ...body, model: { name: 'all-true', description: `run ${i}` } }, client)).status).toBe(201);
      await unchanged(async () => {
        const capped = await submit({ ...body, model: { name: 'all-true', description: 'eleventh' } }, client);
        expect(capped.status).toBe(429);
      });
    });

    it.skipIf(!nlvrDir && process.env.CI !== 'true')('scores NLVR test-P predictions (public labels) per image', async () => {
      const ids = await splitIds('nlvr-test-p');
      expect(ids.length).toBeGreaterThan(900);
      const res = await submit({ ...entry('nlvr-test-p', ids.map((id) => ({ id, label: true }))) }, { 'x-forwarded-for': newClient() });
      expect(res.status).toBe(201);
      const { entry: stored } = (await res.json()) as { entry: { accuracy: number; split: string } };
      expect(stored.split).toBe('nlvr-test-p');
      // All-true is NLVR test-P's majority class (docs/MODEL.md: 56.2 %).
      expect(stored.accuracy).toBeCloseTo(0.562, 2);
    });
  });

  describe('a backend down', () => {
    it('answers 503 with a clear message when storage fails, and writes no row', async () => {
      const blocker = path.join(site.dir, 'not-a-dir');
      await writeFile(blocker, 'x');
      vi.stubEnv('BLOB_DIR', blocker);
      const broken = await loadRoutes();
      await unchanged(async () => {
        const res = await broken.shares.POST(jsonRequest('/api/shares', shareDoc()));
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: string }).error).toMatch(/Storage is unavailable.*nothing was saved/);
      });
      vi.stubEnv('BLOB_DIR', site.env.BLOB_DIR);
    });
  });
});

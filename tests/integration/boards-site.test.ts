/**
 * Issue 20's attacks against the built site (`NEXT_DIST_DIR=.next-boards npx next build` first), served
 * as `npm run quickstart` serves it (scripts/serve.mjs, no TRUST_PROXY), over real HTTP from loopback:
 *   NEXT_DIST_DIR=.next-boards npx vitest run tests/integration/boards-site.test.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailySpecs, utcDate } from '@/lib/server/daily';
import { publicChallenges } from '@/lib/server/model-scores';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { freePort } from '@/lib/tools/site';
import { createSite, TEST_SECRET, type Site } from './server-harness';

const built = existsSync(`${process.env.NEXT_DIST_DIR || '.next'}/BUILD_ID`);
// npm test builds the site before the integration tests; in CI a missing build is a failure, never a skip.
if (!built && process.env.CI === 'true') throw new Error('boards-site.test.ts needs the built site: run `npm run build` first');

/** `node scripts/serve.mjs` on a free loopback port with the site's environment (TRUST_PROXY unset: X-Forwarded-For is the client's word). */
async function serve(site: Site, extra: Record<string, string> = {}): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const env = { ...process.env, ...site.env, TRUST_PROXY: '', DAILY_MIN_ANSWER_MS: '100', NEXT_TELEMETRY_DISABLED: '1', ...extra };
  const server: ChildProcess = spawn('node', ['scripts/serve.mjs', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  };
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${base}/api/models/splits/nlvr-test-p`).then((r) => r.status < 500, () => false)) return { base, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error('the site did not start');
}

describe.skipIf(!built)('the built site under scripts/serve.mjs', () => {
  let site: Site;
  let stop = async () => {};
  let base = '';

  beforeAll(async () => {
    site = await createSite('PGlite');
    ({ base, stop } = await serve(site));
  }, 90_000);
  afterAll(async () => {
    await stop();
    await site?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers single-flip submissions identically when the flip is on the private part, then 429 however X-Forwarded-For rotates', async () => {
    const { ids } = (await (await fetch(`${base}/api/models/splits/ranked-synthetic`)).json()) as { ids: string[] };
    const publicIds = publicChallenges(TEST_SECRET, [...new Set(ids.map((id) => id.split(':')[0]!))]);
    const isPublic = (id: string) => publicIds.has(id.split(':')[0]!);
    let sent = 0;
    const submit = async (flip: number | null) => {
      const predictions = ids.map((id, i) => ({ id, label: i === flip }));
      // A new X-Forwarded-For each time: without TRUST_PROXY it changes nothing.
      const res = await post(
        '/api/models/scores',
        { split: 'ranked-synthetic', model: { name: `flip ${flip} #${sent}` }, runtime: { backend: 'wasm', bytes: 1, latencyMs: 1 }, predictions },
        { 'x-forwarded-for': `203.0.113.${sent++}`, 'x-real-ip': `198.51.100.${sent}` },
      );
      return res;
    };
    const figures = async (res: Response) => {
      expect(res.status).toBe(201);
      const { entry } = (await res.json()) as { entry: { accuracy: number; consistency: number; pairAccuracy: number; n: number } };
      return JSON.stringify([entry.accuracy, entry.consistency, entry.pairAccuracy, entry.n]);
    };
    const first = await figures(await submit(null));
    const privateFlips = ids.map((id, i) => [id, i] as const).filter(([id]) => !isPublic(id));
    expect(privateFlips.length).toBe(ids.length / 2);
    for (const [, i] of privateFlips) expect(await figures(await submit(i))).toBe(first);
    expect(await figures(await submit(ids.findIndex(isPublic)))).not.toBe(first);
    // The daily allowance is 10 submissions per address.
    while (sent < 10) expect((await submit(null)).status).toBe(201);
    const refused = await submit(privateFlips[0]![1]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // Today's entries are not on the board: nothing that depends on the private part is shown.
    const board = await (await fetch(`${base}/leaderboard?tab=models&split=ranked-synthetic`)).text();
    expect(board).not.toContain('flip ');
  }, 120_000);

  it('ranks one daily run per browser: a second complete run is practice, and neither shows its answers before the day closes', async () => {
    const truth = dailySpecs(TEST_SECRET, utcDate(Date.now())).map((s) => s.label);
    let cookie = '';
    const run = async (answers: boolean[], nickname: string) => {
      const start = await fetch(`${base}/api/daily`, { headers: cookie ? { cookie } : {} });
      cookie = start.headers.get('set-cookie')!.split(';')[0]!;
      const { token, minRunMs } = (await start.json()) as { token: string; minRunMs: number };
      await new Promise((r) => setTimeout(r, minRunMs + 100));
      const res = await post('/api/daily/runs', { token, nickname, answers }, { cookie, 'x-forwarded-for': `192.0.2.${nickname.length}` });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; ranked: boolean; rank: number | null; score: number; results: boolean[] | null; shareText: string };
    };
    const first = await run(truth.map((l, i) => (i % 2 ? l : !l)), 'half right');
    expect(first).toMatchObject({ ranked: true, score: 5, results: null });
    expect(first.shareText).not.toMatch(/🟩|🟥/);
    const second = await run(truth, 'all right now');
    expect(second).toMatchObject({ ranked: false, rank: null, score: 10, results: null });
    expect(second.shareText).not.toMatch(/🟩|🟥/);
    for (const id of [first.id, second.id]) {
      const page = await (await fetch(`${base}/daily/r/${id}`)).text();
      expect(page).not.toMatch(/🟩|🟥/);
      expect(page).toContain('after the day closes');
      expect(((await (await fetch(`${base}/api/daily/runs/${id}`)).json()) as { results: unknown }).results).toBeNull();
    }
    const board = await (await fetch(`${base}/leaderboard?tab=humans&board=today&me=${first.id}`)).text();
    expect(board).toContain('half right');
    expect(board).not.toContain('all right now');
  }, 60_000);

  it('answers 404 for /blob/private/…, even for a blob that exists', async () => {
    const store = createLocalBlobStore(site.env.BLOB_DIR);
    await store.put('private/labels.json', '{"rk-0":true}', { contentType: 'application/json' });
    expect((await fetch(`${base}/blob/private/labels.json`)).status).toBe(404);
    const pack = (await store.list('packs/'))[0]!;
    expect((await fetch(`${base}/blob/${pack}`)).status).toBe(200);
  });
});

describe.skipIf(!built)('the humans board, your run outside the top 50', () => {
  let site: Site;
  let stop = async () => {};
  let base = '';
  beforeAll(async () => {
    site = await createSite('PGlite');
    // Enough ranked runs from one address for 55 players.
    ({ base, stop } = await serve(site, { RATE_LIMIT_SCALE: '11' }));
  }, 90_000);
  afterAll(async () => {
    await stop();
    await site?.close();
  });

  it('lists your run below the top 50 with its rank, highlighted, at the anchor the result links to', async () => {
    const truth = dailySpecs(TEST_SECRET, utcDate(Date.now())).map((s) => s.label);
    // 55 players (a cookie each), each one ranked run: 54 perfect ones, then yours with none right.
    const starts = [];
    for (let i = 0; i < 55; i++) {
      const res = await fetch(`${base}/api/daily`);
      starts.push({ cookie: res.headers.get('set-cookie')!.split(';')[0]!, token: ((await res.json()) as { token: string }).token });
    }
    await new Promise((r) => setTimeout(r, 1_200));
    let mine = '';
    for (const [i, { cookie, token }] of starts.entries()) {
      const answers = i < 54 ? truth : truth.map((l) => !l);
      const res = await fetch(`${base}/api/daily/runs`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ token, nickname: `p${i}`, answers }) });
      const body = (await res.json()) as { id: string; ranked: boolean; rank: number };
      expect(body.ranked).toBe(true);
      if (i === 54) {
        expect(body.rank).toBe(55);
        mine = body.id;
      }
    }
    const html = await (await fetch(`${base}/leaderboard?tab=humans&board=today&me=${mine}`)).text();
    const row = new RegExp(`<tr id="row-${mine}"[^>]*data-mine="true"[^>]*data-rank="55"`);
    expect(html).toMatch(row);
    expect(html.match(/<tr id="row-/g)).toHaveLength(51);
  }, 120_000);
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { dailySpecs, utcDate } from '@/lib/server/daily';
import { issueRoundToken } from '@/lib/server/round-token';
import { createSite, jsonRequest, startCluster, TEST_SECRET, type Cluster, type Site } from './server-harness';

/**
 * The database goes away in the middle of a stream of daily-run submissions. While it is down every
 * request must get 503 (never a 500, never a false acknowledgement); after it is back, every
 * acknowledged run must be stored, and retrying the refused ones stores each exactly once.
 */
async function loadRoutes() {
  vi.stubEnv('RATE_LIMIT_SCALE', '100'); // one client sends them all
  vi.resetModules();
  return { runs: await import('@/app/api/daily/runs/route'), db: await import('@/lib/server/db') };
}

interface Outcome {
  body: string;
  status: number;
  id?: string;
}

function submissions(prefix: string) {
  let i = 0;
  const answers = dailySpecs(TEST_SECRET, utcDate(Date.now())).map((s) => s.label);
  return () => {
    const token = issueRoundToken(TEST_SECRET, utcDate(Date.now()), Date.now() - 20_000).token;
    return JSON.stringify({ token, nickname: `${prefix}${i++}`, answers });
  };
}

async function send(routes: Awaited<ReturnType<typeof loadRoutes>>, body: string): Promise<Outcome> {
  const res = await routes.runs.POST(jsonRequest('/api/daily/runs', body));
  const json = (await res.json()) as { id?: string; error?: string };
  if (res.status === 503) expect(json.error).toMatch(/database is unavailable.*nothing was saved/i);
  return { body, status: res.status, id: json.id };
}

async function checkRecovery(routes: Awaited<ReturnType<typeof loadRoutes>>, outcomes: Outcome[]) {
  const statuses = new Set(outcomes.map((o) => o.status));
  expect([...statuses].every((s) => s === 201 || s === 503), [...statuses].join()).toBe(true);
  expect(statuses.has(503)).toBe(true);
  const db = await routes.db.getDb();
  const stored = async () => new Set((await db.query<{ public_id: string }>('SELECT public_id FROM daily_runs')).map((r) => r.public_id));
  const acked = outcomes.filter((o) => o.status === 201);
  const before = await stored();
  for (const o of acked) expect(before.has(o.id!), `acknowledged run ${o.id} is missing`).toBe(true);
  // Retrying what was refused stores it; retrying what was acknowledged returns the same run.
  for (const o of outcomes) {
    const retry = await send(routes, o.body);
    expect([200, 201]).toContain(retry.status);
    if (o.status === 201) expect(retry).toMatchObject({ status: 200, id: o.id });
  }
  expect((await stored()).size).toBe(outcomes.length);
}

describe.skipIf(!process.env.DATABASE_URL && process.env.CI !== 'true')('Postgres stopped mid-run', () => {
  let cluster: Cluster | undefined;
  let site: Site | undefined;
  afterAll(async () => {
    await site?.close();
    await cluster?.destroy();
  });

  it('answers 503 while it is down and keeps every acknowledged run', async () => {
    cluster = await startCluster();
    site = await createSite('Postgres', { databaseUrl: cluster.url });
    const routes = await loadRoutes();
    const next = submissions('pg');
    const outcomes: Outcome[] = [];
    const batch = async (count: number) => outcomes.push(...(await Promise.all(Array.from({ length: count }, () => send(routes, next())))));
    await batch(10);
    // Stop the server while a batch is in flight.
    const inFlight = batch(20);
    cluster.stop();
    await inFlight;
    await batch(10);
    expect(outcomes.slice(-10).every((o) => o.status === 503)).toBe(true);
    cluster.start();
    await batch(10);
    expect(outcomes.slice(-10).every((o) => o.status === 201)).toBe(true);
    await checkRecovery(routes, outcomes);
  });
});

describe('PGlite closed and its directory held mid-run', () => {
  let site: Site | undefined;
  afterAll(() => site?.close());

  it('answers 503 while it is unavailable and keeps every acknowledged run', async () => {
    site = await createSite('PGlite');
    const routes = await loadRoutes();
    const next = submissions('pgl');
    const outcomes: Outcome[] = [];
    const batch = async (count: number) => outcomes.push(...(await Promise.all(Array.from({ length: count }, () => send(routes, next())))));
    await batch(10);
    // Another (live) process takes the data directory while this one closes it under a batch in flight.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120_000)'], { stdio: 'ignore' });
    writeFileSync(path.join(site.env.DB_DIR!, 'tob.lock'), String(holder.pid));
    const inFlight = batch(20);
    await routes.db.closeDb();
    await inFlight;
    await batch(10);
    expect(outcomes.slice(-10).every((o) => o.status === 503)).toBe(true);
    holder.kill();
    await once(holder, 'exit');
    await batch(10);
    expect(outcomes.slice(-10).every((o) => o.status === 201)).toBe(true);
    await checkRecovery(routes, outcomes);
  });
});

/**
 * Load test of the daily-run submission route:
 *   npm run bench:server -- [--n 1000] [--concurrency 200] [--url http://host:port] [--no-docs]
 * Without --url it starts the built site (`next start`) on a free loopback port with a throwaway blob
 * store, secret and database (PGlite, or Postgres when DATABASE_URL is set) and rate limits scaled up.
 * It starts n runs (GET /api/daily), waits out the minimum run time, submits them all with at most
 * `concurrency` in flight, retries every acknowledged submission once (which must be answered from
 * the stored run), and reads every run back. Prints one JSON line:
 *   {"sent","recorded","duplicates","p50Ms","p99Ms", "errors", "db"}
 * recorded: acknowledged runs that read back with their nickname; duplicates: retries that were
 * stored again instead of answered from the stored run. Writes its row into docs/PERFORMANCE.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { intOption } from '@/lib/tools/cli';
import { startSite, type RunningSite } from '@/lib/tools/site';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '200' },
    url: { type: 'string' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const n = intOption('n', values.n, 1);
const concurrency = intOption('concurrency', values.concurrency, 1);

/** Runs `fn` over 0..count-1 with at most `limit` calls in flight. */
async function pool<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dataDir = mkdtempSync(join(tmpdir(), 'tob-bench-'));
let site: RunningSite | undefined;
const db = values.url ? 'remote' : process.env.DATABASE_URL ? 'postgres' : 'pglite';
try {
  site = values.url
    ? { url: values.url.replace(/\/$/, ''), stop: () => {} }
    : await startSite({
        ...process.env,
        BLOB_READ_WRITE_TOKEN: '',
        BLOB_DIR: join(dataDir, 'blob'),
        DB_DIR: join(dataDir, 'db'),
        SECRET_FILE: join(dataDir, 'secret'),
        CATALOG_FILE: join(dataDir, 'catalog.json'),
        RATE_LIMIT_SCALE: String(Math.ceil((2 * n) / 20)),
        NEXT_TELEMETRY_DISABLED: '1',
      });
  const base = site.url;
  const headers = { 'content-type': 'application/json', origin: base };
  const tag = randomBytes(3).toString('hex');

  const starts = await pool(n, concurrency, async () => {
    const res = await fetch(`${base}/api/daily`);
    if (!res.ok) throw new Error(`GET /api/daily: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; minRunMs: number; challenges: unknown[] };
  });
  const issuedAt = Date.now();
  await new Promise((r) => setTimeout(r, Math.max(0, starts[0]!.minRunMs - (Date.now() - issuedAt)) + 500));

  const bodies = starts.map((s, i) => JSON.stringify({ token: s.token, nickname: `bench-${tag}-${i}`, answers: s.challenges.map(() => Math.random() < 0.5) }));
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const acked = await pool(n, concurrency, async (i) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/daily/runs`, { method: 'POST', headers, body: bodies[i] });
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    latencies.push(performance.now() - t0);
    if (res.status !== 201 || !body.id) {
      errors[res.status] = (errors[res.status] ?? 0) + 1;
      return null;
    }
    return body.id;
  });

  // A client that never saw its answer retries; it must get the stored run back, not a second one.
  const retried = await pool(n, concurrency, async (i) => {
    if (!acked[i]) return false;
    const res = await fetch(`${base}/api/daily/runs`, { method: 'POST', headers, body: bodies[i] });
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    if (res.status !== 200 && res.status !== 201) errors[`retry ${res.status}`] = (errors[`retry ${res.status}`] ?? 0) + 1;
    return res.status === 201 || (body.id !== undefined && body.id !== acked[i]);
  });
  const readBack = await pool(n, concurrency, async (i) => {
    if (!acked[i]) return false;
    const res = await fetch(`${base}/api/daily/runs/${acked[i]}`);
    return res.ok && ((await res.json()) as { nickname?: string }).nickname === `bench-${tag}-${i}`;
  });

  latencies.sort((a, b) => a - b);
  const ids = acked.filter((id): id is string => id !== null);
  const result = {
    sent: n,
    recorded: readBack.filter(Boolean).length,
    // Retries stored as new runs, plus two submissions acknowledged with one id.
    duplicates: retried.filter(Boolean).length + (ids.length - new Set(ids).size),
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    errors,
    db,
  };
  console.log(JSON.stringify(result));
  if (!values['no-docs'] && !values.url) writeDocsRow(result);
} finally {
  site?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Replaces this configuration's row in the server section of docs/PERFORMANCE.md (other sections untouched). */
function writeDocsRow(r: { sent: number; recorded: number; duplicates: number; p50Ms: number; p99Ms: number; db: string }) {
  const file = 'docs/PERFORMANCE.md';
  const [start, end] = ['<!-- bench:server:start -->', '<!-- bench:server:end -->'];
  const header = [
    '| database | n | concurrency | sent | recorded | duplicates | p50 ms | p99 ms | date |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const key = `| ${r.db} | ${n} | ${concurrency} |`;
  const row = `${key} ${r.sent} | ${r.recorded} | ${r.duplicates} | ${r.p50Ms} | ${r.p99Ms} | ${new Date().toISOString().slice(0, 10)} |`;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Performance\n';
  }
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const old = i >= 0 && j > i ? text.slice(i + start.length, j).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| database') && !l.startsWith('|---')) : [];
  const rows = [...old.filter((l) => !l.startsWith(key)), row].sort();
  const block = `${start}\n${[...header, ...rows].join('\n')}\n${end}`;
  const section = `\n## Server: daily-run submissions (\`npm run bench:server\`)\n\n${block}\n`;
  writeFileSync(file, i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : text.trimEnd() + '\n' + section);
}

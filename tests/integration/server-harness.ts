import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { writeCatalog } from '@/lib/server/catalog';
import { buildPacks } from '@/lib/server/packs';
import { createPostgresDb } from '@/lib/server/db/postgres';
import { createLocalBlobStore } from '@/lib/server/storage/local';

/** The fixed secret of the route tests: they sign their own tokens with it (expired, too fast…). */
export const TEST_SECRET = 'route-tests-secret-0123456789abcdef';

export const nlvrDir = process.env.NLVR1_DIR ?? (process.env.CI ? undefined : path.join(process.cwd(), '../shared/data/nlvr1'));

/** The drivers every route test runs on; Postgres needs DATABASE_URL, and with CI=true it must run. */
export const DRIVERS = [
  { name: 'PGlite', enabled: true },
  { name: 'Postgres', enabled: Boolean(process.env.DATABASE_URL) || process.env.CI === 'true' },
] as const;

/** A database of its own on the DATABASE_URL server, dropped by the returned function. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('CI=true needs DATABASE_URL (.ci/run starts a throwaway Postgres)');
  const admin = createPostgresDb(url, { max: 1 });
  const name = `tob_routes_${process.pid}_${Date.now()}`;
  await admin.exec(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      // pg's Pool.end() resolves before its sockets have closed; wait for the server to see them go.
      for (let i = 0; i < 100; i++) {
        const [row] = await admin.query<{ n: number }>('SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (row?.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.exec(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export interface Site {
  dir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A throwaway site: blob store and catalog with a small ranked pack, the database of `driver`, and
 * the environment the route modules read (stubbed; call vi.resetModules() before importing them).
 */
export async function createSite(driver: 'PGlite' | 'Postgres', opts: { databaseUrl?: string } = {}): Promise<Site> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tob-routes-'));
  const store = createLocalBlobStore(path.join(dir, 'blob'));
  const catalog = await buildPacks(store, { seed: 3, syntheticCount: 2, rankedCount: 6, secret: TEST_SECRET });
  await writeCatalog(catalog, path.join(dir, 'catalog.json'));
  const pg = driver === 'Postgres' && !opts.databaseUrl ? await freshPostgres() : undefined;
  const env: Record<string, string> = {
    BLOB_READ_WRITE_TOKEN: '',
    BLOB_DIR: path.join(dir, 'blob'),
    CATALOG_FILE: path.join(dir, 'catalog.json'),
    DB_DIR: path.join(dir, 'db'),
    DATABASE_URL: opts.databaseUrl ?? pg?.url ?? '',
    TOB_SECRET: TEST_SECRET,
    DAILY_MIN_ANSWER_MS: '1500',
    DAILY_TOKEN_TTL_MS: String(30 * 60_000),
    RATE_LIMIT_SCALE: '1',
    // The route tests stand for a site behind one proxy, each test client its own X-Forwarded-For.
    TRUST_PROXY: '1',
    NLVR1_DIR: nlvrDir ?? '',
    SITE_URL: '',
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return {
    dir,
    env,
    async close() {
      const { closeDb } = await import('@/lib/server/db');
      await closeDb();
      await pg?.drop();
      vi.unstubAllEnvs();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let nextClient = 1;
/** A fresh client address, so that rate limits of one test do not leak into another. */
export function newClient(): string {
  return `10.0.${Math.floor(nextClient / 250)}.${nextClient++ % 250}`;
}

export function jsonRequest(urlPath: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${urlPath}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers },
  });
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface Cluster {
  url: string;
  stop(): void;
  start(): void;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL 15 server of its own (Debian's package), listening only on a socket in a temp dir, so
 * a test can stop and restart it. As root it runs as the postgres user (initdb refuses root).
 */
export async function startCluster(): Promise<Cluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tob-pgc-'));
  const asPg = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asPg.length) execFileSync('chown', ['postgres:', dir]);
  const run = (bin: string, args: string[]) => {
    const [cmd, ...rest] = [...asPg, path.join(PG_BIN, bin), ...args];
    execFileSync(cmd!, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
  };
  const port = '54333';
  run('initdb', ['-D', `${dir}/data`, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const start = () => run('pg_ctl', ['-D', `${dir}/data`, '-l', `${dir}/log`, '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off`, 'start']);
  const stop = () => run('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
  start();
  run('createdb', ['-h', dir, '-p', port, '-U', 'postgres', 'tob']);
  return {
    url: `postgresql://postgres@localhost:${port}/tob?host=${dir}`,
    start,
    stop,
    async destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

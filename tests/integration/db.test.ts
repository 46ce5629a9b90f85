import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '@/lib/server/db/migrate';
import { createPgliteDb, lockDataDir } from '@/lib/server/db/pglite';
import { createPostgresDb } from '@/lib/server/db/postgres';
import { DbLockedError, UniqueViolationError, type Db } from '@/lib/server/db/types';

interface Harness {
  db: Db;
  /** A second, independent connection to the same database (a second pool or the same PGlite). */
  other: Db;
  close(): Promise<void>;
}

const MIGRATION_FILES = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();

function dbContract(name: string, open: () => Promise<Harness>): void {
  describe(`database contract: ${name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(() => h?.close());

    it('applies every migration exactly once, also when two starters race', async () => {
      const [first, second] = await Promise.all([migrate(h.db), migrate(h.other)]);
      expect([...first, ...second]).toEqual(MIGRATION_FILES);
      expect(await migrate(h.db)).toEqual([]);
      const rows = await h.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(MIGRATION_FILES);
      const tables = await h.db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(['daily_runs', 'model_scores', 'rate_limits', 'schema_migrations', 'shares']);
    });

    it('binds parameters and decodes jsonb, integers, floats and timestamps the same on every driver', async () => {
      const answers = [true, false, null, 'a"b'];
      await h.db.query(
        'INSERT INTO daily_runs (token_id, date, nickname, answers, score) VALUES ($1, $2, $3, $4::jsonb, $5)',
        ['tok-params', '2026-01-02', "O'Brien; DROP TABLE shares", JSON.stringify(answers), 7],
      );
      await h.db.query(
        `INSERT INTO model_scores (split, model_name, runtime, accuracy, consistency, rank_accuracy, rank_consistency, client_key, idempotency_key)
         VALUES ($1, $2, $3::jsonb, $4, $5, $4, $5, $6, $7)`,
        ['test-p', 'aligned', JSON.stringify({ backend: 'webgpu' }), 0.625, 0.25, 'ck', 'idem-params'],
      );
      const [run] = await h.db.query<{ nickname: string; answers: unknown; score: number; created_at: Date }>(
        'SELECT nickname, answers, score, created_at FROM daily_runs WHERE token_id = $1',
        ['tok-params'],
      );
      expect(run).toMatchObject({ nickname: "O'Brien; DROP TABLE shares", answers, score: 7 });
      expect(run?.created_at).toBeInstanceOf(Date);
      const [model] = await h.db.query<{ id: number; runtime: unknown; accuracy: number; verified: boolean }>(
        'SELECT id, runtime, accuracy, verified FROM model_scores WHERE idempotency_key = $1',
        ['idem-params'],
      );
      expect(model).toEqual({ id: expect.any(Number), runtime: { backend: 'webgpu' }, accuracy: 0.625, verified: false });
      expect(await h.db.query('SELECT 1 FROM shares')).toEqual([]);
    });

    it('rolls back everything a failing transaction wrote and rethrows its error', async () => {
      const boom = new Error('boom');
      await expect(
        h.db.transaction(async (tx) => {
          await tx.query('INSERT INTO shares (id, blob_path) VALUES ($1, $2)', ['rolledback', 'shares/rolledback.json']);
          expect(await tx.query('SELECT id FROM shares WHERE id = $1', ['rolledback'])).toHaveLength(1);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await h.db.query('SELECT id FROM shares WHERE id = $1', ['rolledback'])).toEqual([]);
      const committed = await h.db.transaction(async (tx) => {
        await tx.query('INSERT INTO shares (id, blob_path) VALUES ($1, $2)', ['committed', 'shares/committed.json']);
        return 'ok';
      });
      expect(committed).toBe('ok');
      expect(await h.other.query('SELECT id FROM shares WHERE id = $1', ['committed'])).toEqual([{ id: 'committed' }]);
    });

    it('surfaces unique violations as UniqueViolationError, inside and outside transactions', async () => {
      const insert = 'INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)';
      const args = ['ip:1', '2026-01-01T00:00:00Z'];
      await h.db.query(insert, args);
      const outside = await h.db.query(insert, args).catch((e: unknown) => e);
      expect(outside).toBeInstanceOf(UniqueViolationError);
      expect((outside as UniqueViolationError).constraint).toBe('rate_limits_pkey');
      const inside = await h.db
        .transaction(async (tx) => {
          await tx.query('INSERT INTO shares (id, blob_path) VALUES ($1, $2)', ['uniqtx', 'shares/uniqtx.json']);
          await tx.query(insert, args);
        })
        .catch((e: unknown) => e);
      expect(inside).toBeInstanceOf(UniqueViolationError);
      expect(await h.db.query('SELECT id FROM shares WHERE id = $1', ['uniqtx'])).toEqual([]);
    });

    it('enforces the schema CHECK constraints', async () => {
      await expect(
        h.db.query('INSERT INTO shares (id, blob_path) VALUES ($1, $2)', ['../bad', 'shares/bad.json']),
      ).rejects.toMatchObject({ code: '23514' });
    });
  });
}

async function pgliteHarness(): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tob-db-'));
  const db = await createPgliteDb(dir);
  return { db, other: db, close: async () => (await db.close(), await rm(dir, { recursive: true, force: true })) };
}

/** A fresh database per run, so local reruns and the migration test start from nothing. */
async function postgresHarness(): Promise<Harness> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('CI=true needs DATABASE_URL (.ci/run starts a throwaway Postgres)');
  const admin = createPostgresDb(url, { max: 1 });
  const name = `tob_test_${process.pid}_${Date.now()}`;
  await admin.exec(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = createPostgresDb(target.toString());
  const other = createPostgresDb(target.toString());
  return {
    db,
    other,
    async close() {
      await Promise.all([db.close(), other.close()]);
      await admin.exec(`DROP DATABASE ${name}`);
      await admin.close();
    },
  };
}

dbContract('PGlite', pgliteHarness);
describe.skipIf(!process.env.DATABASE_URL && process.env.CI !== 'true')('Postgres (DATABASE_URL)', () => dbContract('Postgres', postgresHarness));

describe('PGlite data directory lock', () => {
  let dir: string;
  let sleeper: ChildProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tob-lock-'));
  });
  afterAll(async () => {
    sleeper?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second opener while the first is open, and frees the directory on close', async () => {
    const db = await createPgliteDb(dir);
    const second = await createPgliteDb(dir).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DbLockedError);
    expect(second).toMatchObject({ dir, pid: process.pid });
    await db.close();
    const release = await lockDataDir(dir);
    await release();
  });

  it('refuses while another live process holds the lock and takes over once it has died', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const pid = sleeper.pid;
    if (pid === undefined) throw new Error('could not spawn the lock holder');
    const holderRelease = await lockDataDir(dir, pid);
    await expect(lockDataDir(dir)).rejects.toMatchObject({ kind: 'locked', pid });
    sleeper.kill();
    await once(sleeper, 'exit');
    const release = await lockDataDir(dir);
    const lockFile = path.join(dir, 'tob.lock');
    await holderRelease(); // the dead holder's release must not remove its successor's lock
    expect(await readFile(lockFile, 'utf8')).toBe(String(process.pid));
    await release();
    expect(await readdir(dir)).not.toContain('tob.lock');
  });

  it('takes over a lock file with unreadable content', async () => {
    await writeFile(path.join(dir, 'tob.lock'), 'garbage');
    const release = await lockDataDir(dir);
    expect(await readFile(path.join(dir, 'tob.lock'), 'utf8')).toBe(String(process.pid));
    await release();
  });
});

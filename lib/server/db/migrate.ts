import { sha256Hex } from '@/lib/server/hash';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MigrationChangedError, type Db } from './types';

/** Resolved from the working directory, as Next.js runs from the project root. */
export const MIGRATIONS_DIR = path.join(process.cwd(), 'lib/server/db/migrations');

/** Any fixed 64-bit key; every process migrating the same database must use the same one. */
const MIGRATION_LOCK_KEY = 7_210_415_530;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

async function loadMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { name, sql, checksum: sha256Hex(sql) };
    }),
  );
}

/**
 * Applies every `*.sql` in `dir` not yet recorded in schema_migrations, in file-name order, in one
 * transaction. A transaction-scoped advisory lock serializes concurrent starters on Postgres: the
 * second waits, then finds everything applied. Returns the names it applied.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const m of migrations) {
      const checksum = applied.get(m.name);
      if (checksum === m.checksum) continue;
      if (checksum !== undefined) throw new MigrationChangedError(m.name);
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
      done.push(m.name);
    }
    return done;
  });
}

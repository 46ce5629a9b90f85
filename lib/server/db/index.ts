import { serverEnv } from '@/lib/server/env';
import path from 'node:path';
import { migrate } from './migrate';
import { createPgliteDb } from './pglite';
import { createPostgresDb } from './postgres';
import type { Db } from './types';

export * from './types';

// Kept on globalThis so Next.js dev reloads reuse the open database instead of tripping the PGlite lock.
const cache = globalThis as typeof globalThis & { __tobDb?: Promise<Db> };

async function open(): Promise<Db> {
  const env = serverEnv();
  const db = env.DATABASE_URL
    ? createPostgresDb(env.DATABASE_URL)
    : await createPgliteDb(path.resolve(env.DB_DIR ?? '.data/db'));
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** Postgres when DATABASE_URL is set, else PGlite under DB_DIR (default .data/db); migrated on first use. */
export function getDb(): Promise<Db> {
  cache.__tobDb ??= open().catch((err: unknown) => {
    cache.__tobDb = undefined; // let the next request retry, e.g. after the other PGlite holder exits
    throw err;
  });
  return cache.__tobDb;
}

/** Closes the shared database (scripts, tests); the next getDb() opens it again. */
export async function closeDb(): Promise<void> {
  const pending = cache.__tobDb;
  cache.__tobDb = undefined;
  const db = await pending?.catch(() => undefined); // a failed open has nothing to close
  await db?.close();
}

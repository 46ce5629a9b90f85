import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DbLockedError, DbUnavailableError, isDbError, toDbError, type Db, type Queryable } from './types';

const LOCK_FILE = 'tob.lock';

function isAlive(pid: number): boolean {
  if (pid <= 0) return false; // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder's PID; 0 for unreadable content (never a live holder, as locks are written atomically); null if absent. */
async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Written aside then hard-linked into place, so no one ever reads a half-written lock. */
async function createExclusive(file: string, pid: number): Promise<boolean> {
  const tmp = `${file}.${pid}.new`;
  await writeFile(tmp, String(pid));
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp);
  }
}

/**
 * Takes `<dir>/tob.lock` for process `pid`, or throws DbLockedError when a live process holds it
 * (this process included: two PGlite instances on one directory corrupt it). A lock left by a dead
 * process is taken over. Returns the release function.
 */
export async function lockDataDir(dir: string, pid = process.pid): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const release = async () => {
    if ((await readPid(file)) === pid) await unlink(file);
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(file, pid)) return release;
    const holder = await readPid(file);
    if (holder === null) continue; // released between our two calls: retry
    if (isAlive(holder)) throw new DbLockedError(dir, holder);
    // Stale: move it aside atomically, then check that what we moved is the dead holder's lock and not
    // one a concurrent taker-over has just written; if it is theirs, put it back and let them have it.
    const aside = `${file}.${pid}.stale`;
    try {
      await rename(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = await readPid(aside);
    if (moved !== holder && moved !== null && isAlive(moved)) {
      await link(aside, file).catch(() => undefined);
      await unlink(aside);
      throw new DbLockedError(dir, moved);
    }
    await unlink(aside);
  }
  // Only reachable when the lock keeps changing hands under us.
  throw new DbLockedError(dir, (await readPid(file)) ?? 0);
}

/** Set when close() starts: queries still queued then fail inside PGlite with untyped errors. */
interface OpenState {
  closing: boolean;
}

function queryable(target: PGlite | Transaction, state: OpenState): Queryable {
  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (state.closing) throw new DbUnavailableError('PGlite database is closed');
    try {
      return await fn();
    } catch (err) {
      throw state.closing ? new DbUnavailableError('PGlite database was closed during the query', { cause: err }) : toDbError(err);
    }
  };
  return {
    query: <T>(sql: string, params: readonly unknown[] = []) => run(async () => (await target.query<T>(sql, [...params])).rows),
    exec: (sql: string) => run(async () => void (await target.exec(sql))),
  };
}

/** Opens (creating if needed) a PGlite database in `dir`, holding the directory lock until close(). */
export async function createPgliteDb(dir: string): Promise<Db> {
  const release = await lockDataDir(dir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir);
  } catch (err) {
    await release();
    throw new DbUnavailableError(`PGlite cannot open ${dir}`, { cause: err });
  }
  const state: OpenState = { closing: false };
  return {
    driver: 'pglite',
    ...queryable(pg, state),
    async transaction(fn) {
      if (state.closing) throw new DbUnavailableError('PGlite database is closed');
      try {
        return await pg.transaction((tx) => fn(queryable(tx, state)));
      } catch (err) {
        throw state.closing && !isDbError(err, 'unavailable') ? new DbUnavailableError('PGlite database was closed during the transaction', { cause: err }) : toDbError(err);
      }
    },
    async close() {
      state.closing = true;
      try {
        await pg.close();
      } finally {
        await release();
      }
    },
  };
}

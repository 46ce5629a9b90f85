import pg from 'pg';
import { toDbError, type Db, type Queryable } from './types';

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await target.query(sql, [...params])).rows as T[];
      } catch (err) {
        throw toDbError(err);
      }
    },
    async exec(sql: string) {
      try {
        // Without parameters pg uses the simple query protocol, which accepts several statements.
        await target.query(sql);
      } catch (err) {
        throw toDbError(err);
      }
    },
  };
}

/** A pooled Postgres connection; `url` is a libpq-style URL (`?host=/socket/dir` for Unix sockets). */
export function createPostgresDb(url: string, opts: { max?: number } = {}): Db {
  // Serverless functions each hold their own pool, so keep it small.
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 5 });
  // An idle client losing its connection (server restart) emits here; without a listener Node crashes.
  pool.on('error', (err) => console.error('postgres pool: idle client error', err));
  return {
    driver: 'postgres',
    ...queryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw toDbError(err);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

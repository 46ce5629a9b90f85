import { brand, hasBrand } from '@/lib/core/errors';

/**
 * The database contract shared by both drivers (PGlite, Postgres). Deliberately tiny: parameterized
 * SQL in, plain row objects out. Types that decode differently per driver (int8, numeric) are
 * avoided in the schema, so a row looks the same whichever driver produced it.
 */

export interface Queryable {
  /** One statement with `$1`-style parameters. Pass JSON values as `JSON.stringify(v)` with `$n::jsonb`. */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A parameterless multi-statement script (migrations); the extended protocol allows only one statement. */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in BEGIN … COMMIT; any throw rolls everything back and is rethrown. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const DB_ERROR = brand('DbError');

/** What went wrong, as a string the guards below test: classes differ between Next.js bundles (lib/core/errors.ts). */
export type DbErrorKind = 'unique_violation' | 'locked' | 'unavailable' | 'migration_changed';

export class DbError extends Error {
  readonly [DB_ERROR] = true;
  constructor(readonly kind: DbErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DbError';
  }
}

/** True for a DbError (of `kind`, when given), whichever bundle threw it. */
export function isDbError(err: unknown, kind?: DbErrorKind): err is DbError {
  return hasBrand(err, DB_ERROR) && (kind === undefined || (err as DbError).kind === kind);
}

/** SQLSTATE 23505, e.g. a resubmitted round token or idempotency key. */
export class UniqueViolationError extends DbError {
  constructor(readonly constraint: string | undefined, options?: ErrorOptions) {
    super('unique_violation', `unique constraint violated: ${constraint ?? 'unknown'}`, options);
  }
}

export const isUniqueViolation = (err: unknown): err is UniqueViolationError => isDbError(err, 'unique_violation');

/** Another live process has the PGlite data directory open; PGlite is single-process. */
export class DbLockedError extends DbError {
  constructor(readonly dir: string, readonly pid: number) {
    super('locked', `PGlite data directory ${dir} is in use by process ${pid}; stop it or set DB_DIR to another directory`);
  }
}

/** The database was closed or cannot be reached; the edge maps it to 503. */
export class DbUnavailableError extends DbError {
  constructor(message: string, options?: ErrorOptions) {
    super('unavailable', message, options);
  }
}

/** An applied migration's file changed afterwards; the schema would silently diverge between databases. */
export class MigrationChangedError extends DbError {
  constructor(readonly migration: string) {
    super('migration_changed', `migration ${migration} was edited after it was applied; add a new migration instead`);
  }
}

/** SQLSTATE classes that mean "the database is not there right now": connection, resources, shutdown. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
/** pg reports a connection that died mid-query only in the message. */
const UNAVAILABLE_MESSAGE = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i;

function unreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  return UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_MESSAGE.test(err.message) || unreachable(err.cause);
}

/**
 * Maps driver errors (pg and PGlite both expose SQLSTATE `code` and `constraint`) to typed errors:
 * 23505 → UniqueViolationError; a server or connection that is gone → DbUnavailableError.
 */
export function toDbError(err: unknown): unknown {
  if (isDbError(err)) return err;
  if (err instanceof Error && 'code' in err && err.code === '23505') {
    const constraint = 'constraint' in err && typeof err.constraint === 'string' ? err.constraint : undefined;
    return new UniqueViolationError(constraint, { cause: err });
  }
  if (unreachable(err)) return new DbUnavailableError(`the database cannot be reached: ${(err as Error).message}`, { cause: err });
  return err;
}

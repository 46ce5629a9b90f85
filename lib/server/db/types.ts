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

export class DbError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** SQLSTATE 23505, e.g. a resubmitted round token or idempotency key. */
export class UniqueViolationError extends DbError {
  constructor(readonly constraint: string | undefined, options?: ErrorOptions) {
    super(`unique constraint violated: ${constraint ?? 'unknown'}`, options);
  }
}

/** Another live process has the PGlite data directory open; PGlite is single-process. */
export class DbLockedError extends DbError {
  constructor(readonly dir: string, readonly pid: number) {
    super(`PGlite data directory ${dir} is in use by process ${pid}; stop it or set DB_DIR to another directory`);
  }
}

/** The database was closed or cannot be reached; callers map it to 503. */
export class DbUnavailableError extends DbError {}

/** An applied migration's file changed afterwards; the schema would silently diverge between databases. */
export class MigrationChangedError extends DbError {
  constructor(readonly name: string) {
    super(`migration ${name} was edited after it was applied; add a new migration instead`);
  }
}

/** Maps driver errors (pg and PGlite both expose SQLSTATE `code` and `constraint`) to typed errors. */
export function toDbError(err: unknown): unknown {
  if (err instanceof Error && 'code' in err && err.code === '23505') {
    const constraint = 'constraint' in err && typeof err.constraint === 'string' ? err.constraint : undefined;
    return new UniqueViolationError(constraint, { cause: err });
  }
  return err;
}

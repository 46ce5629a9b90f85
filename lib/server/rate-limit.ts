import { serverEnv } from '@/lib/server/env';
import type { Queryable } from '@/lib/server/db';
import { DomainError } from '@/lib/core/errors';

export interface Limit {
  /** What is limited, e.g. "share"; the key is `<name>:<client>`. */
  name: string;
  max: number;
  windowMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Limits per client (docs/SERVER.md). RATE_LIMIT_SCALE multiplies every max, for load benchmarks only. */
export function limits() {
  const scale = serverEnv().RATE_LIMIT_SCALE;
  const limit = (name: string, max: number, windowMs: number): Limit => ({ name, max: max * scale, windowMs });
  return {
    share: limit('share', 60, HOUR),
    dailyRun: limit('daily-run', 20, HOUR),
    modelScore: limit('model-score', 10, DAY),
    /** Ranked daily runs per address and UTC day (the windows start at 00:00 UTC): players behind one address, or one who clears cookies. */
    rankedRun: limit('ranked-run', 5, DAY),
  };
}

/**
 * Counts one use of `limit` by `client` in a fixed window kept in the database (so it holds across
 * serverless instances) and says whether it is within the maximum. Called inside the write's
 * transaction, a request that fails later is not counted.
 */
async function count(q: Queryable, limit: Limit, client: string, now: number) {
  const windowStart = new Date(Math.floor(now / limit.windowMs) * limit.windowMs);
  const [row] = await q.query<{ count: number }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING count`,
    [`${limit.name}:${client}`, windowStart.toISOString()],
  );
  // Windows older than two days are dead weight; one request in a hundred sweeps them.
  if (Math.random() < 0.01) await q.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '2 days'`);
  return { allowed: (row?.count ?? 0) <= limit.max, windowStart };
}

/** Counts one use and says whether it was within the limit (a use past it: a ranked run becomes practice). */
export async function allow(q: Queryable, limit: Limit, client: string, now = Date.now()): Promise<boolean> {
  return (await count(q, limit, client, now)).allowed;
}

/** Counts one use and refuses it ('rate_limited', mapped to 429) past the maximum. */
export async function consume(q: Queryable, limit: Limit, client: string, now = Date.now()): Promise<void> {
  const { allowed, windowStart } = await count(q, limit, client, now);
  if (!allowed) {
    const retryAfter = Math.ceil((windowStart.getTime() + limit.windowMs - now) / 1000);
    throw new DomainError('rate_limited', `Too many requests: at most ${limit.max} per ${limit.windowMs / HOUR} h. Try again later.`, { retryAfterSeconds: retryAfter });
  }
}


import 'server-only';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@/lib/core/errors';
import { isUniqueViolation, type Db, type Queryable } from '@/lib/server/db';
import { consume, limits } from './rate-limit';

export interface RunRow {
  publicId: string;
  date: string;
  nickname: string;
  score: number;
  results: boolean[];
  createdAt: Date;
}

export interface NewRun {
  tokenId: string;
  date: string;
  nickname: string;
  answers: boolean[];
  results: boolean[];
  clientKey: string;
  durationMs: number;
}

const COLUMNS = `public_id AS "publicId", to_char(date, 'YYYY-MM-DD') AS date, nickname, score, results, created_at AS "createdAt"`;

async function runByToken(q: Queryable, tokenId: string) {
  const [row] = await q.query<RunRow & { answers: boolean[] }>(`SELECT ${COLUMNS}, answers FROM daily_runs WHERE token_id = $1`, [tokenId]);
  return row;
}

/**
 * Stores a scored run in one transaction with its rate-limit count. The token id is unique, so a
 * retried submission (same token, same answers and nickname) returns the run already stored and
 * counts once; the same token with anything else is a replay and is refused.
 */
export async function recordRun(db: Db, run: NewRun): Promise<{ run: RunRow; replayed: boolean }> {
  const same = (r: RunRow & { answers: boolean[] }) => r.nickname === run.nickname && JSON.stringify(r.answers) === JSON.stringify(run.answers);
  const replay = () => new DomainError('conflict', 'This round token has already been used for a different run; start a new run.');
  const existing = await runByToken(db, run.tokenId);
  if (existing) {
    if (!same(existing)) throw replay();
    return { run: existing, replayed: true };
  }
  try {
    const stored = await db.transaction(async (tx) => {
      await consume(tx, limits().dailyRun, run.clientKey);
      const [row] = await tx.query<RunRow>(
        `INSERT INTO daily_runs (token_id, public_id, date, nickname, answers, results, score, client_key, duration_ms)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          run.tokenId,
          randomBytes(16).toString('hex'),
          run.date,
          run.nickname,
          JSON.stringify(run.answers),
          JSON.stringify(run.results),
          run.results.filter(Boolean).length,
          run.clientKey,
          Math.min(run.durationMs, 2 ** 31 - 1),
        ],
      );
      return row!;
    });
    return { run: stored, replayed: false };
  } catch (err) {
    // A concurrent submission with the same token committed first.
    if (!isUniqueViolation(err)) throw err;
    const winner = await runByToken(db, run.tokenId);
    if (!winner || !same(winner)) throw replay();
    return { run: winner, replayed: true };
  }
}

export async function getRun(db: Db, publicId: string): Promise<RunRow | null> {
  if (!/^[0-9a-f]{32}$/.test(publicId)) return null;
  const [row] = await db.query<RunRow>(`SELECT ${COLUMNS} FROM daily_runs WHERE public_id = $1`, [publicId]);
  return row ?? null;
}

/** 1 + the runs of that date that did better (higher score, or the same score earlier). */
export async function rankOf(db: Db, run: RunRow): Promise<number> {
  const [row] = await db.query<{ better: number }>(
    `SELECT count(*)::integer AS better FROM daily_runs
     WHERE date = $1 AND (score > $2 OR (score = $2 AND created_at < $3))`,
    [run.date, run.score, run.createdAt],
  );
  return 1 + (row?.better ?? 0);
}

export type HumanBoard = 'today' | 'all';

/** Today's best runs, or the best single runs of all time; ties go to the earlier run. */
export async function humanBoard(db: Db, board: HumanBoard, today: string, limit = 50): Promise<RunRow[]> {
  return board === 'today'
    ? db.query<RunRow>(`SELECT ${COLUMNS} FROM daily_runs WHERE date = $1 ORDER BY score DESC, created_at LIMIT $2`, [today, limit])
    : db.query<RunRow>(`SELECT ${COLUMNS} FROM daily_runs ORDER BY score DESC, created_at LIMIT $1`, [limit]);
}

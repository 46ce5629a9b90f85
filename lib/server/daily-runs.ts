import 'server-only';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@/lib/core/errors';
import { isUniqueViolation, type Db, type Queryable } from '@/lib/server/db';
import { dayClosed } from './daily';
import { allow, consume, limits } from './rate-limit';

export interface RunRow {
  publicId: string;
  date: string;
  nickname: string;
  score: number;
  results: boolean[];
  /** On the boards; false: a practice run (the player's second of the day, or no player cookie). */
  ranked: boolean;
  createdAt: Date;
}

export interface NewRun {
  tokenId: string;
  date: string;
  nickname: string;
  answers: boolean[];
  results: boolean[];
  clientKey: string;
  /** The signed player cookie's id; null (a script, a browser refusing cookies): the run is practice. */
  player: string | null;
  durationMs: number;
}

const COLUMNS = `public_id AS "publicId", to_char(date, 'YYYY-MM-DD') AS date, nickname, score, results, ranked, created_at AS "createdAt"`;
/** The partial unique index that allows one ranked run per player and date (migration 0003). */
const ONE_RANKED = 'daily_runs_one_ranked';

async function runByToken(q: Queryable, tokenId: string) {
  const [row] = await q.query<RunRow & { answers: boolean[] }>(`SELECT ${COLUMNS}, answers FROM daily_runs WHERE token_id = $1`, [tokenId]);
  return row;
}

/**
 * Whether a new run ranks: the player has no ranked run that date, and the address has ranked runs
 * left that UTC day (counted here, inside the write's transaction).
 */
async function ranks(tx: Queryable, run: NewRun): Promise<boolean> {
  if (run.player === null) return false;
  const [played] = await tx.query<{ n: number }>(`SELECT count(*)::integer AS n FROM daily_runs WHERE date = $1 AND player = $2 AND ranked`, [run.date, run.player]);
  if (played!.n > 0) return false;
  return allow(tx, limits().rankedRun, run.clientKey);
}

/**
 * Stores a scored run in one transaction with its rate-limit count; the first of a player's runs of a
 * date is ranked, later ones are practice. The token id is unique, so a retried submission (same
 * token, same answers and nickname) returns the run already stored and counts once; the same token
 * with anything else is a replay and is refused. Two runs of one player racing for the ranked place
 * meet at the partial unique index; the loser is stored as practice.
 */
export async function recordRun(db: Db, run: NewRun): Promise<{ run: RunRow; replayed: boolean }> {
  const same = (r: RunRow & { answers: boolean[] }) => r.nickname === run.nickname && JSON.stringify(r.answers) === JSON.stringify(run.answers);
  const replay = () => new DomainError('conflict', 'This round token has already been used for a different run; start a new run.');
  const existing = await runByToken(db, run.tokenId);
  if (existing) {
    if (!same(existing)) throw replay();
    return { run: existing, replayed: true };
  }
  const insert = (mayRank: boolean) =>
    db.transaction(async (tx) => {
      await consume(tx, limits().dailyRun, run.clientKey);
      const ranked = mayRank && (await ranks(tx, run));
      const [row] = await tx.query<RunRow>(
        `INSERT INTO daily_runs (token_id, public_id, date, nickname, answers, results, score, client_key, duration_ms, ranked, player)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
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
          ranked,
          run.player ?? '',
        ],
      );
      return row!;
    });
  try {
    return { run: await insert(true), replayed: false };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Another run of this player took the ranked place first: this one is practice.
    if (err.constraint === ONE_RANKED) return { run: await insert(false), replayed: false };
    // A concurrent submission with the same token committed first.
    const winner = await runByToken(db, run.tokenId);
    if (!winner || !same(winner)) throw replay();
    return { run: winner, replayed: true };
  }
}

/** A run as anyone may see it: its per-challenge results only once its UTC day has closed (`dayClosed`). */
export function publicRun(run: RunRow, now: number): Omit<RunRow, 'results'> & { count: number; results: boolean[] | null } {
  return { ...run, count: run.results.length, results: dayClosed(run.date, now) ? run.results : null };
}

export async function getRun(db: Db, publicId: string): Promise<RunRow | null> {
  if (!/^[0-9a-f]{32}$/.test(publicId)) return null;
  const [row] = await db.query<RunRow>(`SELECT ${COLUMNS} FROM daily_runs WHERE public_id = $1`, [publicId]);
  return row ?? null;
}

/** A ranked run's place: 1 + the ranked runs that did better (higher score, or the same score earlier) that date, or of all time. */
export async function rankOf(db: Db, run: RunRow, board: HumanBoard = 'today'): Promise<number> {
  const [row] = await db.query<{ better: number }>(
    `SELECT count(*)::integer AS better FROM daily_runs
     WHERE ranked AND ($1::date IS NULL OR date = $1) AND (score > $2 OR (score = $2 AND created_at < $3))`,
    [board === 'today' ? run.date : null, run.score, run.createdAt],
  );
  return 1 + (row?.better ?? 0);
}

export type HumanBoard = 'today' | 'all';

/** Today's best ranked runs, or the best ranked runs of all time; ties go to the earlier run. */
export async function humanBoard(db: Db, board: HumanBoard, today: string, limit = 50): Promise<RunRow[]> {
  return board === 'today'
    ? db.query<RunRow>(`SELECT ${COLUMNS} FROM daily_runs WHERE ranked AND date = $1 ORDER BY score DESC, created_at LIMIT $2`, [today, limit])
    : db.query<RunRow>(`SELECT ${COLUMNS} FROM daily_runs WHERE ranked ORDER BY score DESC, created_at LIMIT $1`, [limit]);
}

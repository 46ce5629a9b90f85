import { serverEnv } from '@/lib/server/env';
import 'server-only';
import { randomBytes } from 'node:crypto';
import { hmac, keyedRng, macMatches } from './secret';
import type { BlobStore } from '@/lib/server/storage';
import type { ChallengeSpec } from '@/lib/core/world/pairs';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { rankedPairs, toPublic } from './packs';

/** The daily ranked run: the same DAILY_COUNT synthetic challenges for everyone on a UTC date. */
export const DAILY_COUNT = 10;

export function dailyConfig() {
  const env = serverEnv();
  return { tokenTtlMs: env.DAILY_TOKEN_TTL_MS, minRunMs: env.DAILY_MIN_ANSWER_MS * DAILY_COUNT };
}

export function utcDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/**
 * A date's challenges, from a stream keyed by the server secret and the date: their labels are
 * computed here and exist nowhere else, so no public data set can answer them. Deterministic, so every instance agrees.
 */
export function dailySpecs(secret: string, date: string): ChallengeSpec[] {
  // Drawing ten pairs takes tens of milliseconds of CPU, and every submission scores against them.
  const key = `${date}:${hmac(secret, 'daily-specs').toString('hex')}`;
  let specs = drawn.get(key);
  if (!specs) {
    specs = rankedPairs(keyedRng(secret, `daily:${date}`), DAILY_COUNT, `daily-${date}`);
    if (drawn.size > 3) drawn.delete(drawn.keys().next().value!);
    drawn.set(key, specs);
  }
  return specs;
}

const drawn = new Map<string, ChallengeSpec[]>();

// Rendering ten pairs takes a moment; each instance does it once per date.
const rendered = new Map<string, Promise<PublicChallenge[]>>();

/** The public side of a date's challenges, their images stored (content-addressed, so idempotent). */
export function dailyChallenges(store: BlobStore, secret: string, date: string): Promise<PublicChallenge[]> {
  let pending = rendered.get(date);
  if (!pending) {
    pending = Promise.all(dailySpecs(secret, date).map((spec) => toPublic(store, spec)));
    pending.catch(() => rendered.delete(date));
    if (rendered.size > 3) rendered.delete(rendered.keys().next().value!);
    rendered.set(date, pending);
  }
  return pending;
}

/** Per challenge, in order: was the answer right? */
export function scoreAnswers(specs: readonly ChallengeSpec[], answers: readonly boolean[]): boolean[] {
  return specs.map((spec, i) => answers[i] === spec.label);
}

/** Per-challenge results are shown only once the run's UTC day has closed: until then they would answer the day's challenges. */
export function dayClosed(date: string, now: number): boolean {
  return date < utcDate(now);
}

/**
 * What a player shares: the score, and — once the day has closed — the Wordle-style 🟩/🟥 grid in rows
 * of five (before that the grid would tell the next player which answers were right). Built by the
 * server from the scored run.
 */
export function shareText(run: { date: string; score: number; results: readonly boolean[]; ranked: boolean }, url: string, now: number): string {
  const lines = [`True of both? ${run.date} ${run.score}/${run.results.length}${run.ranked ? '' : ' (practice)'}`];
  if (dayClosed(run.date, now)) {
    const cells = run.results.map((ok) => (ok ? '🟩' : '🟥'));
    for (let i = 0; i < cells.length; i += 5) lines.push(cells.slice(i, i + 5).join(''));
  }
  return [...lines, url].join('\n');
}

/**
 * A player is a browser: a random id in an httpOnly cookie, signed with the secret so that ids cannot
 * be made up (and so cannot be guessed to spend someone else's ranked run). Clearing cookies makes a
 * new player; the ranked-runs-per-address limit (rate-limit.ts `rankedRun`) bounds that.
 */
export const PLAYER_COOKIE = 'tob_player';
const PLAYER_RE = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;
const playerMac = (secret: string, id: string) => hmac(secret, `player:${id}`);

/** The request's player id, when its cookie carries one with a valid signature; null otherwise. */
export function readPlayer(request: Request, secret: string): string | null {
  const cookie = (request.headers.get('cookie') ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${PLAYER_COOKIE}=`));
  const match = cookie && PLAYER_RE.exec(cookie.slice(PLAYER_COOKIE.length + 1));
  if (!match) return null;
  return macMatches(match[2]!, playerMac(secret, match[1]!)) ? match[1]! : null;
}

/** The Set-Cookie value for a player (a new one when `id` is null): a year, httpOnly, same-site, Secure over HTTPS. */
export function playerCookie(secret: string, id: string | null, secure: boolean): { id: string; header: string } {
  const player = id ?? randomBytes(16).toString('hex');
  const value = `${player}.${playerMac(secret, player).toString('base64url')}`;
  return { id: player, header: `${PLAYER_COOKIE}=${value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}` };
}

import 'server-only';
import { z } from 'zod';
import { secretSeed } from './secret';
import type { BlobStore } from '@/lib/server/storage';
import type { ChallengeSpec } from '@/lib/core/world/pairs';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { rankedPairs, toPublic } from './packs';

/** The daily ranked run: the same DAILY_COUNT synthetic challenges for everyone on a UTC date. */
export const DAILY_COUNT = 10;

const envSchema = z.object({
  /** How long a round token stays valid. */
  DAILY_TOKEN_TTL_MS: z.coerce.number().int().positive().default(30 * 60_000),
  /** The least time a person can plausibly spend on one challenge; a run faster than 10× this is refused. */
  DAILY_MIN_ANSWER_MS: z.coerce.number().int().nonnegative().default(1500),
});

export function dailyConfig() {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid daily-run environment: ${z.prettifyError(parsed.error)}`);
  return { tokenTtlMs: parsed.data.DAILY_TOKEN_TTL_MS, minRunMs: parsed.data.DAILY_MIN_ANSWER_MS * DAILY_COUNT };
}

export function utcDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/**
 * A date's challenges, generated from the server secret: their labels are computed here and exist
 * nowhere else, so no public data set can answer them. Deterministic, so every instance agrees.
 */
export function dailySpecs(secret: string, date: string): ChallengeSpec[] {
  return rankedPairs(secretSeed(secret, `daily:${date}`), DAILY_COUNT, `daily-${date}`);
}

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

/** Wordle-style: a title line, the 🟩/🟥 grid in rows of five, and the link. Built by the server from the scored run. */
export function shareText(date: string, results: readonly boolean[], url: string): string {
  const cells = results.map((ok) => (ok ? '🟩' : '🟥'));
  const rows = [];
  for (let i = 0; i < cells.length; i += 5) rows.push(cells.slice(i, i + 5).join(''));
  const score = results.filter(Boolean).length;
  return [`True of both? ${date} ${score}/${results.length}`, ...rows, url].join('\n');
}

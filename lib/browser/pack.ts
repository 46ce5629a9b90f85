import * as z from '@/lib/core/zod';
import { practiceChallengeSchema, practicePackSchema, type PracticeChallenge } from '@/lib/core/game/challenge';

const SLICE = 10;
const sliceSchema = z.array(practiceChallengeSchema);
const yieldToLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The practice pack at `url`, validated against its schema (lib/core/game/challenge.ts). Run in pack.worker.ts,
 * so the page's main thread never loads the schema code; a few challenges at a time with a pause between
 * slices, so that the worker's thread is never held long on a phone with few cores.
 */
export async function fetchPracticePack(url: string): Promise<PracticeChallenge[]> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`The challenge pack could not be downloaded (HTTP ${res.status}).`);
  const malformed = new Error('The challenge pack is malformed.');
  const raw: unknown = await res.json().catch(() => null);
  const all = raw && typeof raw === 'object' && Array.isArray((raw as { challenges?: unknown }).challenges) ? ((raw as { challenges: unknown[] }).challenges) : [];
  // The envelope (format, kind, source, at least one challenge) with the first challenge, then the rest.
  if (!practicePackSchema.safeParse({ ...(raw as object), challenges: all.slice(0, 1) }).success) throw malformed;
  const challenges: PracticeChallenge[] = [];
  for (let i = 0; i < all.length; i += SLICE) {
    if (i) await yieldToLoop();
    const slice = sliceSchema.safeParse(all.slice(i, i + SLICE));
    if (!slice.success) throw malformed;
    challenges.push(...slice.data);
  }
  return challenges;
}

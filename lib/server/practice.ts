import 'server-only';
import { practicePackSchema, type PracticeChallenge } from '@/lib/core/game/challenge';
import type { CatalogEntry } from './catalog';
import { getBlobStore, type BlobStore } from './storage';

/** Practice packs by blob path: paths are content hashes, so a pack read once never changes. */
const packs = new Map<string, Promise<PracticeChallenge[]>>();

async function readPack(store: BlobStore, path: string): Promise<PracticeChallenge[]> {
  const blob = await store.get(path);
  if (!blob) throw new Error(`the practice pack ${path} is missing from the blob store`);
  return practicePackSchema.parse(JSON.parse(new TextDecoder().decode(blob.body))).challenges;
}

/**
 * A practice challenge drawn at random for one page view: the server renders it, so the statement and both
 * images are in the HTML and the game is on screen before any script runs; the rest of the pack loads after.
 */
export async function firstPracticeChallenge(
  entry: CatalogEntry,
  { store = getBlobStore(), random = Math.random }: { store?: BlobStore; random?: () => number } = {},
): Promise<PracticeChallenge> {
  let pack = packs.get(entry.path);
  if (!pack) {
    pack = readPack(store, entry.path);
    packs.set(entry.path, pack);
    pack.catch(() => packs.delete(entry.path)); // a failed read is tried again on the next view
  }
  const challenges = await pack; // the schema asks for at least one
  return challenges[Math.floor(random() * challenges.length)]!;
}

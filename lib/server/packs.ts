import { objectBoxes } from '@/lib/core/world/boxes';
import { type NlvrExample } from '@/lib/core/world/nlvr';
import { readNlvrFile } from './nlvr-files';
import { nlvrPairs, type ChallengeSpec } from '@/lib/core/world/pairs';
import { encodePng } from './png';
import { renderScene } from '@/lib/core/world/render';
import { createRng, type Rng } from '@/lib/core/world/rng';
import { generatePair } from '@/lib/core/statements';
import type { Scene } from '@/lib/core/world/types';
import { putImmutable } from '@/lib/server/storage/paths';
import type { BlobStore } from '@/lib/server/storage/types';
import type { Catalog, CatalogEntry } from './catalog';
import { keyedRng } from './secret';
import type { Pack, PackSource, PracticeChallenge, PublicChallenge } from '@/lib/core/game/challenge';

export interface PackBuildOptions {
  nlvrDir?: string;
  seed: number;
  syntheticCount: number;
  rankedCount: number;
  /** The server secret: keys the ranked pack's generator (`rankedSpecs`), so its labels exist nowhere but on the server. */
  secret: string;
  log?: (line: string) => void;
}

/** Render a scene at 1× (model input) and 2× (display) and store both PNGs; the same scene is stored once. */
async function storeScene(store: BlobStore, scene: Scene) {
  const [image, display] = await Promise.all(
    [1, 2].map((scale) => putImmutable(store, 'images', encodePng(renderScene(scene, scale)), '.png', 'image/png')),
  );
  return { imageUrl: image!.url, displayUrl: display!.url, boxes: objectBoxes(scene) };
}

/** Renders and stores both scenes of a challenge; returns what the browser gets (no labels). */
export async function toPublic(store: BlobStore, spec: ChallengeSpec): Promise<PublicChallenge> {
  const [left, right] = await Promise.all([storeScene(store, spec.left), storeScene(store, spec.right)]);
  return { id: spec.id, statement: spec.statement, left, right };
}

async function storePack(store: BlobStore, pack: Pack) {
  const bytes = new TextEncoder().encode(JSON.stringify(pack));
  return putImmutable(store, 'packs', bytes, '.json', 'application/json');
}

async function practicePack(store: BlobStore, name: string, source: PackSource, specs: ChallengeSpec[]): Promise<CatalogEntry> {
  const challenges: PracticeChallenge[] = [];
  for (const spec of specs) {
    const pub = await toPublic(store, spec);
    challenges.push({ ...pub, label: spec.label, leftLabel: spec.leftLabel, rightLabel: spec.rightLabel });
  }
  const { path } = await storePack(store, { format: 'tob-pack/1', name, kind: 'practice', source, challenges });
  return { name, kind: 'practice', source, path, count: challenges.length };
}

/**
 * The ranked pack: the public pack has no labels, and the labels are stored nowhere. The server
 * regenerates them from its secret (`rankedSpecs`) whenever it scores, as it does for the daily run.
 */
export const RANKED_PACK = 'ranked-synthetic';
export const RANKED_ID_PREFIX = 'rk';

/** The ranked pack's challenges, labels included: a stream keyed by the secret, never stored. */
export function rankedSpecs(secret: string, count: number): ChallengeSpec[] {
  return rankedPairs(keyedRng(secret, 'ranked-pack'), count, RANKED_ID_PREFIX);
}

async function rankedPack(store: BlobStore, name: string, specs: ChallengeSpec[]): Promise<CatalogEntry> {
  const challenges: PublicChallenge[] = [];
  for (const spec of specs) challenges.push(await toPublic(store, spec));
  const { path } = await storePack(store, { format: 'tob-pack/1', name, kind: 'ranked', source: 'synthetic', challenges });
  return { name, kind: 'ranked', source: 'synthetic', path, count: challenges.length };
}

/** The NLVR test-P images (every image of test.json, 1× PNG, boxes, statement, public label): the inputs of the nlvr-test-p model split. */
export const NLVR_TEST_IMAGES = 'nlvr-test-p';

async function nlvrImagesPack(store: BlobStore, examples: readonly NlvrExample[]): Promise<CatalogEntry> {
  const images = [];
  for (const ex of examples) {
    const { url } = await putImmutable(store, 'images', encodePng(renderScene(ex.scene, 1)), '.png', 'image/png');
    images.push({ id: ex.identifier, statement: ex.sentence, imageUrl: url, boxes: objectBoxes(ex.scene), label: ex.label });
  }
  const { path } = await storePack(store, { format: 'tob-pack/1', name: NLVR_TEST_IMAGES, kind: 'images', source: 'nlvr', images });
  return { name: NLVR_TEST_IMAGES, kind: 'images', source: 'nlvr', path, count: images.length };
}

/** `count` synthetic pairs, alternately true and not true of both; the same generator state gives the same pairs. */
function syntheticPairs(rng: Rng, count: number, idPrefix: string): ChallengeSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const pair = generatePair(rng, { label: i % 2 === 0 });
    return { id: `${idPrefix}-${i}`, statement: pair.text, left: pair.left, right: pair.right, leftLabel: pair.leftLabel, rightLabel: pair.rightLabel, label: pair.label };
  });
}

/**
 * Ranked pairs: synthetic pairs drawn from `rng` (a keyed stream, `keyedRng`), then shuffled by the
 * same stream and numbered after shuffling, so that an id's position says nothing about its label
 * (syntheticPairs alternates true and not true).
 */
export function rankedPairs(rng: Rng, count: number, idPrefix: string): ChallengeSpec[] {
  return rng.shuffle(syntheticPairs(rng, count, idPrefix)).map((spec, i) => ({ ...spec, id: `${idPrefix}-${i}` }));
}

/** Build every pack into the store and return the catalog that names them. */
export async function buildPacks(store: BlobStore, opts: PackBuildOptions): Promise<Catalog> {
  const log = opts.log ?? (() => {});
  const packs: CatalogEntry[] = [];
  packs.push(await practicePack(store, 'practice-synthetic', 'synthetic', syntheticPairs(createRng(opts.seed), opts.syntheticCount, 'syn')));
  log(`practice-synthetic: ${opts.syntheticCount} challenges`);
  if (opts.nlvrDir) {
    for (const split of ['dev', 'test'] as const) {
      const examples = await readNlvrFile(`${opts.nlvrDir}/${split}.json`);
      const specs = nlvrPairs(examples, createRng(opts.seed), `nlvr-${split}`);
      packs.push(await practicePack(store, `practice-nlvr-${split}`, 'nlvr', specs));
      log(`practice-nlvr-${split}: ${specs.length} challenges from ${examples.length} examples`);
      if (split === 'test') {
        packs.push(await nlvrImagesPack(store, examples));
        log(`${NLVR_TEST_IMAGES}: ${examples.length} images (the nlvr-test-p model split)`);
      }
    }
  }
  packs.push(await rankedPack(store, RANKED_PACK, rankedSpecs(opts.secret, opts.rankedCount)));
  log(`ranked-synthetic: ${opts.rankedCount} challenges (labels regenerated from the secret, stored nowhere)`);
  return { format: 'tob-catalog/1', builtAt: new Date().toISOString(), packs, models: [] };
}

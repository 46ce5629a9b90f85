import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { practiceEntry, readCatalog, writeCatalog } from '@/lib/server/catalog';
import { practicePackSchema, rankedPackSchema } from '@/lib/core/game/challenge';
import { buildPacks, rankedSpecs } from '@/lib/server/packs';
import { firstPracticeChallenge } from '@/lib/server/practice';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { decodePng } from '@/lib/server/png';
import { readNlvrFile } from '@/lib/server/nlvr-files';

const nlvrDir = process.env.NLVR1_DIR ?? (process.env.CI ? undefined : join(process.cwd(), '../shared/data/nlvr1'));
const dir = mkdtempSync(join(tmpdir(), 'tob-packs-'));
const PACKS_SECRET = 'packs-test-secret-0123456789abcdef';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packs:build', async () => {
  if (process.env.CI && !nlvrDir) throw new Error('CI needs NLVR1_DIR');
  const store = createLocalBlobStore(join(dir, 'blob'));
  const catalog = await buildPacks(store, { nlvrDir, seed: 7, syntheticCount: 12, rankedCount: 6, secret: PACKS_SECRET });
  const fetchJson = async (path: string) => JSON.parse(new TextDecoder().decode((await store.get(path))!.body)) as unknown;

  it('names every pack in the catalog, and the catalog round-trips through its file', async () => {
    expect(catalog.packs.map((p) => p.name)).toEqual(['practice-synthetic', 'practice-nlvr-dev', 'practice-nlvr-test', 'nlvr-test-p', 'ranked-synthetic']);
    const file = join(dir, 'catalog.json');
    await writeCatalog(catalog, file);
    const read = await readCatalog(file);
    expect(read).toEqual(catalog);
    expect(practiceEntry(read)?.name).toBe('practice-nlvr-test');
  });

  it('draws the home page’s first challenge from the practice pack, read once per process; a missing pack fails, and is read again next time', async () => {
    const entry = practiceEntry(catalog)!;
    const pack = practicePackSchema.parse(await fetchJson(entry.path));
    const n = pack.challenges.length;
    expect(await firstPracticeChallenge(entry, { store, random: () => 0 })).toEqual(pack.challenges[0]);
    expect(await firstPracticeChallenge(entry, { store, random: () => 0.9999 })).toEqual(pack.challenges[n - 1]);
    const empty = createLocalBlobStore(join(dir, 'empty-blob'));
    // Kept from the first read: a store without the pack does not matter any more for this path.
    expect((await firstPracticeChallenge(entry, { store: empty, random: () => 0.5 })).id).toBe(pack.challenges[Math.floor(0.5 * n)]!.id);
    const missing = { ...entry, path: 'packs/0000000000000000000000000000000000000000000000000000000000000000.json' };
    await expect(firstPracticeChallenge(missing, { store: empty })).rejects.toThrow(/missing from the blob store/);
    await store.put(missing.path, JSON.stringify(pack), { contentType: 'application/json' });
    expect((await firstPracticeChallenge(missing, { store, random: () => 0 })).id).toBe(pack.challenges[0]!.id);
  });

  it('writes balanced NLVR pairs of one presentation each, with their own labels', async () => {
    const entry = catalog.packs.find((p) => p.name === 'practice-nlvr-test')!;
    const pack = practicePackSchema.parse(await fetchJson(entry.path));
    expect(pack.challenges.length).toBeGreaterThan(300);
    const trues = pack.challenges.filter((c) => c.label).length;
    expect(trues * 2).toBe(pack.challenges.length);
    const byId = new Map((await readNlvrFile(join(nlvrDir!, 'test.json'))).map((e) => [e.identifier, e]));
    for (const c of pack.challenges) {
      const [, , n, positions] = c.id.split('-');
      const [a, b] = [byId.get(`${n}-${positions![0]}`)!, byId.get(`${n}-${positions![1]}`)!];
      expect(c.statement).toBe(a.sentence);
      expect([c.leftLabel, c.rightLabel, c.label]).toEqual([a.label, b.label, a.label && b.label]);
      expect(c.left.boxes).toHaveLength(a.scene.flat().length);
    }
  });

  it('stores each scene as a 400×100 PNG and an 800×200 one under content-addressed paths', async () => {
    const entry = catalog.packs.find((p) => p.name === 'practice-synthetic')!;
    const pack = practicePackSchema.parse(await fetchJson(entry.path));
    expect(pack.challenges).toHaveLength(12);
    const c = pack.challenges[0]!;
    const small = await store.get(c.left.imageUrl.replace(/^\/blob\//, ''));
    const large = await store.get(c.left.displayUrl.replace(/^\/blob\//, ''));
    expect(small?.contentType).toBe('image/png');
    expect([decodePng(Buffer.from(small!.body)).width, decodePng(Buffer.from(large!.body)).width]).toEqual([400, 800]);
    expect(c.left.imageUrl).toMatch(/^\/blob\/images\/[0-9a-f]{64}\.png$/);
  });

  it('keeps ranked labels out of the public pack and out of storage: the server regenerates them from its secret', async () => {
    const entry = catalog.packs.find((p) => p.kind === 'ranked')!;
    const raw = await fetchJson(entry.path);
    expect(JSON.stringify(raw)).not.toMatch(/label/i);
    const pack = rankedPackSchema.parse(raw);
    expect(JSON.stringify(catalog)).not.toMatch(/label/i);
    expect((await store.list('')).every((path) => /^(images|packs)\//.test(path))).toBe(true);
    expect(rankedSpecs(PACKS_SECRET, 6).map((s) => [s.id, s.statement])).toEqual(pack.challenges.map((c) => [c.id, c.statement]));
  });

  it('is deterministic for a seed: a rebuild writes the same practice packs', async () => {
    const again = await buildPacks(store, { nlvrDir, seed: 7, syntheticCount: 12, rankedCount: 6, secret: PACKS_SECRET });
    const practice = (c: typeof catalog) => c.packs.filter((p) => p.kind === 'practice').map((p) => p.path);
    expect(practice(again)).toEqual(practice(catalog));
  }, 180_000);
});

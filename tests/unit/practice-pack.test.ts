import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPracticePack } from '@/lib/browser/pack';

const image = (n: number) => ({ imageUrl: `/blob/images/${n}.png`, displayUrl: `/blob/images/${n}@2x.png`, boxes: [{ x: 10, y: 20, w: 20, h: 20 }] });
const challenge = (i: number) => ({ id: `c-${i}`, statement: `statement ${i}`, left: image(2 * i), right: image(2 * i + 1), label: i % 2 === 0, leftLabel: true, rightLabel: i % 2 === 0 });
const pack = (challenges: unknown[]) => ({ format: 'tob-pack/1', name: 'practice-test', kind: 'practice', source: 'synthetic', challenges });

/** What the blob store would serve, by path: a status and a body. */
const ROUTES: Record<string, [number, string]> = {
  '/good.json': [200, JSON.stringify(pack(Array.from({ length: 23 }, (_, i) => challenge(i))))],
  // The envelope and the first challenge are fine; the 17th is not (a box outside the 400×100 image).
  '/bad-late.json': [200, JSON.stringify(pack(Array.from({ length: 23 }, (_, i) => (i === 16 ? { ...challenge(i), left: { ...image(0), boxes: [{ x: 390, y: 0, w: 20, h: 20 }] } } : challenge(i)))))],
  '/ranked.json': [200, JSON.stringify({ ...pack([challenge(0)]), kind: 'ranked' })],
  '/empty.json': [200, JSON.stringify(pack([]))],
  '/not-json.json': [200, '{"format": "tob-pack/1", '],
  '/extra.json': [200, JSON.stringify(pack([{ ...challenge(0), secret: 'dropped' }]))],
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body] = ROUTES[req.url ?? ''] ?? [404, 'not found'];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the practice pack, as the model worker reads it (lib/browser/pack.ts)', () => {
  it('returns every challenge of a valid pack, in order, across its validation slices', async () => {
    const challenges = await fetchPracticePack(`${base}/good.json`);
    expect(challenges.map((c) => c.id)).toEqual(Array.from({ length: 23 }, (_, i) => `c-${i}`));
    expect(challenges[3]).toEqual(challenge(3));
  });

  it('keeps only what the contract names: unknown keys are stripped', async () => {
    const [only] = await fetchPracticePack(`${base}/extra.json`);
    expect(only).toEqual(challenge(0));
    expect(only).not.toHaveProperty('secret');
  });

  it.each([
    ['a bad challenge in a later slice', '/bad-late.json'],
    ['another kind of pack', '/ranked.json'],
    ['a pack without challenges', '/empty.json'],
    ['a body that is not JSON', '/not-json.json'],
  ])('refuses %s as malformed', async (_, path) => {
    await expect(fetchPracticePack(`${base}${path}`)).rejects.toThrow('The challenge pack is malformed.');
  });

  it('says which HTTP status a failed download had', async () => {
    await expect(fetchPracticePack(`${base}/missing.json`)).rejects.toThrow('The challenge pack could not be downloaded (HTTP 404).');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { DomainError, type DomainCode } from '@/lib/core/errors';
import { handle } from '@/lib/server/http';
import { checkIds } from '@/lib/server/model-scores';
import { issueRoundToken, verifyRoundToken } from '@/lib/server/round-token';

/**
 * Next.js bundles pages and route handlers separately, each with its own copy of every class; a
 * database or store opened by one bundle throws the other's classes. vi.resetModules() gives the same:
 * a second copy of each module, whose classes are not the first copy's.
 */
async function otherBundle() {
  vi.resetModules();
  const [errors, db, storage] = await Promise.all([import('@/lib/core/errors'), import('@/lib/server/db/types'), import('@/lib/server/storage/types')]);
  return { errors, db, storage };
}

const fail = (err: unknown) => handle(async () => Promise.reject(err));

describe('handle(): one mapping from errors to HTTP', () => {
  it('maps every domain code to its status', async () => {
    const expected: Record<DomainCode, number> = {
      malformed: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, expired: 410,
      too_large: 413, unsupported_media: 415, invalid: 422, rate_limited: 429, unavailable: 503,
    };
    for (const [code, status] of Object.entries(expected)) {
      const res = await fail(new DomainError(code as DomainCode, `says ${code}`, { extra: 1 }));
      expect(res.status, code).toBe(status);
      expect(await res.json()).toEqual({ error: `says ${code}`, extra: 1 });
    }
  });

  it('turns retryAfterSeconds into Retry-After, and gives every 503 one', async () => {
    const limited = await fail(new DomainError('rate_limited', 'slow down', { retryAfterSeconds: 42 }));
    expect(limited.headers.get('retry-after')).toBe('42');
    expect((await fail(new DomainError('unavailable', 'down'))).headers.get('retry-after')).toBe('30');
  });

  it('recognises errors thrown by another bundle’s copy of the classes', async () => {
    const other = await otherBundle();
    expect(new other.errors.DomainError('conflict', 'x')).not.toBeInstanceOf(DomainError);
    expect((await fail(new other.errors.DomainError('conflict', 'taken'))).status).toBe(409);
    const down = await fail(new other.db.DbUnavailableError('gone'));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('30');
    expect((await fail(new other.db.DbLockedError('/tmp/x', 1))).status).toBe(503);
    expect((await fail(new other.storage.StorageUnavailableError('blob store down'))).status).toBe(503);
    expect((await fail(new other.db.UniqueViolationError('shares_pkey'))).status).toBe(409);
  });

  it('classifies driver errors: a connection that is gone is 503, a unique violation a typed error, anything else 500', async () => {
    const { toDbError, isUniqueViolation } = await import('@/lib/server/db/types');
    const refused = Object.assign(new Error('connect ECONNREFUSED /tmp/.s.PGSQL.5432'), { code: 'ECONNREFUSED' });
    expect((await fail(toDbError(refused))).status).toBe(503);
    expect((await fail(toDbError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })))).status).toBe(503);
    expect(isUniqueViolation(toDbError(Object.assign(new Error('dup'), { code: '23505', constraint: 'c' })))).toBe(true);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect((await fail(new TypeError('a bug'))).status).toBe(500);
    spy.mockRestore();
  });
});

describe('checkIds', () => {
  const same = (k: string) => (['a', 'b', 'c'].includes(k) ? k : undefined);
  it('returns key → label when every key is named once', () => {
    expect(checkIds('Ids', ['a', 'b'], [['b', true], ['a', false]], same)).toEqual(new Map([['b', true], ['a', false]]));
  });
  it('names missing, unknown and repeated keys, in the details named after the noun', () => {
    try {
      checkIds('Pairs', ['a', 'b', 'c'], [['a', true], ['a', false], ['z', true]], same, 'Pair');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'invalid',
        message: 'Pairs exactly once: 2 missing, 1 unknown, 1 repeated.',
        details: { missingPairs: ['b', 'c'], missingPairCount: 2, extraPairs: ['z'], extraPairCount: 1, duplicatePairs: ['a'], duplicatePairCount: 1 },
      });
    }
  });
});

describe('round tokens: strict base64url', () => {
  const secret = 'unit-test-secret-0123456789abcdefgh';
  const now = Date.UTC(2026, 0, 2);
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // A token whose MAC holds - or _, so that its standard-base64 spelling differs.
  const token = Array.from({ length: 50 }, () => issueRoundToken(secret, '2026-01-02', now).token).find((t) => /[-_]/.test(t.split('.')[1]!))!;
  const [payload, mac] = token.split('.') as [string, string];
  const verify = (t: string) => () => verifyRoundToken(secret, t, now, 60_000);

  it('accepts the token as issued', () => {
    expect(verify(token)()).toMatchObject({ date: '2026-01-02' });
  });

  it('refuses spellings that decode to the same MAC: junk, padding, standard base64, other spare bits', () => {
    const standard = mac.replace(/-/g, '+').replace(/_/g, '/');
    // 43 characters carry 258 bits for a 256-bit MAC: the last character's two low bits are spare.
    const spare = mac.slice(0, -1) + ALPHABET[ALPHABET.indexOf(mac.at(-1)!) ^ 1];
    for (const variant of [`${mac}!!`, `${mac}=`, `${mac}==`, standard, spare]) {
      expect(Buffer.from(variant, 'base64url').equals(Buffer.from(mac, 'base64url')), variant).toBe(true);
      expect(verify(`${payload}.${variant}`), variant).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    }
  });
});

import 'server-only';
import { randomBytes } from 'node:crypto';
import * as z from '@/lib/core/zod';
import { DomainError } from '@/lib/core/errors';
import { hmac, macMatches } from './secret';

/**
 * A round token: `<payload>.<mac>`, both base64url; the payload names the run (128 random bits), its
 * UTC date and when it was issued; the MAC is HMAC-SHA256 under the server secret. Stateless: the
 * server stores nothing until the run is submitted, and the token id then makes a replay a unique
 * violation.
 */
const payloadSchema = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  iat: z.number().int().nonnegative(),
});
export type RoundToken = z.infer<typeof payloadSchema>;

const mac = (secret: string, payload: string) => hmac(secret, `round-token:${payload}`);

export function issueRoundToken(secret: string, date: string, now: number): { token: string; payload: RoundToken } {
  const payload: RoundToken = { v: 1, id: randomBytes(16).toString('hex'), date, iat: now };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${encoded}.${mac(secret, encoded).toString('base64url')}`, payload };
}

/** Checks the MAC first (constant time), then the shape, then the age. */
export function verifyRoundToken(secret: string, token: string, now: number, ttlMs: number): RoundToken {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) throw new DomainError('malformed', 'The round token is malformed.');
  // Only the canonical spelling of the MAC (macMatches); the payload is covered by the MAC as sent.
  if (!macMatches(signature, mac(secret, encoded))) throw new DomainError('unauthorized', 'The round token is not valid.');
  let payload: RoundToken;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
  } catch {
    throw new DomainError('malformed', 'The round token is malformed.');
  }
  if (now - payload.iat > ttlMs || payload.iat > now + 60_000) throw new DomainError('expired', 'The round token has expired; start a new run.');
  return payload;
}

/**
 * Domain errors: what the game, the boards and the share store refuse, said without HTTP. The server's
 * edge (lib/server/http.ts `handle`) maps each code to a status, in one place.
 *
 * Next.js bundles pages and route handlers separately, each with its own copy of every class, and a
 * database or store opened by one bundle throws the other's classes: `instanceof` is not to be trusted
 * across them. So errors are recognised by a brand (`Symbol.for`, one symbol per process whichever
 * bundle asks) and a string code, never by class identity.
 */
export const DOMAIN_CODES = [
  /** The request cannot be read: bad JSON, a malformed token or path. */
  'malformed',
  /** Well-formed but refused by a rule: a nickname, an unknown image, predictions that miss ids. */
  'invalid',
  /** A signature does not verify. */
  'unauthorized',
  /** Cross-origin, or otherwise not allowed from this caller. */
  'forbidden',
  'not_found',
  /** Clashes with what is stored: a reused Idempotency-Key or round token with other content. */
  'conflict',
  /** Was valid once: an expired token. */
  'expired',
  'too_large',
  'unsupported_media',
  'rate_limited',
  /** A backend is down; retrying later may work. */
  'unavailable',
] as const;
export type DomainCode = (typeof DOMAIN_CODES)[number];

/** Shared by every bundle in the process (Symbol.for), unlike a class. */
export function brand(name: string): symbol {
  return Symbol.for(`tob.${name}`);
}

/** True when `err` carries `mark` (a `brand`); the cross-bundle replacement for `instanceof`. */
export function hasBrand(err: unknown, mark: symbol): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[mark] === true;
}

const DOMAIN = brand('DomainError');

export class DomainError extends Error {
  readonly [DOMAIN] = true;
  constructor(
    readonly code: DomainCode,
    message: string,
    /** Extra fields for the client (merged into the error body): which ids are missing, when to retry… */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return hasBrand(err, DOMAIN) && DOMAIN_CODES.includes((err as DomainError).code);
}

import { serverEnv } from '@/lib/server/env';
import { sha256Hex } from '@/lib/server/hash';
import * as z from '@/lib/core/zod';
import { DomainError, isDomainError, type DomainCode } from '@/lib/core/errors';
import { isDbError, isUniqueViolation } from '@/lib/server/db';
import { isStorageUnavailable } from '@/lib/server/storage';
import { clientAddress } from './client-address';
import { hmac } from './secret';

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** The one mapping from domain errors (lib/core/errors.ts) to HTTP. */
const STATUS: Record<DomainCode, number> = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  expired: 410,
  too_large: 413,
  unsupported_media: 415,
  invalid: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** Seconds a client should wait before retrying a backend that is down. */
const RETRY_UNAVAILABLE_S = 30;

/** True for errors that say a backend is down (retry later), not that the request or the code is wrong. */
export function isUnavailable(err: unknown): boolean {
  return isStorageUnavailable(err) || isDbError(err, 'unavailable') || isDbError(err, 'locked');
}

/** A domain error as the client sees it; `retryAfterSeconds` in its details (or 'unavailable') becomes Retry-After. */
function errorResponse(err: DomainError): Response {
  const retry = err.details.retryAfterSeconds ?? (err.code === 'unavailable' ? RETRY_UNAVAILABLE_S : undefined);
  return json({ error: err.message, ...err.details }, STATUS[err.code], typeof retry === 'number' ? { 'Retry-After': String(retry) } : {});
}

/**
 * Runs a handler and maps its failures, recognised by brand and code (never `instanceof`, which fails
 * across Next.js bundles): a domain error → its status; a backend down → 503 with Retry-After; a
 * unique violation that escaped the domain code → 409; anything else → 500.
 */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (isDomainError(err)) return errorResponse(err);
    if (isUnavailable(err)) {
      const what = isStorageUnavailable(err) ? 'Storage' : 'The database';
      return errorResponse(new DomainError('unavailable', `${what} is unavailable right now; nothing was saved. Please try again in a minute.`));
    }
    if (isUniqueViolation(err)) return errorResponse(new DomainError('conflict', 'This conflicts with something already stored; nothing was saved.'));
    console.error('unexpected error in a route handler', err);
    return json({ error: isDbError(err) ? 'A database error occurred; nothing was saved.' : 'Internal error; nothing was saved.' }, 500);
  }
}

/**
 * Refuses cross-site POSTs (CSRF): a browser always sends Origin on a cross-origin POST and
 * Sec-Fetch-Site on every request, so either naming another site is refused. Scripts send neither
 * and are allowed. JSON is required too: a plain HTML form cannot send application/json.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      // "null" (sandboxed frames, file:) and junk are cross-origin
    }
    if (originHost !== host) throw new DomainError('forbidden', 'Cross-origin requests are not accepted.');
  }
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw new DomainError('forbidden', 'Cross-origin requests are not accepted.');
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new DomainError('unsupported_media', 'Send the body as application/json.');
}

/** Reads at most `limit` bytes of body, refusing larger ones early (by Content-Length) or while streaming. */
export async function readBody(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new DomainError('too_large', `The request body is larger than ${limit} bytes.`, { limit });
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError('malformed', 'The request body is not valid UTF-8.');
  }
}

/** A zod issue list a client can act on: where and what, at most 20. */
function issues(error: z.ZodError) {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export interface ParsedBody<T> {
  data: T;
  /** The raw text, for hashing (idempotency) exactly what was sent. */
  text: string;
}

/** Same-origin check, body limit, JSON parse and schema validation, in that order. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, limit: number): Promise<ParsedBody<z.infer<S>>> {
  assertSameOrigin(request);
  const text = await readBody(request, limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('malformed', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError('invalid', 'The request body does not have the expected shape.', { issues: issues(parsed.error) });
  return { data: parsed.data, text };
}

/** The client's address (lib/server/client-address.ts: never a header the client chooses), keyed with the secret so that no address is ever stored. */
export function clientKey(request: Request, secret: string): string {
  return hmac(secret, `client:${clientAddress(request)}`).toString('hex').slice(0, 32);
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The optional Idempotency-Key header, scoped to the client so that keys of different clients never meet. */
export function idempotencyKey(request: Request, client: string): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw new DomainError('malformed', 'Idempotency-Key must be 8–128 characters of A–Z a–z 0–9 _ . : -');
  return sha256Hex(`${client}:${key}`);
}
/** The site's public origin: SITE_URL when set, else what the request (or its proxy) says. */
export function siteOrigin(request: Request): string {
  const { SITE_URL } = serverEnv();
  if (SITE_URL) return SITE_URL.replace(/\/$/, '');
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

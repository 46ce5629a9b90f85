import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DbError, DbLockedError, DbUnavailableError, UniqueViolationError } from '@/lib/server/db';
import { StorageUnavailableError } from '@/lib/server/storage';
import { hmac } from './secret';

/**
 * The route handlers' small error vocabulary: every expected failure is an ApiError with its HTTP
 * status and a message meant for the person or script that sent the request.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** SQLSTATE classes that mean "the database is not there right now": connection, resources, shutdown. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/** True for errors that say a backend is down (retry later), not that the request or the code is wrong. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError || err instanceof DbLockedError || err instanceof DbUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)) return true;
  // pg reports a connection that died mid-query only in the message.
  if (/Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(err.message)) return true;
  return err.cause !== undefined && isUnavailable(err.cause);
}

/** Runs a handler and maps its failures: ApiError → its status; a backend down → 503; anything else → 500. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) return json({ error: err.message, ...err.details }, err.status, err.headers);
    if (isUnavailable(err)) {
      const what = err instanceof StorageUnavailableError ? 'Storage' : 'The database';
      return json({ error: `${what} is unavailable right now; nothing was saved. Please try again in a minute.` }, 503, { 'Retry-After': '30' });
    }
    console.error('unexpected error in a route handler', err);
    const message = err instanceof DbError && !(err instanceof UniqueViolationError) ? 'A database error occurred; nothing was saved.' : 'Internal error; nothing was saved.';
    return json({ error: message }, 500);
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
    if (originHost !== host) throw new ApiError(403, 'Cross-origin requests are not accepted.');
  }
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw new ApiError(403, 'Cross-origin requests are not accepted.');
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError(415, 'Send the body as application/json.');
}

/** Reads at most `limit` bytes of body, refusing larger ones early (by Content-Length) or while streaming. */
export async function readBody(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new ApiError(413, `The request body is larger than ${limit} bytes.`, { limit });
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
    throw new ApiError(400, 'The request body is not valid UTF-8.');
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
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(422, 'The request body does not have the expected shape.', { issues: issues(parsed.error) });
  return { data: parsed.data, text };
}

/**
 * The client's address as the platform reports it (Vercel and most proxies set x-real-ip /
 * x-forwarded-for), keyed with the secret so that no address is ever stored. Behind no proxy
 * these headers are the client's word; deploy behind one (docs/SERVER.md).
 */
export function clientKey(request: Request, secret: string): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = request.headers.get('x-real-ip')?.trim() || forwarded || 'local';
  return hmac(secret, `client:${address}`).toString('hex').slice(0, 32);
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The optional Idempotency-Key header, scoped to the client so that keys of different clients never meet. */
export function idempotencyKey(request: Request, client: string): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'Idempotency-Key must be 8–128 characters of A–Z a–z 0–9 _ . : -');
  return sha256(`${client}:${key}`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The site's public origin: SITE_URL when set, else what the request (or its proxy) says. */
export function siteOrigin(request: Request): string {
  if (process.env.SITE_URL) return process.env.SITE_URL.replace(/\/$/, '');
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

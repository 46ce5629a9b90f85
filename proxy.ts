import { NextResponse, type NextRequest } from 'next/server';
import { serverEnv } from '@/lib/server/env';

/**
 * Runs before routing, for every page and route handler:
 * - a path that does not percent-decode (`/s/%ff`, `/blob/%ff`) names nothing: 400 here, where Next.js's
 *   parameter decoding would answer 500;
 * - Strict-Transport-Security when the request came over HTTPS (`servedOverHttps`).
 */
export function proxy(request: NextRequest): NextResponse {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return NextResponse.json({ error: 'The path is not valid percent-encoded UTF-8.' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  const response = NextResponse.next();
  if (servedOverHttps(request)) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
}

/**
 * `next start` speaks plain HTTP, so HTTPS means a TLS-terminating proxy in front: Vercel in production
 * (HTTPS only), or a proxy named by TRUST_PROXY, whose X-Forwarded-Proto is then believed. Without one
 * the header is the client's word, and HSTS over plain HTTP is ignored by browsers anyway.
 */
function servedOverHttps(request: NextRequest): boolean {
  const env = serverEnv();
  if (env.VERCEL_ENV === 'production') return true;
  return env.TRUST_PROXY !== undefined && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export const config = {
  // Build output and the model runtime are files Next.js serves itself, by exact name.
  matcher: ['/((?!_next/static|_next/image|ort/).*)'],
};

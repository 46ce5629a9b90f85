import { serverEnv } from '@/lib/server/env';

/**
 * The address a request came from, as far as the server can know it without trusting the client.
 *
 * A Next.js route handler never sees the socket: `next start` builds the Request from the Node request
 * and drops the peer address. Next's server fills `X-Forwarded-For` with it, but only when the request
 * has none (`??=` in next/dist/server/base-server.js), so a client that sends the header chooses the
 * value. Hence:
 * - `TRUST_PROXY=vercel`: Vercel's `x-real-ip` (Vercel sets it and overwrites any client value of it
 *   and of X-Forwarded-For, to prevent spoofing).
 * - `TRUST_PROXY=n`: behind n proxies that each append the address they saw to X-Forwarded-For, the
 *   n-th entry from the right is the address the outermost trusted proxy saw; entries to its left
 *   are the client's word and are ignored.
 * - unset, under scripts/serve.mjs (`npm run quickstart`): the socket's peer, from the header the
 *   wrapper sets on every request, overwriting any value a client sent.
 * - unset, under a bare `next start`: no address can be trusted, so every request counts as one
 *   client ('unattributed'): limits then hold for the whole site, never less.
 */
export const PEER_HEADER = 'x-tob-peer';
export const UNATTRIBUTED = 'unattributed';

export function clientAddress(request: Request): string {
  const env = serverEnv();
  const header = (name: string) => request.headers.get(name)?.trim() || null;
  if (env.TRUST_PROXY === 'vercel') return header('x-real-ip') ?? UNATTRIBUTED;
  if (env.TRUST_PROXY !== undefined) {
    const hops = (header('x-forwarded-for') ?? '').split(',').map((h) => h.trim());
    return hops[hops.length - env.TRUST_PROXY] || UNATTRIBUTED;
  }
  if (env.TOB_PEER_HEADER) return header(PEER_HEADER) ?? UNATTRIBUTED;
  return UNATTRIBUTED;
}

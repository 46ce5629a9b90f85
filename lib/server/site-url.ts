import { serverEnv, type ServerEnv } from '@/lib/server/env';

/**
 * Where the site and its code live, for absolute URLs (Open Graph, canonical) and the footer:
 * SITE_URL, else Vercel's production domain, else localhost; SOURCE_URL, else the Git repository
 * Vercel deployed from, else none.
 */
export function siteUrl(env: ServerEnv = serverEnv()): URL {
  if (env.SITE_URL) return new URL(env.SITE_URL);
  if (env.VERCEL_PROJECT_PRODUCTION_URL) return new URL(`https://${env.VERCEL_PROJECT_PRODUCTION_URL}`);
  return new URL(`http://localhost:${env.PORT ?? 3000}`);
}

export function sourceUrl(env: ServerEnv = serverEnv()): string | null {
  if (env.SOURCE_URL) return new URL(env.SOURCE_URL).href;
  if (env.VERCEL_GIT_PROVIDER === 'github' && env.VERCEL_GIT_REPO_OWNER && env.VERCEL_GIT_REPO_SLUG) {
    return `https://github.com/${env.VERCEL_GIT_REPO_OWNER}/${env.VERCEL_GIT_REPO_SLUG}`;
  }
  return null;
}

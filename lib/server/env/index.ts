import * as z from '@/lib/core/zod';

/** An empty variable counts as unset, as it does in most deployment dashboards. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Every variable the server reads (README.md "Configuration", docs/SERVER.md), in one schema. */
const envSchema = z.object({
  BLOB_READ_WRITE_TOKEN: optional(z.string().regex(/^vercel_blob_rw_[A-Za-z0-9]+_\S+$/, 'expected vercel_blob_rw_<storeId>_<secret>')),
  BLOB_DIR: optional(z.string()),
  CATALOG_FILE: optional(z.string()),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres:// or postgresql://')),
  DB_DIR: optional(z.string()),
  TOB_SECRET: optional(z.string().min(32, 'TOB_SECRET must be at least 32 characters')),
  SECRET_FILE: optional(z.string()),
  /** How long a round token stays valid. */
  DAILY_TOKEN_TTL_MS: optional(z.coerce.number().int().positive()).default(30 * 60_000),
  /** The least time a person can plausibly spend on one challenge; a run faster than 10× this is refused. */
  DAILY_MIN_ANSWER_MS: optional(z.coerce.number().int().nonnegative()).default(1500),
  /** Multiplies every rate limit's max: for load benchmarks only. */
  RATE_LIMIT_SCALE: optional(z.coerce.number().min(1)).default(1),
  SITE_URL: optional(z.url()),
  NLVR1_DIR: optional(z.string()),
  /**
   * Who may say which address a request came from (lib/server/client-address.ts): unset, nobody (the
   * socket's peer, as scripts/serve.mjs reports it); `vercel`, Vercel's `x-real-ip`; a number n, the
   * n-th address from the right of X-Forwarded-For, as n proxies in front of the site append it.
   */
  TRUST_PROXY: optional(z.union([z.literal('vercel'), z.coerce.number().int().min(1).max(10)])),
  /** Set by Vercel: 'production' on the production deployment, which is served over HTTPS only (proxy.ts: HSTS). */
  VERCEL_ENV: optional(z.enum(['production', 'preview', 'development'])),
  /** Set by scripts/serve.mjs (never by hand): its `x-tob-peer` header carries the socket's peer address. */
  TOB_PEER_HEADER: optional(z.literal('1')),
  /** Where the code lives, for the footer; else the GitHub repository Vercel deployed from (VERCEL_GIT_*), else none. */
  SOURCE_URL: optional(z.url()),
  /** Set by Vercel: the production domain, the site's URL when SITE_URL is unset. */
  VERCEL_PROJECT_PRODUCTION_URL: optional(z.string()),
  VERCEL_GIT_PROVIDER: optional(z.string()),
  VERCEL_GIT_REPO_OWNER: optional(z.string()),
  VERCEL_GIT_REPO_SLUG: optional(z.string()),
  /** The port `next start` / scripts/serve.mjs listen on, for the localhost site URL. */
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
});

export type ServerEnv = z.infer<typeof envSchema>;

/** The server's configuration, validated; a bad value is a loud error naming the variable. */
export function serverEnv(): ServerEnv {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid server environment: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

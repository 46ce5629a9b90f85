import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The server secret: signs round tokens, seeds ranked challenges, keys client ids. `TOB_SECRET` (at
 * least 32 characters) in production; otherwise a random one generated once and kept in
 * `.data/secret` (`SECRET_FILE` overrides), so a local site keeps its tokens and challenges across restarts.
 */
const envSchema = z.object({
  TOB_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'TOB_SECRET must be at least 32 characters').optional()),
  SECRET_FILE: z.string().optional(),
});

const cache = globalThis as typeof globalThis & { __tobSecret?: Promise<string> };

async function readOrCreate(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting together exactly one writes; the other reads its secret.
    await writeFile(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret (under 32 characters); delete it to generate a new one`);
  return secret;
}

export function getSecret(): Promise<string> {
  cache.__tobSecret ??= (async () => {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid secret environment: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.TOB_SECRET) return parsed.data.TOB_SECRET;
    // turbopackIgnore: runtime data, not part of the server bundle.
    return readOrCreate(resolve(/*turbopackIgnore: true*/ parsed.data.SECRET_FILE ?? '.data/secret'));
  })().catch((err: unknown) => {
    cache.__tobSecret = undefined;
    throw err;
  });
  return cache.__tobSecret;
}

/** HMAC-SHA256 of `message` under the secret: one independent key per purpose ("daily:2026-01-01"). */
export function hmac(secret: string, message: string): Buffer {
  return createHmac('sha256', secret).update(message).digest();
}

/** A 32-bit generator seed derived from the secret, for `createRng`. */
export function secretSeed(secret: string, purpose: string): number {
  return hmac(secret, `seed:${purpose}`).readUInt32LE(0);
}

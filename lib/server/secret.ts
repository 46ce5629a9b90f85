import { serverEnv } from '@/lib/server/env';
import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { rngFromUint32, type Rng } from '@/lib/core/world/rng';

/**
 * The server secret: signs round tokens and player cookies, keys the generator of ranked challenges,
 * keys client ids. `TOB_SECRET` (at least 32 characters) in production; otherwise a random one generated once and kept in
 * `.data/secret` (`SECRET_FILE` overrides), so a local site keeps its tokens and challenges across restarts.
 */
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
    const env = serverEnv();
    if (env.TOB_SECRET) return env.TOB_SECRET;
    // turbopackIgnore: runtime data, not part of the server bundle.
    return readOrCreate(resolve(/*turbopackIgnore: true*/ env.SECRET_FILE ?? '.data/secret'));
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

/**
 * Whether `signature` is exactly the unpadded base64url of `expected`, compared in constant time.
 * Buffer.from(…, 'base64url') skips junk (`!!`), padding and standard-base64 `+/`, and ignores the
 * spare bits of the last character, so the decoded bytes are re-encoded and compared with what was sent.
 */
export function macMatches(signature: string, expected: Buffer): boolean {
  const given = Buffer.from(signature, 'base64url');
  return given.toString('base64url') === signature && given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A generator for secret content ("ranked-pack", "daily:2026-01-01"): the ChaCha20 keystream under the
 * 256-bit key HMAC-SHA256(secret, "stream:<purpose>"), read 32 bits at a time. Its state is the key
 * and a block counter, so knowing the generator and any number of its outputs does not help find the
 * key (unlike a 32-bit seed, searched exhaustively in hours), and two purposes never share a stream.
 */
export function keyedRng(secret: string, purpose: string): Rng {
  // A fixed nonce is safe: every key is used for exactly one stream.
  const cipher = createCipheriv('chacha20', hmac(secret, `stream:${purpose}`), Buffer.alloc(16));
  const zeros = Buffer.alloc(4096);
  let block = Buffer.alloc(0);
  let offset = 0;
  return rngFromUint32(() => {
    if (offset === block.length) {
      block = cipher.update(zeros);
      offset = 0;
    }
    const value = block.readUInt32LE(offset);
    offset += 4;
    return value;
  });
}

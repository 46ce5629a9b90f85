import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serverEnv } from '@/lib/server/env';
import { NlvrImportError, parseNlvrFile, type NlvrExample } from '@/lib/core/world/nlvr';

/** The bytes of an NLVR file; one that cannot be read throws NlvrImportError "cannot read[ what] (ENOENT)". */
export async function readNlvrBytes(path: string, what = ''): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new NlvrImportError(path, null, `cannot read${what ? ` ${what}` : ''} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Reads and parses an NLVR JSON-lines file (Node). */
export async function readNlvrFile(path: string): Promise<NlvrExample[]> {
  return parseNlvrFile((await readNlvrBytes(path)).toString('utf8'), path);
}

/** The folder with NLVR's dev.json and test.json: NLVR1_DIR, else the copy this repository ships (data/nlvr1, CC-BY-4.0). */
export function nlvrDir(): string {
  // turbopackIgnore: runtime data, not part of the server bundle.
  return resolve(/*turbopackIgnore: true*/ serverEnv().NLVR1_DIR ?? 'data/nlvr1');
}

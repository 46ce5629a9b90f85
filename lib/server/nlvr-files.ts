import { readFile } from 'node:fs/promises';
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

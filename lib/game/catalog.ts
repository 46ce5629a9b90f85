import 'server-only';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { packKindSchema, packSourceSchema } from './challenge';

/**
 * The catalog names the current packs. It is a server-side file (default `.data/catalog.json`,
 * `CATALOG_FILE` overrides): it holds the blob paths of ranked labels, so it is never served.
 */
export const catalogEntrySchema = z.object({
  name: z.string(),
  kind: packKindSchema,
  source: packSourceSchema,
  path: z.string(),
  count: z.number().int().positive(),
  labelsPath: z.string().optional(),
});

export const catalogSchema = z.object({
  format: z.literal('tob-catalog/1'),
  builtAt: z.string(),
  packs: z.array(catalogEntrySchema),
});

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export class CatalogMissingError extends Error {
  constructor(file: string) {
    super(`No challenge catalog at ${file}. Run \`npm run packs:build\` first.`);
    this.name = 'CatalogMissingError';
  }
}

export function catalogFile(): string {
  // turbopackIgnore: a runtime data file, not part of the server bundle.
  return resolve(/*turbopackIgnore: true*/ process.env.CATALOG_FILE ?? '.data/catalog.json');
}

export async function readCatalog(file = catalogFile()): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch {
    throw new CatalogMissingError(file);
  }
  return catalogSchema.parse(JSON.parse(text));
}

export async function writeCatalog(catalog: Catalog, file = catalogFile()): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(catalog, null, 2));
  await rename(tmp, file);
}

/** The practice pack the home page plays: human-written NLVR pairs when imported, synthetic otherwise. */
export function practiceEntry(catalog: Catalog): CatalogEntry | undefined {
  // NLVR test pairs: the model trains on NLVR dev, so playing it on dev would be unfair to the visitor.
  const practice = catalog.packs.filter((p) => p.kind === 'practice');
  return (
    practice.find((p) => p.name === 'practice-nlvr-test') ??
    practice.find((p) => p.source === 'nlvr') ??
    practice.find((p) => p.source === 'synthetic')
  );
}

import { serverEnv } from '@/lib/server/env';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as z from '@/lib/core/zod';
import { packKindSchema, packSourceSchema } from '@/lib/core/game/challenge';
import { FAMILIES, VARIANTS } from '@/lib/core/model/manifest';

/**
 * The catalog names the current packs. It is a server-side file (default `.data/catalog.json`,
 * `CATALOG_FILE` overrides), never served. Ranked labels are in no file: the server regenerates them
 * from its secret (packs.ts `rankedSpecs`).
 */
export const catalogEntrySchema = z.object({
  name: z.string(),
  kind: packKindSchema,
  source: packSourceSchema,
  path: z.string(),
  count: z.number().int().positive(),
});

/** A published model: its manifest's blob path (written by `npm run models:publish`). */
export const catalogModelSchema = z.object({
  id: z.string(),
  family: z.enum(FAMILIES),
  quantization: z.enum(VARIANTS),
  manifestPath: z.string(),
  bytes: z.number().int().positive(),
});

export const catalogSchema = z.object({
  format: z.literal('tob-catalog/1'),
  builtAt: z.string(),
  packs: z.array(catalogEntrySchema),
  models: z.array(catalogModelSchema).default([]),
});

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export class CatalogMissingError extends Error {
  constructor(file: string) {
    super(`No challenge catalog at ${file}. Run \`npm run packs:build\` first.`);
    this.name = 'CatalogMissingError';
  }
}

export function catalogFile(): string {
  // turbopackIgnore: a runtime data file, not part of the server bundle.
  return resolve(/*turbopackIgnore: true*/ serverEnv().CATALOG_FILE ?? '.data/catalog.json');
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

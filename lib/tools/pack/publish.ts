import { catalogFile, readCatalog, writeCatalog, type CatalogModel } from '@/lib/server/catalog';
import { totalBytes } from '@/lib/core/model/manifest';
import { contentAddressedPath, type BlobStore } from '@/lib/server/storage';
import { manifestBytes, type PackedModel } from './index';

const BINARY = 'application/octet-stream';

export interface PublishResult {
  model: CatalogModel;
  /** Blobs this call wrote; 0 when everything was already there. */
  written: number;
}

/**
 * Uploads a packed model's graph, shards and manifest at their content-addressed paths (`models/<sha256>`,
 * the manifest at `models/<sha256>.json`). A path that already exists is left alone: its name is its hash.
 */
export async function publishPacked(store: BlobStore, packed: PackedModel): Promise<PublishResult> {
  const manifest = manifestBytes(packed.manifest);
  const manifestPath = contentAddressedPath('models', manifest, '.json');
  const files: [string, Uint8Array, string][] = [
    [packed.manifest.graph.path, packed.graph, BINARY],
    ...packed.shards.map((s, i): [string, Uint8Array, string] => [packed.manifest.shards[i]!.path, s.bytes, BINARY]),
    // Last, so a manifest is never visible before the files it names.
    [manifestPath, manifest, 'application/json'],
  ];
  let written = 0;
  for (const [path, bytes, contentType] of files) {
    if (path !== manifestPath && path !== contentAddressedPath('models', bytes, '')) throw new Error(`${path}: bytes do not match the manifest`);
    if (await store.head(path)) continue;
    await store.put(path, bytes, { contentType });
    written++;
  }
  const { id, family, quantization } = packed.manifest;
  return { model: { id, family, quantization, manifestPath, bytes: totalBytes(packed.manifest) }, written };
}

/** Lists published models in the catalog (replacing entries of the same id); writes only when something changed. */
export async function recordInCatalog(models: readonly CatalogModel[], file = catalogFile()): Promise<boolean> {
  const catalog = await readCatalog(file);
  const ids = new Set(models.map((m) => m.id));
  const next = [...catalog.models.filter((m) => !ids.has(m.id)), ...models].sort((a, b) => a.id.localeCompare(b.id));
  if (JSON.stringify(next) === JSON.stringify(catalog.models)) return false;
  await writeCatalog({ ...catalog, models: next }, file);
  return true;
}

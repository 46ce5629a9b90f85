import 'server-only';
import type { Catalog } from './catalog';
import type { BlobStore } from '@/lib/server/storage';
import type { ModelChoice } from '@/lib/core/model/protocol';

/** The catalog's published models as the browser needs them: manifest URL and the base its blob paths resolve against. */
export function modelChoices(catalog: Catalog, store: BlobStore): ModelChoice[] {
  return catalog.models.map((m) => {
    const manifestUrl = store.url(m.manifestPath);
    if (!manifestUrl.endsWith(m.manifestPath)) throw new Error(`blob URL ${manifestUrl} does not end with its path ${m.manifestPath}`);
    return { id: m.id, family: m.family, quantization: m.quantization, bytes: m.bytes, manifestUrl, baseUrl: manifestUrl.slice(0, -m.manifestPath.length) };
  });
}

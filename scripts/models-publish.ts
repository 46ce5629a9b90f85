/**
 * Publish packed models (`npm run models:pack`) to the configured blob store and list them in the catalog:
 *   npm run models:publish -- [--family aligned,baseline] [--variant fp32,int8 (default; q4 also packed)] [--dir .data/models]
 * Content-addressed and write-once: publishing again writes nothing. Needs the catalog (`npm run packs:build`).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { catalogFile, readCatalog } from '@/lib/server/catalog';
import { FAMILIES, SHIPPED_VARIANTS, VARIANTS } from '@/lib/core/model/manifest';
import { DEFAULT_PACKED_DIR, readPacked } from '@/lib/tools/pack';
import { publishPacked, recordInCatalog } from '@/lib/tools/pack/publish';
import { getBlobStore } from '@/lib/server/storage';

const { values } = parseArgs({
  options: {
    family: { type: 'string', default: FAMILIES.join(',') },
    variant: { type: 'string', default: SHIPPED_VARIANTS.join(',') },
    dir: { type: 'string', default: DEFAULT_PACKED_DIR },
  },
});
const families = z.array(z.enum(FAMILIES)).parse(values.family.split(','));
const variants = z.array(z.enum(VARIANTS)).parse(values.variant.split(','));

// Fail before uploading anything when there is no catalog to list the models in.
await readCatalog();
const store = getBlobStore();
const models = [];
for (const family of families) {
  for (const variant of variants) {
    const { model, written } = await publishPacked(store, await readPacked(values.dir, `${family}-${variant}`));
    console.log(`publish: ${model.id} → ${model.manifestPath} (${model.bytes} bytes, ${written} new blobs)`);
    models.push(model);
  }
}
const changed = await recordInCatalog(models);
console.log(`publish: catalog ${catalogFile()} ${changed ? 'updated' : 'already lists these models'}`);

/**
 * Build the challenge packs into the configured blob store and write the server-side catalog.
 *   npm run packs:build -- [--nlvr-dir DIR] [--seed 1] [--synthetic 400] [--ranked 200] [--if-missing]
 * NLVR pairs come from --nlvr-dir, else NLVR1_DIR, else the copy shipped in data/nlvr1.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { intOption } from '@/lib/tools/cli';
import { catalogFile, readCatalog, writeCatalog } from '@/lib/server/catalog';
import { buildPacks } from '@/lib/server/packs';
import { nlvrDir as defaultNlvrDir } from '@/lib/server/nlvr-files';
import { getSecret } from '@/lib/server/secret';
import { getBlobStore } from '@/lib/server/storage';

const { values } = parseArgs({
  options: {
    'nlvr-dir': { type: 'string' },
    seed: { type: 'string', default: '1' },
    synthetic: { type: 'string', default: '400' },
    ranked: { type: 'string', default: '200' },
    'if-missing': { type: 'boolean', default: false },
  },
});

const file = catalogFile();
if (values['if-missing'] && existsSync(file)) {
  console.log(`packs: catalog ${file} exists, nothing to do`);
  process.exit(0);
}
const nlvrDir = values['nlvr-dir'] ?? defaultNlvrDir();
if (!existsSync(`${nlvrDir}/dev.json`)) throw new Error(`NLVR directory ${nlvrDir} has no dev.json`);
const started = Date.now();
const catalog = await buildPacks(getBlobStore(), {
  nlvrDir,
  seed: intOption('seed', values.seed, 1),
  syntheticCount: intOption('synthetic', values.synthetic, 1),
  rankedCount: intOption('ranked', values.ranked, 1),
  secret: await getSecret(),
  log: (line) => console.log(`packs: ${line}`),
});
// Published models stay listed: packs and models are rebuilt independently.
const previous = existsSync(file) ? await readCatalog(file) : undefined;
await writeCatalog({ ...catalog, models: previous?.models ?? [] }, file);
console.log(`packs: wrote ${file} (${catalog.packs.length} packs) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

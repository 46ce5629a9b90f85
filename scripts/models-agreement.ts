/**
 * How often the quantized variants give the fp32 model's verdicts, on any NLVR-format file:
 *   npm run models:agreement -- --family aligned --data <file.json> [--packed-dir .data/models]
 * Runs the packed fp32, int8 and q4 models (`npm run models:pack`) on the same inputs; prints one JSON line.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FAMILIES } from '@/lib/core/model/manifest';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import { DEFAULT_PACKED_DIR, readPacked } from '@/lib/tools/pack';
import { verdictAgreement } from '@/lib/tools/pack/agreement';
import { Tokenizer, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { readNlvrFile } from '@/lib/server/nlvr-files';

const { values } = parseArgs({
  options: { family: { type: 'string', default: 'aligned' }, data: { type: 'string' }, 'packed-dir': { type: 'string', default: DEFAULT_PACKED_DIR } },
});
if (!values.data) {
  console.error('usage: npm run models:agreement -- --family aligned|baseline --data <NLVR-format .json>');
  process.exit(2);
}
const family = z.enum(FAMILIES).parse(values.family);
const open = async (variant: string) => {
  const packed = await readPacked(values['packed-dir'], `${family}-${variant}`);
  return (await createNodeSession(packed.graph, 1, packed.shards.map((s) => ({ path: s.name, data: s.bytes })))).run;
};
await selectCpuBackend();
const agreement = await verdictAgreement(
  await open('fp32'),
  { int8: await open('int8'), q4: await open('q4') },
  new Tokenizer(vocabularySchema.parse(vocabJson)),
  await readNlvrFile(values.data),
);
console.log(JSON.stringify({ family, ...agreement }));

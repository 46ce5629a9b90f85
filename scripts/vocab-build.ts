/**
 * Writes lib/core/text/vocab.json, the vocabulary shared by the tokenizer and training/:
 *   npm run vocab:build -- [--nlvr-dir DIR] [--synthetic 50000]
 * Sources: NLVR dev sentences (never test) and synthetic statements from a fixed seed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildVocabulary } from '@/lib/tools/vocab-build';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { createRng } from '@/lib/core/world/rng';
import { generateStatement } from '@/lib/core/statements';

const { values } = parseArgs({ options: { 'nlvr-dir': { type: 'string' }, synthetic: { type: 'string', default: '50000' } } });
const nlvrDir = values['nlvr-dir'] ?? process.env.NLVR1_DIR;
if (!nlvrDir) throw new Error('vocab:build needs --nlvr-dir or NLVR1_DIR (NLVR dev sentences are part of the vocabulary)');
const dev = await readNlvrFile(join(nlvrDir, 'dev.json'));
const rng = createRng(20200829);
const synthetic = Array.from({ length: Number(values.synthetic) }, () => generateStatement(rng).text);
const vocab = buildVocabulary([...dev.map((e) => e.sentence), ...synthetic]);
writeFileSync('lib/core/text/vocab.json', `${JSON.stringify(vocab, null, 1)}\n`);
console.log(JSON.stringify({ tokens: vocab.tokens.length, grounded: Object.keys(vocab.grounding).length }));

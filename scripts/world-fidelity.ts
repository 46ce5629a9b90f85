/**
 * How faithfully lib/core/world/render.ts reproduces NLVR's images: renders every dev example
 * (permutation 0), compares it with NLVR's own PNG and prints one JSON line
 * {"images":N,"medianAgreement":x,"shareAbove985":y}.
 *
 *   npx tsx scripts/world-fidelity.ts --nlvr-dir ../shared/data/nlvr1
 */
import { parseArgs } from 'node:util';
import { devAgreements, summarize } from '@/lib/tools/world/fidelity';
import { NlvrImportError } from '@/lib/core/world/nlvr';

const { values } = parseArgs({ options: { 'nlvr-dir': { type: 'string' } } });
const nlvrDir = values['nlvr-dir'] ?? process.env.NLVR1_DIR;
if (!nlvrDir) {
  console.error('usage: scripts/world-fidelity.ts --nlvr-dir DIR (or set NLVR1_DIR): DIR holds dev.json and dev-images/');
  process.exit(2);
}
try {
  console.log(JSON.stringify(summarize((await devAgreements(nlvrDir)).values())));
} catch (error) {
  if (!(error instanceof NlvrImportError)) throw error;
  console.error(`world-fidelity: ${error.message}`);
  process.exit(1);
}

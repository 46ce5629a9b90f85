/**
 * Quantize and shard the exported models (models/<family>/model.onnx) for the browser:
 *   npm run models:pack -- [--family aligned,baseline] [--variant fp32,int8,q4] [--shard-bytes 524288] [--block-size 16] [--out .data/models]
 * Writes <out>/<family>-<variant>/{model.onnx, <id>-<i>.data, manifest.json}; the same input gives the same bytes.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { intOption } from '@/lib/tools/cli';
import { FAMILIES, totalBytes, VARIANTS } from '@/lib/core/model/manifest';
import { DEFAULT_PACKED_DIR, DEFAULT_SHARD_BYTES, packModel, writePacked } from '@/lib/tools/pack';
import { DEFAULT_BLOCK_SIZE } from '@/lib/tools/pack/rewrite';

const { values } = parseArgs({
  options: {
    family: { type: 'string', default: FAMILIES.join(',') },
    variant: { type: 'string', default: VARIANTS.join(',') },
    'shard-bytes': { type: 'string', default: String(DEFAULT_SHARD_BYTES) },
    'block-size': { type: 'string', default: String(DEFAULT_BLOCK_SIZE) },
    out: { type: 'string', default: DEFAULT_PACKED_DIR },
  },
});
const families = z.array(z.enum(FAMILIES)).parse(values.family.split(','));
const variants = z.array(z.enum(VARIANTS)).parse(values.variant.split(','));
const shardBytes = intOption('shard-bytes', values['shard-bytes'], 1);
const blockSize = intOption('block-size', values['block-size'], 16);

for (const family of families) {
  let fp32Bytes: number | undefined;
  for (const variant of variants) {
    const packed = await packModel(`models/${family}`, { variant, shardBytes, blockSize });
    const dir = await writePacked(values.out, packed);
    const bytes = totalBytes(packed.manifest);
    if (variant === 'fp32') fp32Bytes = bytes;
    const ratio = fp32Bytes ? `, ${((100 * bytes) / fp32Bytes).toFixed(1)}% of fp32` : '';
    const metrics = Object.keys(packed.manifest.metrics).length ? 'with eval metrics' : 'no eval metrics recorded for these weights';
    console.log(`pack: ${dir}: ${bytes} bytes in graph + ${packed.shards.length} shards${ratio} (${metrics})`);
  }
}

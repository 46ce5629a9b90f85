/**
 * Evaluates a model on any NLVR-format file (each line needs sentence, identifier, label and structured_rep;
 * directory and evals may be absent) through the shipped path (render → crops → ONNX, WASM):
 *   npm run eval -- --model <id | path/to/model.onnx> --data <file.json> [--predictions-out FILE] [--threads 1]
 *   npm run eval -- --model <family> --variant <fp32 | int8 | q4> --data <file.json> [--packed-dir .data/models] [--record]
 * With --variant it runs the packed model (`npm run models:pack`); --record stores the report in
 * models/<family>/eval-variants.json, from where `models:pack` copies it into that variant's manifest.
 * Prints one JSON line: {"n","accuracy","consistency","pairAccuracy","pairs","alignmentPrecision","alignmentChance"}.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateExamples } from '@/lib/tools/model/eval';
import { VARIANTS, type Variant } from '@/lib/core/model/manifest';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import { DEFAULT_PACKED_DIR, PackedModelError, readPacked, recordEval } from '@/lib/tools/pack';
import { Tokenizer, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { readNlvrFile } from '@/lib/server/nlvr-files';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    variant: { type: 'string' },
    'packed-dir': { type: 'string', default: DEFAULT_PACKED_DIR },
    record: { type: 'boolean', default: false },
    data: { type: 'string' },
    'predictions-out': { type: 'string' },
    threads: { type: 'string', default: '1' },
  },
});
if (!values.model || !values.data) {
  console.error('usage: npm run eval -- --model <id | model.onnx> [--variant fp32|int8|q4] --data <NLVR-format .json> [--predictions-out FILE]');
  process.exit(2);
}
const variant = values.variant as Variant | undefined;
if (variant && !VARIANTS.includes(variant)) {
  console.error(`eval: --variant must be one of ${VARIANTS.join(', ')}, got "${variant}"`);
  process.exit(2);
}
if (values.record && !variant) {
  console.error('eval: --record needs --variant (it records the report of a packed variant)');
  process.exit(2);
}
const threads = Number(values.threads);

async function openModel() {
  if (variant) {
    const packed = await readPacked(values['packed-dir'], `${values.model}-${variant}`).catch((error: unknown) => {
      if (!(error instanceof PackedModelError)) throw error;
      console.error(`eval: ${error.message}`);
      process.exit(1);
    });
    const session = await createNodeSession(packed.graph, threads, packed.shards.map((s) => ({ path: s.name, data: s.bytes })));
    return { session, manifest: packed.manifest };
  }
  const modelPath = values.model!.endsWith('.onnx') ? values.model! : join('models', values.model!, 'model.onnx');
  if (!existsSync(modelPath)) {
    console.error(`eval: no model at ${modelPath} (expected an id under models/ or a path to an .onnx file)`);
    process.exit(1);
  }
  return { session: await createNodeSession(modelPath, threads), manifest: undefined };
}

const { session, manifest } = await openModel();
const examples = await readNlvrFile(values.data);
await selectCpuBackend();
const { report, predictions } = await evaluateExamples(session.run, new Tokenizer(vocabularySchema.parse(vocabJson)), examples, {
  onProgress: (done, total) => process.stderr.write(`\reval: ${done}/${total} pairs`),
});
process.stderr.write('\n');
if (values['predictions-out']) {
  writeFileSync(values['predictions-out'], examples.map((e) => `${e.identifier},${predictions.get(e.identifier) ?? false}\n`).join(''));
}
if (values.record && manifest) {
  await recordEval(join('models', values.model), manifest, join(basename(dirname(values.data)), basename(values.data)), { ...report });
  process.stderr.write(`eval: recorded in models/${values.model}/eval-variants.json; run \`npm run models:pack\` to put it in the manifest\n`);
}
console.log(JSON.stringify(report));

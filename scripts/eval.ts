/**
 * Evaluates a model on any NLVR-format file through the shipped path (render → crops → ONNX, WASM):
 *   npm run eval -- --model <id | path/to/model.onnx> --data <file.json> [--predictions-out FILE] [--threads 1]
 * Prints one JSON line: {"n","accuracy","consistency","pairAccuracy","pairs","alignmentPrecision"}.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateExamples } from '@/lib/model/eval';
import { createNodeSession } from '@/lib/model/node-session';
import { selectCpuBackend } from '@/lib/model/scene-input';
import { Tokenizer, vocabularySchema } from '@/lib/text/tokenizer';
import vocabJson from '@/lib/text/vocab.json';
import { readNlvrFile } from '@/lib/world/nlvr';

const { values } = parseArgs({
  options: { model: { type: 'string' }, data: { type: 'string' }, 'predictions-out': { type: 'string' }, threads: { type: 'string', default: '1' } },
});
if (!values.model || !values.data) {
  console.error('usage: npm run eval -- --model <id | model.onnx> --data <NLVR-format .json> [--predictions-out FILE]');
  process.exit(2);
}
const modelPath = values.model.endsWith('.onnx') ? values.model : join('models', values.model, 'model.onnx');
if (!existsSync(modelPath)) {
  console.error(`eval: no model at ${modelPath} (expected an id under models/ or a path to an .onnx file)`);
  process.exit(1);
}
const examples = await readNlvrFile(values.data);
await selectCpuBackend();
const session = await createNodeSession(modelPath, Number(values.threads));
const { report, predictions } = await evaluateExamples(session.run, new Tokenizer(vocabularySchema.parse(vocabJson)), examples, {
  onProgress: (done, total) => process.stderr.write(`\reval: ${done}/${total} pairs`),
});
process.stderr.write('\n');
if (values['predictions-out']) {
  writeFileSync(values['predictions-out'], examples.map((e) => `${e.identifier},${predictions.get(e.identifier) ?? false}\n`).join(''));
}
console.log(JSON.stringify(report));

/**
 * Scores the site's shipped models through the Node eval path (render → tfjs crops → ONNX, WASM) on
 * the leaderboard splits and stores them as verified entries (the same scoring as POST
 * /api/models/scores):
 *   npm run models:verify -- [--model aligned] [--split ranked-synthetic|nlvr-test-p] [--threads 1]
 * Without --model: every family under models/; without --split: every split available. The ranked
 * split's scenes are regenerated from the server secret, the one the ranked pack was built with;
 * NLVR test-P is read from NLVR1_DIR or the copy in data/nlvr1.
 * Prints one JSON line per entry.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { intOption } from '@/lib/tools/cli';
import { closeDb, getDb } from '@/lib/server/db';
import { loadSplit, recordEntry, scoreSubmission, SplitUnavailableError, type Split } from '@/lib/server/model-scores';
import { SPLITS, splitNameSchema, type SplitName } from '@/lib/core/model/splits';
import { evaluateExamples } from '@/lib/tools/model/eval';
import { FAMILIES } from '@/lib/core/model/manifest';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import { sha256Hex } from '@/lib/server/hash';
import { getSecret } from '@/lib/server/secret';
import { getBlobStore } from '@/lib/server/storage';
import { Tokenizer, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { type NlvrExample } from '@/lib/core/world/nlvr';
import { nlvrDir, readNlvrFile } from '@/lib/server/nlvr-files';

const { values } = parseArgs({ options: { model: { type: 'string' }, split: { type: 'string' }, threads: { type: 'string', default: '1' } } });
const models = values.model ? [values.model] : [...FAMILIES];
const splits: SplitName[] = values.split ? [splitNameSchema.parse(values.split)] : [...SPLITS];

/** The split's inputs as NLVR-format examples, image ids as the split names them. */
async function examplesOf(split: Split): Promise<NlvrExample[]> {
  if (!split.specs) return readNlvrFile(join(nlvrDir(), 'test.json'));
  return split.specs.flatMap((s, n) =>
    (['left', 'right'] as const).map((side, position) => ({
      identifier: `${s.id}:${side}`,
      presentation: n,
      position,
      sentence: s.statement,
      label: side === 'left' ? s.leftLabel : s.rightLabel,
      fold: 0,
      scene: s[side],
    })),
  );
}

await selectCpuBackend();
const tokenizer = new Tokenizer(vocabularySchema.parse(vocabJson));
const db = await getDb();
const secret = await getSecret();
try {
  for (const name of splits) {
    let split: Split;
    try {
      split = await loadSplit(name, getBlobStore(), secret);
    } catch (err) {
      if (!(err instanceof SplitUnavailableError)) throw err;
      console.error(`models:verify: skipping ${name}: ${err.message}`);
      continue;
    }
    const examples = await examplesOf(split);
    for (const model of models) {
      const file = join('models', model, 'model.onnx');
      const session = await createNodeSession(file, intOption('threads', values.threads, 1));
      const started = performance.now();
      const { predictions, pairVerdicts, report } = await evaluateExamples(session.run, tokenizer, examples, {
        onProgress: (done, total) => process.stderr.write(`\r${model} on ${name}: ${done}/${total} pairs`),
      });
      process.stderr.write('\n');
      const scores = scoreSubmission(split, predictions, pairVerdicts);
      const bytes = statSync(file).size;
      const { entry, replayed } = await recordEntry(db, {
        split: name,
        modelName: model,
        description: `Shipped ${model} model (fp32 ONNX), scored by npm run models:verify.`,
        runtime: { backend: 'wasm', adapter: 'onnxruntime-web in Node', bytes, latencyMs: (performance.now() - started) / Math.max(1, report.pairs) },
        scores,
        verified: true,
        clientKey: 'verified',
        // One verified entry per model file and split.
        idempotencyKey: sha256Hex(`verified:${name}:${model}:${bytes}:${sha256Hex(JSON.stringify(scores))}`),
        requestHash: sha256Hex(JSON.stringify(scores)),
      });
      console.log(JSON.stringify({ model, split: name, ...scores, replayed, id: entry.publicId }));
    }
  }
} finally {
  await closeDb();
}

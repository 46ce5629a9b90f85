import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CROP_SIZE, MAX_OBJECTS } from '@/lib/browser/preprocess';
import { sceneInput, selectCpuBackend } from '@/lib/tools/model/scene-input';
import { MAX_TOKENS, Tokenizer, type Vocabulary } from '@/lib/core/text/tokenizer';
import { NlvrImportError, permuteScene, type NlvrExample } from '@/lib/core/world/nlvr';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { readTrainSample } from '@/lib/tools/world/nlvr-sample';
import { groupByPresentation } from '@/lib/core/world/pairs';
import { createRng, type Rng } from '@/lib/core/world/rng';
import { generatePair } from '@/lib/core/statements';
import { COLOR_NAMES, SHAPES, type Scene } from '@/lib/core/world/types';
import { SplitWriter } from './writer';

export interface DatasetOptions {
  outDir: string;
  vocab: Vocabulary;
  seed: number;
  /** Synthetic training pairs. */
  synthetic: number;
  /** Synthetic validation pairs (another seed), in each of the two synthetic validation splits. */
  syntheticVal: number;
  /** The probability that a synthetic training scene is a near miss (GenerateOptions.contrast). */
  contrast: number;
  nlvrDir?: string;
  /** NLVR dev folds held out for validation; the other dev folds train. */
  valFolds: number[];
  /** How many times each ordered pair of a training presentation is written, each with fresh box permutations. */
  nlvrRepeats: number;
  /**
   * Also train on NLVR's 1,000-example training sample (scenes recovered from its PNGs). Its examples
   * are single images of their presentations, so each is paired with itself, in fresh box orders,
   * 3 × nlvrRepeats times: as many appearances as a dev image of a four-image presentation gets.
   */
  nlvrTrainSample: boolean;
  log?: (line: string) => void;
}

interface PairInput {
  text: string;
  left: Scene;
  right: Scene;
  leftLabel: boolean;
  rightLabel: boolean;
  meta: { id: string; presentation: string; source: string; family?: string };
}

async function writePair(writer: SplitWriter, tokenizer: Tokenizer, p: PairInput): Promise<boolean> {
  const left = sceneInput(p.left);
  const right = sceneInput(p.right);
  if (!left || !right) return false;
  await writer.add({
    ids: tokenizer.encode(p.text).ids,
    imageLabels: [p.leftLabel, p.rightLabel],
    pairLabel: p.leftLabel && p.rightLabel,
    images: [left, right],
    meta: p.meta,
  });
  return true;
}

/** NLVR pairs of one presentation: every ordered (training) or unordered (evaluation) pair of its images. */
function* nlvrPairInputs(examples: readonly NlvrExample[], source: string, ordered: boolean, rng: Rng | null): Generator<PairInput> {
  for (const [n, group] of groupByPresentation(examples)) {
    for (const [i, a] of group.entries()) {
      for (const [j, b] of group.entries()) {
        if (i === j || (!ordered && j < i)) continue;
        const k = (): number => (rng ? rng.int(0, 5) : 0);
        yield {
          text: a.sentence,
          left: permuteScene(a.scene, k()),
          right: permuteScene(b.scene, k()),
          leftLabel: a.label,
          rightLabel: b.label,
          meta: { id: `${a.identifier}+${b.identifier}`, presentation: `${source}-${n}`, source },
        };
      }
    }
  }
}

/** Each example paired with itself, `copies` times, each side in a fresh box order. */
function* selfPairInputs(examples: readonly NlvrExample[], source: string, copies: number, rng: Rng): Generator<PairInput> {
  for (const e of examples) {
    for (let c = 0; c < copies; c++) {
      yield {
        text: e.sentence,
        left: permuteScene(e.scene, rng.int(0, 5)),
        right: permuteScene(e.scene, rng.int(0, 5)),
        leftLabel: e.label,
        rightLabel: e.label,
        meta: { id: `${e.identifier}+${e.identifier}`, presentation: `${source}-${e.presentation}`, source },
      };
    }
  }
}

function* syntheticPairInputs(seed: number, count: number, prefix: string, contrast: number): Generator<PairInput> {
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const p = generatePair(rng, { label: i % 2 === 0, contrast });
    // No presentation: consistency is an NLVR measure (training/README.md).
    const meta = { id: `${prefix}-${i}`, presentation: '', source: 'synthetic', family: p.family };
    yield { text: p.text, left: p.left, right: p.right, leftLabel: p.leftLabel, rightLabel: p.rightLabel, meta };
  }
}

/** Writes tob-dataset/1 (training/README.md): splits train, val (NLVR dev folds), synval, synnear, test (NLVR test, reporting only). */
export async function buildDataset(opts: DatasetOptions) {
  await selectCpuBackend();
  await mkdir(opts.outDir, { recursive: true });
  const tokenizer = new Tokenizer(opts.vocab);
  const log = opts.log ?? (() => {});
  const dev = opts.nlvrDir ? await readNlvrFile(join(opts.nlvrDir, 'dev.json')) : [];
  const test = opts.nlvrDir ? await readNlvrFile(join(opts.nlvrDir, 'test.json')) : [];
  const sample = opts.nlvrDir && opts.nlvrTrainSample ? await readTrainSample(opts.nlvrDir) : [];
  const foldless = dev.find((e) => e.fold === null);
  if (foldless) throw new NlvrImportError(join(opts.nlvrDir!, 'dev.json'), null, `${foldless.identifier} has no directory: its fold splits validation from training`);
  const isVal = (e: NlvrExample) => e.fold !== null && opts.valFolds.includes(e.fold);
  const rng = createRng(opts.seed ^ 0x5eed);
  const nlvrTrain = function* () {
    for (let r = 0; r < opts.nlvrRepeats; r++) yield* nlvrPairInputs(dev.filter((e) => !isVal(e)), 'nlvr-dev', true, rng);
    yield* selfPairInputs(sample, 'nlvr-train', 3 * opts.nlvrRepeats, rng);
  };
  const splits: [string, () => Iterable<PairInput>][] = [
    ['train', function* () {
      // Interleave so that any prefix of the file mixes both sources.
      const syn = syntheticPairInputs(opts.seed, opts.synthetic, 'syn', opts.contrast)[Symbol.iterator]();
      const nlvr = nlvrTrain()[Symbol.iterator]();
      const ratio = Math.max(1, Math.round(opts.synthetic / Math.max(1, (dev.length + sample.length) * 3 * opts.nlvrRepeats)));
      for (;;) {
        let done = true;
        for (let i = 0; i < ratio; i++) {
          const s = syn.next();
          if (!s.done) { done = false; yield s.value; }
        }
        const n = nlvr.next();
        if (!n.done) { done = false; yield n.value; }
        if (done) return;
      }
    }],
    ['val', () => nlvrPairInputs(dev.filter(isVal), 'nlvr-dev', false, null)],
    ['synval', () => syntheticPairInputs(opts.seed + 1_000_003, opts.syntheticVal, 'synval', 0)],
    // Every scene a near miss: what a model scores here is what it knows of the relations themselves.
    ['synnear', () => syntheticPairInputs(opts.seed + 2_000_003, opts.syntheticVal, 'synnear', 1)],
    ['test', () => nlvrPairInputs(test, 'nlvr-test', false, null)],
  ];
  const header = {
    format: 'tob-dataset/1',
    T: MAX_TOKENS,
    O: MAX_OBJECTS,
    S: CROP_SIZE,
    vocab: opts.vocab,
    colors: COLOR_NAMES,
    shapes: SHAPES,
    options: { seed: opts.seed, synthetic: opts.synthetic, syntheticVal: opts.syntheticVal, contrast: opts.contrast, valFolds: opts.valFolds, nlvrRepeats: opts.nlvrRepeats, nlvr: Boolean(opts.nlvrDir), nlvrTrainSample: sample.length },
    splits: {} as Record<string, { pairs: number; objects: number; skipped: number }>,
  };
  for (const [name, pairs] of splits) {
    const writer = new SplitWriter(opts.outDir, name);
    let skipped = 0;
    const started = Date.now();
    for (const p of pairs()) {
      if (!(await writePair(writer, tokenizer, p))) skipped++;
      if (writer.pairs % 10_000 === 0 && writer.pairs > 0) log(`${name}: ${writer.pairs} pairs (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    header.splits[name] = { ...(await writer.close()), skipped };
    log(`${name}: done, ${writer.pairs} pairs, ${skipped} skipped (more than ${MAX_OBJECTS} objects)`);
  }
  await writeFile(join(opts.outDir, 'header.json'), JSON.stringify(header, null, 1));
  return header;
}

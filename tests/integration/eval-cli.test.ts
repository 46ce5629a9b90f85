import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/core/world/rng';
import { generatePair } from '@/lib/core/statements';
import { fourFieldLines } from '../nlvr-four-fields';

const dir = mkdtempSync(join(tmpdir(), 'tob-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file the model has never seen: synthetic presentations of two scenes and one statement, in NLVR's format. */
function writeUnseenFile(path: string, presentations: number) {
  const rng = createRng('eval-cli-test');
  const lines: string[] = [];
  for (let n = 0; n < presentations; n++) {
    const pair = generatePair(rng, { label: n % 2 === 0 });
    [pair.left, pair.right].forEach((scene, m) => {
      const label = String(m === 0 ? pair.leftLabel : pair.rightLabel);
      lines.push(JSON.stringify({ sentence: pair.text, label, identifier: `${9000 + n}-${m}`, directory: '0', evals: {}, structured_rep: scene }));
    });
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.map((l) => JSON.parse(l) as { identifier: string; label: string });
}

describe('npm run eval', () => {
  it('scores an unseen NLVR-format file and writes NLVR-format predictions that agree with its report', () => {
    const data = join(dir, 'unseen.json');
    const rows = writeUnseenFile(data, 12);
    const predictionsFile = join(dir, 'predictions.csv');
    const stdout = execFileSync('npx', ['tsx', 'scripts/eval.ts', '--model', 'aligned', '--data', data, '--predictions-out', predictionsFile], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['n', 'accuracy', 'consistency', 'pairAccuracy', 'pairs', 'alignmentPrecision', 'alignmentChance']);
    expect(report.n).toBe(24);
    const predictions = readFileSync(predictionsFile, 'utf8').trim().split('\n');
    expect(predictions).toHaveLength(24);
    for (const line of predictions) expect(line).toMatch(/^\d+-[0-3],(true|false)$/);
    const predicted = new Map(predictions.map((l) => l.split(',') as [string, string]));
    const correct = rows.filter((r) => predicted.get(r.identifier) === r.label).length;
    expect(report.accuracy).toBeCloseTo(correct / 24, 10);
    expect(report.alignmentPrecision).toHaveLength(2);
    // Uniform attention's precision: a share of the scene's objects, strictly between 0 and 1 on real scenes.
    expect(report.alignmentChance).toBeGreaterThan(0.05);
    expect(report.alignmentChance).toBeLessThan(0.95);
  }, 120_000);

  it('scores a packed variant (--variant) with the same report shape', () => {
    const data = join(dir, 'unseen-variant.json');
    writeUnseenFile(data, 4);
    const packedDir = join(dir, 'packed');
    const tsx = (script: string, args: string[]) =>
      execFileSync('npx', ['tsx', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    tsx('scripts/models-pack.ts', ['--family', 'aligned', '--variant', 'int8', '--out', packedDir]);
    const stdout = tsx('scripts/eval.ts', ['--model', 'aligned', '--variant', 'int8', '--packed-dir', packedDir, '--data', data]);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['n', 'accuracy', 'consistency', 'pairAccuracy', 'pairs', 'alignmentPrecision', 'alignmentChance']);
    expect(report.n).toBe(8);
  }, 120_000);

  it('names the problem when the model or the file is wrong', () => {
    const run = (args: string[]) => {
      try {
        execFileSync('npx', ['tsx', 'scripts/eval.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (err) {
        return String((err as { stderr: string }).stderr);
      }
    };
    expect(run(['--model', 'no-such-model', '--data', 'x.json'])).toContain('no model at models/no-such-model/model.onnx');
    expect(run(['--model', 'aligned', '--variant', 'int4', '--data', 'x.json'])).toContain('--variant must be one of fp32, int8, q4');
    expect(run(['--model', 'aligned', '--variant', 'q4', '--packed-dir', join(dir, 'nothing'), '--data', join(dir, 'unseen.json')])).toContain(
      'run `npm run models:pack` first',
    );
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"sentence": "x"}\n');
    expect(run(['--model', 'aligned', '--data', corrupt])).toMatch(/corrupt\.json:1: /);
  }, 60_000);
});

const nlvrDir = process.env.NLVR1_DIR ?? fileURLToPath(new URL('../../../shared/data/nlvr1', import.meta.url));
const haveData = existsSync(join(nlvrDir, 'test.json'));

describe.skipIf(!haveData && process.env.CI !== 'true')('npm run eval on a four-field NLVR file', () => {
  it('scores test-P lines without directory and evals exactly as the full lines', () => {
    // the first 40 lines of test-P: whole presentations, so consistency counts too
    const lines = readFileSync(join(nlvrDir, 'test.json'), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 40);
    const full = join(dir, 'test-p-40.json');
    const four = join(dir, 'test-p-40-four-fields.json');
    writeFileSync(full, `${lines.join('\n')}\n`);
    writeFileSync(four, fourFieldLines(lines.join('\n')));
    expect(readFileSync(four, 'utf8')).not.toMatch(/"directory"|"evals"/);
    const report = (data: string) => {
      const stdout = execFileSync('npx', ['tsx', 'scripts/eval.ts', '--model', 'aligned', '--data', data], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as { n: number; pairs: number };
    };
    const got = report(four);
    expect(got.n).toBe(40);
    expect(got.pairs).toBeGreaterThan(0);
    expect(got).toEqual(report(full));
  }, 180_000);
});

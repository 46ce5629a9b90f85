import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NlvrImportError, parseNlvrFile, permuteScene, PERMUTATIONS, presentationOf } from '@/lib/core/world/nlvr';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import type { Scene } from '@/lib/core/world/types';
import { fourFieldLines } from '../nlvr-four-fields';

const rep: Scene = [
  [{ y_loc: 80, type: 'triangle', color: '#0099ff', x_loc: 80, size: 20 }],
  [{ y_loc: 80, type: 'square', color: 'Yellow', x_loc: 13, size: 20 }],
  [
    { y_loc: 1, type: 'square', color: 'Black', x_loc: 70, size: 30 },
    { y_loc: 47, type: 'circle', color: 'Yellow', x_loc: 90, size: 10 },
  ],
];
const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    sentence: 'There is a yellow square.',
    label: 'true',
    identifier: '1572-0',
    directory: '2',
    evals: { r0: 'true', r1: 'false', r2: 'nonsense' },
    structured_rep: rep,
    ...overrides,
  });
const valid = [line(), line({ identifier: '1572-3', label: 'false', sentence: 'No square.' }), ''].join('\n');

/** The error parseNlvrFile throws for the file whose second line is `second`. */
function importError(second: string): NlvrImportError {
  try {
    parseNlvrFile([line(), second, line({ identifier: '9-1' })].join('\n'), 'dev.json');
  } catch (error) {
    expect(error).toBeInstanceOf(NlvrImportError);
    return error as NlvrImportError;
  }
  throw new Error('expected parseNlvrFile to throw');
}

describe('parseNlvrFile', () => {
  it('parses every line into an example', () => {
    const examples = parseNlvrFile(valid, 'dev.json');
    expect(examples).toEqual([
      { identifier: '1572-0', presentation: 1572, position: 0, sentence: 'There is a yellow square.', label: true, fold: 2, scene: rep },
      { identifier: '1572-3', presentation: 1572, position: 3, sentence: 'No square.', label: false, fold: 2, scene: rep },
    ]);
  });

  it('names file and 1-based line of invalid JSON', () => {
    const error = importError('{"sentence": "oops",');
    expect([error.file, error.line]).toEqual(['dev.json', 2]);
    expect(error.message).toMatch(/^dev\.json:2: invalid JSON/);
  });

  it('rejects a value outside the enums', () => {
    const red = importError(line({ structured_rep: [rep[0], [{ ...rep[1][0], color: 'Red' }], rep[2]] }));
    expect(red.line).toBe(2);
    expect(red.problem).toContain('structured_rep.1.0.color');
    expect(importError(line({ structured_rep: [[{ ...rep[0][0], type: 'star' }], rep[1], rep[2]] })).problem).toContain('structured_rep.0.0.type');
    expect(importError(line({ structured_rep: [[{ ...rep[0][0], size: 15 }], rep[1], rep[2]] })).problem).toContain('structured_rep.0.0.size');
    expect(importError(line({ label: 'yes' })).problem).toContain('label');
  });

  it('rejects a line without one of the four fields every NLVR file has', () => {
    for (const field of ['sentence', 'identifier', 'label', 'structured_rep']) {
      const json = JSON.parse(line()) as Record<string, unknown>;
      delete json[field];
      const error = importError(JSON.stringify(json));
      expect(error.line).toBe(2);
      expect(error.problem).toContain(field);
    }
  });

  it('reads a line without directory and evals, as some of NLVR\'s released files have, with no fold', () => {
    const bare = (identifier: string) => {
      const json = JSON.parse(line({ identifier })) as Record<string, unknown>;
      delete json.directory;
      delete json.evals;
      return JSON.stringify(json);
    };
    const examples = parseNlvrFile([bare('1572-0'), line({ identifier: '1572-1' })].join('\n'), 'four-fields.json');
    expect(examples.map((e) => [e.identifier, e.fold])).toEqual([
      ['1572-0', null],
      ['1572-1', 2],
    ]);
    expect(examples[0]).toEqual({ ...examples[1], identifier: '1572-0', position: 0, fold: null });
    // present, they are still checked
    expect(importError(line({ directory: 'two' })).problem).toContain('directory');
    expect(importError(line({ evals: { r0: 'maybe' } })).problem).toContain('evals.r0');
  });

  it('rejects a scene without exactly 3 boxes', () => {
    for (const boxes of [[rep[0], rep[1]], [...rep, []]]) {
      const error = importError(line({ structured_rep: boxes }));
      expect(error.line).toBe(2);
      expect(error.message).toContain('dev.json:2: structured_rep: expected a list of exactly 3 boxes');
    }
  });

  it('rejects an object outside its box and a malformed identifier', () => {
    expect(importError(line({ structured_rep: [[{ ...rep[0][0], x_loc: 85 }], rep[1], rep[2]] })).problem).toContain('object extends past its box');
    expect(importError(line({ identifier: '1572-4' })).problem).toContain('identifier');
  });

  it('rejects a duplicate identifier', () => {
    expect(importError(line()).problem).toBe('duplicate identifier 1572-0');
  });

  it('is all or nothing: a corrupt last line fails the whole file; blank lines still count', () => {
    expect(() => parseNlvrFile([line(), '', line({ identifier: '2-0' }), '', '{'].join('\n'), 'test.json')).toThrow(/^test\.json:5: invalid JSON/);
  });

  it('readNlvrFile names the file it cannot read', async () => {
    await expect(readNlvrFile(join(tmpdir(), 'no-such-nlvr', 'dev.json'))).rejects.toThrow(/no-such-nlvr\/dev\.json: cannot read \(ENOENT\)/);
  });

  it('rejects a file without examples', () => {
    expect(() => parseNlvrFile('\n\n', 'empty.json')).toThrow(new NlvrImportError('empty.json', null, 'no examples'));
  });
});

describe('identifiers and permutations', () => {
  it('presentationOf reads n of "n-m"', () => {
    expect(presentationOf('1572-3')).toBe(1572);
    expect(() => presentationOf('1572')).toThrow(RangeError);
  });

  it('lists the six box orders as Python’s itertools.permutations([0, 1, 2]) does', () => {
    expect(PERMUTATIONS).toEqual([
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]);
  });

  it('permuteScene: k = 0 is the identity; position i shows box PERMUTATIONS[k][i]', () => {
    const [a, b, c] = rep;
    expect(permuteScene(rep, 0)).toEqual(rep);
    expect(permuteScene(rep, 1)).toEqual([a, c, b]);
    expect(permuteScene(rep, 3)).toEqual([b, c, a]);
    expect(permuteScene(rep, 4)).toEqual([c, a, b]);
    expect(permuteScene(rep, 5)).toEqual([c, b, a]);
    expect(() => permuteScene(rep, 6)).toThrow(RangeError);
    expect(() => permuteScene(rep, 0.5)).toThrow(RangeError);
  });
});

const nlvrDir = process.env.NLVR1_DIR ?? fileURLToPath(new URL('../../../shared/data/nlvr1', import.meta.url));
const haveData = existsSync(join(nlvrDir, 'dev.json'));

describe.skipIf(!haveData && process.env.CI !== 'true')('readNlvrFile on the NLVR files', () => {
  it('imports all of dev.json and test.json', async () => {
    const dev = await readNlvrFile(join(nlvrDir, 'dev.json'));
    const test = await readNlvrFile(join(nlvrDir, 'test.json'));
    expect([dev.length, test.length]).toEqual([989, 990]);
    expect(dev.filter((e) => e.label).length).toBe(547);
    expect(new Set(dev.map((e) => e.fold))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it('imports test-P with only sentence, identifier, label and structured_rep on each line', async () => {
    const text = readFileSync(join(nlvrDir, 'test.json'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'nlvr-four-'));
    try {
      const path = join(dir, 'test-four-fields.json');
      writeFileSync(path, fourFieldLines(text));
      const full = await readNlvrFile(join(nlvrDir, 'test.json'));
      const four = await readNlvrFile(path);
      expect(four).toHaveLength(990);
      expect(four).toEqual(full.map((e) => ({ ...e, fold: null })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

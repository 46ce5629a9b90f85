import * as z from '@/lib/core/zod';
import { BOX_SIZE, NLVR_COLORS, SHAPES, SIZES, type Scene } from './types';

/**
 * Import of NLVR (v1) files: one JSON example a line (../shared/data/nlvr1/README.md). A line needs
 * `sentence`, `identifier`, `label` and `structured_rep`; `directory` (the fold) and `evals` (the raters'
 * judgements) are read when present: some of NLVR's released files have neither.
 */

export interface NlvrExample {
  /** "n-m" as in the file. */
  identifier: string;
  /** n: the original presentation; its (up to four) examples share one sentence. */
  presentation: number;
  /** m: position 0..3 in the presentation. */
  position: number;
  sentence: string;
  label: boolean;
  /**
   * The cross-validation fold (the file's `directory`): a presentation never spans two folds. null when
   * the line has no `directory`: only the dataset builder reads folds (to split dev), and it refuses those.
   */
  fold: number | null;
  scene: Scene;
}

/** A file that cannot be imported; `line` is 1-based, null when the problem is the whole file. */
export class NlvrImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'NlvrImportError';
  }
}

const IDENTIFIER = /^(\d+)-([0-3])$/;

const objectSchema = z
  .object({
    x_loc: z.number().int().min(0),
    y_loc: z.number().int().min(0),
    size: z.literal(SIZES),
    type: z.enum(SHAPES),
    color: z.enum(NLVR_COLORS),
  })
  // The renderer and the semantics assume every object lies inside its 100×100 box.
  .refine((o) => o.x_loc + o.size <= BOX_SIZE && o.y_loc + o.size <= BOX_SIZE, 'object extends past its box');

const boxSchema = z.array(objectSchema);

export const nlvrLineSchema = z.object({
  sentence: z.string().regex(/\S/, 'empty sentence'),
  label: z.enum(['true', 'false']),
  identifier: z.string().regex(IDENTIFIER, 'expected "n-m" with m in 0..3'),
  directory: z.string().regex(/^\d+$/, 'expected a fold number').optional(),
  // Raters could also flag a sentence as nonsense (117 judgements in dev + test). Checked when present,
  // never used.
  evals: z.record(z.string(), z.enum(['true', 'false', 'nonsense'])).optional(),
  structured_rep: z.tuple([boxSchema, boxSchema, boxSchema], { error: 'expected a list of exactly 3 boxes' }),
});

function parseIdentifier(identifier: string): { presentation: number; position: number } {
  const match = IDENTIFIER.exec(identifier);
  if (!match) throw new RangeError(`not an NLVR identifier: ${JSON.stringify(identifier)}`);
  return { presentation: Number(match[1]), position: Number(match[2]) };
}

/** n of identifier "n-m". */
export function presentationOf(identifier: string): number {
  return parseIdentifier(identifier).presentation;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(line)'}: ${i.message}`).join('; ');
}

/**
 * Parses a whole file, validating every line: all or nothing. Blank lines are skipped (line numbers
 * still count them); a corrupt line, a duplicate identifier or an empty file throws NlvrImportError.
 */
export function parseNlvrFile(text: string, fileName: string): NlvrExample[] {
  const examples: NlvrExample[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new NlvrImportError(fileName, line, `invalid JSON (${(error as Error).message})`);
    }
    const parsed = nlvrLineSchema.safeParse(json);
    if (!parsed.success) throw new NlvrImportError(fileName, line, describe(parsed.error));
    const { identifier, sentence, label, directory, structured_rep } = parsed.data;
    if (seen.has(identifier)) throw new NlvrImportError(fileName, line, `duplicate identifier ${identifier}`);
    seen.add(identifier);
    examples.push({
      identifier,
      ...parseIdentifier(identifier),
      sentence,
      label: label === 'true',
      fold: directory === undefined ? null : Number(directory),
      scene: structured_rep,
    });
  });
  if (examples.length === 0) throw new NlvrImportError(fileName, null, 'no examples');
  return examples;
}


/**
 * The six box orders of NLVR's image permutations k = 0..5, in the order of Python's
 * itertools.permutations([0, 1, 2]); image `split-n-m-k.png` shows box PERMUTATIONS[k][i] at position i.
 */
export const PERMUTATIONS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
] as const;

/** The scene of permutation k: position i holds the original box PERMUTATIONS[k][i]. */
export function permuteScene(scene: Scene, k: number): Scene {
  const order = PERMUTATIONS[k];
  if (!Number.isInteger(k) || order === undefined) throw new RangeError(`permutation must be 0..5, got ${k}`);
  return [scene[order[0]], scene[order[1]], scene[order[2]]];
}

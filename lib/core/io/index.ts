import * as z from '@/lib/core/zod';
import modelIoJson from './model-io.json';

/**
 * Model I/O v1, the one definition (model-io.json, read by training/ too): tensor names, dtypes,
 * shapes and the sizes T (tokens), O (objects per image) and S (crop side). A shape entry is a number,
 * a size name of `sizes`, 'B' (the batch) or another symbolic name (L layers, H heads, K classes).
 */
const tensorSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/),
  type: z.enum(['int64', 'float32']),
  shape: z.array(z.union([z.number().int().positive(), z.string().regex(/^[A-Z]$/)])).min(1),
  meaning: z.string().min(1),
  required: z.boolean().optional(),
});

export const modelIoSchema = z.object({
  version: z.literal(1),
  opset: z.number().int(),
  sizes: z.object({ T: z.number().int().positive(), O: z.number().int().positive(), S: z.number().int().positive() }),
  boxFormat: z.string().min(1),
  inputs: z.array(tensorSchema).min(1),
  outputs: z.array(tensorSchema).min(1),
});

export type TensorIo = z.infer<typeof tensorSchema>;
export const MODEL_IO = modelIoSchema.parse(modelIoJson);

/** T: tokens per statement ([CLS], words, [SEP], padding). */
export const MAX_TOKENS = MODEL_IO.sizes.T;
/** O: objects per image (padded). */
export const MAX_OBJECTS = MODEL_IO.sizes.O;
/** S: the side of an object crop. */
export const CROP_SIZE = MODEL_IO.sizes.S;

/** A shape with the sizes filled in: 'B' and the other symbolic dimensions stay names. */
export function concreteShape(shape: TensorIo['shape']): (number | string)[] {
  return shape.map((d) => (typeof d === 'string' && d in MODEL_IO.sizes ? MODEL_IO.sizes[d as keyof typeof MODEL_IO.sizes] : d));
}

const markdownShape = (t: TensorIo) => `[${concreteShape(t.shape).join(', ')}]`;

/**
 * The inputs and outputs as the Markdown tables of docs/MODEL-CONTRACT.md (written there by
 * `npm run docs:contract`, checked by tests/unit/contract.test.ts).
 */
export function modelIoMarkdown(): string {
  const inputs = MODEL_IO.inputs.map((t) => `| \`${t.name}\` | ${t.type} | ${markdownShape(t)} | ${t.meaning} |`);
  const outputs = MODEL_IO.outputs.map((t) => `| \`${t.name}\` | ${t.type} | ${markdownShape(t)} | ${t.required ? '**required**' : 'optional'}: ${t.meaning} |`);
  return [
    `Sizes: T = ${MAX_TOKENS} tokens, O = ${MAX_OBJECTS} objects per image, S = ${CROP_SIZE} pixels a crop side. Boxes: ${MODEL_IO.boxFormat}.`,
    '',
    '| input | dtype | shape | meaning |',
    '|---|---|---|---|',
    ...inputs,
    '',
    '| output | dtype | shape | |',
    '|---|---|---|---|',
    ...outputs,
  ].join('\n');
}

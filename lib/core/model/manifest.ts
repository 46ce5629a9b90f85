import * as z from '@/lib/core/zod';
import { vocabularySchema } from '@/lib/core/text/tokenizer';
import { FAMILIES, VARIANTS, type Variant } from './ids';

/**
 * Model manifest (docs/ARCHITECTURE.md, "Contracts"): everything a browser needs to fetch, verify and run one packed model.
 * Validated before any shard is fetched. Every file is named by a content-addressed blob path
 * (`models/<sha256>`), so its bytes never change and can be cached forever.
 */
export const MANIFEST_FORMAT = 'tob-model/1';

export { FAMILIES, VARIANTS, type Family, type Variant } from './ids';
/**
 * The variants the site offers (`npm run models:publish` default). q4 is packed and measured but not offered:
 * on NLVR test it flips more than the 1 % of the aligned model's pair verdicts that the site allows (1.4 % for
 * round 4, docs/PERFORMANCE.md).
 */
export const SHIPPED_VARIANTS: readonly Variant[] = ['fp32', 'int8'];

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

export const manifestFileSchema = z.object({
  /** Blob path, `models/<sha256>`. */
  path: z.string().regex(/^models\/[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  sha256: sha256Schema,
});

export const manifestShardSchema = manifestFileSchema.extend({
  /** The external-data location the graph refers to (onnxruntime-web's `externalData[].path`). */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  /** `<family>-<variant>`, e.g. `aligned-int8`. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  family: z.enum(FAMILIES),
  quantization: z.enum(VARIANTS),
  io: z.literal(1),
  dims: z.object({
    T: z.number().int().positive(),
    O: z.number().int().positive(),
    S: z.number().int().positive(),
    K: z.number().int().positive(),
    layers: z.number().int().positive(),
    heads: z.number().int().positive(),
  }),
  graph: manifestFileSchema,
  shards: z.array(manifestShardSchema),
  vocabulary: vocabularySchema,
  /** Measured by `npm run eval` on NLVR test-P for this very variant (absent when NLVR was not available). */
  metrics: z.record(z.string(), z.union([z.number(), z.array(z.number())])),
  /** SHA-256 of the fp32 ONNX export this was packed from. */
  source: sha256Schema,
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/** Bytes a visitor downloads for the model: graph plus shards. */
export function totalBytes(manifest: ModelManifest): number {
  return manifest.graph.bytes + manifest.shards.reduce((sum, s) => sum + s.bytes, 0);
}

import { sha256Hex as sha256 } from '@/lib/server/hash';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from '@/lib/core/zod';
import { FAMILIES, MANIFEST_FORMAT, manifestSchema, type ManifestFile, type ModelManifest, type Variant } from '@/lib/core/model/manifest';
import { vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { compactNames } from './names';
import { decodeModel, encodeModel } from './onnx';
import { DEFAULT_BLOCK_SIZE, quantizeGraph } from './rewrite';
import { DEFAULT_SHARD_BYTES, shardWeights, type Shard } from './shard';

export { DEFAULT_SHARD_BYTES } from './shard';

/** Where `npm run models:pack` writes `<id>/{model.onnx, <id>-<i>.data, manifest.json}` (gitignored). */
export const DEFAULT_PACKED_DIR = '.data/models';
const GRAPH_FILE = 'model.onnx';
const MANIFEST_FILE = 'manifest.json';

/** The parts of training/export.py's config.json the manifest needs. */
const exportConfigSchema = z.object({
  io_version: z.literal(1),
  family: z.enum(FAMILIES),
  K: z.number().int().positive(),
  model_config: z.object({
    T: z.number().int().positive(),
    O: z.number().int().positive(),
    S: z.number().int().positive(),
    n_head: z.number().int().positive(),
    n_cross_layers: z.number().int().positive(),
  }),
  vocab: vocabularySchema,
});

/** An eval report (lib/tools/model/eval.ts) recorded for one variant's exact weights: `models/<family>/eval-variants.json`. */
const recordedEvalSchema = z.object({
  weights: z.string(),
  data: z.string(),
  report: z.record(z.string(), z.union([z.number(), z.array(z.number()), z.null()])),
});
const recordedEvalsSchema = z.record(z.string(), recordedEvalSchema);
export type RecordedEval = z.infer<typeof recordedEvalSchema>;
export const recordedEvalsFile = (sourceDir: string) => join(sourceDir, 'eval-variants.json');

export interface PackedModel {
  manifest: ModelManifest;
  graph: Uint8Array;
  shards: Shard[];
}

export class PackedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackedModelError';
  }
}

const fileEntry = (bytes: Uint8Array): ManifestFile => ({ path: `models/${sha256(bytes)}`, bytes: bytes.byteLength, sha256: sha256(bytes) });

/** Names a variant's exact bytes (graph and shards), so a recorded eval is only used for the weights it measured. */
export function weightsDigest(manifest: Pick<ModelManifest, 'graph' | 'shards'>): string {
  return sha256(new TextEncoder().encode([manifest.graph, ...manifest.shards].map((f) => f.sha256).join('\n')));
}

/** The eval reports recorded for an export directory's variants (none when nothing was recorded). */
export async function recordedEvals(sourceDir: string): Promise<Record<string, RecordedEval>> {
  const file = recordedEvalsFile(sourceDir);
  return existsSync(file) ? recordedEvalsSchema.parse(JSON.parse(await readFile(file, 'utf8'))) : {};
}

/** Stores an eval report for a packed variant; `pack` copies it into that variant's manifest while the weights match. */
export async function recordEval(sourceDir: string, manifest: ModelManifest, data: string, report: RecordedEval['report']): Promise<void> {
  const evals = { ...(await recordedEvals(sourceDir)), [manifest.quantization]: { weights: weightsDigest(manifest), data, report } };
  const sorted = Object.fromEntries(Object.entries(evals).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(recordedEvalsFile(sourceDir), `${JSON.stringify(sorted, null, 2)}\n`);
}

export interface PackOptions {
  variant: Variant;
  /** Target shard size in bytes (default 512 KiB). */
  shardBytes?: number;
  /** MatMulNBits block size along K for `q4` (default 32). */
  blockSize?: number;
}

/**
 * Packs one exported model directory (training/export.py: model.onnx, config.json) as one variant:
 * quantized graph, weight shards, manifest. Same input, same options → same bytes.
 */
export async function packModel(sourceDir: string, { variant, shardBytes = DEFAULT_SHARD_BYTES, blockSize = DEFAULT_BLOCK_SIZE }: PackOptions): Promise<PackedModel> {
  const source = new Uint8Array(await readFile(join(sourceDir, 'model.onnx')));
  const config = exportConfigSchema.parse(JSON.parse(await readFile(join(sourceDir, 'config.json'), 'utf8')));
  const vocabulary = vocabularySchema.parse(vocabJson);
  if (JSON.stringify(config.vocab.tokens) !== JSON.stringify(vocabulary.tokens)) {
    throw new PackedModelError(`${sourceDir} was trained with another vocabulary than lib/core/text/vocab.json; re-export it`);
  }
  const id = `${config.family}-${variant}`;
  const model = decodeModel(source);
  quantizeGraph(model, variant, blockSize);
  compactNames(model);
  const shards = shardWeights(model, id, shardBytes);
  const graph = encodeModel(model);
  const files = { graph: fileEntry(graph), shards: shards.map((s) => ({ name: s.name, ...fileEntry(s.bytes) })) };
  const recorded = (await recordedEvals(sourceDir))[variant];
  const metrics =
    recorded?.weights === weightsDigest(files)
      ? Object.fromEntries(Object.entries(recorded.report).filter((e): e is [string, number | number[]] => e[1] !== null))
      : {};
  const { T, O, S, n_head, n_cross_layers } = config.model_config;
  const manifest = manifestSchema.parse({
    format: MANIFEST_FORMAT,
    id,
    family: config.family,
    quantization: variant,
    io: 1,
    dims: { T, O, S, K: config.K, layers: n_cross_layers, heads: n_head },
    ...files,
    vocabulary,
    metrics,
    source: sha256(source),
  } satisfies ModelManifest);
  return { manifest, graph, shards };
}

export const manifestBytes = (manifest: ModelManifest) => new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);

/** Writes `<dir>/<id>/` whole or not at all (a temporary directory renamed into place). */
export async function writePacked(dir: string, packed: PackedModel): Promise<string> {
  const target = join(dir, packed.manifest.id);
  const tmp = `${target}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, GRAPH_FILE), packed.graph);
  for (const shard of packed.shards) await writeFile(join(tmp, shard.name), shard.bytes);
  await writeFile(join(tmp, MANIFEST_FILE), manifestBytes(packed.manifest));
  await rm(target, { recursive: true, force: true });
  await rename(tmp, target);
  return target;
}

/** Reads a packed model back, checking every file's size and SHA-256 against its manifest. */
export async function readPacked(dir: string, id: string): Promise<PackedModel> {
  const base = join(dir, id);
  if (!existsSync(join(base, MANIFEST_FILE))) throw new PackedModelError(`no packed model at ${base}; run \`npm run models:pack\` first`);
  const manifest = manifestSchema.parse(JSON.parse(await readFile(join(base, MANIFEST_FILE), 'utf8')));
  const load = async (file: string, entry: ManifestFile) => {
    const bytes = new Uint8Array(await readFile(join(base, file)));
    if (bytes.byteLength !== entry.bytes || sha256(bytes) !== entry.sha256) {
      throw new PackedModelError(`${join(base, file)} does not match its manifest; run \`npm run models:pack\` again`);
    }
    return bytes;
  };
  const graph = await load(GRAPH_FILE, manifest.graph);
  const shards = await Promise.all(manifest.shards.map(async (s) => ({ name: s.name, bytes: await load(s.name, s) })));
  return { manifest, graph, shards };
}

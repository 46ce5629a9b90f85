import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog, writeCatalog } from '@/lib/server/catalog';
import { goldenFeeds, goldenScale, goldenSchema, maxAbsDiff, PACKED_TOLERANCE } from '@/lib/core/model/golden';
import { FAMILIES, manifestSchema, SHIPPED_VARIANTS, totalBytes, VARIANTS, type Variant } from '@/lib/core/model/manifest';
import { createNodeSession, type RunModel } from '@/lib/tools/model/node-session';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import { manifestBytes, packModel, readPacked, recordedEvalsFile, recordEval, writePacked, type PackedModel } from '@/lib/tools/pack';
import { verdictAgreement } from '@/lib/tools/pack/agreement';
import { decodeModel } from '@/lib/tools/pack/onnx';
import { publishPacked, recordInCatalog } from '@/lib/tools/pack/publish';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { Tokenizer, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { readNlvrFile } from '@/lib/server/nlvr-files';

/**
 * Largest shift of a verdict's log-odds margin over the NLVR test pairs, as a share of max(1, the largest fp32
 * |margin|). Measured: round 4 int8 0.028 and q4 0.22 absolute, on margins of a few units; round 7 int8 0.8 %
 * (aligned, margins up to 36) and 5.6 % (baseline, margins up to 2.3), q4 4.8 % and 16.5 %; round 8 aligned
 * int8 5.9 % and q4 38 % (image margins up to 9.8). q4 is not offered by the site (SHIPPED_VARIANTS), so its
 * bound only keeps it from drifting further.
 */
const MARGIN_TOLERANCE: Record<Variant, number> = { fp32: 1e-4, int8: 0.08, q4: 0.4 };


const nlvrDir = process.env.NLVR1_DIR ?? join(process.cwd(), '../shared/data/nlvr1');
const haveNlvr = existsSync(join(nlvrDir, 'test.json'));
if (process.env.CI === 'true' && !haveNlvr) throw new Error(`CI: NLVR test.json not found under ${nlvrDir} (set NLVR1_DIR)`);

const dir = mkdtempSync(join(tmpdir(), 'tob-pack-'));
const packedDir = join(dir, 'packed');
const ids = FAMILIES.flatMap((family) => VARIANTS.map((variant) => ({ family, variant, id: `${family}-${variant}` })));
const packed = new Map<string, PackedModel>();

beforeAll(async () => {
  for (const { family, variant, id } of ids) {
    await writePacked(packedDir, await packModel(join('models', family), { variant }));
    packed.set(id, await readPacked(packedDir, id));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = (p: PackedModel) => createNodeSession(p.graph, 1, p.shards.map((s) => ({ path: s.name, data: s.bytes })));

describe('models:pack', () => {
  it.each(ids)('$id: the manifest validates, names every file by its hash, and the graph refers to exactly its shards', ({ id, family, variant }) => {
    const { manifest, graph, shards } = packed.get(id)!;
    expect(manifestSchema.parse(manifest)).toEqual(manifest);
    expect(manifest).toMatchObject({ id, family, quantization: variant, io: 1, dims: { T: 24, O: 20, S: 16, K: 6, layers: 2, heads: 4 } });
    expect(manifest.graph.path).toBe(`models/${manifest.graph.sha256}`);
    for (const s of manifest.shards) expect(s.path).toBe(`models/${s.sha256}`);
    const tensors = decodeModel(graph).graph.initializer.filter((t) => t.externalData?.length);
    const location = (t: (typeof tensors)[number], key: string) => t.externalData!.find((e) => e.key === key)!.value;
    expect(new Set(tensors.map((t) => location(t, 'location')))).toEqual(new Set(shards.map((s) => s.name)));
    for (const t of tensors) {
      const shard = shards.find((s) => s.name === location(t, 'location'))!;
      expect(Number(location(t, 'offset')) + Number(location(t, 'length'))).toBeLessThanOrEqual(shard.bytes.byteLength);
    }
  });

  it('splits fp32 into several shards of at most the target size unless one tensor is larger', () => {
    const { shards } = packed.get('aligned-fp32')!;
    const total = shards.reduce((sum, s) => sum + s.bytes.byteLength, 0);
    expect(shards.length).toBeGreaterThan(1);
    expect(shards.length).toBeLessThanOrEqual(Math.ceil(total / (512 * 1024)) + 1);
    for (const s of shards) expect(s.bytes.byteLength).toBeLessThanOrEqual(512 * 1024);
  });

  it('emits only GPU-friendly quantization ops', () => {
    for (const { id, variant } of ids) {
      const { node, initializer } = decodeModel(packed.get(id)!.graph).graph;
      const ops = new Set(node.map((n) => n.opType));
      const weights = new Set(initializer.map((t) => t.name));
      // A MatMul left reading a stored weight directly would be an unquantized fp32 weight.
      const weightMatMul = node.some((n) => n.opType === 'MatMul' && n.input.some((i) => weights.has(i)));
      expect(ops.has('MatMulInteger') || ops.has('DynamicQuantizeLinear'), id).toBe(false);
      if (variant === 'int8') expect([ops.has('DequantizeLinear'), ops.has('MatMulNBits'), weightMatMul], id).toEqual([true, false, false]);
      if (variant === 'q4') expect([ops.has('DequantizeLinear'), ops.has('MatMulNBits'), weightMatMul], id).toEqual([true, true, false]);
    }
  });

  it.each(FAMILIES)('%s-int8: graph + shards at most 0.3 × fp32', (family) => {
    const ratio = totalBytes(packed.get(`${family}-int8`)!.manifest) / totalBytes(packed.get(`${family}-fp32`)!.manifest);
    expect(ratio).toBeLessThanOrEqual(0.3);
  });

  it('is deterministic: packing again gives the same bytes', async () => {
    for (const variant of VARIANTS) {
      const again = await packModel('models/aligned', { variant });
      const first = packed.get(`aligned-${variant}`)!;
      expect(Buffer.from(again.graph).equals(first.graph), variant).toBe(true);
      expect(again.shards.map((s) => Buffer.from(s.bytes).toString('base64'))).toEqual(first.shards.map((s) => Buffer.from(s.bytes).toString('base64')));
      expect(Buffer.from(manifestBytes(again.manifest)).equals(manifestBytes(first.manifest))).toBe(true);
    }
  });

  it('puts a recorded eval into the manifest only while the weights are the ones it measured', async () => {
    const source = join(dir, 'source-aligned');
    await cp('models/aligned', source, { recursive: true });
    await rm(recordedEvalsFile(source), { force: true });
    const int8 = packed.get('aligned-int8')!;
    await recordEval(source, int8.manifest, 'nlvr1/test.json', { n: 2, accuracy: 0.5, consistency: null, alignmentPrecision: [0.25, 0.75] });
    expect((await packModel(source, { variant: 'int8' })).manifest.metrics).toEqual({ n: 2, accuracy: 0.5, alignmentPrecision: [0.25, 0.75] });
    // Other weights (another block size, or a new export) get no metrics.
    expect((await packModel(source, { variant: 'q4', blockSize: 64 })).manifest.metrics).toEqual({});
    await recordEval(source, packed.get('aligned-q4')!.manifest, 'nlvr1/test.json', { n: 3 });
    expect((await packModel(source, { variant: 'q4', blockSize: 64 })).manifest.metrics).toEqual({});
    expect((await packModel(source, { variant: 'q4' })).manifest.metrics).toEqual({ n: 3 });
  });

  it('refuses a packed file that does not match its manifest', async () => {
    const copy = join(dir, 'corrupt');
    const model = packed.get('aligned-int8')!;
    await writePacked(copy, model);
    const shard = join(copy, 'aligned-int8', model.shards[0]!.name);
    const bytes = readFileSync(shard);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(shard, bytes);
    await expect(readPacked(copy, 'aligned-int8')).rejects.toThrow(/does not match its manifest/);
  });
});

describe('packed models run in Node (onnxruntime-web, wasm) and match the PyTorch goldens', () => {
  it.each(ids)('$id: every output within its tolerance', async ({ family, variant, id }) => {
    const golden = goldenSchema.parse(JSON.parse(readFileSync(join('models', family, 'golden.json'), 'utf8')));
    const feeds = goldenFeeds(golden);
    const outputs = await (await session(packed.get(id)!)).run(feeds);
    for (const [name, expected] of Object.entries(golden.outputs)) {
      expect(outputs[name]?.dims, name).toEqual(expected.dims);
      const bound = PACKED_TOLERANCE[variant] * goldenScale(expected.data);
      expect(maxAbsDiff(expected.data, outputs[name]!.data), `${id} ${name}: max |packed − PyTorch|`).toBeLessThanOrEqual(bound);
    }
  });
});

describe.skipIf(!haveNlvr)('quantized variants give fp32 verdicts on NLVR test pairs', () => {
  // A weak model (fp32 says "true" of nearly every image) agrees with itself trivially, so the logit margins
  // must also stay close to fp32's on every pair.
  it.each(FAMILIES)('%s: ≥ 99% of pair verdicts (shipped variants) and of image verdicts agree, and margins move little', async (family) => {
    await selectCpuBackend();
    const runs: Record<string, RunModel> = {};
    for (const variant of VARIANTS) runs[variant] = (await session(packed.get(`${family}-${variant}`)!)).run;
    const { fp32, ...quantized } = runs;
    const agreement = await verdictAgreement(fp32!, quantized, new Tokenizer(vocabularySchema.parse(vocabJson)), await readNlvrFile(join(nlvrDir, 'test.json')));
    expect(agreement.pairs).toBeGreaterThan(1000);
    for (const [variant, a] of Object.entries(agreement.variants)) {
      // q4 is not offered by the site (SHIPPED_VARIANTS): it flips at most 3 % of the pair and of the image
      // verdicts (measured: 1.4 % of pairs for the round-4 aligned model, whose pair probabilities sit near 0.5;
      // 1.1 % of images for the round-8 aligned model; 2.0 % of pairs for the round-18 baseline).
      const bound = SHIPPED_VARIANTS.includes(variant as Variant) ? 0.99 : 0.97;
      expect(a.pair, `${family}-${variant} pair verdicts`).toBeGreaterThanOrEqual(bound);
      expect(a.image, `${family}-${variant} image verdicts`).toBeGreaterThanOrEqual(bound);
      const tolerance = MARGIN_TOLERANCE[variant as Variant];
      expect(a.maxPairMarginDiff, `${family}-${variant} pair margins`).toBeLessThanOrEqual(tolerance * Math.max(1, agreement.referenceMaxMargin.pair));
      expect(a.maxImageMarginDiff, `${family}-${variant} image margins`).toBeLessThanOrEqual(tolerance * Math.max(1, agreement.referenceMaxMargin.image));
    }
  }, 600_000);
});

describe('models:publish', () => {
  it('uploads at content-addressed paths, lists the model in the catalog, and a second publish writes nothing', async () => {
    const store = createLocalBlobStore(join(dir, 'blob'));
    const catalogFile = join(dir, 'catalog.json');
    await writeCatalog({ format: 'tob-catalog/1', builtAt: '2026-01-01T00:00:00.000Z', packs: [], models: [] }, catalogFile);
    const model = packed.get('aligned-int8')!;

    const first = await publishPacked(store, model);
    expect(first.written).toBe(model.shards.length + 2);
    expect(await recordInCatalog([first.model], catalogFile)).toBe(true);
    const before = await store.list('models/');

    const second = await publishPacked(store, model);
    expect(second).toEqual({ model: first.model, written: 0 });
    expect(await recordInCatalog([second.model], catalogFile)).toBe(false);
    expect(await store.list('models/')).toEqual(before);

    const { models } = await readCatalog(catalogFile);
    expect(models).toEqual([{ id: 'aligned-int8', family: 'aligned', quantization: 'int8', manifestPath: first.model.manifestPath, bytes: totalBytes(model.manifest) }]);
    const manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(first.model.manifestPath))!.body)));
    expect(manifest).toEqual(model.manifest);
    for (const file of [manifest.graph, ...manifest.shards]) {
      const blob = await store.get(file.path);
      expect(blob && { size: blob.size, etag: blob.etag }).toEqual({ size: file.bytes, etag: file.sha256 });
    }
  });
});

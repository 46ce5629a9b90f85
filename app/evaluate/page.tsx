import { pageMetadata } from '@/app/page-metadata';
import { Evaluator } from '@/components/evaluate/evaluator';
import { CatalogMissingError, readCatalog } from '@/lib/server/catalog';
import { SPLIT_INFO, SPLITS, splitOrDefault } from '@/lib/core/model/splits';
import { CONTRACT_INPUTS, IMAGE_LOGITS, MAX_MODEL_BYTES, PAIR_LOGITS } from '@/lib/core/model/contract';
import { CROP_SIZE, MODEL_IO } from '@/lib/core/io';
import { modelChoices } from '@/lib/server/choices';
import { getBlobStore } from '@/lib/server/storage';

export const dynamic = 'force-dynamic';
export const metadata = pageMetadata('Evaluate a model — True of both?', 'Run a shipped model or your own ONNX file in your browser on a split; the server scores the predictions.');

type Search = { split?: string; limit?: string };

const spec = (s: { name: string; type: string; shape: readonly (number | string)[] }) => `${s.name}: ${s.type} [${s.shape.join(', ')}]`;

export default async function EvaluatePage({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  const catalog = await readCatalog().catch((err: unknown) => {
    if (err instanceof CatalogMissingError) return null;
    throw err;
  });
  const split = splitOrDefault(q.split);
  const limit = q.limit && /^[1-9]\d{0,5}$/.test(q.limit) ? Number(q.limit) : undefined;
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-5 px-4 py-6 sm:py-10">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Evaluate a model in your browser</h1>
        <p className="text-slate-600 dark:text-slate-300">
          The model runs here, on your GPU (WebGPU; WASM without it). The server only scores the predictions — on the synthetic split against labels you never see.
        </p>
      </header>
      <Evaluator
        models={catalog ? modelChoices(catalog, getBlobStore()) : []}
        splits={SPLITS.map((name) => ({ name, title: SPLIT_INFO[name].title, labels: SPLIT_INFO[name].labels }))}
        initialSplit={split}
        limit={limit}
      />
      <section className="flex flex-col gap-2 text-sm text-slate-700 dark:text-slate-300" aria-labelledby="contract-heading">
        <h2 id="contract-heading" className="text-lg font-semibold">
          Bring your own model: Model I/O v1
        </h2>
        <p>An ONNX file of at most {MAX_MODEL_BYTES / 2 ** 20} MiB (weights inside the file), batch dimension symbolic or 1, with these inputs:</p>
        <ul className="list-disc pl-5 font-mono text-xs">
          {CONTRACT_INPUTS.map((s) => (
            <li key={s.name}>{spec(s)}</li>
          ))}
        </ul>
        <p>
          and at least the output <code className="font-mono text-xs">{spec(PAIR_LOGITS)}</code> (logits of false / true of both). With{' '}
          <code className="font-mono text-xs">{spec(IMAGE_LOGITS)}</code> its per-image verdicts are used; without it an image&apos;s verdict is the pair verdict of
          the image with itself. Tokens are ids of the site&apos;s vocabulary (lib/core/text/vocab.json), position 0 [CLS]; crops are each object&apos;s box resized
          to {CROP_SIZE} × {CROP_SIZE}, RGB in [0, 1]; boxes are {MODEL_IO.boxFormat}. The file is checked before it runs, and every difference is listed.
        </p>
      </section>
    </div>
  );
}

import Link from 'next/link';
import { CatalogMissingError, practiceEntry, readCatalog } from '@/lib/server/catalog';
import { getBlobStore } from '@/lib/server/storage';
import { modelChoices } from '@/lib/server/choices';
import { readFindings } from '@/lib/server/findings';
import { claimVerdicts, type ClaimVerdict } from '@/lib/core/model/claims';
import { Practice } from '@/components/game/practice';
import { EmbeddedModels } from '@/components/model/embedded-models';
import { firstPracticeChallenge } from '@/lib/server/practice';

export const dynamic = 'force-dynamic';

const LINK = 'font-semibold text-sky-700 underline underline-offset-2 dark:text-sky-300';

/** The shipped models' size and the paper's claims as measured: committed files, read once per server process. */
let study: { params: number; claims: ClaimVerdict[] } | undefined;
function readStudy() {
  if (!study) {
    const findings = readFindings();
    study = { params: Math.round((findings.find((f) => f.family === 'aligned')?.metrics.params ?? 0) / 1000), claims: claimVerdicts(findings) };
  }
  return study;
}

export default async function HomePage() {
  const catalog = await readCatalog().catch((err: unknown) => {
    if (err instanceof CatalogMissingError) return null;
    throw err;
  });
  const entry = catalog && practiceEntry(catalog);
  const models = catalog ? modelChoices(catalog, getBlobStore()) : [];
  // Without it the game still starts, from the pack the browser fetches (which reports its own failure).
  const first = entry && (await firstPracticeChallenge(entry).catch((err: unknown) => (console.error('practice: the first challenge could not be drawn', err), null)));
  const { params, claims } = readStudy();
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-3 px-4 py-3 sm:gap-5 sm:py-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">True of both?</h1>
        <p className="text-sm text-slate-700 sm:text-base dark:text-slate-300">
          Is the statement true of the left image <em>and</em> of the right one? A {params} k-parameter vision–language model answers too, running in your
          browser; after you answer, <strong>Why?</strong> shows which objects each word looked at.
        </p>
      </div>
      {/* Above the game from sm up; below it on phones, where the game must fit the first screen. */}
      <p className="text-sm text-slate-700 max-sm:order-last dark:text-slate-300" data-testid="study-findings">
        It is a miniature of a study that added one loss to teach words their objects. With it, here:{' '}
        {claims.map((c, i) => (
          <span key={c.claim}>
            {c.short} — <strong className={c.held ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400'}>{c.held ? 'held' : 'not shown'}</strong>
            {i < claims.length - 1 ? '; ' : '. '}
          </span>
        ))}
        <Link href="/paper" prefetch={false} className={LINK}>
          The paper, in miniature
        </Link>
        .
      </p>
      {entry ? (
        <>
          <EmbeddedModels models={models} first={first ?? null} />
          <Practice packUrl={getBlobStore().url(entry.path)} source={entry.source} models={models} first={first ?? null} />
        </>
      ) : (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
          The challenges are being prepared. Please come back in a few minutes; meanwhile, the{' '}
          <Link href="/paper" prefetch={false} className={LINK}>
            paper in miniature
          </Link>{' '}
          is ready.
        </p>
      )}
    </div>
  );
}

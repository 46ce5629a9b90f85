import { CatalogMissingError, practiceEntry, readCatalog } from '@/lib/server/catalog';
import { getBlobStore } from '@/lib/server/storage';
import { modelChoices } from '@/lib/server/choices';
import { Practice } from '@/components/game/practice';
import { SiteNav } from '@/components/site-nav';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const catalog = await readCatalog().catch((err: unknown) => {
    if (err instanceof CatalogMissingError) return null;
    throw err;
  });
  const entry = catalog && practiceEntry(catalog);
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-6 sm:py-10">
      <header className="flex flex-col gap-1">
        <SiteNav />
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">True of both?</h1>
        <p className="text-slate-600 dark:text-slate-300">Read the statement. Is it true of the left image <em>and</em> of the right image?</p>
      </header>
      {entry ? (
        <Practice packUrl={getBlobStore().url(entry.path)} source={entry.source} models={modelChoices(catalog, getBlobStore())} />
      ) : (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:bg-amber-950 dark:border-amber-800">
          No challenges yet: run <code>npm run packs:build</code> and reload.
        </p>
      )}
    </main>
  );
}

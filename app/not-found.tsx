import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not found — True of both?', description: 'There is nothing at this address.' };

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 px-4 py-16">
      <p className="font-mono text-sm text-slate-600 dark:text-slate-300">404</p>
      <h1 className="text-3xl font-bold tracking-tight">Nothing here</h1>
      <p className="text-slate-700 dark:text-slate-300">There is nothing at this address. A shared link may have been mistyped, or the share has been removed.</p>
      <Link href="/" className="rounded-lg bg-slate-900 px-5 py-2.5 font-semibold text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300">
        Play True of both?
      </Link>
    </div>
  );
}

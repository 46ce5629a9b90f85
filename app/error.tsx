'use client';

import Link from 'next/link';

/** A page that failed to render: say so plainly, offer to try again (the digest names the server log line). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 px-4 py-16" role="alert">
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="text-slate-700 dark:text-slate-300">
        This page could not be shown. Trying again usually helps; if it does not, the server may be unreachable for a minute.
        {error.digest && <span className="mt-1 block font-mono text-xs text-slate-600 dark:text-slate-400">Reference: {error.digest}</span>}
      </p>
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={reset} className="rounded-lg bg-slate-900 px-5 py-2.5 font-semibold text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300">
          Try again
        </button>
        <Link href="/" className="rounded-lg px-5 py-2.5 font-semibold text-sky-700 underline dark:text-sky-300">
          Play True of both?
        </Link>
      </div>
    </div>
  );
}

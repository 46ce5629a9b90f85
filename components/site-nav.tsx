'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Play' },
  { href: '/daily', label: 'Daily' },
  { href: '/leaderboard', label: 'Leaderboard' },
  { href: '/evaluate', label: 'Evaluate' },
  { href: '/paper', label: 'Paper' },
];

/**
 * The site's header: its name (from sm up; the home page's heading says it on phones) and one line of links, the
 * current page marked. Links are not prefetched: every page renders per request, and fetching four of them while
 * the game's model starts would take the visitor's CPU and network from it.
 */
export function SiteNav() {
  const path = usePathname();
  return (
    <header className="mx-auto flex w-full max-w-5xl items-center justify-between gap-4 px-4 pt-3 sm:pt-5">
      <Link href="/" prefetch={false} className="hidden text-sm font-bold tracking-tight sm:inline">
        True of both?
      </Link>
      <nav aria-label="Site" className="flex gap-x-4 text-sm font-semibold">
        {LINKS.map((l) => {
          const current = l.href === '/' ? path === '/' : path.startsWith(l.href);
          return (
            <Link
              key={l.href}
              href={l.href}
              prefetch={false}
              aria-current={current ? 'page' : undefined}
              className={`whitespace-nowrap underline-offset-4 hover:underline ${current ? 'text-slate-900 underline decoration-2 dark:text-slate-100' : 'text-sky-700 dark:text-sky-300'}`}
            >
              {l.label}
            </Link>
          );
        })}
      </nav>
    </header>
  );
}

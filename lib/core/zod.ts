import { config } from 'zod';

/**
 * zod, configured: every schema in app/, components/ and lib/ imports it from here as a namespace
 * (`import * as z from '@/lib/core/zod'`; npm run lint refuses 'zod' itself), so the
 * configuration is in place before any schema is built, whichever module the browser evaluates first, and
 * the bundler keeps only the parts the site uses: zod's own `z` namespace would keep all of it, its 40-odd
 * locales included (the workers' zod chunk: 390 kB against 112 kB). In browsers (pages and workers) zod is
 * jitless: it would otherwise compile object parsers with `new Function`, and probing for that under the
 * site's CSP (no 'unsafe-eval') makes the browser report a violation. Node keeps the compiled parsers.
 */
const browser = typeof window !== 'undefined' || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
if (browser) config({ jitless: true });

export * from 'zod';

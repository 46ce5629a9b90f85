import { z } from 'zod';

/**
 * zod, configured: every schema in app/, components/ and lib/ imports `z` from here (npm run lint refuses
 * 'zod' itself there), so the configuration is in place before any schema is built, whichever module
 * the browser evaluates first. In browsers (pages and workers) zod is jitless: it would otherwise compile
 * object parsers with `new Function`, and probing for that under the site's CSP (no 'unsafe-eval') makes
 * the browser report a violation. Node keeps the compiled parsers.
 */
const browser = typeof window !== 'undefined' || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
if (browser) z.config({ jitless: true });

export { z };

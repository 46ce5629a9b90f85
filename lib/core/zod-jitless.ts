import { z } from 'zod';

/**
 * zod compiles object parsers with `new Function` unless told not to, and probing for that under the site's
 * CSP (no 'unsafe-eval') makes the browser report a violation. Imported for its effect, first, by
 * instrumentation-client.ts: it must run before any module that builds or runs a schema.
 */
z.config({ jitless: true });

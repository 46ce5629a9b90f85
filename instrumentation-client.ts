import { z } from 'zod';
import { startModelEarly } from '@/components/model/early-start';

/**
 * Runs before the app's client code: zod compiles object parsers with `new Function` unless told not to, and
 * probing for that under the site's CSP (no 'unsafe-eval') makes the browser report a violation on every page.
 * Must come before any schema is built, hence here and not in a module of the app.
 */
z.config({ jitless: true });

// The game's model worker starts here, a few hundred milliseconds before the page's own scripts could start it.
startModelEarly();

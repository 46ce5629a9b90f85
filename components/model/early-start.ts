import { ModelClient } from '@/lib/browser/client';
import { gameLoadOptions, initialChoice } from './choices';
import { embedded } from './embedded-models';

/** Pages whose game loads the model as soon as they open. */
const GAME_PATHS = new Set(['/']);

let early: ModelClient | null = null;

/**
 * Run by instrumentation-client.ts, before the app's code: on a game page, the model worker is created and
 * told to start its runtime; once the document is parsed, to load the visitor's model (from the models the
 * page embeds) and to compute the verdict on the challenge the server put on screen. The game's hook takes
 * the worker over (takeEarlyClient): asking again for that load and that verdict gets these.
 */
export function startModelEarly(): void {
  if (early || typeof Worker === 'undefined' || !GAME_PATHS.has(location.pathname)) return;
  // A parsed page without the game's models (its challenges are still being prepared) needs no model.
  if (document.readyState !== 'loading' && !embedded()) return;
  const client = new ModelClient({ startRuntime: true });
  early = client;
  client.start();
  const loadEmbedded = () => {
    const page = embedded();
    const choice = page && initialChoice(page.models);
    if (!page || !choice) {
      // No game on this page after all: the worker and its runtime download stop here.
      client.terminate();
      early = null;
      return;
    }
    // Failures are reported when the game asks for the same load and the same verdict.
    client.load(choice, gameLoadOptions()).catch(() => {});
    if (page.first) client.predict(page.first, { explain: true }).catch(() => {});
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', loadEmbedded, { once: true });
  else loadEmbedded();
}

/** The worker startModelEarly made, once (null where it made none). */
export function takeEarlyClient(): ModelClient | null {
  const client = early;
  early = null;
  return client;
}

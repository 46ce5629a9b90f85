import type { PracticeChallenge } from '@/lib/core/game/challenge';
import type { ModelChoice } from '@/lib/core/model/protocol';

const ID = 'tob-models';

interface Embedded {
  models: ModelChoice[];
  first: PracticeChallenge | null;
}

/**
 * The published models and the challenge the server put on screen, in the page's HTML: the model starts
 * loading, and computing that challenge's verdict, before the page hydrates (early-start.ts).
 */
export function EmbeddedModels({ models, first }: Embedded) {
  return <script id={ID} type="application/json" dangerouslySetInnerHTML={{ __html: JSON.stringify({ models, first }).replace(/</g, '\\u003c') }} />;
}

/**
 * What EmbeddedModels put in this document; null where there is none or it is not that shape. Its content
 * is not validated here, where no schema code is loaded yet: the worker validates every load and
 * prediction it is asked for (protocol.ts requestSchema) and refuses what does not fit.
 */
export function embedded(): Embedded | null {
  const text = typeof document === 'undefined' ? null : document.getElementById(ID)?.textContent;
  if (!text) return null;
  try {
    const page = JSON.parse(text) as Partial<Embedded> | null;
    const named = Array.isArray(page?.models) && page.models.every((m: Partial<ModelChoice> | null) => typeof m?.id === 'string');
    return named && typeof page.first === 'object' ? { models: page.models!, first: page.first ?? null } : null;
  } catch {
    return null;
  }
}

import { z } from 'zod';
import { practiceChallengeSchema, type PracticeChallenge } from '@/lib/core/game/challenge';
import { modelChoiceSchema, type ModelChoice } from '@/lib/core/model/protocol';

const ID = 'tob-models';

const embeddedSchema = z.object({ models: z.array(modelChoiceSchema), first: practiceChallengeSchema.nullable() });
export type Embedded = z.infer<typeof embeddedSchema>;

/**
 * The published models and the challenge the server put on screen, in the page's HTML: the model starts
 * loading, and computing that challenge's verdict, before the page hydrates (early-start.ts).
 */
export function EmbeddedModels({ models, first }: { models: readonly ModelChoice[]; first: PracticeChallenge | null }) {
  return <script id={ID} type="application/json" dangerouslySetInnerHTML={{ __html: JSON.stringify({ models, first }).replace(/</g, '\\u003c') }} />;
}

/** What EmbeddedModels put in this document; null where there is nothing or it does not validate. */
export function embedded(): Embedded | null {
  const text = typeof document === 'undefined' ? null : document.getElementById(ID)?.textContent;
  if (!text) return null;
  try {
    const parsed = embeddedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

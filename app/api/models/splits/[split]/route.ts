import { loadSplit } from '@/lib/server/model-scores';
import { SPLIT_INFO, splitNameSchema } from '@/lib/core/model/splits';
import { getSecret } from '@/lib/server/secret';
import { handle, json } from '@/lib/server/http';
import { getBlobStore } from '@/lib/server/storage';

/**
 * What to predict on a split: its ids (one prediction each), its pairs (one "true of both" verdict each,
 * the pairs `npm run eval` scores), where its inputs are, and whether its labels are public.
 */
export function GET(_request: Request, { params }: { params: Promise<{ split: string }> }): Promise<Response> {
  return handle(async () => {
    const name = splitNameSchema.safeParse((await params).split);
    if (!name.success) return json({ error: 'No such split.' }, 404);
    const split = await loadSplit(name.data, getBlobStore(), await getSecret());
    return json({ split: split.name, ...SPLIT_INFO[split.name], source: split.source, runnable: split.runnable, ids: split.ids, pairs: split.truth.pairs });
  });
}

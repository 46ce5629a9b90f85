import * as z from '@/lib/core/zod';
import { getDb } from '@/lib/server/db';
import { checkPairs, checkPredictions, loadSplit, recordEntry, runtimeSchema, scoreSubmission } from '@/lib/server/model-scores';
import { SPLIT_INFO, splitNameSchema } from '@/lib/core/model/splits';
import { clientKey, handle, idempotencyKey, json, readJson, siteOrigin } from '@/lib/server/http';
import { sha256Hex } from '@/lib/server/hash';
import { getSecret } from '@/lib/server/secret';
import { getBlobStore } from '@/lib/server/storage';

const text = (max: number) => z.string().max(max).regex(/^[^\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]*$/u, 'no control, formatting or invisible characters');

const bodySchema = z.object({
  split: splitNameSchema,
  model: z.object({ name: text(64).min(1), description: text(500).default('') }),
  runtime: runtimeSchema,
  predictions: z.array(z.object({ id: z.string().max(80), label: z.boolean() })).max(20_000),
  /** The model's own "true of both" verdicts (pair_logits), one per pair of the split; without them a pair is "both images true". */
  pairs: z.array(z.object({ ids: z.tuple([z.string().max(80), z.string().max(80)]), label: z.boolean() })).max(20_000).optional(),
});

/**
 * Scores a model's per-image predictions on a split and stores the entry → 201 { entry, part, url } (url:
 * the board, this row highlighted). On a hidden-label split the entry's figures are those of the
 * public part (`part: 'public'`); the private part ranks it and is never reported here.
 */
export function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { data, text: raw } = await readJson(request, bodySchema, 1024 * 1024);
    const secret = await getSecret();
    const split = await loadSplit(data.split, getBlobStore(), secret);
    const scores = scoreSubmission(split, checkPredictions(split, data.predictions), data.pairs && checkPairs(split, data.pairs));
    const client = clientKey(request, secret);
    const { entry, replayed } = await recordEntry(await getDb(), {
      split: data.split,
      modelName: data.model.name.normalize('NFKC').trim(),
      description: data.model.description.normalize('NFKC').trim(),
      runtime: data.runtime,
      scores,
      verified: false,
      clientKey: client,
      // Without a key, an identical body from the same client is the same submission.
      idempotencyKey: idempotencyKey(request, client) ?? sha256Hex(`${client}:body:${raw}`),
      requestHash: sha256Hex(raw),
    });
    const url = `${siteOrigin(request)}/leaderboard?tab=models&split=${entry.split}&me=${entry.publicId}#row-${entry.publicId}`;
    const part = SPLIT_INFO[entry.split].labels === 'hidden' ? 'public' : 'all';
    return json({ entry, part, url, replayed }, replayed ? 200 : 201);
  });
}

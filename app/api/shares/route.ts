import { getDb } from '@/lib/server/db';
import { getSecret } from '@/lib/server/secret';
import { clientKey, handle, idempotencyKey, json, readJson, siteOrigin } from '@/lib/server/http';
import { sha256Hex } from '@/lib/server/hash';
import { SHARE_MAX_BYTES, shareDocSchema } from '@/lib/core/game/share';
import { createShare } from '@/lib/server/share/store';
import { getBlobStore } from '@/lib/server/storage';

/** POST a `tob-share/1` document (≤ 64 KB) → 201 { id, url }; a retry with the same Idempotency-Key → 200, same id. */
export function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { data: doc, text } = await readJson(request, shareDocSchema, SHARE_MAX_BYTES);
    const secret = await getSecret();
    const client = clientKey(request, secret);
    const { id, replayed } = await createShare(await getDb(), getBlobStore(), {
      doc,
      secret,
      clientKey: client,
      idempotencyKey: idempotencyKey(request, client),
      requestHash: sha256Hex(text),
    });
    return json({ id, url: `${siteOrigin(request)}/s/${id}`, replayed }, replayed ? 200 : 201);
  });
}

import * as z from '@/lib/core/zod';
import { getDb } from '@/lib/server/db';
import { DAILY_COUNT, dailyConfig, dailySpecs, readPlayer, scoreAnswers, shareText } from '@/lib/server/daily';
import { publicRun, rankOf, recordRun } from '@/lib/server/daily-runs';
import { DomainError } from '@/lib/core/errors';
import { NICKNAME_MAX, normalizeNickname } from '@/lib/core/game/nickname';
import { verifyRoundToken } from '@/lib/server/round-token';
import { clientKey, handle, json, readJson, siteOrigin } from '@/lib/server/http';
import { getSecret } from '@/lib/server/secret';

const bodySchema = z.object({
  token: z.string().min(1).max(512),
  nickname: z.string().min(1).max(NICKNAME_MAX * 8),
  answers: z.array(z.boolean()).length(DAILY_COUNT),
});

/**
 * Scores a daily run on the server and stores it once per round token → 201 { id, score, ranked, rank,
 * results, shareText, url }. `ranked`: the player's (cookie's) first run of the day; later runs are
 * practice (rank null). `results` (which answers were right) is null until the day closes (UTC).
 */
export function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { data } = await readJson(request, bodySchema, 4096);
    const now = Date.now();
    const secret = await getSecret();
    const { tokenTtlMs, minRunMs } = dailyConfig();
    const token = verifyRoundToken(secret, data.token, now, tokenTtlMs);
    if (now - token.iat < minRunMs) {
      throw new DomainError('invalid', `Answered faster than a person can: a run takes at least ${minRunMs / 1000} s.`);
    }
    const nickname = normalizeNickname(data.nickname);
    const db = await getDb();
    const { run, replayed } = await recordRun(db, {
      tokenId: token.id,
      date: token.date,
      nickname,
      answers: data.answers,
      results: scoreAnswers(dailySpecs(secret, token.date), data.answers),
      clientKey: clientKey(request, secret),
      player: readPlayer(request, secret),
      durationMs: now - token.iat,
    });
    const url = `${siteOrigin(request)}/daily/r/${run.publicId}`;
    return json(
      {
        ...publicRun(run, now),
        id: run.publicId,
        rank: run.ranked ? await rankOf(db, run) : null,
        shareText: shareText(run, url, now),
        url,
        replayed,
      },
      replayed ? 200 : 201,
    );
  });
}

import { z } from 'zod';
import { getDb } from '@/lib/server/db';
import { DAILY_COUNT, dailyConfig, dailySpecs, scoreAnswers, shareText } from '@/lib/server/daily';
import { rankOf, recordRun } from '@/lib/server/daily-runs';
import { NICKNAME_MAX, NicknameError, normalizeNickname } from '@/lib/core/game/nickname';
import { TokenError, verifyRoundToken } from '@/lib/server/round-token';
import { ApiError, clientKey, handle, json, readJson, siteOrigin } from '@/lib/server/http';
import { getSecret } from '@/lib/server/secret';

const bodySchema = z.object({
  token: z.string().min(1).max(512),
  nickname: z.string().min(1).max(NICKNAME_MAX * 8),
  answers: z.array(z.boolean()).length(DAILY_COUNT),
});

const TOKEN_STATUS: Record<TokenError['reason'], number> = { malformed: 400, forged: 401, expired: 410 };

/** Scores a daily run on the server and stores it once per round token → 201 { score, results, shareText, url, rank }. */
export function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { data } = await readJson(request, bodySchema, 4096);
    const now = Date.now();
    const secret = await getSecret();
    const { tokenTtlMs, minRunMs } = dailyConfig();
    let token;
    try {
      token = verifyRoundToken(secret, data.token, now, tokenTtlMs);
    } catch (err) {
      if (err instanceof TokenError) throw new ApiError(TOKEN_STATUS[err.reason], err.message);
      throw err;
    }
    if (now - token.iat < minRunMs) {
      throw new ApiError(422, `Answered faster than a person can: a run takes at least ${minRunMs / 1000} s.`);
    }
    let nickname;
    try {
      nickname = normalizeNickname(data.nickname);
    } catch (err) {
      if (err instanceof NicknameError) throw new ApiError(422, err.message, { issues: [{ path: 'nickname', message: err.message }] });
      throw err;
    }
    const db = await getDb();
    const { run, replayed } = await recordRun(db, {
      tokenId: token.id,
      date: token.date,
      nickname,
      answers: data.answers,
      results: scoreAnswers(dailySpecs(secret, token.date), data.answers),
      clientKey: clientKey(request, secret),
      durationMs: now - token.iat,
    });
    const url = `${siteOrigin(request)}/daily/r/${run.publicId}`;
    return json(
      {
        id: run.publicId,
        date: run.date,
        nickname: run.nickname,
        score: run.score,
        results: run.results,
        rank: await rankOf(db, run),
        shareText: shareText(run.date, run.results, url),
        url,
        replayed,
      },
      replayed ? 200 : 201,
    );
  });
}

import { dailyChallenges, dailyConfig, playerCookie, readPlayer, utcDate } from '@/lib/server/daily';
import { issueRoundToken } from '@/lib/server/round-token';
import { handle, json, siteOrigin } from '@/lib/server/http';
import { getSecret } from '@/lib/server/secret';
import { getBlobStore } from '@/lib/server/storage';

export const dynamic = 'force-dynamic';

/**
 * Starts a run: today's (UTC) challenges without labels, and a signed round token that expires. Sets
 * (or renews) the player cookie: a player's first submitted run of a day is ranked, later ones are practice.
 */
export function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const now = Date.now();
    const secret = await getSecret();
    const date = utcDate(now);
    const challenges = await dailyChallenges(getBlobStore(), secret, date);
    const { token } = issueRoundToken(secret, date, now);
    const { tokenTtlMs, minRunMs } = dailyConfig();
    const player = playerCookie(secret, readPlayer(request, secret), siteOrigin(request).startsWith('https:'));
    return json({ date, token, expiresAt: new Date(now + tokenTtlMs).toISOString(), minRunMs, challenges }, 200, { 'Set-Cookie': player.header });
  });
}

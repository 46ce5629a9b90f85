import { getDb } from '@/lib/server/db';
import { getRun, publicRun } from '@/lib/server/daily-runs';
import { handle, json } from '@/lib/server/http';

/** A stored run, public fields only: which answers were right only once its day has closed (UTC). */
export function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const run = await getRun(await getDb(), (await params).id);
    if (!run) return json({ error: 'No such run.' }, 404);
    return json(publicRun(run, Date.now()));
  });
}

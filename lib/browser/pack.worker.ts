import * as z from '@/lib/core/zod';
import { fetchPracticePack } from './pack';
import type { PackResponse } from './pack-client';

/** One request: the practice pack's absolute URL (pack-client.ts). */
const requestSchema = z.object({ url: z.url({ protocol: /^https?$/ }).max(2048) });

const post = (msg: PackResponse) => self.postMessage(msg);

self.onmessage = async (event: MessageEvent<unknown>) => {
  const req = requestSchema.safeParse(event.data);
  if (!req.success) return post({ error: `malformed request: ${req.error.message}` });
  try {
    post({ json: JSON.stringify(await fetchPracticePack(req.data.url)) });
  } catch (err) {
    post({ error: err instanceof Error ? err.message : String(err) });
  }
};

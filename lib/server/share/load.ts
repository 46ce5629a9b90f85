import 'server-only';
import { cache } from 'react';
import { getDb } from '@/lib/server/db';
import { getBlobStore } from '@/lib/server/storage';
import { loadShare } from './store';

/** One load per request, shared by the page, its metadata and its Open Graph image. */
export const getShare = cache(async (id: string) => loadShare(await getDb(), getBlobStore(), id));

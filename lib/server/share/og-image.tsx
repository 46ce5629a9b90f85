import 'server-only';
import { ImageResponse } from 'next/og';
import { decodeAttention, type ShareDoc } from '@/lib/core/game/share';
import { viridis } from '@/lib/core/attention/scale';
import type { BlobStore } from '@/lib/server/storage';
import { isShareId } from './store';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/core/world/types';

export const OG_ALT = 'A statement, two scenes, and the objects one of its words attends to';
export const OG_SIZE = { width: 1200, height: 630 };

const SCENE_W = 540;
const SCENE_H = (SCENE_W * IMAGE_HEIGHT) / IMAGE_WIDTH;

/** The scene PNG inlined as a data URL (the image renderer fetches nothing). */
async function dataUrl(store: BlobStore, url: string): Promise<string> {
  const path = url.replace(/^.*\/(images\/[0-9a-f]{64}\.png)$/, '$1');
  const blob = await store.get(path);
  return blob ? `data:image/png;base64,${Buffer.from(blob.body).toString('base64')}` : '';
}

function Scene({ src, side, doc }: { src: string; side: 'left' | 'right'; doc: ShareDoc }) {
  const image = doc.challenge[side];
  const row = decodeAttention(doc.attention[side], doc.attention.words.length, image.boxes.length)[doc.attention.focus] ?? [];
  const max = Math.max(...row, 1e-6);
  const k = SCENE_W / IMAGE_WIDTH;
  return (
    <div style={{ display: 'flex', position: 'relative', width: SCENE_W, height: SCENE_H }}>
      {/* eslint-disable-next-line @next/next/no-img-element -- drawn by the image renderer (satori), never sent to a browser */}
      <img src={src} width={SCENE_W} height={SCENE_H} alt="" style={{ borderRadius: 8 }} />
      {image.boxes.map((b, o) => {
        // Attention as a frame in the site's viridis scale, thicker for more weight; the object itself stays visible.
        const w = (row[o] ?? 0) / max;
        const pad = 4 + 6 * w;
        return (
          <div
            key={o}
            style={{
              position: 'absolute',
              left: b.x * k - pad,
              top: b.y * k - pad,
              width: b.w * k + 2 * pad,
              height: b.h * k + 2 * pad,
              border: `${(2 + 5 * w).toFixed(1)}px solid ${viridis(w)}`,
              borderRadius: 6,
              boxShadow: '0 0 0 1px rgba(255, 255, 255, 0.6)',
            }}
          />
        );
      })}
    </div>
  );
}

/** The pair and the focus word's heat map. The statement and words are text nodes: drawn as glyphs, never parsed. */
async function render(store: BlobStore, doc: ShareDoc): Promise<Uint8Array<ArrayBuffer>> {
  const [left, right] = await Promise.all([dataUrl(store, doc.challenge.left.displayUrl), dataUrl(store, doc.challenge.right.displayUrl)]);
  const statement = doc.challenge.statement.length > 140 ? `${doc.challenge.statement.slice(0, 139)}…` : doc.challenge.statement;
  const word = doc.attention.words[doc.attention.focus] ?? '';
  const image = new ImageResponse(
    (
      <div style={{ display: 'flex', flexDirection: 'column', justifyContent: 'center', width: '100%', height: '100%', padding: 48, gap: 36, backgroundColor: '#f8fafc', color: '#0f172a' }}>
        <div style={{ display: 'flex', fontSize: 28, color: '#475569' }}>True of both?</div>
        <div style={{ display: 'flex', fontSize: 52, fontWeight: 700, lineHeight: 1.2 }}>{`“${statement}”`}</div>
        <div style={{ display: 'flex', gap: 24 }}>
          <Scene src={left} side="left" doc={doc} />
          <Scene src={right} side="right" doc={doc} />
        </div>
        <div style={{ display: 'flex', fontSize: 32, color: '#334155' }}>
          {`Model ${doc.model.id}: ${doc.model.pair >= 0.5 ? 'true' : 'not true'} of both · heat map of “${word}”`}
        </div>
      </div>
    ),
    OG_SIZE,
  );
  return new Uint8Array(await image.arrayBuffer());
}

const ogPath = (id: string) => `og/${id}.png`;

/**
 * A share's Open Graph image, or null for no such share. Rendered once (~0.4 s of CPU) and kept in the
 * blob store under the share's id: later requests, whatever their query string, read the stored bytes
 * without touching the database. Two first requests may both render; the store is write-once, so the
 * loser of the race reads the winner's bytes back.
 */
export async function shareImage(store: BlobStore, id: string, load: () => Promise<ShareDoc | null>): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!isShareId(id)) return null;
  const stored = await store.get(ogPath(id));
  if (stored) return stored.body;
  const doc = await load();
  if (!doc) return null;
  const png = await render(store, doc);
  try {
    await store.put(ogPath(id), png, { contentType: 'image/png' });
    return png;
  } catch (err) {
    const winner = await store.get(ogPath(id));
    if (!winner) throw err;
    return winner.body;
  }
}

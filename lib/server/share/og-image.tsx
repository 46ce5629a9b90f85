import { ImageResponse } from 'next/og';
import { notFound } from 'next/navigation';
import { decodeAttention, type ShareDoc } from '@/lib/core/game/share';
import { getShare } from '@/lib/server/share/load';
import { getBlobStore } from '@/lib/server/storage';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/core/world/types';

export const alt = 'A statement, two scenes, and the objects one of its words attends to';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

const SCENE_W = 540;
const SCENE_H = (SCENE_W * IMAGE_HEIGHT) / IMAGE_WIDTH;

/** The scene PNG inlined as a data URL (the image renderer fetches nothing). */
async function dataUrl(url: string): Promise<string> {
  const path = url.replace(/^.*\/(images\/[0-9a-f]{64}\.png)$/, '$1');
  const blob = await getBlobStore().get(path);
  return blob ? `data:image/png;base64,${Buffer.from(blob.body).toString('base64')}` : '';
}

function Scene({ src, side, doc }: { src: string; side: 'left' | 'right'; doc: ShareDoc }) {
  const image = doc.challenge[side];
  const row = decodeAttention(doc.attention[side], doc.attention.words.length, image.boxes.length)[doc.attention.focus] ?? [];
  const max = Math.max(...row, 1e-6);
  const k = SCENE_W / IMAGE_WIDTH;
  return (
    <div style={{ display: 'flex', position: 'relative', width: SCENE_W, height: SCENE_H }}>
      <img src={src} width={SCENE_W} height={SCENE_H} alt="" style={{ borderRadius: 8 }} />
      {image.boxes.map((b, o) => {
        // Attention as a glowing frame whose strength is the weight; the object itself stays visible.
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
              border: `${(2 + 5 * w).toFixed(1)}px solid rgba(234, 88, 12, ${(0.25 + 0.75 * w).toFixed(3)})`,
              borderRadius: 6,
              boxShadow: `0 0 ${Math.round(18 * w)}px rgba(234, 88, 12, ${w.toFixed(3)})`,
            }}
          />
        );
      })}
    </div>
  );
}

/** The pair and the focus word's heat map. The statement and words are text nodes: drawn as glyphs, never parsed. */
export default async function Image({ params }: { params: Promise<{ id: string }> }) {
  const doc = await getShare((await params).id);
  if (!doc) notFound();
  const [left, right] = await Promise.all([dataUrl(doc.challenge.left.displayUrl), dataUrl(doc.challenge.right.displayUrl)]);
  const statement = doc.challenge.statement.length > 140 ? `${doc.challenge.statement.slice(0, 139)}…` : doc.challenge.statement;
  const word = doc.attention.words[doc.attention.focus] ?? '';
  return new ImageResponse(
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
    size,
  );
}

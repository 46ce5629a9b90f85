import { ImageResponse } from 'next/og';
import { VIRIDIS } from '@/lib/core/attention/scale';

export const alt = 'True of both? A statement, two scenes, and a small model in your browser that says whether it holds for both';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

/** The site's card for links to any page without its own (a share permalink has one). */
export default function Image() {
  return new ImageResponse(
    (
      <div style={{ display: 'flex', flexDirection: 'column', justifyContent: 'center', width: '100%', height: '100%', padding: 72, gap: 32, backgroundColor: '#f8fafc', color: '#0f172a' }}>
        <div style={{ display: 'flex', fontSize: 84, fontWeight: 700 }}>True of both?</div>
        <div style={{ display: 'flex', fontSize: 40, color: '#334155', lineHeight: 1.3 }}>
          Is the statement true of both images? Play against a small vision–language model that runs in your browser, and see what each word looked at.
        </div>
        <div style={{ display: 'flex', height: 28, borderRadius: 14, backgroundImage: `linear-gradient(to right, ${VIRIDIS.join(', ')})` }} />
      </div>
    ),
    size,
  );
}

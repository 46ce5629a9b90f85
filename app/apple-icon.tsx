import { ImageResponse } from 'next/og';

export const size = { width: 180, height: 180 };
export const contentType = 'image/png';

/** The home-screen icon: app/icon.svg's square and circle, drawn at 180 px at build time. */
export default function AppleIcon() {
  return new ImageResponse(
    (
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 14, width: '100%', height: '100%', backgroundColor: '#440154' }}>
        <div style={{ width: 62, height: 68, borderRadius: 8, backgroundColor: '#21908d' }} />
        <div style={{ width: 68, height: 68, borderRadius: 34, backgroundColor: '#fde725' }} />
      </div>
    ),
    size,
  );
}

import type { Metadata, Viewport } from 'next';
import { KeyboardSeen } from '@/components/keyboard-seen';
import { SiteFooter } from '@/components/site-footer';
import { SiteNav } from '@/components/site-nav';
import { siteUrl, sourceUrl } from '@/lib/server/site-url';
import './globals.css';

const TITLE = 'True of both? — vision–language reasoning in your browser';
const DESCRIPTION =
  'Is this statement true of both images? Play NLVR challenges against a small vision–language transformer that runs in your browser, and see which objects each word looked at.';

export const metadata: Metadata = {
  metadataBase: siteUrl(),
  title: TITLE,
  description: DESCRIPTION,
  applicationName: 'True of both?',
  openGraph: { type: 'website', siteName: 'True of both?', title: TITLE, description: DESCRIPTION },
  twitter: { card: 'summary_large_image', title: TITLE, description: DESCRIPTION },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f8fafc' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

/** Every page's chrome: a skip link, the site's header, the page as <main>, the footer. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 font-semibold text-slate-900 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 dark:bg-slate-900 dark:text-slate-100"
        >
          Skip to content
        </a>
        <KeyboardSeen />
        <SiteNav />
        <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
          {children}
        </main>
        <SiteFooter source={sourceUrl()} />
      </body>
    </html>
  );
}

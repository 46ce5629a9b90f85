import type { Metadata } from 'next';

/**
 * A page's title and description, also as its Open Graph and Twitter card text (a page that sets only `title`
 * would share the home page's card text). The card image and site name come from the root layout.
 */
export function pageMetadata(title: string, description: string): Metadata {
  return { title, description, openGraph: { title, description }, twitter: { title, description } };
}

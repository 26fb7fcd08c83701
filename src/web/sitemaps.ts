// The sitemaps protocol (sitemaps.org 0.9) with Google's image and news extensions, written out
// from the stories' sitemap read model. Addresses are absolute; text is escaped for XML.
import type { SitemapStory } from '../modules/stories/index.ts';
import { xmlText } from './feeds/feed-items.ts';
import { absoluteUrl, mediaPath, storyPath } from './views/urls.ts';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

const lastmod = (iso: string) => `<lastmod>${new Date(iso).toISOString()}</lastmod>`;

export function sitemapIndex(entries: { url: string; modifiedAt: string | null }[]): string {
  const items = entries.map((e) => `<sitemap><loc>${xmlText(e.url)}</loc>${e.modifiedAt ? lastmod(e.modifiedAt) : ''}</sitemap>`);
  return [HEAD, `<sitemapindex xmlns="${SITEMAP_NS}">`, ...items, '</sitemapindex>', ''].join('\n');
}

function imageOf(story: SitemapStory, publicUrl: string): string {
  return story.image ? `<image:image><image:loc>${xmlText(absoluteUrl(publicUrl, mediaPath(story.image)))}</image:loc></image:image>` : '';
}

export function storySitemap(stories: SitemapStory[], publicUrl: string): string {
  const items = stories.map((s) => `<url><loc>${xmlText(absoluteUrl(publicUrl, storyPath(s.slug)))}</loc>${lastmod(s.modifiedAt)}${imageOf(s, publicUrl)}</url>`);
  return [HEAD, `<urlset xmlns="${SITEMAP_NS}" xmlns:image="${IMAGE_NS}">`, ...items, '</urlset>', ''].join('\n');
}

/** Google News: the publication's name and language with each story's first publication and headline. */
export function newsSitemap(stories: SitemapStory[], publicUrl: string, publication: { name: string; language: string }): string {
  // News sitemaps take ISO 639 codes; Chinese alone keeps its script.
  const language = /^zh-(tw|hant)/i.test(publication.language) ? 'zh-tw' : /^zh/i.test(publication.language) ? 'zh-cn' : publication.language.split('-')[0]!.toLowerCase();
  const items = stories.map(
    (s) =>
      `<url><loc>${xmlText(absoluteUrl(publicUrl, storyPath(s.slug)))}</loc><news:news><news:publication><news:name>${xmlText(publication.name)}</news:name><news:language>${xmlText(language)}</news:language></news:publication><news:publication_date>${new Date(s.publishedAt).toISOString()}</news:publication_date><news:title>${xmlText(s.headline)}</news:title></news:news>${imageOf(s, publicUrl)}</url>`,
  );
  return [HEAD, `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}" xmlns:image="${IMAGE_NS}">`, ...items, '</urlset>', ''].join('\n');
}

export function pageSitemap(pages: { url: string; modifiedAt: string }[]): string {
  const items = pages.map((p) => `<url><loc>${xmlText(p.url)}</loc>${lastmod(p.modifiedAt)}</url>`);
  return [HEAD, `<urlset xmlns="${SITEMAP_NS}">`, ...items, '</urlset>', ''].join('\n');
}

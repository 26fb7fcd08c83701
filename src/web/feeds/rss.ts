// RSS 2.0 with content:encoded (the whole story), dc:creator per author and Media RSS for the
// picture with its caption and credit. The guid is the story's id, so an update is the same item.
import { xmlText, type Feed } from './feed-items.ts';

const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function renderRss(feed: Feed): string {
  const items = feed.items.map((item) =>
    [
      '<item>',
      `<title>${xmlText(item.title)}</title>`,
      `<link>${xmlText(item.url)}</link>`,
      `<guid isPermaLink="false">urn:uuid:${item.id}</guid>`,
      `<pubDate>${rfc822(item.published)}</pubDate>`,
      `<description>${xmlText(item.summary)}</description>`,
      `<content:encoded>${xmlText(item.html)}</content:encoded>`,
      ...item.authors.map((a) => `<dc:creator>${xmlText(a.name)}</dc:creator>`),
      ...item.topics.map((t) => `<category>${xmlText(t)}</category>`),
      item.image
        ? `<media:content url="${xmlText(item.image.url)}" medium="image" type="${item.image.type}" width="${item.image.width}" height="${item.image.height}">${item.image.caption ? `<media:description>${xmlText(item.image.caption)}</media:description>` : ''}${item.image.credit ? `<media:credit>${xmlText(item.image.credit)}</media:credit>` : ''}</media:content>`
        : '',
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlText(feed.title)}</title>`,
    `<link>${xmlText(feed.home)}</link>`,
    `<description>${xmlText(feed.description)}</description>`,
    `<language>${xmlText(feed.language)}</language>`,
    `<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>`,
    `<atom:link href="${xmlText(feed.self)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

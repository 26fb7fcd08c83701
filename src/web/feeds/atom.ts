// Atom 1.0 (RFC 4287): each entry's id is the story's, so an update replaces the entry.
import { xmlText, type Feed } from './feed-items.ts';

export function renderAtom(feed: Feed): string {
  const entries = feed.items.map((item) =>
    [
      '<entry>',
      `<id>urn:uuid:${item.id}</id>`,
      `<title>${xmlText(item.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlText(item.url)}"/>`,
      `<published>${new Date(item.published).toISOString()}</published>`,
      `<updated>${new Date(item.updated).toISOString()}</updated>`,
      ...item.authors.map((a) => `<author><name>${xmlText(a.name)}</name><uri>${xmlText(a.url)}</uri></author>`),
      ...item.topics.map((t) => `<category term="${xmlText(t)}"/>`),
      `<summary>${xmlText(item.summary)}</summary>`,
      `<content type="html">${xmlText(item.html)}</content>`,
      item.image ? `<link rel="enclosure" type="${item.image.type}" href="${xmlText(item.image.url)}"/>` : '',
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(feed.language)}">`,
    `<id>${xmlText(feed.self)}</id>`,
    `<title>${xmlText(feed.title)}</title>`,
    `<subtitle>${xmlText(feed.description)}</subtitle>`,
    `<updated>${new Date(feed.updated).toISOString()}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(feed.home)}"/>`,
    // A feed without entries, or an entry without an author, still needs one somewhere: the site.
    `<author><name>${xmlText(feed.title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

// RSS 2.0 (with content:encoded, dc:creator and Media RSS), RSS 1.0/RDF and Atom 1.0 to
// WireItems. XML is read with DTDs refused and entity expansion bounded.
import { createHash } from 'node:crypto';
import { ALL_ENTITIES } from '@nodable/entities';
import { XMLParser } from 'fast-xml-parser';
import { textToHtml } from '../../text/index.ts';
import { WireItemRefused, type WireItem, type WirePicture, type WireSubject } from '../wire-item.ts';
import { asArray, isNode, type Node } from './xml-nodes.ts';

const ARRAYS = new Set([
  'item', 'entry', 'link', 'category', 'dc:subject', 'dc:creator', 'author', 'media:content', 'media:thumbnail',
  'media:group', 'media:credit', 'enclosure', 'contributor',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Feeds use HTML's named entities (&eacute;, &nbsp;) without declaring them.
  // (fast-xml-parser accepts a table here; its types only say boolean.)
  htmlEntities: ALL_ENTITIES as unknown as boolean,
  // No document may declare entities (refuseEntities, before parsing), so the only ones left
  // are XML's five, numeric references and HTML's named ones: each stands for a character or
  // two, so expanding them cannot grow a feed past a few times its size, and counting them
  // refused ordinary feeds whole (a 1,500-item feed with &amp; and &#8217;: security review
  // #10.14). Their expansion is therefore not capped; declared ones never get this far.
  processEntities: { enabled: true, maxEntityCount: 100, maxExpandedLength: Number.MAX_SAFE_INTEGER, maxTotalExpansions: Number.MAX_SAFE_INTEGER },
  isArray: (name) => ARRAYS.has(name),
});

export class XmlRefused extends Error {}

/** Refuses DTDs that declare entities (billion laughs, external entities) before any parsing. */
export function refuseEntities(xml: string): void {
  const doctype = /<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i.exec(xml);
  if (doctype?.[1] && /<!ENTITY/i.test(doctype[1])) {
    throw new XmlRefused('the XML declares entities in a DTD; DTDs are not accepted');
  }
  if (/<!ENTITY/i.test(xml)) throw new XmlRefused('the XML declares entities; DTDs are not accepted');
}

/** Parses XML after refusing entity declarations. */
export function parseXml(xml: string): Node {
  refuseEntities(xml);
  try {
    return parser.parse(xml, true) as Node;
  } catch (error) {
    throw new XmlRefused(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
}

// ---- small readers over fast-xml-parser's output ----


/** The text of an element whether it came out as a string or as a node with attributes. */
export function text(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim() || null;
  if (typeof first === 'number') return String(first);
  if (isNode(first) && first['#text'] !== undefined) return text(first['#text']);
  return null;
}

const attr = (node: unknown, name: string): string | null => (isNode(node) && typeof node[`@${name}`] === 'string' ? (node[`@${name}`] as string) : null);

export function isoDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/\s+(UT|Z)$/, ' GMT'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const XML_NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Titles are text, but feeds often escape them twice ("&amp;#163;"): one more decode of character references. */
function stripTags(value: string): string {
  return value
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d{1,7});|&#x([0-9a-f]{1,6});|&(amp|lt|gt|quot|apos);/gi, (match, dec?: string, hex?: string, named?: string) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : null;
      if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
      return XML_NAMED[named?.toLowerCase() ?? ''] ?? match;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function looksLikeHtml(value: string): boolean {
  return /<\/?(p|br|div|a|em|strong|b|i|ul|ol|li|img|h\d|blockquote|span)\b/i.test(value);
}

const bodyHtml = (value: string | null): string => (!value ? '' : looksLikeHtml(value) ? value : textToHtml(value));

/** Headline, standfirst and body from a feed entry's title, full text and summary: with both texts, the summary is the standfirst. */
function textFields(title: string | null, full: string | null, summary: string | null) {
  return {
    headline: title ? stripTags(title) : '',
    standfirst: full && summary ? stripTags(summary).slice(0, 500) || null : null,
    bodyHtml: bodyHtml(full ?? summary),
  };
}

const httpUrl = (link: string | null): string | null => (link && /^https?:\/\//.test(link) ? link : null);

/** Items without an id get one from their content, so a replay is still recognised. */
function fallbackGuid(parts: (string | null)[]): string {
  return `sha256:${createHash('sha256').update(parts.map((p) => p ?? '').join('\n')).digest('hex').slice(0, 32)}`;
}

/** Feeds have no version numbers: the update time orders versions (minutes since 2000). */
export function versionFromTime(iso: string | null): number | null {
  if (!iso) return null;
  const minutes = Math.floor((Date.parse(iso) - Date.UTC(2000, 0, 1)) / 60_000);
  return minutes > 0 ? minutes : null;
}

function mediaPictures(node: Node): WirePicture[] {
  const pictures: WirePicture[] = [];
  const groups = asArray(node['media:group']).filter(isNode);
  const contents = [...asArray(node['media:content']), ...groups.flatMap((g) => asArray(g['media:content']))].filter(isNode);
  const shared = {
    caption: text(node['media:description']) ?? groups.map((g) => text(g['media:description'])).find(Boolean) ?? null,
    credit: text(node['media:credit']) ?? groups.map((g) => text(g['media:credit'])).find(Boolean) ?? null,
    rights: text(node['media:copyright']),
  };
  const images = contents.filter((c) => {
    const medium = attr(c, 'medium');
    const type = attr(c, 'type');
    if (medium) return medium === 'image';
    if (type) return type.startsWith('image/');
    return /\.(jpe?g|png|webp|gif)(\?|$)/i.test(attr(c, 'url') ?? '');
  });
  // Several sizes of one picture: keep the widest.
  images.sort((a, b) => Number(attr(b, 'width') ?? 0) - Number(attr(a, 'width') ?? 0));
  const best = images[0];
  if (best && attr(best, 'url')) {
    pictures.push({
      href: attr(best, 'url') ?? '',
      width: Number(attr(best, 'width')) || null,
      height: Number(attr(best, 'height')) || null,
      mime: attr(best, 'type'),
      caption: text(best['media:description']) ?? shared.caption,
      credit: text(best['media:credit']) ?? shared.credit,
      altText: text(best['media:title']),
      rights: text(best['media:copyright']) ?? shared.rights,
    });
  }
  if (pictures.length === 0) {
    const enclosure = asArray(node.enclosure).filter(isNode).find((e) => (attr(e, 'type') ?? '').startsWith('image/'));
    const thumbnail = asArray(node['media:thumbnail']).filter(isNode)[0];
    const href = attr(enclosure, 'url') ?? attr(thumbnail, 'url');
    if (href) {
      pictures.push({ href, width: Number(attr(thumbnail, 'width')) || null, height: Number(attr(thumbnail, 'height')) || null, mime: attr(enclosure, 'type'), ...shared, altText: null });
    }
  }
  return pictures;
}

function subjects(values: unknown[]): WireSubject[] {
  return values.flatMap((value): WireSubject[] => {
    const name = attr(value, 'label') ?? text(value) ?? attr(value, 'term');
    return name ? [{ name, code: attr(value, 'term') ?? attr(value, 'domain') }] : [];
  });
}

function wireItem(parts: Omit<WireItem, 'format' | 'kind' | 'dateline' | 'located' | 'embargoedUntil' | 'correctionNote' | 'urgency' | 'pubStatus' | 'language'> & { format: string; language?: string | null }): WireItem {
  if (!parts.headline && !parts.bodyHtml) throw new WireItemRefused('the item has neither a title nor any text');
  return { kind: 'text', dateline: null, located: null, embargoedUntil: null, correctionNote: null, urgency: null, pubStatus: 'usable', language: parts.language ?? null, ...parts };
}

// ---- RSS 2.0 (and 0.9x) and RSS 1.0 (RDF) ----

/** An RSS 2.0 item, or an RSS 1.0 one: RDF items use a subset of the same elements. */
function rssItem(item: Node, feed: { format: 'rss' | 'rss1'; rights: string | null; language: string | null }): WireItem {
  const title = text(item.title);
  const link = text(item.link);
  const description = text(item.description);
  const encoded = text(item['content:encoded']);
  const published = isoDate(text(item.pubDate) ?? text(item['dc:date']));
  const id = feed.format === 'rss1' ? attr(item, 'rdf:about') : text(item.guid);
  return wireItem({
    format: feed.format,
    guid: id ?? link ?? fallbackGuid([title, description, published]),
    version: versionFromTime(published),
    versionCreated: published,
    firstCreated: published,
    ...textFields(title, encoded, description),
    byline: asArray(item['dc:creator']).map(text).filter(Boolean).join(', ') || text(item.author),
    subjects: subjects([...asArray(item.category), ...asArray(item['dc:subject'])]),
    rights: text(item['dc:rights']) ?? text(item['media:copyright']) ?? feed.rights,
    originUrl: httpUrl(link),
    pictures: mediaPictures(item),
    language: feed.language,
  });
}

// ---- Atom 1.0 ----

function atomLink(links: unknown[]): string | null {
  const nodes = links.filter(isNode);
  const alternate = nodes.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate') ?? nodes[0];
  return attr(alternate, 'href');
}

function atomEntry(entry: Node, feedRights: string | null, language: string | null): WireItem {
  const title = text(entry.title);
  const content = text(entry.content);
  const summary = text(entry.summary);
  const updated = isoDate(text(entry.updated));
  const published = isoDate(text(entry.published)) ?? updated;
  const link = atomLink(asArray(entry.link));
  const authors = [...asArray(entry.author), ...asArray(entry.contributor)].map((a) => (isNode(a) ? text(a.name) : text(a))).filter(Boolean);
  const updatedOrPublished = updated ?? published;
  return wireItem({
    format: 'atom',
    guid: text(entry.id) ?? link ?? fallbackGuid([title, content ?? summary, updatedOrPublished]),
    version: versionFromTime(updatedOrPublished),
    versionCreated: updatedOrPublished,
    firstCreated: published,
    ...textFields(title, content, summary),
    byline: authors.join(', ') || null,
    subjects: subjects(asArray(entry.category)),
    rights: text(entry.rights) ?? feedRights,
    originUrl: httpUrl(link),
    pictures: mediaPictures(entry),
    language,
  });
}

export interface FeedParse {
  format: 'rss' | 'rss1' | 'atom';
  /** Each item parsed, or the reason it was refused. */
  items: (WireItem | WireItemRefused)[];
}

function each<T>(nodes: unknown[], make: (node: Node) => T): (T | WireItemRefused)[] {
  return nodes.map((node) => {
    if (!isNode(node)) return new WireItemRefused('the item is empty');
    try {
      return make(node);
    } catch (error) {
      if (error instanceof WireItemRefused) return error;
      throw error;
    }
  });
}

/** Reads an XML feed; returns null when the document is not RSS, RDF or Atom. */
export function parseFeed(doc: Node): FeedParse | null {
  if (isNode(doc.rss) || (doc.rss !== undefined && !isNode(doc.rss))) {
    const channel = isNode(doc.rss) && isNode(doc.rss.channel) ? doc.rss.channel : {};
    const rights = text(channel.copyright) ?? text(channel['dc:rights']);
    const language = text(channel.language);
    return { format: 'rss', items: each(asArray(channel.item), (n) => rssItem(n, { format: 'rss', rights, language })) };
  }
  if (doc['rdf:RDF'] !== undefined) {
    const rdf = isNode(doc['rdf:RDF']) ? doc['rdf:RDF'] : {};
    const channel = isNode(rdf.channel) ? rdf.channel : {};
    return { format: 'rss1', items: each(asArray(rdf.item), (n) => rssItem(n, { format: 'rss1', rights: text(channel['dc:rights']), language: text(channel['dc:language']) })) };
  }
  if (doc.feed !== undefined) {
    const feed = isNode(doc.feed) ? doc.feed : {};
    return { format: 'atom', items: each(asArray(feed.entry), (n) => atomEntry(n, text(feed.rights), attr(feed, 'xml:lang'))) };
  }
  return null;
}

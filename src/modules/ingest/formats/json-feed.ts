// JSON Feed 1.0 and 1.1 to WireItems.
import { textToHtml } from '../../text/index.ts';
import { WireItemRefused, type WireItem } from '../wire-item.ts';
import { isoDate, versionFromTime } from './feeds.ts';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export function looksLikeJsonFeed(value: unknown): value is Obj {
  return isObj(value) && typeof value.version === 'string' && value.version.startsWith('https://jsonfeed.org/version/');
}

function authorsOf(item: Obj, feed: Obj): string | null {
  const list = Array.isArray(item.authors) ? item.authors : isObj(item.author) ? [item.author] : Array.isArray(feed.authors) ? feed.authors : isObj(feed.author) ? [feed.author] : [];
  const names = list.filter(isObj).map((a) => str(a.name)).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : null;
}

export function parseJsonFeedItem(item: unknown, feed: Obj): WireItem {
  if (!isObj(item)) throw new WireItemRefused('JSON Feed item must be an object');
  const id = str(item.id) ?? (typeof item.id === 'number' ? String(item.id) : null);
  if (!id) throw new WireItemRefused('JSON Feed item has no "id"');
  const html = str(item.content_html);
  const plain = str(item.content_text);
  const title = str(item.title);
  if (!title && !html && !plain) throw new WireItemRefused('JSON Feed item has neither a title nor any content');
  const published = isoDate(str(item.date_published));
  const modified = isoDate(str(item.date_modified)) ?? published;
  const url = str(item.url);
  const image = str(item.image) ?? str(item.banner_image);
  return {
    format: 'jsonfeed',
    kind: 'text',
    guid: id,
    version: versionFromTime(modified),
    versionCreated: modified,
    firstCreated: published,
    pubStatus: 'usable',
    headline: title ?? '',
    standfirst: str(item.summary),
    dateline: null,
    located: null,
    bodyHtml: html ?? (plain ? textToHtml(plain) : ''),
    byline: authorsOf(item, feed),
    subjects: (Array.isArray(item.tags) ? item.tags : []).map(str).filter((t): t is string => !!t).map((name) => ({ name, code: null })),
    rights: null,
    originUrl: url && /^https?:\/\//.test(url) ? url : null,
    embargoedUntil: null,
    correctionNote: null,
    urgency: null,
    language: str(item.language) ?? str(feed.language),
    pictures: image ? [{ href: image, width: null, height: null, mime: null, caption: null, credit: null, altText: null, rights: null }] : [],
  };
}

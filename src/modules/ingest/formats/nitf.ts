// NITF 3.x (the News Industry Text Format) to a WireItem. The head's docdata gives identity,
// version, dates, urgency, rights, keywords and status (corrections, kills); body.head gives
// headline, byline, dateline, abstract and distributor; body.content gives the text and its
// media. NITF names its own elements (hl2, bq, block, media): the body is rewritten into the
// HTML the wire allow-list keeps, and NITF's inline markup (person, org, chron, …) keeps its
// text only.
import { parseWireXml, wireXmlParser } from './wire-xml.ts';
import { urgencyOf, WireItemRefused, type PubStatus, type WireItem, type WirePicture, type WireSubject } from '../wire-item.ts';
import { asArray, child, isNode, type Node } from './xml-nodes.ts';

const ARRAYS = new Set(['meta', 'keyword', 'ed-msg', 'classifier', 'tobject.subject', 'media', 'media-reference', 'person', 'org', 'location', 'hl2', 'byline', 'correction']);

// Mixed content stays markup, read as text. (body.content is taken from the source: the
// parser's stop-node paths split names at dots.)
const parser = wireXmlParser(['*.hl1', '*.hl2', '*.byline', '*.dateline', '*.abstract', '*.distributor', '*.media-caption', '*.media-producer'], ARRAYS);

const attr = (n: unknown, name: string): string | null => {
  const v = isNode(n) ? n[`@${name}`] : undefined;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};

const XML_NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of an element kept as markup (a stop node): tags gone, references decoded, spaces collapsed. */
function plain(v: unknown): string | null {
  const first = Array.isArray(v) ? v[0] : v;
  const raw = typeof first === 'string' ? first : isNode(first) && typeof first['#text'] === 'string' ? first['#text'] : null;
  if (raw === null) return null;
  const decoded = raw
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d{1,7});|&#x([0-9a-f]{1,6});|&(amp|lt|gt|quot|apos|nbsp);/gi, (match, dec?: string, hex?: string, named?: string) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : null;
      if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
      return XML_NAMED[named?.toLowerCase() ?? ''] ?? match;
    });
  return (
    decoded
      .replace(/\s+/g, ' ')
      // Tags became spaces: none before punctuation ("<person>Ada</person>, staff" is "Ada, staff").
      .replace(/\s+([,.;:!?)])/g, '$1')
      .trim() || null
  );
}

/**
 * NITF's dates are ISO 8601, often in the basic form ("20261202T101500Z", "20261202T101500-0500",
 * "20261202"); the extended form and RFC 2822 are read too.
 */
export function nitfDate(value: string | null): string | null {
  if (!value) return null;
  const basic = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(value.trim());
  if (basic) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = basic;
    const offset = !zone || /^z$/i.test(zone) ? 'Z' : zone.length === 3 ? `${zone}:00` : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const dateOf = (n: Node | undefined): string | null => nitfDate(attr(n, 'norm') ?? plain(n));

/**
 * Status from docdata: management-status (usable, embargoed, withheld, canceled), and an ed-msg
 * whose type says kill or withhold, as agencies send them.
 */
function pubStatusOf(docdata: Node | undefined): PubStatus {
  const status = (attr(docdata, 'management-status') ?? '').toLowerCase();
  const messages = asArray(docdata?.['ed-msg']).map((m) => `${attr(m, 'msg-type') ?? ''} ${attr(m, 'info') ?? ''}`.toLowerCase());
  if (/cancel|kill/.test(status) || messages.some((m) => /^\s*(kill|cancel|mandatory kill|withdraw)/.test(m))) return 'canceled';
  if (/withheld|withhold/.test(status) || messages.some((m) => /^\s*withh/.test(m))) return 'withheld';
  return 'usable';
}

/** A correction: docdata's correction element, or an ed-msg of type correction, with its info as the public note. */
function correctionOf(docdata: Node | undefined): string | null {
  const correction = asArray(docdata?.correction)[0];
  if (correction !== undefined) return attr(correction, 'info') ?? 'This story has been corrected.';
  const message = asArray(docdata?.['ed-msg']).find((m) => /correct/i.test(attr(m, 'msg-type') ?? ''));
  return message === undefined ? null : (attr(message, 'info') ?? 'This story has been corrected.');
}

/** Keywords and classifiers become topics; identified people, places and organisations do not. */
function subjectsOf(head: Node | undefined, docdata: Node | undefined): WireSubject[] {
  const out: WireSubject[] = [];
  for (const k of asArray(child(docdata, 'key-list')?.keyword)) {
    const name = attr(k, 'key');
    if (name) out.push({ name, code: null });
  }
  for (const c of asArray(child(docdata, 'identified-content')?.classifier)) {
    const name = attr(c, 'value');
    if (name && !/geo|location|person|org/i.test(attr(c, 'type') ?? '')) out.push({ name, code: attr(c, 'id-src') ? `${attr(c, 'id-src')}:${name}` : null });
  }
  for (const s of asArray(child(child(head, 'tobject'), 'tobject.subject'))) {
    const name = attr(s, 'tobject.subject.matter') ?? attr(s, 'tobject.subject.type');
    if (name) out.push({ name, code: attr(s, 'tobject.subject.refnum') });
  }
  const seen = new Set<string>();
  return out.filter((s) => !seen.has(s.name.toLowerCase()) && seen.add(s.name.toLowerCase()));
}

function rightsOf(docdata: Node | undefined, bodyHead: Node | undefined): string | null {
  const copyright = child(docdata, 'doc.copyright');
  const holder = attr(copyright, 'holder');
  if (holder) return `© ${attr(copyright, 'year') ? `${attr(copyright, 'year')} ` : ''}${holder}`;
  return plain(bodyHead?.rights) ?? attr(child(docdata, 'doc.rights'), 'owner');
}

// ---- the body ----

/** A media element read on its own, as the XML it is. */
const mediaParser = wireXmlParser(['*.media-caption', '*.media-producer'], new Set(['media-reference']));

/** An image media element as a picture: its largest image reference, caption and producer (the credit). */
export function pictureOfMedia(markup: string): WirePicture | null {
  const media = child(mediaParser.parse(markup) as Node, 'media');
  const type = attr(media, 'media-type') ?? 'image';
  if (!/image|photo|graphic/i.test(type)) return null;
  const refs = asArray(media?.['media-reference']).filter((r) => attr(r, 'source') ?? attr(r, 'data-location'));
  refs.sort((a, b) => Number(attr(b, 'width') ?? 0) - Number(attr(a, 'width') ?? 0));
  const best = refs[0];
  if (!best) return null;
  const rights = attr(media, 'copyright') ?? null;
  return {
    href: attr(best, 'source') ?? attr(best, 'data-location') ?? '',
    width: Number(attr(best, 'width')) || null,
    height: Number(attr(best, 'height')) || null,
    mime: attr(best, 'mime-type'),
    caption: plain(media?.['media-caption']),
    credit: plain(media?.['media-producer']),
    altText: attr(best, 'alternate-text'),
    rights,
  };
}

/** NITF's block elements as HTML; the rest (block, person, chron, …) keep only their text. */
const RENAMED: Record<string, string> = { hl1: 'h2', hl2: 'h3', bq: 'blockquote', credit: 'cite' };

/** body.content as HTML for the wire allow-list, and the pictures its media elements carry. */
export function nitfBody(raw: string): { html: string; pictures: WirePicture[] } {
  const pictures: WirePicture[] = [];
  const withoutMedia = raw.replace(/<media\b[\s\S]*?<\/media>|<media\b[^>]*\/>/gi, (markup) => {
    try {
      const picture = pictureOfMedia(markup);
      if (picture) pictures.push(picture);
    } catch {
      // A media element that is not well-formed shows nothing; the text around it stays.
    }
    return '';
  });
  const html = withoutMedia
    .replace(/<(\/?)(hl1|hl2|bq|credit)\b([^>]*)>/gi, (_m, close: string, name: string) => `<${close}${RENAMED[name.toLowerCase()]}>`)
    .replace(/<\/?block\b[^>]*>/gi, '')
    .trim();
  return { html, pictures };
}

// ---- the document ----

/** True for a document whose root element is <nitf>. */
export function isNitfRoot(root: string | null): boolean {
  return root === 'nitf';
}

export function parseNitf(xml: string): WireItem | WireItemRefused {
  const doc = parseWireXml(parser, xml);
  const nitf = child(doc, 'nitf');
  const head = child(nitf, 'head');
  const docdata = child(head, 'docdata');
  const body = child(nitf, 'body');
  const bodyHead = child(body, 'body.head');
  const docId = child(docdata, 'doc-id');
  const duKey = child(docdata, 'du-key');
  const guid = attr(docId, 'id-string') ?? attr(duKey, 'key') ?? attr(nitf, 'uno');
  if (!guid) return new WireItemRefused('NITF document has no doc-id (or du-key) to know it by');
  const hedline = child(bodyHead, 'hedline');
  const headline = plain(hedline?.hl1) ?? plain(child(head, 'title')?.['#text'] ?? head?.title) ?? '';
  const content = nitfBody(/<body\.content\b[^>]*>([\s\S]*?)<\/body\.content>/.exec(xml)?.[1] ?? '');
  const abstract = plain(bodyHead?.abstract);
  const subtitle = plain(asArray(hedline?.hl2)[0]);
  const version = Number(attr(duKey, 'version') ?? attr(docId, 'version'));
  const released = dateOf(child(docdata, 'date.release'));
  const issued = dateOf(child(docdata, 'date.issue'));
  const bylines = asArray(bodyHead?.byline).map(plain).filter((b): b is string => !!b);
  const distributor = plain(bodyHead?.distributor);
  const status = (attr(docdata, 'management-status') ?? '').toLowerCase();
  const evloc = child(docdata, 'evloc');
  const located = [attr(evloc, 'city'), attr(evloc, 'state-prov'), attr(evloc, 'country')].filter(Boolean).join(', ') || null;
  return {
    format: 'nitf',
    kind: 'text',
    guid,
    version: Number.isInteger(version) && version > 0 ? version : null,
    versionCreated: issued,
    firstCreated: null,
    pubStatus: pubStatusOf(docdata),
    headline,
    standfirst: abstract ?? subtitle,
    dateline: plain(bodyHead?.dateline)?.replace(/\s*[-–—]+\s*$/, '') ?? null,
    located,
    bodyHtml: content.html,
    byline: bylines.length ? bylines.join(' and ').replace(/^by\s+/i, '') : distributor,
    subjects: subjectsOf(head, docdata),
    rights: rightsOf(docdata, bodyHead),
    originUrl: null,
    // A release date in the future holds the story until then, whether or not the status says "embargoed".
    embargoedUntil: released && (status === 'embargoed' || Date.parse(released) > Date.parse(issued ?? '1970-01-01')) ? released : null,
    correctionNote: correctionOf(docdata),
    urgency: urgencyOf(attr(child(docdata, 'urgency'), 'ed-urg')),
    // xml:lang, its prefix removed by the parser.
    language: attr(nitf, 'lang') ?? attr(body, 'lang'),
    pictures: content.pictures,
  };
}

// IPTC NewsML-G2: newsItem, newsMessage (itemSet) and packageItem, with itemRefs resolved
// within the same message. A package becomes one story: its text item gives the body and its
// picture items the pictures; items a package uses are not published again on their own.
import { textToHtml } from '../../text/index.ts';
import { parseWireXml, wireXmlParser } from './wire-xml.ts';
import { urgencyOf, WireItemRefused, type PubStatus, type WireItem, type WirePicture, type WireSubject } from '../wire-item.ts';
import { asArray, child, isNode, type Node } from './xml-nodes.ts';

const ARRAYS = new Set([
  'newsItem', 'packageItem', 'headline', 'subject', 'creator', 'contributor', 'edNote', 'signal', 'remoteContent',
  'inlineXML', 'inlineData', 'description', 'itemRef', 'group', 'groupRef', 'link', 'name', 'keyword', 'by', 'located',
]);

// Article markup stays a string, to be cleaned by the wire allow-list.
const parser = wireXmlParser(['*.inlineXML'], ARRAYS);

const attr = (n: unknown, name: string): string | null => (isNode(n) && typeof n[`@${name}`] === 'string' ? (n[`@${name}`] as string).trim() : null);

function text(v: unknown): string | null {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first.replace(/\s+/g, ' ').trim() || null;
  if (isNode(first)) return text(first['#text']);
  return null;
}

const nameOf = (n: unknown): string | null => text(isNode(n) ? n.name : undefined);

function iso(value: string | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The article body inside inlineXML: XHTML's <body> (without its <header>) or NITF's <body.content>. */
export function articleBody(raw: string): string {
  const nitf = /<body\.content[^>]*>([\s\S]*?)<\/body\.content>/i.exec(raw);
  if (nitf?.[1]) return nitf[1];
  const body = /<body[^>]*>([\s\S]*?)<\/body>/i.exec(raw);
  const inner = body?.[1] ?? raw;
  return (
    inner
      .replace(/<header[\s\S]*?<\/header>/gi, '')
      // The teaser is the standfirst, and the dateline is its own field: neither repeats in the body.
      .replace(/<p class="teaser">[\s\S]*?<\/p>/i, '')
      .replace(/<span class="dateline">(?:[^<]|<span[^>]*>[^<]*<\/span>)*<\/span>/i, '')
  );
}

function bodyOf(item: Node): string {
  const set = child(item, 'contentSet');
  const inline = asArray(set?.inlineXML)[0];
  const raw = typeof inline === 'string' ? inline : isNode(inline) ? text(inline['#text']) : null;
  if (raw) return articleBody(raw);
  const data = text(asArray(set?.inlineData)[0]);
  return data ? textToHtml(data) : '';
}

function pubStatusOf(meta: Node | undefined): PubStatus {
  const code = attr(child(meta, 'pubStatus'), 'qcode')?.toLowerCase() ?? '';
  if (code.endsWith('canceled') || code.endsWith('cancelled')) return 'canceled';
  if (code.endsWith('withheld')) return 'withheld';
  return 'usable';
}

const NOT_TOPICS = /geoarea|poi|person|organi[sz]ation|geo/i;

function subjectsOf(content: Node | undefined): WireSubject[] {
  return asArray(content?.subject).flatMap((s): WireSubject[] => {
    const name = nameOf(s);
    if (!name || NOT_TOPICS.test(attr(s, 'type') ?? '')) return [];
    return [{ name, code: attr(s, 'qcode') ?? attr(s, 'literal') }];
  });
}

function descriptionByRole(content: Node | undefined, roles: RegExp): string | null {
  const found = asArray(content?.description).find((d) => roles.test(attr(d, 'role') ?? ''));
  return text(found);
}

/** sig:correction marks corrected copy; the public note is an edNote about the correction (dpa: correctionshort). */
function correctionOf(meta: Node | undefined): string | null {
  const signalled = asArray(meta?.signal).some((s) => /correction/i.test(attr(s, 'qcode') ?? ''));
  const notes = asArray(meta?.edNote).filter((n) => !/nonpublic/i.test(attr(n, 'pubconstraint') ?? ''));
  const byRole = (pattern: RegExp) => text(notes.find((n) => pattern.test(attr(n, 'role') ?? '')));
  const note = byRole(/correctionshort/i) ?? byRole(/correction/i) ?? text(notes.find((n) => /correct/i.test(text(n) ?? '')));
  if (signalled) return note ?? 'This story has been corrected.';
  return note && /correct/i.test(note) ? note : null;
}

function headlineOf(content: Node | undefined): string {
  const headlines = asArray(content?.headline);
  headlines.sort((a, b) => Number(attr(a, 'rank') ?? 1) - Number(attr(b, 'rank') ?? 1));
  return text(headlines[0]) ?? text(content?.slugline) ?? '';
}

function pictureOf(item: Node): WirePicture | null {
  const content = child(item, 'contentMeta');
  const remote = asArray(child(item, 'contentSet')?.remoteContent).filter((r) => attr(r, 'href'));
  remote.sort((a, b) => Number(attr(b, 'width') ?? 0) - Number(attr(a, 'width') ?? 0));
  const best = remote[0];
  if (!best) return null;
  return {
    href: attr(best, 'href') ?? '',
    width: Number(attr(best, 'width')) || null,
    height: Number(attr(best, 'height')) || null,
    mime: attr(best, 'contenttype'),
    caption: descriptionByRole(content, /caption|summary/) ?? text(asArray(content?.description)[0]),
    credit: text(content?.creditline) ?? asArray(content?.creator).map(nameOf).filter(Boolean).join(', ') ?? null,
    altText: descriptionByRole(content, /alternative|alt/) ?? null,
    rights: text(child(item, 'rightsInfo')?.copyrightNotice),
  };
}

function kindOf(item: Node, packaged: boolean): string {
  if (packaged) return 'composite';
  const code = attr(child(child(item, 'itemMeta'), 'itemClass'), 'qcode') ?? 'ninat:text';
  return code.replace(/^[^:]*:/, '');
}

function wireItem(item: Node, overrides: Partial<WireItem> = {}, packaged = false): WireItem {
  const guid = attr(item, 'guid');
  if (!guid) throw new WireItemRefused('NewsML-G2 item has no guid');
  const meta = child(item, 'itemMeta');
  const content = child(item, 'contentMeta');
  const located = asArray(content?.located)[0];
  const dateline = text(content?.dateline)?.replace(/\s*[-–—]+\s*$/, '') ?? null;
  const by = text(asArray(content?.by)[0]);
  const creators = asArray(content?.creator).map(nameOf).filter((n): n is string => !!n);
  const versionNumber = Number(attr(item, 'version'));
  return {
    format: 'newsml-g2',
    kind: kindOf(item, packaged),
    guid,
    version: Number.isInteger(versionNumber) && versionNumber > 0 ? versionNumber : null,
    versionCreated: iso(text(meta?.versionCreated)),
    firstCreated: iso(text(meta?.firstCreated)) ?? iso(text(content?.contentCreated)),
    pubStatus: pubStatusOf(meta),
    headline: headlineOf(content),
    standfirst: descriptionByRole(content, /summary|teaser|abstract/),
    dateline,
    located: located ? nameOf(located) : null,
    bodyHtml: bodyOf(item),
    byline: by ?? (creators.length ? creators.join(', ') : null),
    subjects: subjectsOf(content),
    rights: text(child(item, 'rightsInfo')?.copyrightNotice),
    originUrl: null,
    embargoedUntil: iso(text(meta?.embargoed)),
    correctionNote: correctionOf(meta),
    urgency: urgencyOf(text(content?.urgency)),
    language: attr(item, 'xml:lang') ?? attr(item, 'lang'),
    pictures: [],
    ...overrides,
  };
}

/** itemRef residrefs of a package, in group order. */
function packageRefs(pkg: Node): string[] {
  const groups = asArray(child(pkg, 'groupSet')?.group);
  const refs = [...asArray(pkg.itemRef), ...groups.flatMap((g) => asArray(isNode(g) ? g.itemRef : undefined))];
  return refs.map((r) => attr(r, 'residref')).filter((r): r is string => !!r);
}

export type G2Entry = WireItem | WireItemRefused;

export function parseNewsMlG2(xml: string): { format: 'newsml-g2'; items: G2Entry[] } | null {
  const doc = parseWireXml(parser, xml);
  let newsItems: Node[];
  let packages: Node[];
  if (doc.newsMessage !== undefined) {
    const set = child(doc.newsMessage, 'itemSet');
    newsItems = asArray(set?.newsItem).filter(isNode);
    packages = asArray(set?.packageItem).filter(isNode);
  } else if (doc.newsItem !== undefined) {
    newsItems = asArray(doc.newsItem).filter(isNode);
    packages = [];
  } else if (doc.packageItem !== undefined) {
    newsItems = [];
    packages = asArray(doc.packageItem).filter(isNode);
  } else {
    return null;
  }

  const byGuid = new Map(newsItems.map((n) => [attr(n, 'guid') ?? '', n]));
  const used = new Set<string>();
  const items: G2Entry[] = [];
  const attempt = (make: () => WireItem) => {
    try {
      items.push(make());
    } catch (error) {
      if (!(error instanceof WireItemRefused)) throw error;
      items.push(error);
    }
  };

  for (const pkg of packages) {
    attempt(() => {
      const refIds = packageRefs(pkg);
      const refs = refIds.map((guid) => byGuid.get(guid)).filter((n): n is Node => !!n);
      for (const n of refs) used.add(attr(n, 'guid') ?? '');
      const text = refs.find((n) => kindOf(n, false) === 'text');
      const pictures = refs.filter((n) => kindOf(n, false) === 'picture').map(pictureOf).filter((p): p is WirePicture => !!p);
      // Items the package names that this message does not carry may be pictures the photo wire
      // sent before: the pipeline looks them up by id.
      for (const guid of refIds.filter((g) => !byGuid.has(g))) pictures.push({ href: '', width: null, height: null, mime: null, caption: null, credit: null, altText: null, rights: null, ref: guid });
      const base = wireItem(pkg, {}, true);
      const article = text ? wireItem(text) : null;
      return {
        ...base,
        headline: base.headline || article?.headline || '',
        standfirst: base.standfirst ?? article?.standfirst ?? null,
        dateline: base.dateline ?? article?.dateline ?? null,
        located: base.located ?? article?.located ?? null,
        bodyHtml: article?.bodyHtml ?? '',
        byline: base.byline ?? article?.byline ?? null,
        subjects: base.subjects.length ? base.subjects : (article?.subjects ?? []),
        rights: base.rights ?? article?.rights ?? null,
        pictures,
      };
    });
  }
  for (const item of newsItems) {
    if (used.has(attr(item, 'guid') ?? '')) continue;
    // A picture item on its own (a photo wire) is its own picture, for the media library.
    attempt(() => (kindOf(item, false) === 'picture' ? wireItem(item, { pictures: [pictureOf(item)].filter((p): p is WirePicture => !!p).map((p) => ({ ...p, ref: attr(item, 'guid') })) }) : wireItem(item)));
  }
  return { format: 'newsml-g2', items };
}

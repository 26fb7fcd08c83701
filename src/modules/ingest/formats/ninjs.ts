// IPTC ninjs 1.x, 2.x and 3.x to WireItem. Version 3 writes keys in camelCase and 1.x uses
// single fields (headline, body_html) where 2.x/3.x use role-tagged arrays; keys are lower-cased
// first so one reader covers all three.
import { textToHtml } from '../../text/index.ts';
import { type PubStatus, type WireItem, urgencyOf, WireItemRefused, type WirePicture, type WireSubject } from '../wire-item.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

function lowerKeys(value: Json, depth = 0): Json {
  if (depth > 32) throw new WireItemRefused('ninjs item is nested too deeply');
  if (Array.isArray(value)) return value.map((v) => lowerKeys(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k.toLowerCase()] = lowerKeys(v, depth + 1);
    return out;
  }
  return value;
}

const isObj = (v: Json | undefined): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: Json | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: Json | undefined): number | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

export function isoDate(v: Json | undefined): string | null {
  const text = str(v);
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** ninjs 2.x/3.x role-tagged text arrays: the first entry whose role is wanted, else the first without a role. */
function pickByRole(entries: Json | undefined, roles: readonly string[]): Obj | null {
  const objs = list(entries).filter(isObj);
  for (const role of roles) {
    const hit = objs.find((e) => str(e.role)?.toLowerCase() === role && str(e.value));
    if (hit) return hit;
  }
  return objs.find((e) => !str(e.role) && str(e.value)) ?? null;
}

const HTML_TYPES = /html|xml/i;

function bodyOf(item: Obj): string {
  const html = str(item.body_html) ?? str(item.body_xhtml);
  if (html) return html;
  const bodies = list(item.bodies).filter(isObj);
  const rich = bodies.find((b) => HTML_TYPES.test(str(b.contenttype) ?? '') && str(b.value));
  if (rich) return str(rich.value) ?? '';
  const text = str(item.body_text) ?? str(bodies.find((b) => str(b.value))?.value);
  return text ? textToHtml(text) : '';
}

function subjectsOf(item: Obj): WireSubject[] {
  const raw = [...list(item.subject), ...list(item.subjects)].filter(isObj);
  const subjects: WireSubject[] = [];
  for (const s of raw) {
    const name = str(s.name);
    if (name) subjects.push({ name, code: str(s.code) ?? str(s.uri) ?? str(s.literal) });
  }
  return subjects;
}

function pubStatusOf(item: Obj): PubStatus {
  const raw = str(item.pubstatus)?.toLowerCase();
  if (raw === 'canceled' || raw === 'cancelled') return 'canceled';
  if (raw === 'withheld') return 'withheld';
  return 'usable';
}

function pictureOf(assoc: Obj): WirePicture | null {
  const type = str(assoc.type);
  if (type !== 'picture' && type !== 'graphic') return null;
  const renditions = isObj(assoc.renditions) ? Object.values(assoc.renditions) : list(assoc.renditions);
  const usable = renditions
    .filter(isObj)
    .filter((r) => str(r.href) && !/^(video|audio)\//i.test(str(r.contenttype) ?? str(r.mimetype) ?? ''));
  // The largest rendition makes the best renditions of our own.
  usable.sort((a, b) => (num(b.width) ?? 0) - (num(a.width) ?? 0));
  const best = usable[0];
  // A picture named only by its id refers to a picture item sent on its own.
  const ref = str(assoc.uri) ?? str(assoc.guid) ?? str(assoc.id) ?? str(assoc.residref);
  if (!best && !ref) return null;
  const captionEntry = pickByRole(assoc.descriptions, ['caption', 'description', 'summary']);
  const altEntry = pickByRole(assoc.descriptions, ['alt', 'alttext', 'alternative']);
  return {
    href: str(best?.href) ?? '',
    width: num(best?.width),
    height: num(best?.height),
    mime: str(best?.contenttype) ?? str(best?.mimetype),
    ref,
    caption: str(assoc.description_text) ?? str(captionEntry?.value) ?? str(assoc.headline),
    credit: str(assoc.creditline) ?? str(assoc.by) ?? str(assoc.byline),
    altText: str(altEntry?.value) ?? str(assoc.alttext),
    rights: str(assoc.copyrightnotice) ?? str(assoc.usageterms),
  };
}

/** ninjs has no correction signal of its own; agencies put one in an editorial note. */
function correctionNoteOf(item: Obj): string | null {
  const note = str(item.ednote) ?? str(pickByRole(item.descriptions, ['ednote', 'editorialnote', 'correction'])?.value);
  return note && /correct/i.test(note) ? note : null;
}

/** ninjs 2.x `place`: a list of places named (or a single one); the first name is where it happened. */
function placeOf(item: Obj): string | null {
  const places = Array.isArray(item.place) ? item.place : isObj(item.place) ? [item.place] : [];
  for (const place of places.filter(isObj)) {
    const name = str(place.name) ?? str(place.literal);
    if (name) return name;
  }
  return null;
}

function linkOf(item: Obj): string | null {
  for (const link of list(item.links).filter(isObj)) {
    const href = str(link.href);
    const rel = str(link.rel) ?? '';
    if (href && /^https?:\/\//.test(href) && /canonical|alternate|self/i.test(rel)) return href;
  }
  return null;
}

export function parseNinjs(input: unknown): WireItem {
  if (!isObj(input as Json)) throw new WireItemRefused('ninjs item must be a JSON object');
  const item = lowerKeys(input as Json) as Obj;
  const guid = str(item.uri) ?? str(item.guid) ?? str(item.id) ?? str(item._id);
  if (!guid) throw new WireItemRefused('ninjs item has no identifier ("uri", "guid" or "id"), so a later version could not be matched to it');
  // Parsing is tolerant: any ninjs item becomes a WireItem; the pipeline decides what to publish.
  const kind = str(item.type) ?? 'text';
  const headline =
    str(item.headline) ??
    str(pickByRole(item.headlines, ['main', 'headline', 'simple'])?.value) ??
    str(item.title) ??
    str(item.slugline);
  const pubStatus = pubStatusOf(item);
  const summary = str(item.description_text) ?? str(pickByRole(item.descriptions, ['summary', 'abstract', 'teaser', 'standfirst', 'lead'])?.value);
  const associations = isObj(item.associations) ? Object.values(item.associations) : list(item.associations);
  // A picture item (a photo wire) is its own picture.
  const own = kind === 'picture' || kind === 'graphic' ? pictureOf({ ...item, uri: guid }) : null;
  return {
    format: 'ninjs',
    kind,
    guid,
    version: num(item.version),
    versionCreated: isoDate(item.versioncreated),
    firstCreated: isoDate(item.firstcreated),
    pubStatus,
    headline: headline ?? '',
    standfirst: summary,
    dateline: null,
    located: str(item.located) ?? placeOf(item),
    bodyHtml: bodyOf(item),
    byline: str(item.byline) ?? str(item.by),
    subjects: subjectsOf(item),
    // The notice as the wire words it; else a line made from the holder's name.
    rights: str(item.copyrightnotice) ?? (str(item.copyrightholder) ? `© ${str(item.copyrightholder)}` : null),
    originUrl: linkOf(item),
    embargoedUntil: isoDate(item.embargoed),
    correctionNote: correctionNoteOf(item),
    urgency: urgencyOf(item.urgency),
    language: str(item.language),
    pictures: own ? [own] : associations.filter(isObj).map(pictureOf).filter((p): p is WirePicture => p !== null),
    picturesRemoved: item.associations !== undefined && associations.length === 0,
  };
}

/** Keys that carry a story's words in some ninjs generation (lower-cased). */
const CONTENT_KEYS = ['headline', 'headlines', 'title', 'slugline', 'body_html', 'body_text', 'body_xhtml', 'bodies', 'description_text', 'descriptions'];

/**
 * Content sniffing. Real producers do not all send `uri` (many send `guid`, some `id`): any JSON
 * object with words in a ninjs field (a headline, a body) is read as ninjs, as is one with a
 * `uri` or a ninjs standard block. One with words and no identifier is still ninjs, refused by
 * the parser with that reason rather than called an unknown kind of JSON.
 */
export function looksLikeNinjs(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const obj = value as Record<string, unknown>;
  if (typeof obj.version === 'string' && obj.version.startsWith('https://jsonfeed.org/')) return false;
  if (typeof obj.uri === 'string') return true;
  const standard = (obj.standard ?? obj.$standard) as { name?: unknown } | undefined;
  if (typeof standard === 'object' && standard !== null && standard.name === 'ninjs') return true;
  return Object.keys(obj).some((key) => CONTENT_KEYS.includes(key.toLowerCase()));
}

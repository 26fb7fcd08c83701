// Format detection by content (never by file name) and dispatch to the parser for it.
import { WireItemRefused, type WireItem } from '../wire-item.ts';
import { decodePayload, EncodingRefused } from './decode.ts';
import { parseFeed, parseXml, XmlRefused } from './feeds.ts';
import { looksLikeJsonFeed, parseJsonFeedItem } from './json-feed.ts';
import { parseHtmlArticle } from './html-article.ts';
import { parseNewsMlG2 } from './newsml-g2.ts';
import { looksLikeNinjs, parseNinjs } from './ninjs.ts';
import { isNitfRoot, parseNitf } from './nitf.ts';

export const MAX_PAYLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_ITEMS = 10_000;

/** One entry per item in the payload: parsed, or refused with its reason. */
export type ParsedEntry = { item: WireItem } | { refused: string; guid: string | null };

export interface ParsedPayload {
  format: string;
  entries: ParsedEntry[];
}

export class PayloadRefused extends Error {
  constructor(
    readonly reason: string,
    readonly format: string | null = null,
  ) {
    super(reason);
    this.name = 'PayloadRefused';
  }
}

function guidOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'uri' in value && typeof value.uri === 'string') return value.uri;
  return null;
}

function parseEach(format: string, values: unknown[], parse: (value: unknown) => WireItem): ParsedPayload {
  if (values.length > MAX_ITEMS) throw new PayloadRefused(`${values.length} items; the limit is ${MAX_ITEMS}`, format);
  const entries = values.map((value): ParsedEntry => {
    try {
      return { item: parse(value) };
    } catch (error) {
      if (error instanceof WireItemRefused) return { refused: error.reason, guid: guidOf(value) };
      throw error;
    }
  });
  return { format, entries };
}

function parseJson(text: string): ParsedPayload {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PayloadRefused(`not valid JSON: ${(error as Error).message}`, 'json');
  }
  if (looksLikeNinjs(value)) return parseEach('ninjs', [value], parseNinjs);
  // A list with any ninjs in it is a batch: its other entries are refused one by one, with reasons.
  if (Array.isArray(value) && value.some(looksLikeNinjs)) return parseEach('ninjs', value, parseNinjs);
  if (looksLikeJsonFeed(value)) {
    const items = Array.isArray(value.items) ? value.items : [];
    return parseEach('jsonfeed', items, (item) => parseJsonFeedItem(item, value));
  }
  throw new PayloadRefused('JSON that is neither ninjs nor JSON Feed', 'json');
}

/** The name of the document element, without namespace prefix, from the text itself. */
function rootElement(xml: string): string | null {
  const match = /<(?![?!])(?:[\w.-]+:)?([\w.-]+)[\s/>]/.exec(xml.replace(/<!--[\s\S]*?-->/g, ''));
  return match?.[1] ?? null;
}

/** Items an XML parser read, or the reasons it refused them, as a payload within the item limit. */
function toPayload(format: string, items: (WireItem | WireItemRefused)[]): ParsedPayload {
  if (items.length > MAX_ITEMS) throw new PayloadRefused(`${items.length} items; the limit is ${MAX_ITEMS}`, format);
  return { format, entries: items.map((item) => (item instanceof WireItemRefused ? { refused: item.reason, guid: null } : { item })) };
}

function parseXmlPayload(text: string): ParsedPayload {
  try {
    const root = rootElement(text);
    if (isNitfRoot(root)) return toPayload('nitf', [parseNitf(text)]);
    if (/^(newsItem|newsMessage|packageItem)$/.test(root ?? '')) {
      const g2 = parseNewsMlG2(text);
      if (g2) return toPayload(g2.format, g2.items);
    }
    return parseFeedPayload(parseXml(text));
  } catch (error) {
    if (error instanceof XmlRefused) throw new PayloadRefused(error.message, 'xml');
    throw error;
  }
}

function parseFeedPayload(doc: Record<string, unknown>): ParsedPayload {
  const feed = parseFeed(doc);
  if (feed) return toPayload(feed.format, feed.items);
  const root = Object.keys(doc).find((k) => !k.startsWith('?'));
  throw new PayloadRefused(`XML with root <${root ?? '?'}> is not a known wire or feed format`, 'xml');
}

/** `origin` is where the payload came from (a URL identifies an HTML page that names none). */
export function parsePayload(bytes: Buffer, origin: string | null = null): ParsedPayload {
  if (bytes.length === 0) throw new PayloadRefused('the payload is empty');
  if (bytes.length > MAX_PAYLOAD_BYTES) throw new PayloadRefused(`the payload is ${bytes.length} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
  const text = payloadText(bytes);
  const start = text[0];
  if (start === '{' || start === '[') return parseJson(text);
  if (isHtmlPage(text)) return parseHtmlPayload(text, origin);
  if (start === '<') return parseXmlPayload(text);
  throw new PayloadRefused('unrecognised format: expected JSON or XML');
}

/** The payload as text: decoded, its byte-order mark and the blank lines before <?xml (common in real feeds) gone. */
function payloadText(bytes: Buffer): string {
  try {
    return decodePayload(bytes).replace(/^\uFEFF/, '').trimStart();
  } catch (error) {
    if (error instanceof EncodingRefused) throw new PayloadRefused(error.message);
    throw error;
  }
}

/**
 * An HTML page, or an XHTML one: XHTML starts with an XML declaration (and maybe comments) before
 * its doctype or <html>, and is an article page to read, not XML to refuse as a feed it is not.
 * Only the first few kilobytes are looked at.
 */
function isHtmlPage(text: string): boolean {
  const head = text
    .slice(0, 4096)
    .replace(/^\s*<\?xml[^>]*\?>/i, '')
    .replace(/^(?:\s*<!--[\s\S]*?-->)*/, '');
  return /^\s*(<!doctype html|<html[\s>])/i.test(head);
}

/** An HTML article page as a payload of one item (in the worker: see html-extractor.ts). */
export function parseHtmlPayload(text: string, origin: string | null): ParsedPayload {
  return parseEach('html', [text], (html) => parseHtmlArticle(String(html), origin && /^https?:\/\//.test(origin) ? origin : null));
}

/**
 * parsePayload for ingest: the same, but an HTML page's article is extracted off the main
 * thread, within a time limit, so no page can stall the site.
 */
export async function parsePayloadOffThread(bytes: Buffer, origin: string | null = null): Promise<ParsedPayload> {
  const head = bytes.subarray(0, 4096).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (bytes.length > MAX_PAYLOAD_BYTES || !isHtmlPage(head.trimStart())) return parsePayload(bytes, origin);
  const { extractHtmlOffThread } = await import('./html-extractor.ts');
  return extractHtmlOffThread(payloadText(bytes), origin);
}

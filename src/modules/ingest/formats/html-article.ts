// A plain HTML article page: Firefox's Readability (over linkedom) finds the text, and the
// page's own metadata — schema.org NewsArticle JSON-LD, OpenGraph, article:* and author meta —
// supplies the headline, byline, times, picture and canonical link.
import { createRequire } from 'node:module';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { parseHTML as ParseHTML } from 'linkedom';
import { sha256Hex } from '../../text/index.ts';
import { WireItemRefused, type WireItem, type WirePicture } from '../wire-item.ts';
import { checkHtmlPage } from './html-guard.ts';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function iso(value: string | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The first NewsArticle-like object in the page's JSON-LD, looking inside @graph lists. */
function newsArticleLd(document: Document): Obj | null {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = Array.isArray(data) ? [...data] : [data];
    while (queue.length) {
      const node = queue.shift();
      if (!isObj(node)) continue;
      if (Array.isArray(node['@graph'])) queue.push(...node['@graph']);
      const type = node['@type'];
      const types = Array.isArray(type) ? type : [type];
      if (types.some((t) => typeof t === 'string' && /Article|NewsArticle|ReportageNewsArticle|BlogPosting/.test(t))) return node;
    }
  }
  return null;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((v) => (isObj(v) ? str(v.name) : str(v))).filter((n): n is string => !!n);
}

function imageUrl(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return isObj(first) ? str(first.url) ?? str(first['@id']) : str(first);
}

// Loaded on first use (synchronously, as parsing is synchronous): most payloads are not HTML
// pages, and the DOM and Readability cost some 25 MB of memory.
const requireLazily = createRequire(import.meta.url);
let html: { Readability: typeof ReadabilityClass; parseHTML: typeof ParseHTML } | null = null;
function htmlTools() {
  html ??= {
    Readability: (requireLazily('@mozilla/readability') as { Readability: typeof ReadabilityClass }).Readability,
    parseHTML: (requireLazily('linkedom') as { parseHTML: typeof ParseHTML }).parseHTML,
  };
  return html;
}

export function parseHtmlArticle(page: string, pageUrl: string | null = null): WireItem {
  checkHtmlPage(page);
  const { Readability, parseHTML } = htmlTools();
  const { document } = parseHTML(page);
  const meta = (key: string) =>
    str(document.querySelector(`meta[property="${key}"]`)?.getAttribute('content')) ??
    str(document.querySelector(`meta[name="${key}"]`)?.getAttribute('content'));
  const ld = newsArticleLd(document as unknown as Document);
  const canonical = str(document.querySelector('link[rel="canonical"]')?.getAttribute('href')) ?? meta('og:url') ?? str(ld?.url) ?? pageUrl;
  const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  if (!article?.content) throw new WireItemRefused('no article text could be found in the HTML page');

  const headline = str(ld?.headline) ?? meta('og:title') ?? str(article.title) ?? str(document.querySelector('title')?.textContent);
  const authors = names(ld?.author);
  const byline = authors.length ? authors.join(', ') : meta('author') ?? str(article.byline);
  const published = iso(str(ld?.datePublished) ?? meta('article:published_time'));
  const modified = iso(str(ld?.dateModified) ?? meta('article:modified_time')) ?? published;
  const image = imageUrl(ld?.image) ?? meta('og:image');
  const pictures: WirePicture[] = image && /^https?:\/\//.test(image)
    ? [{ href: image, width: Number(meta('og:image:width')) || null, height: Number(meta('og:image:height')) || null, mime: null, caption: null, credit: null, altText: meta('og:image:alt'), rights: null }]
    : [];
  const section = str(ld?.articleSection) ?? meta('article:section');
  const url = canonical && /^https?:\/\//.test(canonical) ? canonical : null;
  // A saved page that names no address of its own is known by its text (within its source):
  // loading it again is a repeat, and the outcome says how it was identified.
  const text = (article.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!url && (!headline || !text)) throw new WireItemRefused('the page names no canonical URL, and has no headline and text to identify it by');
  const guid = url ?? `html-sha256:${sha256Hex(`${headline}\n${text}`).slice(0, 32)}`;
  return {
    warnings: url ? [] : ['the page names no canonical URL: it is identified by its source and a hash of its text'],
    format: 'html',
    kind: 'text',
    guid,
    version: modified ? Math.floor((Date.parse(modified) - Date.UTC(2000, 0, 1)) / 60_000) : null,
    versionCreated: modified,
    firstCreated: published,
    pubStatus: 'usable',
    headline: headline ?? '',
    standfirst: str(ld?.description) ?? meta('og:description') ?? str(article.excerpt),
    dateline: null,
    located: null,
    bodyHtml: article.content,
    byline,
    subjects: section ? [{ name: section, code: null }] : [],
    rights: str(ld?.copyrightNotice) ?? null,
    originUrl: url,
    embargoedUntil: null,
    correctionNote: null,
    urgency: null,
    language: str(document.documentElement?.getAttribute('lang')),
    pictures,
  };
}

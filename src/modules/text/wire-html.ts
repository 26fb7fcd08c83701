// The allow-list for wire and newsroom story bodies: text structure and links, nothing active.
// Pictures, videos and embeds are placeholders (`<figure data-media>` for the media library,
// `<figure data-embed>` for YouTube, Vimeo or a link to what cannot be shown), expanded by the
// reader page; a wire's iframe or remote video becomes one, never silently disappears.
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './escape.ts';
import { videoEmbedFromUrl, webUrl } from './embeds.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A tag the allow-list does not know: the element goes, its text stays. */
const DROP = { tagName: 'x-dropped', attribs: {} };

const oneLine = (value: string | undefined, max: number) => (value ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

/** The placeholder for a video found at `src` (YouTube, Vimeo), else a link to it; null when src is no web address. */
function embedPlaceholder(src: string | undefined, title: string | undefined): sanitizeHtml.Tag | null {
  const video = src ? videoEmbedFromUrl(src) : null;
  const named = oneLine(title, 200);
  if (video) return { tagName: 'figure', attribs: { 'data-embed': video.provider, 'data-id': video.id, ...(video.hash ? { 'data-hash': video.hash } : {}), ...(named ? { 'data-title': named } : {}) } };
  const url = webUrl(src);
  return url ? { tagName: 'figure', attribs: { 'data-embed': 'link', 'data-url': url, ...(named ? { 'data-title': named } : {}) } } : null;
}

/** A figure is kept only as a placeholder the reader page knows how to show. */
function placeholderFigure(attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const media = attribs['data-media'];
  if (media && UUID.test(media)) return { tagName: 'figure', attribs: { 'data-media': media } };
  const kind = attribs['data-embed'];
  if (kind === 'youtube' || kind === 'vimeo') {
    const found = videoEmbedFromUrl(kind === 'youtube' ? `https://youtu.be/${attribs['data-id'] ?? ''}` : `https://vimeo.com/${attribs['data-id'] ?? ''}/${attribs['data-hash'] ?? ''}`);
    if (found?.provider === kind) return embedPlaceholder(kind === 'youtube' ? `https://youtu.be/${found.id}` : `https://vimeo.com/${found.id}${found.hash ? `/${found.hash}` : ''}`, attribs['data-title']) ?? DROP;
  }
  if (kind === 'link') return embedPlaceholder(attribs['data-url'], attribs['data-title']) ?? DROP;
  return DROP;
}

const VIDEO_FILE = /\.(mp4|m4v|webm|mov|m3u8|ogv)(?:[?#]|$)/i;

const WIRE_BODY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i',
    'a', 'br', 'hr', 'sub', 'sup', 'abbr', 'cite', 'q', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'figure',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    abbr: ['title'],
    th: ['scope'],
    td: ['colspan', 'rowspan'],
    figure: ['data-media', 'data-embed', 'data-id', 'data-hash', 'data-title', 'data-url'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Whole elements whose content is never text for readers.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'svg', 'math', 'audio'],
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener' },
    }),
    figure: (_tagName, attribs) => placeholderFigure(attribs),
    figcaption: 'p',
    iframe: (_tagName, attribs) => embedPlaceholder(attribs.src ?? attribs['data-src'], attribs.title) ?? DROP,
    video: (_tagName, attribs) => (attribs.src ? (embedPlaceholder(attribs.src, attribs.title ?? 'Video') ?? DROP) : DROP),
    // A remote video's file, inside a <video>: kept as a link to it, never loaded by the page.
    source: (_tagName, attribs) => ((attribs.type ?? '').startsWith('video/') || VIDEO_FILE.test(attribs.src ?? '') ? (embedPlaceholder(attribs.src, 'Video') ?? DROP) : DROP),
  },
  // A media element's own text is its fallback ("your browser cannot play this"), not the story's.
  textFilter: (text, tagName) => (tagName === 'video' || tagName === 'audio' ? '' : text),
  exclusiveFilter: (frame) => frame.tag === 'p' && frame.text.trim() === '' && !frame.mediaChildren.length,
};

/** The body as it may be stored: allowed structure, with placeholders and nothing inside them. */
export function sanitizeWireHtml(html: string): string {
  return sanitizeHtml(html, WIRE_BODY)
    .replace(/(<figure data-[^>]*>)[\s\S]*?<\/figure>/g, '$1</figure>')
    .trim();
}

/** The media library items a body shows, in order, each once. */
export function bodyMediaIds(html: string): string[] {
  return [...new Set([...html.matchAll(/<figure data-media="([0-9a-f-]{36})">/g)].map((m) => m[1]!))];
}

/** Plain wire text to paragraphs: blank lines (or single newlines) separate paragraphs. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

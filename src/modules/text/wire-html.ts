// The allow-list for wire and newsroom story bodies: text structure and links, nothing active.
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './escape.ts';

const WIRE_BODY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i',
    'a', 'br', 'hr', 'sub', 'sup', 'abbr', 'cite', 'q', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], abbr: ['title'], th: ['scope'], td: ['colspan', 'rowspan']},
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Whole elements whose content is never text for readers.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'svg', 'math'],
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'p' && frame.text.trim() === '' && !frame.mediaChildren.length,
};

export function sanitizeWireHtml(html: string): string {
  return sanitizeHtml(html, WIRE_BODY).trim();
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

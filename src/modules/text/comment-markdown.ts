// The comment Markdown subset: paragraphs, line breaks, *emphasis*, **strong**, "> " quotes and
// links ([text](https://…) or a bare https:// address). Everything else is shown as typed text.
// The output is built from escaped text only, then passed through a strict allow-list as well.
import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './escape.ts';

const escape = escapeHtml;

export const LINK_REL = 'ugc nofollow noopener';

const COMMENT_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'blockquote', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
};

/** Only absolute http(s) addresses become links; anything else stays text. */
function safeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href;
  } catch {
    return null;
  }
}

function link(href: string, text: string): string {
  return `<a href="${escape(href)}" rel="${LINK_REL}">${text}</a>`;
}

/** Emphasis on already-escaped text: ** before *, and never across a line. */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<em>$2</em>')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1<em>$2</em>');
}

const LINK = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|\bhttps?:\/\/[^\s<>"']{1,2000}/g;

function inline(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const index = match.index;
    out += emphasis(escape(text.slice(last, index)));
    if (match[1] !== undefined && match[2] !== undefined) {
      const href = safeUrl(match[2]);
      out += href ? link(href, emphasis(escape(match[1]))) : emphasis(escape(match[0]));
    } else {
      // A bare address: trailing punctuation belongs to the sentence, not the link.
      const bare = match[0].replace(/[.,;:!?)\]]+$/, '');
      const href = safeUrl(bare);
      out += href ? link(href, escape(bare)) : escape(bare);
      out += escape(match[0].slice(bare.length));
    }
    last = index + match[0].length;
  }
  out += emphasis(escape(text.slice(last)));
  return out.split('\n').join('<br />');
}

/** Markdown subset → HTML. Empty output means the comment had no visible text. */
export function renderCommentMarkdown(source: string): string {
  const blocks = source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.replace(/^\n+|\n+$/g, ''))
    .filter((b) => b.trim() !== '');
  const html = blocks
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*>/.test(l))) {
        const quoted = lines.map((l) => l.replace(/^\s*>\s?/, '')).join('\n').trim();
        return quoted ? `<blockquote><p>${inline(quoted)}</p></blockquote>` : '';
      }
      return `<p>${inline(block.trim())}</p>`;
    })
    .filter(Boolean)
    .join('');
  return sanitizeHtml(html, COMMENT_HTML);
}

/** The comment's text without markup, for word matching and previews. */
export function commentText(source: string): string {
  return source.replace(/\[([^\]\n]*)\]\([^)\s]*\)/g, '$1 ').replace(/[*_>]/g, ' ');
}

/** The web addresses a comment links to (bare or in [text](url) form). */
export function commentLinks(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(LINK)) {
    const href = safeUrl(match[2] ?? match[0].replace(/[.,;:!?)\]]+$/, ''));
    if (href) found.push(href);
  }
  return found;
}

/** The same text whatever its case and spacing: how repeat posts are recognised. */
export function commentFingerprint(source: string): string {
  const normal = source.trim().replace(/\s+/g, ' ').toLowerCase();
  return createHash('sha256').update(normal).digest('base64url').slice(0, 22);
}

export { slugify, SLUG_PATTERN } from './slug.ts';
export { formatByline, parseByline } from './byline.ts';
export type { BylineAuthor } from './byline.ts';
export { sanitizeWireHtml, htmlToText, textToHtml } from './wire-html.ts';

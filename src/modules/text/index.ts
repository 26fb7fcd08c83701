export { slugify, SLUG_PATTERN } from './slug.ts';
export { formatByline, groupByline, joinNames, parseByline } from './byline.ts';
export type { BylineAuthor, BylineGroup } from './byline.ts';
export { sanitizeWireHtml, htmlToText, textToHtml } from './wire-html.ts';
export { commentFingerprint, commentLinks, commentText, LINK_REL, renderCommentMarkdown } from './comment-markdown.ts';
export { escapeHtml } from './escape.ts';
export { visibleText } from './visible-text.ts';
export { wordDiff } from './word-diff.ts';
export type { DiffPart } from './word-diff.ts';

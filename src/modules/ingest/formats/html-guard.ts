// Bounds on an HTML article page before a DOM is built and Readability runs over it: their
// cost grows about with the cube of the nesting depth, and a 56 KB page of 5,000 nested
// <div> held the event loop for minutes (security review #10.1). One linear scan estimates
// the depth; a page nested deeper than any real article, or larger than one, is refused.
import { WireItemRefused } from '../wire-item.ts';

/** Deeper than any article page we have seen (real pages stay under 60). */
export const MAX_HTML_DEPTH = 256;
/** An article page is text and markup; pictures come by URL. */
export const MAX_HTML_PAGE_BYTES = 2 * 1024 * 1024;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', '!doctype']);
const TAG = /<(\/?)([a-zA-Z!][a-zA-Z0-9-]*)[^>]*>/g;

/** The deepest nesting of elements in the page, counting open and close tags (an estimate: markup inside scripts counts too, which only errs towards refusing). */
export function htmlNestingDepth(page: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of page.matchAll(TAG)) {
    const name = match[2]!.toLowerCase();
    if (VOID.has(name) || match[0].endsWith('/>')) continue;
    if (match[1] === '/') depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

export function checkHtmlPage(page: string): void {
  const bytes = Buffer.byteLength(page);
  if (bytes > MAX_HTML_PAGE_BYTES) throw new WireItemRefused(`the HTML page is ${bytes} bytes; an article page may be up to ${MAX_HTML_PAGE_BYTES}`);
  const depth = htmlNestingDepth(page);
  if (depth > MAX_HTML_DEPTH) throw new WireItemRefused(`the HTML page nests elements ${depth} deep; the limit is ${MAX_HTML_DEPTH}`);
}

// URL slugs: lowercase ASCII words joined by hyphens, short enough to read.
const MAX_LENGTH = 80;

export function slugify(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_LENGTH) return ascii || 'item';
  const cut = ascii.slice(0, MAX_LENGTH);
  const lastHyphen = cut.lastIndexOf('-');
  return lastHyphen > 40 ? cut.slice(0, lastHyphen) : cut;
}

/** Valid slug as produced by slugify; used to reject malformed path parameters early. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

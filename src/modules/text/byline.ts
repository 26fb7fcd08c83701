// Bylines as wires send them ("By A, B and C, CNN") and as pages show them.
export interface BylineAuthor {
  name: string;
  affiliation: string | null;
}

const OUTLET_WORDS = /\b(news|newsource|press|wire|network|agency|service|times|post|tribune|herald|radio|tv|television|reuters|bureau)\b/i;

function looksLikeOutlet(segment: string, knownOutlets: readonly string[]): boolean {
  const lower = segment.toLowerCase();
  if (knownOutlets.some((o) => o.toLowerCase() === lower)) return true;
  if (/^[A-Z0-9&.\- ]{2,12}$/.test(segment) && /[A-Z]{2}/.test(segment)) return true;
  return OUTLET_WORDS.test(segment);
}

function splitNames(text: string): string[] {
  return text
    .split(/\s*,\s*|\s+and\s+|\s*&\s*/i)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}

/** "By A, B and C, CNN" → three authors with affiliation "CNN". Returns [] for an empty byline. */
export function parseByline(raw: string | null | undefined, knownOutlets: readonly string[] = []): BylineAuthor[] {
  if (!raw) return [];
  let text = raw.replace(/\s+/g, ' ').trim().replace(/^by\s+/i, '');
  let affiliation: string | null = null;
  const lastComma = text.lastIndexOf(',');
  if (lastComma > 0) {
    const tail = text.slice(lastComma + 1).trim();
    if (tail && looksLikeOutlet(tail, knownOutlets)) {
      affiliation = tail;
      text = text.slice(0, lastComma);
    }
  }
  return splitNames(text).map((name) => ({ name, affiliation }));
}

export interface BylineGroup<A extends BylineAuthor> {
  authors: A[];
  affiliation: string | null;
}

/** Consecutive authors sharing an outlet are named together: "A, B and C, CNN". */
export function groupByline<A extends BylineAuthor>(authors: readonly A[]): BylineGroup<A>[] {
  const groups: BylineGroup<A>[] = [];
  for (const author of authors) {
    const last = groups.at(-1);
    if (last && last.affiliation === author.affiliation) last.authors.push(author);
    else groups.push({ authors: [author], affiliation: author.affiliation });
  }
  return groups;
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function formatByline(authors: readonly BylineAuthor[]): string {
  if (authors.length === 0) return '';
  const parts = groupByline(authors).map((g) =>
    g.affiliation ? `${joinNames(g.authors.map((a) => a.name))}, ${g.affiliation}` : joinNames(g.authors.map((a) => a.name)),
  );
  return `By ${parts.join('; ')}`;
}

// "This column contains this word", case-insensitive, on both engines: the searcher's % and _ are
// letters, not wildcards (escaped, with the escape named, since SQLite has none by default), and
// an empty column matches nothing rather than failing.
import { sql, type RawBuilder } from 'kysely';

export function containsWord(column: string, word: string): RawBuilder<boolean> {
  const pattern = `%${word.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
}

/** A search box's words: at most eight, split on spaces. */
export const searchWords = (q: string | undefined): string[] => (q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);

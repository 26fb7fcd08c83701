// A reader's search box, translated. Whatever is typed (quotes left open, `NEAR(`, `*`,
// parentheses, ten kilobytes, control characters, broken UTF-16) becomes a small structure of
// words, phrases and exclusions made only of letters and digits, and each engine's query is
// written from that structure: the reader's text never reaches FTS5's or PostgreSQL's parser.

/** One thing looked for or excluded: a single word, or words that must stand together. */
export type SearchPart = readonly string[];

export interface SearchQuery {
  /** Every one of these must match (a one-word part is a word, a longer part a phrase). */
  required: SearchPart[];
  /** None of these may match (`-word`, `-"a phrase"`). */
  excluded: SearchPart[];
}

export type ParsedSearch =
  | { ok: true; query: SearchQuery; words: string[] }
  | { ok: false; code: 'SEARCH_EMPTY' | 'SEARCH_ONLY_EXCLUDED' };

/** Beyond these, the rest of what was typed is not read: a search is a few words, not an essay. */
export const SEARCH_INPUT_MAX = 1_000;
export const SEARCH_PARTS_MAX = 12;
const PHRASE_WORDS_MAX = 8;
const WORD_CHARS_MAX = 64;

// Letters NFKD does not take apart, folded as a reader would type them without the accent.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

// Half of a UTF-16 pair with no other half: what broken UTF-8 or a cut string leaves behind.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Text with nothing outside ASCII folds to its lower case: most stories, skipping NFKD on each.
const BEYOND_ASCII = /[\u0080-\uffff]/;

/** Lower case, accents off, compatibility forms folded: the same on both engines and in snippets. */
export function foldText(text: string): string {
  if (!BEYOND_ASCII.test(text)) return text.toLowerCase();
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => LETTERS[c] ?? c);
}

/** The words of a text as both indexes see them: runs of letters and digits, folded. */
export function searchTokens(text: string): string[] {
  return (foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, WORD_CHARS_MAX));
}

/**
 * Splits the box's text into parts. A token with punctuation inside ("covid-19", "u.s.") is the
 * phrase of its words, as the index stored them side by side; a quote left open runs to the end.
 */
export function parseSearch(input: string): ParsedSearch {
  const text = input.slice(0, SEARCH_INPUT_MAX);
  const required: SearchPart[] = [];
  const excluded: SearchPart[] = [];
  const seen = new Set<string>();
  const add = (raw: string, negative: boolean) => {
    const words = searchTokens(raw).slice(0, PHRASE_WORDS_MAX);
    if (words.length === 0) return;
    const key = `${negative ? '-' : '+'}${words.join(' ')}`;
    if (seen.has(key) || required.length + excluded.length >= SEARCH_PARTS_MAX) return;
    seen.add(key);
    (negative ? excluded : required).push(words);
  };
  // A part: an optional minus, then a quoted stretch (closed or not) or a run without spaces.
  const part = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;
  for (const m of text.matchAll(part)) {
    const negative = m[1] === '-' && (m.index === 0 || /\s/u.test(text[m.index - 1] ?? ''));
    add(m[2] ?? m[3] ?? '', negative);
  }
  if (required.length === 0) return { ok: false, code: excluded.length > 0 ? 'SEARCH_ONLY_EXCLUDED' : 'SEARCH_EMPTY' };
  return { ok: true, query: { required, excluded }, words: [...new Set(required.flat())] };
}

/**
 * The terms a run of words stands for as neighbours: "north shore ferry" is `north_shore_` and
 * `shore_ferry_`. Both indexes hold every field's pairs beside its words (decision 0020), so a
 * phrase is found by its pairs, each far rarer than its words; the trailing '_' keeps FTS5's
 * stemmer off the pair, so a phrase matches its words as written (case and accents aside).
 */
export function wordPairs(words: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < words.length; i++) pairs.push(`${words[i - 1]}_${words[i]}_`);
  return pairs;
}

// Parts hold only letters and digits (see searchTokens), so a double-quoted string is literal
// text to both parsers; nothing a reader typed can close it. A phrase is the phrase of its pairs:
// consecutive pairs stand in consecutive places, so "a_b_ b_c_" is exactly "a b c".
const quoted = (part: SearchPart) => `"${part.length > 1 ? wordPairs(part).join(' ') : part[0]}"`;

/** An FTS5 MATCH expression: every required part, none of the excluded. */
export function fts5Match(query: SearchQuery): string {
  const wanted = query.required.map(quoted).join(' AND ');
  return query.excluded.reduce((expr, part) => `(${expr}) NOT ${quoted(part)}`, wanted);
}

const websearchQuoted = (part: SearchPart) => `"${part.join(' ')}"`;

/**
 * The text for PostgreSQL's websearch_to_tsquery: each part quoted (so "or" is a word, not the
 * operator), the excluded ones with a minus.
 */
export function websearchText(query: SearchQuery): string {
  return [...query.required.map(websearchQuoted), ...query.excluded.map((p) => `-${websearchQuoted(p)}`)].join(' ');
}

// PostgreSQL's GIN index keeps a key for every distinct lexeme, and the pairs of a million
// stories are tens of millions of them: an index too big for memory, read from disk on every
// insert. So PostgreSQL holds each pair as one of 2^20 buckets (`_` then base 36, a lexeme no
// word can be), found by a hash: a phrase's bucket has its stories and about a hundred others,
// and the phrase's words in order, checked on each, leave only its own.
const PAIR_BUCKETS = 1 << 20;

/** The lexeme PostgreSQL holds a word pair as (FNV-1a of the pair, folded into PAIR_BUCKETS). */
export function pairLexeme(pair: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pair.length; i++) hash = Math.imul(hash ^ pair.charCodeAt(i), 0x01000193);
  return `_${((hash >>> 0) % PAIR_BUCKETS).toString(36)}`;
}

/**
 * The pair lexemes every required phrase needs, as tsquery input (`'_1x2y' & '_9zz0'`), or
 * null without a phrase: what PostgreSQL's GIN index finds a phrase's stories by.
 */
export function postgresPairsQuery(query: SearchQuery): string | null {
  const lexemes = [...new Set(query.required.flatMap((part) => wordPairs(part).map(pairLexeme)))];
  return lexemes.length === 0 ? null : lexemes.map((p) => `'${p}'`).join(' & ');
}

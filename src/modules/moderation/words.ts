// Word-list matching that sees through the usual disguises: case, accents, look-alike letters
// from other scripts, zero-width characters, leetspeak (4 for a, 3 for e, $ for s…), stretched
// letters ("baaad"), punctuation inside a word ("b.a.d") and spaced-out letters ("b a d").
// Matches respect word boundaries in any script: a listed word never matches inside another.

const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ѕ: 's', ј: 'j', к: 'k', м: 'm', т: 't', н: 'h', в: 'b',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};

// What each letter may be written as, besides itself.
const LEET: Record<string, string> = {
  a: '4@', b: '8', e: '3', g: '9', i: '1!|', l: '1|', o: '0', s: '5$', t: '7+', z: '2',
};

/** Lower case, accents off, look-alikes to Latin, invisible characters gone. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u00AD\u200B-\u200F\u2060\uFEFF]/g, '')
    .toLowerCase()
    .replace(/[\u0370-\u03FF\u0400-\u04FF]/g, (c) => HOMOGLYPHS[c] ?? c);
}

/** Joins runs of three or more single letters ("b a d" → "bad") so they can match too. */
function joinSpacedLetters(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])(?:[\p{L}\p{N}$@!|][ .\-_*]){2,}[\p{L}\p{N}$@!|](?![\p{L}\p{N}])/gu, (run) => run.replace(/[ .\-_*]/g, ''));
}

const escapeRegex = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

function letterPattern(letter: string): string {
  const alternatives = letter + (LEET[letter] ?? '');
  return `[${[...alternatives].map(escapeRegex).join('')}]+`;
}

/** A listed word or phrase as a pattern: each letter repeatable, punctuation allowed between. */
function wordPattern(entry: string): string | null {
  const words = normaliseForMatching(entry).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return null;
  const between = '[.\\-_*~]?';
  return words.map((w) => [...w].map(letterPattern).join(between)).join('[^\\p{L}\\p{N}]+');
}

export interface WordMatcher {
  /** The listed entries found in the text, in list order. */
  find(text: string): string[];
}

const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';

export function compileWordList(entries: readonly string[]): WordMatcher {
  const compiled = entries
    .map((entry) => {
      const pattern = wordPattern(entry);
      return pattern ? { entry, regex: new RegExp(`${BOUNDARY_BEFORE}${pattern}${BOUNDARY_AFTER}`, 'u') } : null;
    })
    .filter((c): c is { entry: string; regex: RegExp } => c !== null);
  return {
    find(text: string) {
      if (compiled.length === 0) return [];
      const normal = normaliseForMatching(text);
      const joined = joinSpacedLetters(normal);
      return compiled.filter((c) => c.regex.test(normal) || c.regex.test(joined)).map((c) => c.entry);
    },
  };
}

// Word-list matching that sees through the usual disguises: case, accents, look-alike letters
// from other scripts, zero-width characters, leetspeak (4 for a, 3 for e, $ for s…), stretched
// letters ("baaad"), punctuation inside a word ("b.a.d") and spaced-out letters ("b a d").
// Matches respect word boundaries in any script: a listed word never matches inside another.
//
// It runs in time linear in the text (times the list's size), whatever the text: the text is
// cut into tokens once, and each listed word is a small automaton run over a token, keeping a
// set of states rather than backtracking. (Regular expressions with overlapping leetspeak
// classes, `[i1!|]+[l1|]+`, took minutes on a run of `|`.)

const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ѕ: 's', ј: 'j', к: 'k', м: 'm', т: 't', н: 'h', в: 'b',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};

// What each letter may be written as, besides itself.
const LEET: Record<string, string> = {
  a: '4@', b: '8', e: '3', g: '9', i: '1!|', l: '1|', o: '0', s: '5$', t: '7+', z: '2',
};
const LEET_SYMBOLS = new Set([...Object.values(LEET).join('')].filter((c) => !/[\p{L}\p{N}]/u.test(c)));

/** Lower case, accents off, look-alikes to Latin, invisible characters gone. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u00AD\u200B-\u200F\u2060\uFEFF]/g, '')
    .toLowerCase()
    .replace(/[\u0370-\u03FF\u0400-\u04FF]/g, (c) => HOMOGLYPHS[c] ?? c);
}

const LETTER = /[\p{L}\p{N}]/u;
const isLetterLike = (c: string) => LETTER.test(c) || LEET_SYMBOLS.has(c);
/** Punctuation a word may hide behind, one at a time, between its letters ("c.r.o.o.k"). */
const INNER = new Set(['.', '-', '_', '*', '~']);
/** What may separate spaced-out letters ("c r o o k"). */
const SPACER = new Set([' ', '.', '-', '_', '*']);

/**
 * The text's words, four ways: split at every character that is not a letter, a digit or a
 * leetspeak symbol ("a$$"); split at every one that is not a letter or digit ("crook!");
 * joined across single inner punctuation ("c.r.o.o.k"); and runs of three or more single
 * letters joined ("b a d" → "bad"). A listed word matches a whole token of one of them.
 */
export function tokenise(text: string): string[][] {
  const chars = [...text];
  const plain: string[] = [];
  const joined: string[] = [];
  let word = '';
  let join = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (isLetterLike(c)) {
      word += c;
      join += c;
      continue;
    }
    if (word) plain.push(word);
    word = '';
    // One inner mark between two letters keeps the joined token going.
    if (join && INNER.has(c) && i + 1 < chars.length && isLetterLike(chars[i + 1]!)) continue;
    if (join) joined.push(join);
    join = '';
  }
  if (word) plain.push(word);
  if (join) joined.push(join);

  // Spaced-out letters: single letter-like characters separated by one spacer each.
  const spaced: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length >= 3) spaced.push(run.join(''));
    run = [];
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const single = isLetterLike(c) && !(i > 0 && isLetterLike(chars[i - 1]!)) && !(i + 1 < chars.length && isLetterLike(chars[i + 1]!));
    if (single) {
      run.push(c);
      continue;
    }
    if (SPACER.has(c) && run.length > 0 && i > 0 && isLetterLike(chars[i - 1]!) && i + 1 < chars.length && isLetterLike(chars[i + 1]!)) continue;
    endRun();
  }
  endRun();
  const strict = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [plain, strict, joined, spaced];
}

/** One letter of a listed word: the characters that may stand for it, and how many times at least. */
interface Run {
  accepts: Set<string>;
  min: number;
}

/** A listed word as runs of letters: "crook" → c, r, o×2, k; each run may be stretched. */
function compileWord(word: string): Run[] {
  const runs: Run[] = [];
  for (const letter of word) {
    const last = runs.at(-1);
    if (last && last.accepts.has(letter) && [...last.accepts][0] === letter) {
      last.min += 1;
      continue;
    }
    runs.push({ accepts: new Set([letter, ...(LEET[letter] ?? '')]), min: 1 });
  }
  return runs;
}

/**
 * Whether `runs` matches the whole token: an automaton over (run, count so far) states, kept
 * as a set, so each character is looked at once per state (at most the word's letters + runs).
 */
function matchesWhole(runs: Run[], token: string): boolean {
  // state key: run index * 64 + count (count capped at the run's minimum)
  let states = new Set<number>([-1]);
  for (const c of token) {
    const next = new Set<number>();
    for (const state of states) {
      if (state === -1) {
        if (runs[0]!.accepts.has(c)) next.add(Math.min(1, runs[0]!.min));
        continue;
      }
      const r = Math.floor(state / 64);
      const count = state % 64;
      const run = runs[r]!;
      if (run.accepts.has(c)) next.add(r * 64 + Math.min(count + 1, run.min));
      const following = runs[r + 1];
      if (count >= run.min && following?.accepts.has(c)) next.add((r + 1) * 64 + Math.min(1, following.min));
    }
    if (next.size === 0) return false;
    states = next;
  }
  const last = runs.length - 1;
  return states.has(last * 64 + runs[last]!.min);
}

export interface WordMatcher {
  /** The listed entries found in the text, in list order. */
  find(text: string): string[];
}

export function compileWordList(entries: readonly string[]): WordMatcher {
  const compiled = entries
    .map((entry) => {
      const words = normaliseForMatching(entry).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      // Runs longer than 63 letters do not fit the state key; no real word has them.
      return words.length > 0 && words.every((w) => w.length < 64) ? { entry, words: words.map(compileWord) } : null;
    })
    .filter((c): c is { entry: string; words: Run[][] } => c !== null);
  return {
    find(text: string) {
      if (compiled.length === 0) return [];
      // Each stream's tokens by first character: a word is tried only where it could start.
      const streams = tokenise(normaliseForMatching(text)).map((tokens) => {
        const byFirst = new Map<string, number[]>();
        tokens.forEach((token, index) => {
          const first = [...token][0]!;
          byFirst.set(first, [...(byFirst.get(first) ?? []), index]);
        });
        return { tokens, byFirst };
      });
      return compiled
        .filter(({ words }) =>
          streams.some(({ tokens, byFirst }) => {
            for (const first of words[0]![0]!.accepts) {
              for (const start of byFirst.get(first) ?? []) {
                // A phrase matches consecutive tokens, word for word.
                if (start + words.length <= tokens.length && words.every((runs, k) => matchesWhole(runs, tokens[start + k]!))) return true;
              }
            }
            return false;
          }),
        )
        .map((c) => c.entry);
    },
  };
}

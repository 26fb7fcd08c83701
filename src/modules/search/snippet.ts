// Highlighted excerpts, cut from the story's own text (not the folded index) in JavaScript, so
// both engines show the same thing. The result is text parts, never markup: the page escapes
// every part and wraps the hits, so nothing a reader typed or a story says becomes HTML.
import { foldText } from './search-query.ts';

export interface TextPart {
  text: string;
  hit: boolean;
}

export interface Snippet {
  parts: TextPart[];
  /** Text was left out before or after the excerpt. */
  cutBefore: boolean;
  cutAfter: boolean;
}


// The engines stem; a highlight only has to recognise the usual English endings of a word.
function stemKey(word: string): string {
  for (const [ending, replacement] of [['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ed', ''], ['es', ''], ['s', ''], ['ly', '']] as const) {
    if (word.endsWith(ending) && word.length - ending.length >= 3) return word.slice(0, -ending.length) + replacement;
  }
  return word;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

interface Token {
  start: number;
  end: number;
  /** The word's key when it is one of the query's words, else null. */
  key: string | null;
}

function tokens(text: string, wanted: ReadonlySet<string>): Token[] {
  return [...text.matchAll(WORD)].map((m) => {
    const folded = foldText(m[0]);
    const key = wanted.has(folded) ? stemKey(folded) : wanted.has(stemKey(folded)) ? stemKey(folded) : null;
    return { start: m.index, end: m.index + m[0].length, key };
  });
}

function wantedKeys(words: readonly string[]): Set<string> {
  return new Set(words.flatMap((w) => [w, stemKey(w)]));
}

function partsOf(text: string, list: readonly Token[], from: number, to: number): TextPart[] {
  const parts: TextPart[] = [];
  let at = from;
  for (const t of list) {
    if (t.key === null || t.start < from || t.end > to) continue;
    if (t.start > at) parts.push({ text: text.slice(at, t.start), hit: false });
    parts.push({ text: text.slice(t.start, t.end), hit: true });
    at = t.end;
  }
  if (at < to) parts.push({ text: text.slice(at, to), hit: false });
  return parts;
}

/** The whole text with the query's words marked (for headlines). */
export function highlight(text: string, words: readonly string[]): TextPart[] {
  return partsOf(text, tokens(text, wantedKeys(words)), 0, text.length);
}

/**
 * About `span` words of `text` around the stretch with the most different query words (the
 * earliest of equals), or its opening words when none is found.
 */
export function snippet(text: string, words: readonly string[], span = 32): Snippet {
  const list = tokens(text, wantedKeys(words));
  if (list.length === 0) return { parts: [], cutBefore: false, cutAfter: false };
  // The window of `span` words with the most different query words, slid along once.
  const inWindow = new Map<string, number>();
  const enter = (t: Token | undefined, by: number) => {
    if (!t || t.key === null) return;
    const n = (inWindow.get(t.key) ?? 0) + by;
    if (n === 0) inWindow.delete(t.key);
    else inWindow.set(t.key, n);
  };
  for (let j = 0; j < Math.min(span, list.length); j++) enter(list[j], 1);
  let best = 0;
  let bestScore = inWindow.size;
  for (let i = 1; i + span <= list.length; i++) {
    enter(list[i - 1], -1);
    enter(list[i + span - 1], 1);
    // Only a window that opens on a hit can beat the earliest one with as many.
    if (list[i]!.key !== null && inWindow.size > bestScore) {
      bestScore = inWindow.size;
      best = i;
    }
  }
  if (bestScore > 0 && list[best]!.key === null) best = list.findIndex((t) => t.key !== null);
  // A few words of lead-in before the first hit, so the excerpt does not open on it.
  const first = Math.max(0, best - (bestScore > 0 ? 4 : 0));
  const last = Math.min(list.length, first + span) - 1;
  const from = first === 0 ? 0 : list[first]!.start;
  const to = last === list.length - 1 ? text.length : list[last]!.end;
  return { parts: partsOf(text, list, from, to), cutBefore: from > 0, cutAfter: to < text.length };
}

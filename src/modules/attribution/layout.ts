// The text's sentences and words, with their offsets. A quotation is never cut: a sentence
// that holds a quote runs on past the quote's own full stops ("“We go. Now,” she said.").
import { paragraphRanges, type Quote } from './quotes.ts';

export interface Sentence {
  start: number;
  end: number;
  paragraph: number;
}

export interface Token {
  text: string;
  start: number;
  end: number;
  /** Begins with a capital letter. */
  cap: boolean;
  /** A word (letters or digits), not a mark. */
  word: boolean;
}

// Words before a full stop that does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'gov', 'sen', 'rep', 'st', 'jr', 'sr', 'gen', 'col', 'lt', 'sgt', 'capt', 'prof',
  'inc', 'co', 'corp', 'ltd', 'vs', 'mt', 'ft', 'adm', 'cmdr', 'maj', 'rev', 'hon', 'pres', 'supt', 'det',
  'insp', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'no', 'u.s', 'u.k', 'u.n',
  'a.m', 'p.m', 'e.g', 'i.e', 'etc', 'approx', 'dept', 'univ', 'ave', 'blvd', 'sens', 'reps', 'govs',
]);

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:[’'.\-&][\p{L}\p{M}\p{N}]+)*|\S/gu;

export function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(TOKEN)) {
    const t = m[0];
    const start = from + m.index;
    tokens.push({ text: t, start, end: start + t.length, cap: /^\p{Lu}/u.test(t), word: /^[\p{L}\p{N}]/u.test(t) });
  }
  return tokens;
}

function endsAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && /[\p{L}.]/u.test(text[s - 1]!)) s--;
  const word = text.slice(s, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return true;
  // An initial: "J. Smith".
  return /^\p{Lu}$/u.test(text.slice(s, dot));
}

/** Sentences, cut at . ! ? before a capital (or an opening mark), and at every line end outside a quote. */
export function splitSentences(text: string, quotes: Quote[]): Sentence[] {
  const sentences: Sentence[] = [];
  const paragraphs = paragraphRanges(text);
  let q = 0;
  let p = 0;
  let start = -1;
  const close = (end: number) => {
    let e = end;
    while (e > start && /\s/.test(text[e - 1]!)) e--;
    if (start >= 0 && e > start) sentences.push({ start, end: e, paragraph: p });
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    while (p < paragraphs.length - 1 && i >= paragraphs[p + 1]![0] && start < 0) p++;
    const c = text[i]!;
    if (start < 0) {
      if (/\s/.test(c)) continue;
      start = i;
    }
    while (q < quotes.length && quotes[q]!.end <= i) q++;
    const quote = quotes[q];
    if (quote && quote.start === i) {
      // Inside a quote nothing ends the sentence; after it, a quote that ended with its own
      // full stop ends it when a capital follows.
      i = quote.end - 1;
      const last = text.slice(quote.start, quote.end).replace(/[\s"“”„«»‹›‘’']+$/u, '').at(-1) ?? '';
      const rest = text.slice(quote.end, quote.end + 3);
      if (/[.!?]/.test(last) && /^\s+[\p{Lu}“"„«»‹›‚]/u.test(rest)) close(quote.end);
      continue;
    }
    if (c === '\n') {
      close(i);
      continue;
    }
    if (c === '.' || c === '!' || c === '?') {
      let j = i + 1;
      while (j < text.length && /[”"’')\]»]/.test(text[j]!)) j++;
      const next = text.slice(j, j + 3);
      if (j === text.length || (/^\s+[\p{Lu}“"„«»‹›‚‘(\d]/u.test(next) && !(c === '.' && endsAbbreviation(text, i)))) {
        close(j);
        i = j - 1;
      }
    }
  }
  close(text.length);
  return sentences;
}

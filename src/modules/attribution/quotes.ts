// Quotations in a text: the spans between paired marks, in English (“…” "…" ‘…’), German and
// other languages („…“ »…« «…» ‹…›). A quote left open at the end of a paragraph goes on when the
// next paragraph opens with the same mark (the newspaper convention for a quote running over
// several paragraphs); otherwise it ends with its paragraph.

export interface QuotePart {
  /** The opening mark. */
  start: number;
  /** Just after the closing mark (or the paragraph's last character when it was left open). */
  end: number;
}

export interface Quote {
  start: number;
  end: number;
  parts: QuotePart[];
}

// For each opening mark, the marks that can close it.
const CLOSERS: Record<string, string> = {
  '“': '”“', // “…” (English), and “…“ typed by mistake
  '„': '“”', // „…“ (German, Czech), „…” (Polish, Hungarian)
  '«': '»', // «…» (French, Russian, Spanish)
  '»': '«', // »…« (German books, Danish)
  '‹': '›',
  '›': '‹',
  '"': '"',
  '‘': '’',
  '‚': '‘’',
  '”': '”“', // a closing mark used to open (it happens in copy)
};

const DOUBLE_MARKS = /["“”„«»]/;
const LETTER = /[\p{L}\p{N}]/u;
const SPACE_OR_OPENING = /[\s([{\-–—/]/;

function before(text: string, i: number): string {
  return i > 0 ? text[i - 1]! : ' ';
}
function after(text: string, i: number): string {
  return i + 1 < text.length ? text[i + 1]! : ' ';
}

/** Whether the mark at i opens a quote (it sits before a word, after a space or an opening bracket). */
function opensAt(text: string, i: number, singles: boolean): boolean {
  const mark = text[i]!;
  const prev = before(text, i);
  const next = after(text, i);
  if (/\s/.test(next)) return false;
  switch (mark) {
    case '“': case '„': case '«': case '‹':
      return true;
    case '»': case '›': case '”':
      return SPACE_OR_OPENING.test(prev) && LETTER.test(next);
    case '"':
      return SPACE_OR_OPENING.test(prev) || i === 0;
    case '‘': case '‚':
      return singles && (SPACE_OR_OPENING.test(prev) || i === 0);
    default:
      return false;
  }
}

/** Whether the mark at i can close a quote opened by `opener`. */
function closesAt(text: string, i: number, opener: string): boolean {
  const mark = text[i]!;
  if (!CLOSERS[opener]!.includes(mark)) return false;
  // An apostrophe inside a word (don’t, Trump’s) closes no single quote.
  if ((mark === '’' || mark === '‘') && LETTER.test(before(text, i)) && LETTER.test(after(text, i))) return false;
  if (opener === '‘' && mark === '’' && LETTER.test(after(text, i))) return false;
  return true;
}

interface Open {
  mark: string;
  parts: QuotePart[];
  start: number;
}

/** Every quotation in `text`, in order. Nested quotes belong to the quote around them. */
export function findQuotes(text: string): Quote[] {
  const quotes: Quote[] = [];
  const paragraphs = paragraphRanges(text);
  let open: Open | null = null;
  for (let p = 0; p < paragraphs.length; p++) {
    const [from, to] = paragraphs[p]!;
    const paragraph = text.slice(from, to);
    // Single marks are quotes only where a paragraph has no double ones (British style,
    // headlines); inside double quotes they are the quote within the quote.
    const singles = !DOUBLE_MARKS.test(paragraph);
    for (let i = from; i < to; i++) {
      const c = text[i]!;
      if (open) {
        if (closesAt(text, i, open.mark)) {
          open.parts.push({ start: open.start, end: i + 1 });
          quotes.push({ start: open.parts[0]!.start, end: i + 1, parts: open.parts });
          open = null;
        }
      } else if (c in CLOSERS && opensAt(text, i, singles)) {
        open = { mark: c, parts: [], start: i };
      }
    }
    if (open) {
      const next = paragraphs[p + 1];
      const nextOpens = next !== undefined && text[next[0]] === open.mark;
      const end = trimEnd(text, open.start, to);
      if (nextOpens && end > open.start + 1) {
        // The quote runs on into the next paragraph, which opens with the mark again.
        open.parts.push({ start: open.start, end });
        open.start = next[0];
        // Skip the next paragraph's opening mark: the loop would read it as a new quote.
        paragraphs[p + 1] = [next[0] + 1, next[1]];
      } else {
        if (end > open.start + 1) {
          open.parts.push({ start: open.start, end });
          quotes.push({ start: open.parts[0]!.start, end, parts: open.parts });
        } else if (open.parts.length) {
          quotes.push({ start: open.parts[0]!.start, end: open.parts.at(-1)!.end, parts: open.parts });
        }
        open = null;
      }
    }
  }
  return quotes;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** [start, end) of each non-empty line. */
export function paragraphRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let s = start;
      while (s < i && /\s/.test(text[s]!)) s++;
      if (s < i) ranges.push([s, trimEnd(text, s, i)]);
      start = i + 1;
    }
  }
  return ranges;
}

/** The number of words between a quote's marks. */
export function quoteWords(text: string, quote: Quote): number {
  let words = 0;
  for (const part of quote.parts) words += text.slice(part.start, part.end).match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
  return words;
}

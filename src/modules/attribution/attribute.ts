// Who said what in a text: each quotation and reported statement with its cue, the words that
// name its speaker and the speaker they resolve to (issue #16, decision 0021). Rules over the
// text's sentences, quotes and words; no model, nothing fetched.
import { cueOf, isSpeechCue, type Cue } from './cues.ts';
import { splitSentences, tokenize, type Sentence, type Token } from './layout.ts';
import { mentionAfter, mentionBefore, type Mention } from './mentions.ts';
import { findQuotes, quoteWords, type Quote } from './quotes.ts';
import { SpeakerBook } from './speakers.ts';
import type { Attribution, AttributionKind, Span, Speaker, Stance } from './types.ts';

/** The last quote attributed, which a quote standing alone after it may continue. */
interface Previous {
  attribution: Attribution;
  sentence: number;
  paragraph: number;
}

/** A cue with the speaker named beside it. */
interface Frame {
  cue: Span;
  stance: Stance;
  mention: Mention | null;
  /** Token index just after the cue (and its hearer, for "told reporters"). */
  after: number;
  /** Token index of the frame's first token (speaker or cue). */
  first: number;
  cueIndex: number;
  entry: Cue | null;
  /** Already resolved (a quote that goes on from the one before it). */
  resolved?: Speaker | null;
}

// After a cue and before the words it introduces: "told reporters on Monday that".
const HEARER_WORDS = new Set(['reporters', 'journalists', 'me', 'us', 'him', 'her', 'them', 'the', 'a', 'an', 'his', 'her', 'their', 'supporters', 'voters', 'lawmakers', 'listeners', 'viewers', 'audience', 'crowd']);
const TIME_OPENERS = new Set(['on', 'in', 'at', 'during', 'last', 'this', 'late', 'early', 'earlier', 'later', 'yesterday', 'today', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'recently', 'previously', 'afterward', 'afterwards', 'again', 'also', 'repeatedly', 'publicly', 'privately', 'separately', 'flatly', 'simply', 'then', 'once', 'via', 'through', 'while', 'when', 'after', 'before', 'to', 'with']);
// Where something was said: "said in a statement", "wrote on Twitter".
const SETTING_WORDS = new Set(['statement', 'interview', 'letter', 'speech', 'tweet', 'post', 'email', 'conference', 'briefing', 'rally', 'press', 'news', 'debate', 'video', 'message', 'remarks', 'hearing', 'phone', 'call', 'podcast', 'show', 'program', 'programme', 'broadcast', 'appearance', 'event', 'town', 'hall', 'meeting', 'written', 'prepared', 'emailed', 'released', 'joint', 'the', 'a', 'an', 'his', 'her', 'their', 'its', 'of', 'for', 'morning', 'evening', 'afternoon', 'night', 'week', 'month', 'year', 'ago', 'earlier', 'later']);
const CLAUSE_OPENERS = new Set(['the', 'a', 'an', 'he', 'she', 'they', 'it', 'we', 'i', 'you', 'there', 'this', 'that', 'these', 'those', 'his', 'her', 'their', 'its', 'our', 'no', 'some', 'many', 'most', 'all', 'every', 'any', 'each', 'more', 'only', 'nobody', 'none', 'nothing', 'everyone', 'if', 'what', 'how', 'why', 'whether']);

function span(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

function cueAt(tokens: Token[], i: number): Cue | undefined {
  const t = tokens[i];
  if (!t || !t.word) return undefined;
  return cueOf(t.text);
}

/** "according to X": the cue's two words and the speaker after them. */
function accordingTo(tokens: Token[], text: string, i: number, ceiling: number): Frame | null {
  if (tokens[i]?.text.toLowerCase() !== 'according' || tokens[i + 1]?.text.toLowerCase() !== 'to') return null;
  const mention = mentionAfter(tokens, text, i + 2, ceiling) ?? describedUntilMark(tokens, text, i + 2, ceiling);
  if (!mention) return null;
  return { cue: span(text, tokens[i]!.start, tokens[i + 1]!.end), stance: 'reports', mention, after: mention.last + 1, first: i, cueIndex: i, entry: null };
}

/** After "according to", whatever is named up to the next mark: "harbour records", "court filings". */
function describedUntilMark(tokens: Token[], text: string, from: number, ceiling: number): Mention | null {
  let k = from;
  while (k < ceiling && k - from < 8 && tokens[k]!.word) k++;
  if (k === from) return null;
  const start = tokens[from]!.start;
  const end = tokens[k - 1]!.end;
  const words = text.slice(start, end);
  return { start, end, text: words, kind: 'description', name: words, role: null, type: 'unnamed', gender: null, plural: /s$/.test(words), first: from, last: k - 1 };
}

/** The cue at token i with its speaker, before it ("Peskov said") or after it ("said Peskov"). */
function frameAt(tokens: Token[], text: string, i: number, floor: number, ceiling: number, inverted: boolean): Frame | null {
  const according = accordingTo(tokens, text, i, ceiling);
  if (according) return according;
  const entry = cueAt(tokens, i);
  if (!entry) return null;
  const cue = span(text, tokens[i]!.start, tokens[i]!.end);
  const before = mentionBefore(tokens, text, i, floor);
  if (before) return { cue, stance: entry.stance, mention: before, after: i + 1, first: before.first, cueIndex: i, entry };
  if (inverted) {
    const afterMention = mentionAfter(tokens, text, i + 1, ceiling);
    if (afterMention) return { cue, stance: entry.stance, mention: afterMention, after: afterMention.last + 1, first: i, cueIndex: i, entry };
  }
  return null;
}

/** A frame that opens a stretch of text: `, Smith said`, `said the spokesman`, `— he told CNN`. */
function frameOpening(tokens: Token[], text: string): Frame | null {
  let k = 0;
  while (k < tokens.length && !tokens[k]!.word && /[,―—–\-:]/.test(tokens[k]!.text)) k++;
  const dashed = dashFrame(tokens, text, k);
  if (dashed) return dashed;
  // The cue within the next few words: a name with its role and apposition, then the verb.
  let depth = 0;
  for (let i = k; i < Math.min(tokens.length, k + 16); i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    // Marks inside a name and its apposition ("Mr. Podesta", "Smith, the mayor,", "(D-Mo.)") are read on.
    if (!t.word && depth === 0 && !(t.text === '.' && i > k && /^\p{Lu}[\p{L}]{0,3}$/u.test(tokens[i - 1]!.text)) && !/[,()]/.test(t.text)) break;
    if (!t.word) continue;
    const f = frameAt(tokens, text, i, k, tokens.length, true);
    if (!f) continue;
    // Only a name may stand between the quote and its frame, not a clause of its own.
    const lead = tokens.slice(k, f.first);
    return lead.length <= 4 && lead.every((x) => x.word && (x.cap || !/^(?:and|but|that|which|who|is|was|are|were|has|have|had)$/.test(x.text.toLowerCase()))) ? f : null;
  }
  return null;
}

/** "“…” — Pamela Padilla": a quote signed with a dash and a name that ends the sentence. */
function dashFrame(tokens: Token[], text: string, k: number): Frame | null {
  if (k === 0 || !/[―—–]/.test(tokens[k - 1]!.text)) return null;
  const words = tokens.slice(k).filter((t) => t.word);
  if (!words.length || words.length > 6 || !words.every((t) => t.cap || /^(?:de|da|van|von|la|le|del|di)$/.test(t.text))) return null;
  const mention = mentionAfter(tokens, text, k);
  if (!mention || mention.kind !== 'name') return null;
  const dash = tokens[k - 1]!;
  return { cue: span(text, dash.start, dash.end), stance: 'asserts', mention, after: mention.last + 1, first: k - 1, cueIndex: k - 1, entry: null };
}

/** A frame that closes a stretch before a quote: `Smith said:`, `He told reporters,`, `Peskov said that`. */
function frameClosing(tokens: Token[], text: string): Frame | null {
  let end = tokens.length;
  while (end > 0 && !tokens[end - 1]!.word && /[,:;—–-]/.test(tokens[end - 1]!.text)) end--;
  if (end > 0 && tokens[end - 1]!.text.toLowerCase() === 'that') end--;
  // Up to six words may stand between the cue and the quote: "told CNN on Monday".
  for (let i = end - 1; i >= Math.max(0, end - 8); i--) {
    const entry = cueAt(tokens, i);
    if (!entry && tokens[i]!.text.toLowerCase() !== 'according') continue;
    const f = frameAt(tokens, text, i, 0, end, true);
    if (!f) return null;
    // What stands between must be hearer or time words, not the start of a clause.
    const between = tokens.slice(f.after, end);
    if (between.some((t) => !t.word && t.text !== ',')) return null;
    // "wrote to parents", "said to the crowd": whoever follows "to" is the hearer.
    const to = between.findIndex((t) => t.text.toLowerCase() === 'to');
    const hearerEnd = to >= 0 ? Math.min(between.length, to + 4) : -1;
    if (between.length > 6 || between.some((t, n) => !(n > to && n < hearerEnd) && t.word && !t.cap && !SETTING_WORDS.has(t.text.toLowerCase()) && !TIME_OPENERS.has(t.text.toLowerCase()) && !HEARER_WORDS.has(t.text.toLowerCase()))) return null;
    if (between.length > 0 && entry && !entry.hearer && !TIME_OPENERS.has(between[0]!.text.toLowerCase()) && !(between[0]!.cap && between.length <= 2)) return null;
    return f;
  }
  return null;
}

/** A cue with a speaker anywhere in a stretch: the frame of a paraphrase ("X said the plan was …"). */
function frameInside(tokens: Token[], text: string, clauseOnly: boolean): Frame | null {
  for (let i = 0; i < tokens.length; i++) {
    const entry = cueAt(tokens, i);
    if (entry && clauseOnly && !entry.clause) continue;
    const f = frameAt(tokens, text, i, 0, tokens.length, false);
    if (f) return f;
  }
  return null;
}

/** Where the reported words start after a frame: "that …", or the first word of a clause. */
function contentStart(tokens: Token[], frame: Frame, limit = 10): number {
  let k = frame.after;
  if (frame.entry?.hearer) {
    // Skip the hearer: "told reporters", "told CNN", "warned the council".
    while (k < tokens.length && k - frame.after < 4 && tokens[k]!.word && tokens[k]!.text.toLowerCase() !== 'that' && (HEARER_WORDS.has(tokens[k]!.text.toLowerCase()) || tokens[k]!.cap)) k++;
  }
  for (let i = k; i < Math.min(tokens.length, k + limit); i++) {
    if (tokens[i]!.text.toLowerCase() === 'that') return i;
  }
  while (k < tokens.length && tokens[k]!.text === ',') k++;
  const t = tokens[k];
  if (!t || !t.word) return -1;
  const l = t.text.toLowerCase();
  if (TIME_OPENERS.has(l)) return -1;
  if (CLAUSE_OPENERS.has(l) || t.cap || /^\d/.test(l)) return k;
  return -1;
}

function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s.;:,!?]/.test(text[e - 1]!)) e--;
  return e;
}

export function attribute(text: string): Attribution[] {
  const quotes = findQuotes(text);
  const sentences = splitSentences(text, quotes);
  const book = new SpeakerBook(text, sentences, quotes);
  const found: Attribution[] = [];
  let previous: Previous | null = null;
  let pending: Frame | null = null;
  let q = 0;

  const make = (kind: AttributionKind, content: Span, parts: Quote['parts'], frame: Frame | null, sentence: number, confidence: number): Attribution => {
    const speaker = frame?.resolved !== undefined ? frame.resolved : frame?.mention ? book.resolve(frame.mention, sentence) : null;
    const source = frame?.mention ? span(text, frame.mention.start, frame.mention.end) : null;
    return {
      kind, content, parts: parts.map((p) => span(text, p.start, p.end)), cue: frame?.cue ?? null, source, speaker,
      stance: frame?.stance ?? null, confidence: frame?.mention ? confidence : Math.min(confidence, 0.3),
    };
  };
  // A quote standing alone before a quote with its speaker named: it joins that quote.
  let carry: { start: number; parts: Quote['parts']; sentence: number; paragraph: number; words: number; frame: Frame | null } | null = null;
  const flush = () => {
    const c = carry;
    carry = null;
    if (c && (c.frame || c.words >= 6)) found.push(make('direct', span(text, c.start, c.parts.at(-1)!.end), c.parts, c.frame, c.sentence, c.frame ? 0.6 : 0.3));
  };
  const push = (a: Attribution, sentence: Sentence, index: number) => {
    const c = carry;
    if (c && a.kind === 'direct' && c.paragraph === sentence.paragraph && c.sentence === index - 1 && a.content.start === sentence.start) {
      a.content = span(text, c.start, a.content.end);
      a.parts.unshift(...c.parts.map((x) => span(text, x.start, x.end)));
      carry = null;
    }
    found.push(a);
    if (a.kind !== 'indirect') previous = { attribution: a, sentence: index, paragraph: sentence.paragraph };
  };

  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si]!;
    if (carry && carry.sentence < si - 1) flush();
    while (q < quotes.length && quotes[q]!.end <= s.start) q++;
    const inside: Quote[] = [];
    for (let k = q; k < quotes.length && quotes[k]!.start < s.end; k++) inside.push(quotes[k]!);
    const frameBefore = pending;
    pending = null;

    if (!inside.length) {
      const tokens = tokenize(text, s.start, s.end);
      const indirect = indirectIn(tokens, s);
      if (indirect) push(indirect, s, si);
      // "Smith said:" with the quote in the next sentence or paragraph.
      if (tokens.at(-1)?.text === ':' ) pending = frameClosing(tokens, text);
      continue;
    }

    // The stretches around the quotes: before the first, between each two, after the last.
    const gaps: Token[][] = [];
    gaps.push(tokenize(text, s.start, inside[0]!.start));
    for (let k = 1; k < inside.length; k++) gaps.push(tokenize(text, inside[k - 1]!.end, inside[k]!.start));
    gaps.push(tokenize(text, inside.at(-1)!.end, s.end));
    const lead = gaps[0]!;
    const leadWords = lead.filter((t) => t.word).length;

    let k = 0;
    while (k < inside.length) {
      const first = inside[k]!;
      const gapBefore = gaps[k]!;
      const wordsBefore = k === 0 ? leadWords : gapBefore.filter((t) => t.word).length;
      // Join quotes split by their cue: “…,” she said, “…” — and quotes that follow each other.
      let last = k;
      let frame: Frame | null = null;
      for (let m = k; m < inside.length; m++) {
        const after = gaps[m + 1]!;
        const f = frameOpening(after, text);
        if (f) {
          frame = f;
          last = m;
          const rest = after.slice(f.after);
          const restWords = rest.filter((t) => t.word).length;
          if (m + 1 < inside.length && restWords <= 3 && rest.every((t) => t.word || /[,:;—–-]/.test(t.text))) last = m + 1;
          break;
        }
        if (m + 1 < inside.length && after.filter((t) => t.word).length === 0) {
          last = m + 1;
          continue;
        }
        last = m;
        break;
      }
      const parts = inside.slice(k, last + 1).flatMap((x) => x.parts);
      const content = span(text, first.start, inside[last]!.end);
      const words = inside.slice(k, last + 1).reduce((n, x) => n + quoteWords(text, x), 0);

      if (wordsBefore > 1 || (k > 0 && wordsBefore > 0)) {
        // Words before the quote: a frame that introduces it ("Smith said:"), or a paraphrase.
        const closing = frameClosing(gapBefore, text);
        if (closing) {
          push(make('direct', content, parts, closing, si, 0.9), s, si);
        } else {
          const inner = frameInside(gapBefore, text, false);
          if (inner && inner.cue.start < first.start) {
            const tokens = gapBefore;
            const startIdx = contentStart(tokens, inner, 14);
            const start = startIdx >= 0 ? tokens[startIdx]!.start : tokens[inner.after]?.start ?? first.start;
            // A paraphrase runs to the end of its sentence, taking in every fragment quoted in it.
            const end = trimmedEnd(text, start, s.end);
            const all = inside.slice(k);
            push(make('mixed', span(text, start, Math.max(end, all.at(-1)!.end)), all.flatMap((x) => x.parts), inner, si, 0.75), s, si);
            k = inside.length;
            continue;
          } else if (frame) {
            // “…” fragments then the cue: "The plan is “a disaster,” Smith said."
            const start = k === 0 ? s.start : inside[k - 1]!.end;
            push(make(words >= 6 && wordsBefore <= 2 ? 'direct' : 'mixed', span(text, start, content.end), parts, frame, si, 0.75), s, si);
          } else if (trailingFrame(gaps.at(-1)!, text) && inside.length - 1 >= k) {
            const f = trailingFrame(gaps.at(-1)!, text)!;
            push(make('mixed', span(text, k === 0 ? s.start : inside[k - 1]!.end, f.comma), inside.slice(k).flatMap((x) => x.parts), f.frame, si, 0.7), s, si);
            k = inside.length;
            continue;
          } else if (words >= 8 && wordsBefore <= 3) {
            push(make('direct', content, parts, inheritFrame(previous, s, si), si, 0.5), s, si);
          }
          // Otherwise a title or scare quotes: nobody is quoted.
        }
      } else if (frame) {
        push(make('direct', content, parts, frame, si, 0.9), s, si);
      } else if (k === 0 && frameBefore) {
        push(make('direct', content, parts, frameBefore, si, 0.85), s, si);
      } else {
        // A quote standing alone: one named right after it ("“…” Smith said."), the quote before
        // it in the same paragraph going on, or the quote after it (“…” “…,” she said.).
        const nextFrame = bareFrame(sentences[si + 1], text, s);
        // (Read through a cast: TypeScript cannot see that push() assigns it.)
        const before = previous as Previous | null;
        const next = sentences[si + 1];
        if (nextFrame) {
          push(make('direct', content, parts, nextFrame, si, 0.75), s, si);
        } else if (k === 0 && before && before.attribution.kind === 'direct' && before.paragraph === s.paragraph && si - before.sentence <= 2) {
          const a = before.attribution;
          a.content = span(text, a.content.start, content.end);
          a.parts.push(...parts.map((x) => span(text, x.start, x.end)));
          before.sentence = si;
        } else if (k === 0 && last === inside.length - 1 && next && next.paragraph === s.paragraph && quotes.some((x) => x.start === next.start)) {
          carry = { start: content.start, parts, sentence: si, paragraph: s.paragraph, words, frame: inheritFrame(previous, s, si) };
        } else if (words >= 3) {
          const inherited = inheritFrame(previous, s, si);
          if (inherited || words >= 6 || isQuotedSentence(text, content)) push(make('direct', content, parts, inherited, si, inherited ? 0.6 : 0.3), s, si);
        }
      }
      k = last + 1;
    }
    if (carry && carry.sentence === si - 1) flush();
  }
  flush();
  return found.sort((a, b) => a.content.start - b.content.start);

  function indirectIn(tokens: Token[], s: Sentence): Attribution | null {
    // "According to X, …" / "…, according to X."
    for (let i = 0; i < tokens.length - 2; i++) {
      const f = accordingTo(tokens, text, i, tokens.length);
      if (!f) continue;
      if (i === 0) {
        const comma = tokens.findIndex((t, k) => k > f.after - 1 && t.text === ',');
        if (comma < 0 || comma + 1 >= tokens.length) return null;
        const start = tokens[comma + 1]!.start;
        return make('indirect', span(text, start, trimmedEnd(text, start, s.end)), [], f, sentences.indexOf(s), 0.6);
      }
      if (tokens[i - 1]!.text === ',') return make('indirect', span(text, s.start, tokens[i - 1]!.start), [], f, sentences.indexOf(s), 0.6);
      return null;
    }
    for (let i = 0; i < tokens.length; i++) {
      const entry = cueAt(tokens, i);
      if (!entry || !entry.clause || !isSpeechCue(entry) && entry.base !== 'believe' && entry.base !== 'think') continue;
      // "…, the minister said." or "…, said the minister."
      const f = frameAt(tokens, text, i, 0, tokens.length, true);
      if (!f || !f.mention) continue;
      const commaBefore = f.first > 1 && tokens[f.first - 1]!.text === ',';
      const tail = tokens.slice(f.after).filter((t) => t.word);
      if (commaBefore && (tail.length === 0 || TIME_OPENERS.has(tail[0]!.text.toLowerCase()) || tail.length <= 5 && tokens[f.after]?.text === ',')) {
        const end = tokens[f.first - 1]!.start;
        if (tokens.slice(0, f.first - 1).filter((t) => t.word).length < 4) continue;
        return make('indirect', span(text, s.start, end), [], f, sentences.indexOf(s), 0.6);
      }
      if (f.first !== f.mention.first) continue; // "said X" opening the sentence introduces nothing here
      const startIdx = contentStart(tokens, f);
      if (startIdx < 0) continue;
      const start = tokens[startIdx]!.start;
      const end = trimmedEnd(text, start, s.end);
      if (tokens.slice(startIdx).filter((t) => t.word).length < 4) continue;
      return make('indirect', span(text, start, end), [], f, sentences.indexOf(s), 0.6);
    }
    return null;
  }
}

/** A sentence's closing frame after a comma: "…, Warren said." (with at most a setting after it). */
function trailingFrame(tokens: Token[], text: string): { frame: Frame; comma: number } | null {
  for (let i = tokens.length - 1; i >= Math.max(1, tokens.length - 12); i--) {
    if (!cueAt(tokens, i)) continue;
    const f = frameAt(tokens, text, i, 0, tokens.length, true);
    if (!f || f.first < 1 || tokens[f.first - 1]!.text !== ',') return null;
    const tail = tokens.slice(f.after).filter((t) => t.word);
    if (tail.length > 5 || (tail.length && !TIME_OPENERS.has(tail[0]!.text.toLowerCase()))) return null;
    return { frame: f, comma: tokens[f.first - 1]!.start };
  }
  return null;
}

/** A quote that is a sentence of its own: a capital after the mark, a full stop (or ! ?) before the close. */
function isQuotedSentence(text: string, content: Span): boolean {
  return /^.[\p{Lu}]/u.test(content.text) && /[.!?][’'"”»«›‹“]?$/u.test(text.slice(content.start, content.end).trimEnd());
}

/** A sentence that is only a speaker and a cue ("Smith said."), naming the quote before it. */
function bareFrame(next: Sentence | undefined, text: string, current: Sentence): Frame | null {
  if (!next || next.paragraph !== current.paragraph) return null;
  const tokens = tokenize(text, next.start, next.end);
  if (tokens.filter((t) => t.word).length > 8) return null;
  const f = frameOpening(tokens, text);
  if (!f) return null;
  const rest = tokens.slice(f.after).filter((t) => t.word);
  return rest.length <= 4 ? f : null;
}

/** The frame of the quote just before, for a quote that goes on in the next sentence or paragraph. */
function inheritFrame(previous: Previous | null, s: Sentence, index: number): Frame | null {
  if (!previous) return null;
  const { attribution: a } = previous;
  if (!a.source || !a.cue) return null;
  if (s.paragraph - previous.paragraph > 1 || index - previous.sentence > 3) return null;
  return {
    cue: a.cue, stance: a.stance ?? 'asserts', after: 0, first: 0, cueIndex: 0, entry: null, resolved: a.speaker,
    mention: { start: a.source.start, end: a.source.end, text: a.source.text, kind: 'name', name: a.speaker?.name ?? a.source.text, role: a.speaker?.role ?? null, type: a.speaker?.type ?? 'person', gender: null, plural: false, first: 0, last: 0 },
  };
}

// Who a mention is: "Peskov" and "Mr. Peskov" are the "Kremlin spokesman Dmitry Peskov" named
// before; "he" is the person the nearest earlier sentence is about; "the spokesman" is whoever
// was given that role. What cannot be resolved stays what the text says ("a source in Ukrainian
// intelligence", an unnamed source).
import { tokenize, type Sentence, type Token } from './layout.ts';
import { mentionBefore, type Mention } from './mentions.ts';
import type { Quote } from './quotes.ts';
import type { Speaker, SpeakerType } from './types.ts';

interface Person {
  name: string;
  words: string[];
  type: SpeakerType;
  role: string | null;
  gender: 'm' | 'f' | null;
}

interface Sighting {
  person: Person;
  at: number;
  sentence: number;
}

const NOT_NAME_WORDS = new Set([
  'the', 'a', 'an', 'and', 'but', 'or', 'so', 'in', 'on', 'at', 'as', 'of', 'for', 'to', 'from', 'with', 'by',
  'after', 'before', 'when', 'while', 'if', 'this', 'that', 'his', 'her', 'their', 'its', 'it', 'he', 'she',
  'they', 'we', 'i', 'you', 'mr', 'mrs', 'ms', 'dr', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
  'september', 'october', 'november', 'december', 'there', 'what', 'who', 'why', 'how', 'yes', 'no',
]);
const ROLE_STOP = new Set(['the', 'a', 'an', 'of', 'for', 'in', 'and', 'at']);

export class SpeakerBook {
  private readonly people: Person[] = [];
  /** Every sighting of a person outside quotes, in text order. */
  private readonly sightings: Sighting[] = [];

  constructor(private readonly text: string, private readonly sentences: Sentence[], quotes: Quote[]) {
    this.readNames(quotes);
  }

  /** Names written outside quotes, so that a later "he" or "Peskov" has somebody to be. */
  private readNames(quotes: Quote[]): void {
    let q = 0;
    this.sentences.forEach((s, index) => {
      const tokens = tokenize(this.text, s.start, s.end);
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        while (q < quotes.length && quotes[q]!.end <= t.start) q++;
        if (quotes[q] && quotes[q]!.start <= t.start) continue;
        if (!t.cap || !t.word || NOT_NAME_WORDS.has(t.text.toLowerCase())) continue;
        let j = i;
        const words: string[] = [];
        while (j < tokens.length && tokens[j]!.cap && tokens[j]!.word && !NOT_NAME_WORDS.has(tokens[j]!.text.toLowerCase())) {
          words.push(tokens[j]!.text.replace(/[’']s$/, ''));
          if (/[’']s$/.test(tokens[j]!.text)) break;
          j++;
        }
        // One capital word at the head of a sentence is as likely a common word: only runs count there.
        if (words.length >= 2 || (i > 0 && words.length === 1 && words[0]!.length > 2)) {
          // Read as a speaker's mention would be, so titles become the role ("Coach Elena Varga").
          const m = mentionBefore(tokens, this.text, j, 0);
          const named = m && m.kind === 'name' && m.last === j - 1 && m.name ? m : null;
          const nameWords = named ? named.name.split(' ') : words;
          const role = named?.role ?? this.appositionRole(tokens, i, j);
          const person = this.find(nameWords) ?? (nameWords.length >= 2 ? this.add(nameWords, named?.type ?? 'person', role, named?.gender ?? null) : null);
          if (person) {
            if (role && !person.role) person.role = role;
            this.sightings.push({ person, at: t.start, sentence: index });
          }
        }
        i = j;
      }
    });
  }

  /** "The ministry’s spokesman, Arvid Holm, …": the description before a name set off by commas. */
  private appositionRole(tokens: Token[], i: number, j: number): string | null {
    if (tokens[i - 1]?.text !== ',' || (j < tokens.length && tokens[j]!.text !== ',')) return null;
    const d = mentionBefore(tokens, this.text, i - 1, 0);
    return d && d.kind === 'description' ? d.text.replace(/\s+/g, ' ') : null;
  }

  private add(words: string[], type: SpeakerType, role: string | null, gender: 'm' | 'f' | null): Person {
    const person: Person = { name: words.join(' '), words, type, role, gender };
    this.people.push(person);
    return person;
  }

  /** The person a name means: the same words, or a longer name ending (or starting) with them. */
  private find(words: string[]): Person | undefined {
    const name = words.join(' ');
    const exact = this.people.find((p) => p.name === name);
    if (exact) return exact;
    const last = words.at(-1)!;
    if (words.length === 1) return this.people.find((p) => p.words.length > 1 && (p.words.at(-1) === last || p.words[0] === last));
    return this.people.find((p) => p.words.length > words.length && p.name.endsWith(` ${name}`));
  }

  /** The speaker a mention at `sentence` means. */
  resolve(mention: Mention, sentence: number): Speaker | null {
    if (mention.kind === 'name') {
      const words = mention.name.split(' ').filter(Boolean);
      if (!words.length) return null;
      let person = this.find(words);
      if (!person) person = this.add(words, mention.type, mention.role, mention.gender);
      if (mention.role && !person.role) person.role = mention.role;
      if (mention.gender && !person.gender) person.gender = mention.gender;
      this.sightings.push({ person, at: mention.start, sentence });
      this.sightings.sort((a, b) => a.at - b.at);
      return speakerOf(person);
    }
    if (mention.kind === 'pronoun') {
      const word = mention.text.toLowerCase();
      if (word === 'i' || word === 'we') return null;
      const wanted: SpeakerType = word === 'it' || word === 'they' ? 'organisation' : 'person';
      const found = this.nearest(mention.start, sentence, (p) => {
        if (word === 'they') return true;
        if (p.type !== wanted) return false;
        return !(mention.gender && p.gender && mention.gender !== p.gender);
      }, word === 'they' ? (p) => p.type === 'organisation' : undefined);
      return found ? speakerOf(found) : null;
    }
    // A description: somebody given that role before, or an unnamed source.
    const words = mention.text.toLowerCase().split(/\s+/).filter((w) => !ROLE_STOP.has(w));
    const head = words.at(-1) ?? '';
    const hasRole = (s: Sighting) => !!s.person.role && s.person.role.toLowerCase().split(/\s+/).includes(head);
    // Whoever was given the role before; in a headline, whoever the story gives it to after.
    const byRole = [...this.sightings].reverse().find((s) => s.at < mention.start && hasRole(s)) ?? (sentence === 0 ? this.sightings.find((s) => s.at > mention.start && hasRole(s)) : undefined);
    if (byRole && !mention.plural) return speakerOf(byRole.person);
    if (mention.type === 'organisation') {
      const named = [...this.sightings].reverse().find((s) => s.at < mention.start && s.person.type === 'organisation' && s.person.words.some((w) => w.toLowerCase() === head));
      if (named) return speakerOf(named.person);
    }
    return { name: mention.text.replace(/\s+/g, ' '), type: mention.type === 'organisation' ? 'organisation' : 'unnamed', role: null };
  }

  /**
   * The person a pronoun at `at` points back to: the first fitting person of the nearest earlier
   * sentence that names one (a sentence's first name is most often its subject); the pronoun's own
   * sentence counts up to the pronoun.
   */
  private nearest(at: number, sentence: number, fits: (p: Person) => boolean, prefer?: (p: Person) => boolean): Person | null {
    for (let s = sentence; s >= Math.max(0, sentence - 6); s--) {
      const here = this.sightings.filter((x) => x.sentence === s && x.at < at && fits(x.person));
      if (!here.length) continue;
      const preferred = prefer ? here.find((x) => prefer(x.person)) : undefined;
      return (preferred ?? here[0]!).person;
    }
    return null;
  }
}

function speakerOf(p: Person): Speaker {
  return { name: p.name, type: p.type, role: p.role };
}

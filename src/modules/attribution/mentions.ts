// The words that name a speaker beside a cue: a pronoun ("he"), a name with the role the text
// gives it ("Kremlin spokesman Dmitry Peskov", "Smith, the mayor,"), or a description ("the
// spokesman", "a source in Ukrainian intelligence", "police"). Read from tokens, backwards from
// a cue ("… Peskov said") or forwards from it ("said Peskov").
import type { Token } from './layout.ts';
import type { SpeakerType } from './types.ts';

export interface Mention {
  start: number;
  end: number;
  text: string;
  kind: 'pronoun' | 'name' | 'description';
  /** For a name: its words without titles ("Mike Pence"); for a description: its words. */
  name: string;
  role: string | null;
  type: SpeakerType;
  gender: 'm' | 'f' | null;
  plural: boolean;
  /** Index of the mention's first and last token. */
  first: number;
  last: number;
}

const PRONOUNS: Record<string, { gender: 'm' | 'f' | null; plural: boolean; type: SpeakerType }> = {
  he: { gender: 'm', plural: false, type: 'person' },
  she: { gender: 'f', plural: false, type: 'person' },
  they: { gender: null, plural: true, type: 'person' },
  it: { gender: null, plural: false, type: 'organisation' },
  i: { gender: null, plural: false, type: 'person' },
  we: { gender: null, plural: true, type: 'person' },
};

// Titles written before a name: part of the role, not of the name.
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'gov', 'sen', 'rep', 'gen', 'col', 'lt', 'sgt', 'capt', 'prof', 'rev',
  'adm', 'maj', 'cmdr', 'hon', 'president', 'vice', 'prime', 'minister', 'secretary', 'chancellor', 'king',
  'queen', 'prince', 'princess', 'pope', 'judge', 'justice', 'mayor', 'sheriff', 'chief', 'senator', 'governor',
  'representative', 'speaker', 'attorney', 'general', 'director', 'commissioner', 'ambassador', 'spokesman',
  'spokeswoman', 'spokesperson', 'chairman', 'chairwoman', 'chair', 'councilman', 'councilwoman', 'detective',
  'officer', 'sergeant', 'lieutenant', 'captain', 'colonel', 'professor', 'deputy', 'superintendent', 'rabbi',
  'father', 'bishop', 'archbishop', 'sir', 'dame', 'lord', 'lady', 'former', 'acting', 'state', 'foreign',
  'defence', 'defense', 'interior', 'finance', 'health', 'education', 'sens', 'reps', 'govs', 'the',
  'clerk', 'marshal', 'coach', 'councillor', 'councilor', 'superintendent', 'principal', 'treasurer', 'trustee',
  'commander', 'inspector', 'constable', 'warden', 'ranger', 'pastor', 'reverend', 'dean', 'provost', 'editor',
  'auditor', 'assessor', 'alderman', 'alderwoman', 'delegate', 'assemblyman', 'assemblywoman', 'congressman',
  'congresswoman', 'fire', 'police', 'county', 'city', 'district', 'assistant', 'executive', 'head', 'senior',
  'coroner', 'magistrate', 'premier', 'emir', 'sheikh', 'ayatollah', 'imam', 'cardinal', 'minister’s',
]);
const FEMALE_TITLES = new Set(['mrs', 'ms', 'miss', 'queen', 'princess', 'dame', 'lady', 'spokeswoman', 'chairwoman', 'councilwoman']);
const MALE_TITLES = new Set(['mr', 'king', 'prince', 'sir', 'lord', 'spokesman', 'chairman', 'councilman', 'father', 'rabbi']);

// Capitalised words that open sentences and clauses but name nobody.
const NOT_NAMES = new Set([
  'the', 'a', 'an', 'and', 'but', 'or', 'so', 'yet', 'then', 'also', 'in', 'on', 'at', 'as', 'of', 'for', 'to',
  'from', 'with', 'by', 'after', 'before', 'when', 'while', 'if', 'though', 'although', 'because', 'since',
  'this', 'that', 'these', 'those', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'yesterday', 'today',
  'tomorrow', 'later', 'earlier', 'meanwhile', 'however', 'still', 'now', 'last', 'next', 'asked', 'speaking',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'there', 'here', 'it', 'he',
  'she', 'they', 'we', 'i', 'you', 'what', 'who', 'why', 'how', 'where', 'which', 'instead', 'indeed', 'even',
  'only', 'both', 'each', 'every', 'all', 'some', 'many', 'most', 'no', 'not', 'one', 'two', 'three', 'first',
  'finally', 'overall', 'separately', 'similarly', 'additionally', 'moreover', 'furthermore', 'like', 'unlike',
  'according', 'despite', 'during', 'until', 'without', 'within', 'about', 'among', 'under', 'over', 'into',
  'through', 'across', 'against', 'between', 'around', 'once', 'again', 'just', 'well', 'yes', 'oh', 'please',
]);

// Words in a name that make it an organisation's.
const ORGANISATION_WORDS = new Set([
  'ministry', 'department', 'office', 'agency', 'committee', 'council', 'party', 'campaign', 'commission',
  'police', 'court', 'bureau', 'service', 'services', 'institute', 'university', 'college', 'association',
  'union', 'company', 'inc', 'corp', 'co', 'ltd', 'group', 'times', 'post', 'news', 'journal', 'network',
  'kremlin', 'pentagon', 'congress', 'senate', 'house', 'parliament', 'government', 'administration',
  'foundation', 'center', 'centre', 'board', 'reuters', 'press', 'bank', 'fund', 'coalition', 'alliance',
  'federation', 'organization', 'organisation', 'authority', 'army', 'navy', 'force', 'forces', 'guard',
  'hospital', 'school', 'club', 'league', 'team', 'corporation', 'airlines', 'airline', 'motors', 'tribune',
  'herald', 'gazette', 'magazine', 'television', 'radio', 'poll', 'survey', 'trust', 'society', 'church',
  'cabinet', 'embassy', 'mission', 'secretariat', 'directorate', 'prosecutor’s', "prosecutor's", 'caucus',
]);

// Nouns that can head a description of a speaker: people and bodies that speak.
const PERSON_HEADS = new Set([
  'spokesman', 'spokeswoman', 'spokesperson', 'spokespeople', 'official', 'officials', 'source', 'sources',
  'minister', 'president', 'secretary', 'lawyer', 'lawyers', 'attorney', 'attorneys', 'aide', 'aides', 'adviser',
  'advisers', 'advisor', 'advisors', 'officer', 'officers', 'prosecutor', 'prosecutors', 'judge', 'senator',
  'governor', 'mayor', 'leader', 'leaders', 'chief', 'director', 'commissioner', 'representative', 'member',
  'members', 'critics', 'critic', 'supporters', 'supporter', 'voters', 'voter', 'people', 'observers',
  'organizers', 'organisers', 'researchers', 'researcher', 'scientists', 'scientist', 'economists', 'economist',
  'doctors', 'doctor', 'investigators', 'investigator', 'author', 'authors', 'analysts', 'analyst', 'experts',
  'expert', 'residents', 'resident', 'witnesses', 'witness', 'woman', 'man', 'mother', 'father', 'owner',
  'manager', 'chairman', 'chairwoman', 'candidate', 'nominee', 'lawmaker', 'lawmakers', 'legislators',
  'diplomat', 'diplomats', 'executive', 'executives', 'employee', 'employees', 'workers', 'worker', 'teacher',
  'teachers', 'student', 'students', 'parents', 'neighbor', 'neighbour', 'neighbors', 'neighbours', 'friend',
  'friends', 'colleague', 'colleagues', 'activist', 'activists', 'campaigners', 'protesters', 'strategist',
  'strategists', 'pollster', 'historian', 'professor', 'democrats', 'republicans', 'insiders', 'person',
  'commander', 'general', 'negotiators', 'envoy', 'ambassador', 'premier', 'chancellor', 'king', 'queen',
  'firefighters', 'paramedics', 'rescuers', 'deputies', 'troopers', 'sheriff', 'coroner', 'engineer',
]);
const BODY_HEADS = new Set([
  'police', 'ministry', 'department', 'government', 'agency', 'company', 'campaign', 'court', 'committee',
  'council', 'party', 'administration', 'union', 'group', 'organization', 'organisation', 'authorities',
  'military', 'army', 'statement', 'report', 'poll', 'survey', 'study', 'filing', 'letter', 'memo', 'document',
  'documents', 'website', 'newspaper', 'paper', 'station', 'network', 'office', 'board', 'firm', 'district',
  'county', 'city', 'state', 'team', 'club', 'school', 'university', 'hospital', 'service', 'white', 'kremlin',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'one', 'two', 'three', 'four', 'several', 'some', 'many', 'other', 'another', 'his', 'her', 'their', 'its', 'our', 'senior', 'top', 'both', 'most', 'few', 'more']);
// Words that end a description looking back: what comes before them is another phrase.
const STOP = new Set([
  'and', 'or', 'but', 'that', 'which', 'who', 'whom', 'whose', 'when', 'while', 'after', 'before', 'as', 'because',
  'if', 'than', 'though', 'although', 'since', 'where', 'what', 'is', 'was', 'were', 'are', 'be', 'been', 'has',
  'have', 'had', 'not', 'to', 'on', 'by', 'so', 'said', 'says', 'told', 'also', 'then', 'there',
]);
const PREPOSITIONS = new Set(['in', 'at', 'for', 'from', 'with', 'of', 'close', 'familiar', 'inside', 'within']);
// Words between a speaker and the cue: "Smith also said", "she later told", "he has said".
export const BETWEEN_SPEAKER_AND_CUE = new Set([
  'also', 'later', 'then', 'has', 'have', 'had', 'was', 'is', 'were', 'would', 'will', 'previously', 'repeatedly',
  'once', 'again', 'recently', 'often', 'never', 'did', 'does', 'do', 'just', 'since', 'further', 'earlier',
  'had', 'subsequently', 'first', 'herself', 'himself', 'themselves', 'itself', 'still', 'even', 'now', 'long',
]);

const ACRONYM = /^\p{Lu}[\p{Lu}\d&.-]+$/u;

function lower(t: Token | undefined): string {
  return t ? t.text.toLowerCase() : '';
}
export function isPronoun(t: Token | undefined): boolean {
  return !!t && t.word && Object.hasOwn(PRONOUNS, lower(t));
}
/** A capitalised word that can be part of a name (or an initial, or a title's abbreviation). */
function nameLike(t: Token | undefined): boolean {
  if (!t || !t.word) return false;
  if (t.cap) return !NOT_NAMES.has(lower(t)) || /^[A-Z]$/.test(t.text);
  return /^(?:de|da|van|von|der|den|bin|ibn|al|la|le|du|del|di|dos|el)$/.test(t.text);
}
function isPossessive(t: Token): boolean {
  return /[’']s$/.test(t.text) || /s[’']$/.test(t.text);
}

function typeOfName(words: string[]): SpeakerType {
  for (const w of words) {
    const l = w.toLowerCase();
    if (ORGANISATION_WORDS.has(l)) return 'organisation';
    if (ACRONYM.test(w) && w.length >= 2 && !/^[A-Z]\.$/.test(w) && !TITLES.has(l)) return 'organisation';
  }
  if (words.length === 2 && words[0] === 'White' && words[1] === 'House') return 'organisation';
  return 'person';
}

function build(tokens: Token[], text: string, first: number, last: number, nameFirst: number, kind: Mention['kind']): Mention {
  const span = tokens.slice(first, last + 1);
  const start = span[0]!.start;
  const end = span.at(-1)!.end;
  const mentionText = text.slice(start, end);
  if (kind === 'name') {
    // Titles at the head of the name run are role: "Gov. Mike Pence" → role "Gov.", name "Mike Pence".
    let n = nameFirst;
    const nameEnd = last;
    while (n < nameEnd && (TITLES.has(lower(tokens[n])) || PERSON_HEADS.has(lower(tokens[n])) || tokens[n]!.text === '.')) n++;
    const nameTokens = tokens.slice(n, nameEnd + 1).filter((t) => t.word && !/^\($/.test(t.text));
    // A title with no name ("Mayor calls …") describes somebody; it names nobody.
    if (nameTokens.every((t) => TITLES.has(lower(t)) || PERSON_HEADS.has(lower(t)))) return build(tokens, text, first, last, first, 'description');
    const roleTokens = tokens.slice(first, n).filter((t) => !DETERMINERS.has(lower(t)) || t.cap);
    const titles = tokens.slice(nameFirst, n).map(lower);
    const gender = titles.some((t) => FEMALE_TITLES.has(t)) ? 'f' : titles.some((t) => MALE_TITLES.has(t)) ? 'm' : null;
    const words = nameTokens.map((t) => t.text);
    const role = roleTokens.length ? text.slice(roleTokens[0]!.start, roleTokens.at(-1)!.end).replace(/\s+/g, ' ') : null;
    return { start, end, text: mentionText, kind, name: words.join(' '), role: role && role !== '.' ? role : null, type: typeOfName(words), gender, plural: false, first, last };
  }
  const head = lower(tokens[last]);
  const words = span.map((t) => t.text.toLowerCase());
  const body = words.some((w) => BODY_HEADS.has(w)) && !PERSON_HEADS.has(head);
  const plural = /s$/.test(head) && !/ss$/.test(head);
  return { start, end, text: mentionText, kind, name: mentionText.replace(/\s+/g, ' '), role: null, type: body ? 'organisation' : 'unnamed', gender: head.endsWith('woman') ? 'f' : head.endsWith('man') ? 'm' : null, plural, first, last };
}

/** A name run ending at token `end` (inclusive), as the index of its first token, or -1. */
function nameRunBack(tokens: Token[], end: number): number {
  let i = end;
  if (!nameLike(tokens[i]) || !tokens[i]!.cap) return -1;
  while (i > 0) {
    const prev = tokens[i - 1]!;
    if (prev.text === '.' && i > 1 && nameLike(tokens[i - 2]) && (TITLES.has(lower(tokens[i - 2])) || /^\p{Lu}$/u.test(tokens[i - 2]!.text))) {
      i -= 2;
      continue;
    }
    if (nameLike(prev) && !isPossessive(prev)) {
      i--;
      continue;
    }
    break;
  }
  // Titles and sentence openers at the front that are not names ("Yesterday Smith").
  while (i < end && tokens[i]!.cap && NOT_NAMES.has(lower(tokens[i]))) i++;
  return i;
}

/**
 * The speaker named just before token `cue` ("Kremlin spokesman Dmitry Peskov said"), with the
 * adverbs and auxiliaries between them skipped. `floor` is the first token it may use.
 */
export function mentionBefore(tokens: Token[], text: string, cue: number, floor = 0): Mention | null {
  let j = cue - 1;
  let skipped = 0;
  while (j >= floor && skipped < 3 && tokens[j]!.word && !tokens[j]!.cap && (BETWEEN_SPEAKER_AND_CUE.has(lower(tokens[j])) || /ly$/.test(lower(tokens[j])))) {
    j--;
    skipped++;
  }
  if (j < floor) return null;
  const last = j;
  // A parenthesis after the name: "Mike Pence (R-IN) said".
  if (tokens[j]!.text === ')') {
    let k = j - 1;
    while (k > floor && tokens[k]!.text !== '(' && j - k < 8) k--;
    if (tokens[k]?.text !== '(') return null;
    j = k - 1;
  }
  // An apposition: "Kerr Putney, the police chief, said" or "Smith, 45, said".
  let appositionRole: string | null = null;
  if (tokens[j]?.text === ',') {
    let k = j - 1;
    while (k > floor && tokens[k]!.text !== ',' && j - k < 16) k--;
    if (tokens[k]?.text !== ',' || k === j - 1) return null;
    const inner = tokens.slice(k + 1, j);
    if (inner.some((t) => STOP.has(lower(t)) && lower(t) !== 'and')) return null;
    appositionRole = text.slice(inner[0]!.start, inner.at(-1)!.end);
    const head = mentionBefore(tokens, text, k, floor);
    if (!head || head.kind === 'pronoun') return null;
    return { ...head, end: tokens[j]!.start, text: text.slice(head.start, tokens[j]!.start), role: head.role ?? appositionRole, last: j - 1 };
  }
  const t = tokens[j];
  if (!t || !t.word) return null;
  if (isPronoun(t)) {
    const p = PRONOUNS[lower(t)]!;
    // "told him", "asked her": a pronoun after a verb is its object, not a speaker.
    const prev = j > floor ? lower(tokens[j - 1]) : '';
    if (/(?:ed|told|asked|tell|ask)$/.test(prev) && lower(t) !== 'he' && lower(t) !== 'she') return null;
    return { start: t.start, end: t.end, text: t.text, kind: 'pronoun', name: t.text, role: null, type: p.type, gender: p.gender, plural: p.plural, first: j, last: j };
  }
  const nameStart = nameRunBack(tokens, j);
  if (nameStart >= floor && nameStart >= 0) {
    // Extend back over the role before the name: "Kremlin spokesman Dmitry Peskov".
    let first = nameStart;
    let steps = 0;
    while (first - 1 >= floor && steps < 6) {
      const prev = tokens[first - 1]!;
      if (!prev.word || STOP.has(lower(prev)) || PREPOSITIONS.has(lower(prev)) || isPronoun(prev)) break;
      if (DETERMINERS.has(lower(prev))) {
        first--;
        break;
      }
      if (prev.cap && NOT_NAMES.has(lower(prev))) break;
      if (/(?:ed|ing)$/.test(lower(prev)) && !prev.cap) break;
      first--;
      steps++;
    }
    // Keep a role only when it ends in a role word or title; else "Monday Smith" or a stray verb.
    if (first < nameStart && !TITLES.has(lower(tokens[nameStart - 1])) && !isHead(tokens[nameStart - 1]) && !tokens[nameStart - 1]!.cap) first = nameStart;
    const m = build(tokens, text, first, last, nameStart, 'name');
    return m.name ? m : null;
  }
  return descriptionBack(tokens, text, j, floor);
}

/** "the spokesman", "a source in Ukrainian intelligence", "officials", "Trump’s campaign". */
function descriptionBack(tokens: Token[], text: string, end: number, floor: number): Mention | null {
  let head = end;
  // A prepositional tail: "a source [in Ukrainian intelligence]", "a spokesman [for the ministry]".
  const afterArticle = tokens[end]!.word && !tokens[end]!.cap && !/ly$/.test(lower(tokens[end])) && !STOP.has(lower(tokens[end])) && ['the', 'a', 'an'].includes(lower(tokens[end - 1]));
  if (!isHead(tokens[head])) {
    let k = end - 1;
    while (k > floor && end - k < 6 && !PREPOSITIONS.has(lower(tokens[k])) && tokens[k]!.word && (!STOP.has(lower(tokens[k])) || lower(tokens[k]) === 'to')) k--;
    if (PREPOSITIONS.has(lower(tokens[k])) && isHead(tokens[k - 1])) head = k - 1;
    else if (!afterArticle) return null;
  }
  let first = head;
  let steps = 0;
  let determined = false;
  while (first - 1 >= floor && steps < 5) {
    const prev = tokens[first - 1]!;
    if (!prev.word || STOP.has(lower(prev)) || PREPOSITIONS.has(lower(prev))) break;
    if (DETERMINERS.has(lower(prev))) {
      first--;
      determined = true;
      break;
    }
    if (isPossessive(prev)) {
      // "the sheriff’s office": the possessive's own article belongs to the description.
      first -= first - 2 >= floor && DETERMINERS.has(lower(tokens[first - 2])) ? 2 : 1;
      determined = true;
      break;
    }
    if (isPronoun(prev) || /(?:ed|ing)$/.test(lower(prev))) break;
    first--;
    steps++;
  }
  const headWord = lower(tokens[head]);
  const bare = /s$/.test(headWord) || headWord === 'police' || headWord === 'people' || headWord === 'authorities';
  if (!determined && !bare && first === head) return null;
  return build(tokens, text, first, end, first, 'description');
}

function isHead(t: Token | undefined): boolean {
  if (!t || !t.word) return false;
  const l = lower(t);
  return PERSON_HEADS.has(l) || BODY_HEADS.has(l);
}

/** The speaker named just after a cue ("said Peskov", "said the spokesman", "said he"), up to `ceiling`. */
export function mentionAfter(tokens: Token[], text: string, from: number, ceiling = tokens.length): Mention | null {
  const t = tokens[from];
  if (!t || !t.word || from >= ceiling) return null;
  if (isPronoun(t) && lower(t) !== 'it' && lower(t) !== 'i') {
    const p = PRONOUNS[lower(t)]!;
    return { start: t.start, end: t.end, text: t.text, kind: 'pronoun', name: t.text, role: null, type: p.type, gender: p.gender, plural: p.plural, first: from, last: from };
  }
  // Read on to a mark or a word that starts another phrase; the mention ends at its last name or head.
  let k = from;
  let lastGood = -1;
  let lastName = -1;
  while (k < ceiling && k - from < 9) {
    const w = tokens[k]!;
    if (w.text === '.' && k > from && (TITLES.has(lower(tokens[k - 1])) || /^\p{Lu}$/u.test(tokens[k - 1]!.text))) {
      k++;
      continue;
    }
    if (!w.word) {
      if (w.text === '(') {
        const close = tokens.findIndex((x, i) => i > k && x.text === ')');
        if (close > 0 && close - k < 8 && lastName >= 0) {
          lastGood = close;
          k = close + 1;
          continue;
        }
      }
      break;
    }
    const l = lower(w);
    if (k > from && (STOP.has(l) || (PREPOSITIONS.has(l) && lastGood >= 0 && lastName < 0 && !isHead(tokens[k + 1])))) {
      if (!PREPOSITIONS.has(l) || lastName >= 0) break;
    }
    if (STOP.has(l) && k === from) return null;
    if (nameLike(w) && w.cap) {
      lastGood = k;
      lastName = k;
    } else if (isHead(w)) lastGood = k;
    else if (!w.cap && lastName >= 0) break;
    k++;
  }
  if (lastGood < 0) return null;
  if (lastName >= 0 && lastName === lastGood) {
    const nameStart = nameRunBack(tokens, lastName);
    const first = Math.max(from, DETERMINERS.has(lower(tokens[from])) && !tokens[from]!.cap ? from + 1 : from);
    const m = build(tokens, text, first, lastName, Math.max(first, nameStart), 'name');
    return m.name ? m : null;
  }
  if (!DETERMINERS.has(lower(t)) && !isHead(t) && !/^\p{Lu}/u.test(t.text) && !/s$/.test(lower(tokens[lastGood]))) return null;
  return build(tokens, text, from, lastGood, from, 'description');
}

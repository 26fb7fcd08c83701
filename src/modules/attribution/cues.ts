// The words that introduce what somebody said (cues), each with the stance it gives the speaker.
// Forms are generated from the base verb with English's regular endings; irregular forms are
// listed. A cue that can take a clause ("said that …") may also introduce indirect speech.
import type { Stance } from './types.ts';

interface CueEntry {
  stance: Stance;
  /** Takes a reported clause without quotation marks (said that …, warned the …). */
  clause: boolean;
  /** Takes a hearer before the clause (told reporters that …). */
  hearer?: boolean;
}

const VERBS: Record<string, CueEntry> = {
  say: { stance: 'asserts', clause: true }, tell: { stance: 'asserts', clause: true, hearer: true },
  add: { stance: 'asserts', clause: true }, state: { stance: 'asserts', clause: true },
  explain: { stance: 'asserts', clause: true }, note: { stance: 'asserts', clause: true },
  write: { stance: 'asserts', clause: true }, continue: { stance: 'asserts', clause: false },
  recall: { stance: 'asserts', clause: true }, reply: { stance: 'asserts', clause: true },
  respond: { stance: 'asserts', clause: false }, answer: { stance: 'asserts', clause: false },
  tweet: { stance: 'asserts', clause: true }, post: { stance: 'asserts', clause: false },
  remark: { stance: 'asserts', clause: true }, observe: { stance: 'asserts', clause: true },
  stress: { stance: 'asserts', clause: true }, emphasize: { stance: 'asserts', clause: true },
  emphasise: { stance: 'asserts', clause: true }, quip: { stance: 'asserts', clause: true },
  joke: { stance: 'asserts', clause: true }, shout: { stance: 'asserts', clause: false },
  testify: { stance: 'asserts', clause: true }, inform: { stance: 'asserts', clause: true, hearer: true },
  assure: { stance: 'asserts', clause: true, hearer: true }, remind: { stance: 'asserts', clause: true, hearer: true },
  indicate: { stance: 'asserts', clause: true }, reveal: { stance: 'asserts', clause: true },
  mention: { stance: 'asserts', clause: true },
  deny: { stance: 'denies', clause: true }, reject: { stance: 'denies', clause: false },
  refute: { stance: 'denies', clause: false }, dispute: { stance: 'denies', clause: true },
  dismiss: { stance: 'dismisses', clause: false }, scoff: { stance: 'dismisses', clause: false },
  warn: { stance: 'warns', clause: true, hearer: true }, caution: { stance: 'warns', clause: true },
  confirm: { stance: 'confirms', clause: true }, acknowledge: { stance: 'confirms', clause: true },
  admit: { stance: 'confirms', clause: true }, concede: { stance: 'confirms', clause: true },
  agree: { stance: 'confirms', clause: true }, read: { stance: 'asserts', clause: false },
  accuse: { stance: 'accuses', clause: false }, charge: { stance: 'accuses', clause: true },
  allege: { stance: 'accuses', clause: true }, blame: { stance: 'accuses', clause: false },
  complain: { stance: 'accuses', clause: true },
  claim: { stance: 'claims', clause: true }, insist: { stance: 'claims', clause: true },
  argue: { stance: 'claims', clause: true }, maintain: { stance: 'claims', clause: true },
  contend: { stance: 'claims', clause: true }, assert: { stance: 'claims', clause: true },
  boast: { stance: 'claims', clause: true }, counter: { stance: 'claims', clause: true },
  suggest: { stance: 'claims', clause: true }, declare: { stance: 'announces', clause: true },
  ask: { stance: 'asks', clause: false }, wonder: { stance: 'asks', clause: false },
  promise: { stance: 'promises', clause: true }, vow: { stance: 'promises', clause: true },
  pledge: { stance: 'promises', clause: true },
  praise: { stance: 'praises', clause: false }, laud: { stance: 'praises', clause: false },
  criticize: { stance: 'criticises', clause: false }, criticise: { stance: 'criticises', clause: false },
  blast: { stance: 'criticises', clause: false }, slam: { stance: 'criticises', clause: false },
  attack: { stance: 'criticises', clause: false }, condemn: { stance: 'criticises', clause: false },
  announce: { stance: 'announces', clause: true }, predict: { stance: 'predicts', clause: true },
  forecast: { stance: 'predicts', clause: true }, estimate: { stance: 'predicts', clause: true },
  urge: { stance: 'urges', clause: false }, demand: { stance: 'urges', clause: true },
  report: { stance: 'reports', clause: true }, conclude: { stance: 'reports', clause: true },
  believe: { stance: 'believes', clause: true }, think: { stance: 'believes', clause: true },
  describe: { stance: 'asserts', clause: false }, call: { stance: 'asserts', clause: false },
  brand: { stance: 'accuses', clause: false }, label: { stance: 'accuses', clause: false },
};

const IRREGULAR: Record<string, string[]> = {
  say: ['said', 'says', 'saying'], tell: ['told', 'tells', 'telling'],
  write: ['wrote', 'writes', 'writing', 'written'], read: ['reads', 'reading'], think: ['thought', 'thinks', 'thinking'],
};

function regularForms(base: string): string[] {
  const stem = base.endsWith('e') ? base.slice(0, -1) : base;
  const doubled = /^(?:slam|quip|admit|scoff)$/.test(base) ? base + base.at(-1) : null;
  const ied = /[^aeiou]y$/.test(base) ? base.slice(0, -1) + 'ied' : null;
  const ies = /[^aeiou]y$/.test(base) ? base.slice(0, -1) + 'ies' : null;
  return [
    base,
    ies ?? (/(?:s|sh|ch|x)$/.test(base) ? `${base}es` : `${base}s`),
    ied ?? (doubled ? `${doubled}ed` : base.endsWith('e') ? `${base}d` : `${base}ed`),
    (doubled ?? stem) + 'ing',
  ];
}

export interface Cue extends CueEntry {
  base: string;
}

const FORMS = new Map<string, Cue>();
for (const [base, entry] of Object.entries(VERBS)) {
  for (const form of IRREGULAR[base] ? [base, ...IRREGULAR[base]] : regularForms(base)) FORMS.set(form, { base, ...entry });
}

/** The cue a single word is, in any of its forms ("said", "warns"), or undefined. */
export function cueOf(word: string): Cue | undefined {
  return FORMS.get(word.toLowerCase());
}

/** Cues a quotation mark directly after them opens: "said:", "wrote:" are the commonest. */
export function isSpeechCue(cue: Cue): boolean {
  return cue.base !== 'believe' && cue.base !== 'think' && cue.base !== 'call' && cue.base !== 'describe';
}

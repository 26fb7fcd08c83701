// Moderation decisions are stored as codes with their facts ({phase, action, code, meta}); the
// sentence a writer or moderator reads is rendered from them here, so the desk can filter and
// count by reason and the wording can change without touching stored rows.
type Meta = Record<string, string | number>;

const when = (iso: string | number) => new Date(String(iso)).toUTCString().replace(' GMT', ' UTC');
const quoted = (words: string | number) =>
  String(words)
    .split('\n')
    .map((w) => `"${w}"`)
    .join(', ');

const TEXT = {
  EMPTY: () => 'Write something before posting.',
  TOO_LONG: (m: Meta) => `Comments can be up to ${m.max} characters; this one has ${m.size}.`,
  STORY_NOT_OPEN: () => 'This story is not open for comments.',
  COMMENTS_CLOSED: () => 'Comments are closed on this story.',
  WRITER_BANNED: () => 'Your account is banned from commenting.',
  WRITER_SUSPENDED: (m: Meta) => `Your account is suspended from commenting until ${when(m.until ?? '')}.`,
  WRITER_PREMOD: () => 'A moderator reviews every comment from this account.',
  EMAIL_UNVERIFIED: () => 'Confirm your email address before you comment: open the link we sent you, or send it again from your account page.',
  RATE_LIMITED: (m: Meta) => `You are commenting very quickly. Try again in ${m.wait} seconds.`,
  SLOW_MODE: (m: Meta) => `Slow mode is on for this story: one comment every ${m.seconds} seconds. Try again in ${m.wait} seconds.`,
  FORM_UNREADABLE: () => 'Part of the comment could not be read. Please try again.',
  REPLY_PARENT_GONE: () => 'The comment you are replying to is no longer available.',
  REPEATED: () => 'You posted this same comment a few minutes ago.',
  BANNED_WORDS: (m: Meta) => `Your comment uses language our community guidelines do not allow (${quoted(m.words ?? '')}).`,
  TOXICITY_SCORE: (m: Meta) => `Toxicity ${Number(m.score).toFixed(2)} (${m.by}).`,
  TOXICITY_CONFIRM: () => 'This comment may break our community guidelines. Are you sure you want to post it? If you post it anyway, a moderator will review it first.',
  TOXICITY_HELD: (m: Meta) => `Toxicity ${Number(m.score).toFixed(2)} (${m.by}) is above ${m.threshold}; posted after a warning.`,
  SUSPECT_WORDS: (m: Meta) => `Suspect words: ${String(m.words ?? '').split('\n').join(', ')}.`,
  NEW_COMMENTER_LINKS: (m: Meta) => `Links from a new commenter (${m.links}).`,
  NEW_COMMENTER: (m: Meta) => `New commenter: ${m.approved} of ${m.needed} approved comments so far.`,
  STORY_PREMOD: () => 'Comments on this story are reviewed before they appear.',
  SITE_PREMOD: () => 'Comments are reviewed before they appear.',
  STAFF_SKIPS_HOLD: (m: Meta) => `Staff skip holds (${m.skipped}).`,
  EDITED_WHILE_HELD: () => 'Edited while waiting for review: it goes back to the moderators before it appears.',
  MODERATOR_REJECTED: (m: Meta) => String(m.reason ?? ''),
} as const satisfies Record<string, (meta: Meta) => string>;

export type DecisionCode = keyof typeof TEXT;
export const DECISION_CODES = Object.keys(TEXT) as DecisionCode[];

/**
 * refuse: not stored, the writer sees why and can change it; reject: stored as rejected with
 * the reason; confirm: ask "are you sure?" once; hold: stored for review; note: recorded only.
 */
export type PhaseAction = 'refuse' | 'reject' | 'confirm' | 'hold' | 'note';

export interface Decision {
  action: PhaseAction;
  code: DecisionCode;
  meta?: Meta;
}

export interface PhaseDecision extends Decision {
  phase: string;
}

/** A decision as stored: rows written before codes carry only their sentence. */
export type StoredDecision = PhaseDecision | { phase: string; action: PhaseAction; reason: string; code?: undefined };

export function decisionText(decision: Decision | StoredDecision): string {
  if ('reason' in decision && decision.code === undefined) return decision.reason;
  const render = TEXT[decision.code as DecisionCode] as ((meta: Meta) => string) | undefined;
  return render ? render(decision.meta ?? {}) : decision.code ?? '';
}

export function decide(action: PhaseAction, code: DecisionCode, meta?: Meta): Decision {
  return meta ? { action, code, meta } : { action, code };
}

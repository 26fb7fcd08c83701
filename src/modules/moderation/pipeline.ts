// The moderation pipeline: an ordered list of phases, one rule a file. Each phase may refuse,
// reject, ask for confirmation, hold or note; every decision is kept with its reason.
import { decisionText, type Decision, type DecisionCode, type PhaseDecision } from './decisions.ts';
import { isStaff, type Phase, type PhaseInput, type PhaseState } from './phase.ts';
import { bannedWords } from './phases/banned-words.ts';
import { length } from './phases/length.ts';
import { newCommenterLinks } from './phases/new-commenter-links.ts';
import { newCommenterPremod } from './phases/new-commenter-premod.ts';
import { rateLimit } from './phases/rate-limit.ts';
import { repeatPost } from './phases/repeat-post.ts';
import { sanitize } from './phases/sanitize.ts';
import { storyMode } from './phases/story-mode.ts';
import { storyOpen } from './phases/story-open.ts';
import { suspectWords } from './phases/suspect-words.ts';
import { toxicity } from './phases/toxicity.ts';
import { writerStatus } from './phases/writer-status.ts';

/** Cheap refusals first; the scorer (maybe a network call) only for comments that could be stored. */
export const PHASES: readonly Phase[] = [
  length,
  storyOpen,
  writerStatus,
  rateLimit,
  sanitize,
  repeatPost,
  bannedWords,
  toxicity,
  suspectWords,
  newCommenterLinks,
  newCommenterPremod,
  storyMode,
];

export type Verdict =
  /** Not stored: the writer sees the reason beside their text and may change it. */
  | { outcome: 'refused'; code: DecisionCode; reason: string; decisions: PhaseDecision[] }
  /** Not stored yet: the writer is asked once whether to post anyway. */
  | { outcome: 'confirm'; code: DecisionCode; reason: string; decisions: PhaseDecision[] }
  /** Stored with this status; reasons are what the writer and moderators are told. */
  | { outcome: 'rejected' | 'pending' | 'published'; reasons: string[]; html: string; toxicity: number | null; decisions: PhaseDecision[] };

/**
 * The rules that depend on what the writer posted just now (the rate limit, slow mode, the
 * repeat check), run again inside the write, on history read under the writer's lock: posts
 * sent in parallel are judged one after another (security review #10.6).
 */
export function recheckRecentHistory(input: Pick<PhaseInput, 'submission' | 'history' | 'settings' | 'story' | 'now'>): Decision | null {
  const full = input as PhaseInput;
  return (rateLimit.run(full, { html: '', toxicity: null }) as Decision | null) ?? (repeatPost.run(full, { html: '', toxicity: null }) as Decision | null);
}

export async function moderate(input: PhaseInput, phases: readonly Phase[] = PHASES): Promise<Verdict> {
  const state: PhaseState = { html: '', toxicity: null };
  const decisions: PhaseDecision[] = [];
  for (const phase of phases) {
    const decision = await phase.run(input, state);
    if (!decision) continue;
    decisions.push({ phase: phase.name, ...decision });
    if (decision.action === 'refuse') return { outcome: 'refused', code: decision.code, reason: decisionText(decision), decisions };
    if (decision.action === 'confirm') return { outcome: 'confirm', code: decision.code, reason: decisionText(decision), decisions };
    if (decision.action === 'reject') return { outcome: 'rejected', reasons: [decisionText(decision)], html: state.html, toxicity: state.toxicity, decisions };
  }
  const holds = decisions.filter((d) => d.action === 'hold');
  // Staff skip the holds (not the refusals): what would have held them stays on record as a note.
  if (holds.length > 0 && isStaff(input.writer)) {
    decisions.push({ phase: 'staff', action: 'note', code: 'STAFF_SKIPS_HOLD', meta: { skipped: holds.map((d) => d.code).join(', ') } });
    return { outcome: 'published', reasons: [], html: state.html, toxicity: state.toxicity, decisions };
  }
  if (holds.length > 0) return { outcome: 'pending', reasons: holds.map(decisionText), html: state.html, toxicity: state.toxicity, decisions };
  return { outcome: 'published', reasons: [], html: state.html, toxicity: state.toxicity, decisions };
}

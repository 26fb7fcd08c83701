// What a moderation phase sees and what it may decide.
import type { ModStatus } from './domain.ts';
import type { Role } from '../accounts/index.ts';
import type { ThreadMode } from '../comments/index.ts';
import type { ModerationSettings } from './settings.ts';
import type { ToxicityScorer } from './scorer.ts';
import type { WordMatcher } from './words.ts';
import type { Decision } from './decisions.ts';

export interface Writer {
  id: string;
  role: Role;
  modStatus: ModStatus;
  suspendedUntil: string | null;
  /** How many of their comments are published (approved) so far. */
  approvedCount: number;
  /** Whether they confirmed their email address. */
  emailVerified: boolean;
}

export interface Submission {
  /** The Markdown the writer typed. */
  body: string;
  /** True on the second submit after an "are you sure?" question. */
  confirmed: boolean;
  /** Set when an existing comment is edited: rate limits and repeat checks skip it. */
  editing?: boolean;
}

/** The writer's recent posting, summed up by one query over their last ten minutes. */
export interface WriterHistory {
  /** Comments in the last minute, on any story, and when the oldest of them was posted. */
  lastMinute: number;
  oldestInLastMinute: string | null;
  /** Their latest comment on this story (for slow mode). */
  lastOnStory: string | null;
  /** Whether the same text (see fingerprint) was posted in the last ten minutes. */
  repeated: boolean;
}

export const NO_HISTORY: WriterHistory = Object.freeze({ lastMinute: 0, oldestInLastMinute: null, lastOnStory: null, repeated: false });

export interface PhaseInput {
  submission: Submission;
  writer: Writer;
  story: { published: boolean; mode: ThreadMode; slowModeSeconds: number };
  settings: ModerationSettings;
  words: { banned: WordMatcher; suspect: WordMatcher };
  scorer: ToxicityScorer;
  /** What the writer posted lately (see WriterHistory). */
  history: WriterHistory;
  storyId: string;
  now: Date;
}

/** Work in progress the phases share: the rendered HTML and the scores found so far. */
export interface PhaseState {
  html: string;
  toxicity: number | null;
}

export interface Phase {
  name: string;
  run(input: PhaseInput, state: PhaseState): Promise<Decision | null> | Decision | null;
}

export const isStaff = (writer: Writer) => writer.role !== 'reader';

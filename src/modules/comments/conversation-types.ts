// What the conversation's use cases share: their errors, results, live events and options.
import { AppError, type ErrorCode } from '../../errors.ts';
import type { DecisionCode, ToxicityScorer } from '../moderation/index.ts';
import type { EventBus } from '../events/index.ts';
import type { Db } from '../../storage/index.ts';
import type { CommentView } from './comments.repository.ts';

export const EDIT_WINDOW_MS = 10 * 60_000;
export const REPORT_REASONS = ['off-topic', 'abusive', 'spam', 'misinformation', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export class CommentError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

/** What the writer is told, and what the page does next. */
export type PostResult =
  | { outcome: 'published' | 'pending' | 'rejected'; comment: CommentView; reasons: string[] }
  | { outcome: 'refused' | 'confirm'; code: DecisionCode; reason: string };

/** A change readers would see live: a comment appeared, changed or went away. */
export interface ThreadEvent {
  storyId: string;
  commentId: string;
  /** 'changed': something else readers see (featured, closed, edited) */
  kind: 'published' | 'removed' | 'changed';
  count: number;
}

export interface ConversationOptions {
  db: Db;
  /** Where the conversation's domain events go after each commit (live updates, emails). */
  events?: EventBus;
  /** Lets the admin-set toxicity scorer be on a private or loopback address (MASTHEAD_SCORER_ALLOW_PRIVATE). */
  scorerAllowPrivate?: boolean;
  /** Replaces the scorer chosen from settings (tests, benchmarks). */
  scorer?: ToxicityScorer;
  /** How long compiled word lists are reused (ms); other processes' edits show after this. */
  wordListTtlMs?: number;
  now?: () => Date;
}

/** How far back a repeated comment counts as a repeat. */
export const RECENT_MS = 10 * 60_000;
/** The longest slow mode a story can have. */
export const SLOW_MODE_MAX_SECONDS = 3600;



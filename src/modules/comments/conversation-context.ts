// The state the conversation's use cases share: the database, the clock, the event bus, the
// group commit for new comments, and word lists and settings reused for a short time.
import {
  compileLists,
  listWords,
  loadModerationSettings,
  perspectiveScorer,
  wordListScorer,
  type CompiledWordLists,
  type ModerationSettings,
  type ToxicityScorer,
} from '../moderation/index.ts';
import { EventBus } from '../events/index.ts';
import { groupCommit, isPostgres, type Db, type GroupCommit } from '../../storage/index.ts';
import type { ConversationOptions, ThreadEvent } from './conversation-types.ts';

export interface ConversationContext {
  db: Db;
  now: () => Date;
  bus: EventBus;
  /** Readers' view of threads changed: after commit, every listener hears it. */
  emit(events: ThreadEvent[]): void;
  /** New comments arrive in bursts on a busy story; a burst shares one commit. */
  newComments: GroupCommit;
  wordLists(): Promise<CompiledWordLists>;
  moderationSettings(): Promise<ModerationSettings>;
  scorerFor(settings: ModerationSettings, compiled: CompiledWordLists): ToxicityScorer;
}

export function conversationContext(options: ConversationOptions): ConversationContext {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.wordListTtlMs ?? 2000;
  let lists: { at: number; value: Promise<CompiledWordLists> } | null = null;

  let policy: { at: number; value: Promise<ModerationSettings> } | null = null;
  // Each group locks the rows of the writers in it, in one statement, before its jobs re-read
  // their writers' recent history (PostgreSQL; SQLite has one writer at a time anyway).
  const newComments = groupCommit(db, {
    lock: async (tx, writerIds) => {
      if (isPostgres(tx)) await tx.selectFrom('users').select('id').where('id', 'in', writerIds).orderBy('id').forUpdate().execute();
    },
  });

  /** Word lists and settings change rarely and are read on every post: reused for `ttl` ms. */
  function wordLists(): Promise<CompiledWordLists> {
    if (!lists || Date.now() - lists.at >= ttl) lists = { at: Date.now(), value: listWords(db).then(compileLists) };
    return lists.value;
  }

  function moderationSettings(): Promise<ModerationSettings> {
    if (!policy || Date.now() - policy.at >= ttl) policy = { at: Date.now(), value: loadModerationSettings(db) };
    return policy.value;
  }

  function scorerFor(settings: ModerationSettings, compiled: CompiledWordLists): ToxicityScorer {
    if (options.scorer) return options.scorer;
    const offline = wordListScorer({ matcher: compiled.toxic, weights: compiled.toxicWeights });
    return settings.scorerUrl ? perspectiveScorer({ url: settings.scorerUrl, key: settings.scorerKey, fallback: offline, allowPrivate: options.scorerAllowPrivate ?? false }) : offline;
  }

  const bus = options.events ?? new EventBus();
  const emit = (events: ThreadEvent[]) => bus.emit(...events.map((event) => ({ type: 'thread.changed' as const, ...event })));

  return { db, now, bus, emit, newComments, wordLists, moderationSettings, scorerFor };
}

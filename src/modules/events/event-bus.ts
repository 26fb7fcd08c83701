// Domain events: what a use case did, told after its transaction commits. Modules emit; other
// modules and the web layer subscribe (live updates, emails, and later alerts, the search index
// and attribution), so a use case never has to know who listens. Handlers run in-process after
// the emitter returns; a failing handler is logged and never fails the use case. Work that must
// survive a crash belongs in a durable job row, not here.

/** A change readers of a thread would see: the live channel and the page stamps follow it. */
export interface ThreadChanged {
  type: 'thread.changed';
  storyId: string;
  commentId: string;
  /** 'changed': something else readers see (featured, closed, edited) */
  kind: 'published' | 'removed' | 'changed';
  count: number;
}

export type StoryChange = 'created' | 'updated' | 'withdrawn' | 'withheld' | 'released';

export type DomainEvent =
  | ThreadChanged
  /** A comment became visible to readers: posted and published, or approved by a moderator. */
  | { type: 'comment.published'; commentId: string; storyId: string; parentId: string | null; authorId: string | null }
  /** A moderator approved or rejected a comment; `changed` is false when it already stood so. */
  | { type: 'comment.decided'; commentId: string; storyId: string; decision: 'approve' | 'reject'; reason: string; changed: boolean }
  /**
   * A story changed: through the wire, created (published, held or embargoed: read its status),
   * updated, withdrawn or withheld; released when its embargo ended or its scheduled time came;
   * or on the desk, released (it went public), updated while public, or withdrawn (off the
   * site). After the change commits.
   */
  | { type: 'story.changed'; storyId: string; change: StoryChange; via: 'ingest' | 'embargo' | 'schedule' | 'desk' }
  /** Something happened to a tip (never its content: the inbox and its figures follow this). */
  | { type: 'tip.changed'; tipId: string; change: 'received' | 'source-added' | 'deleted' | 'assigned' | 'status' | 'replied' | 'noted' | 'linked' | 'purged' }
  /** A moderator acted on a commenter (warn, suspend, pre-moderate, ban, reinstate). */
  | { type: 'user.moderated'; userId: string; action: string; rejectedComments: number };

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
type Handler<T extends EventType> = (event: EventOf<T>) => void | Promise<void>;
type AnyHandler = (event: DomainEvent) => void | Promise<void>;

export class EventBus {
  readonly #handlers = new Map<EventType, AnyHandler[]>();

  /** `onError` hears every handler failure (the app logs it). */
  constructor(private readonly onError: (error: unknown, event: DomainEvent) => void = () => {}) {}

  on<T extends EventType>(type: T, handler: Handler<T>): () => void {
    const list = this.#handlers.get(type) ?? [];
    // Stored under its own type, so it is only ever called with that type's events.
    const stored = handler as unknown as AnyHandler;
    list.push(stored);
    this.#handlers.set(type, list);
    return () => {
      const at = list.indexOf(stored);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Tells every handler; call it only after the change is committed. */
  emit(...events: DomainEvent[]): void {
    for (const event of events) {
      for (const handler of this.#handlers.get(event.type) ?? []) {
        try {
          const done = handler(event);
          if (done instanceof Promise) done.catch((error: unknown) => this.onError(error, event));
        } catch (error) {
          this.onError(error, event);
        }
      }
    }
  }
}

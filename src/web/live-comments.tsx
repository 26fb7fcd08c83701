// Live comment updates over Server-Sent Events. Every app process subscribes to the database's
// broadcast channel; an event is rendered once per process and written to every open
// connection on that story, so a comment approved on one process appears on pages served by
// another.
import type { FastifyReply } from 'fastify';
import { getComment, type ThreadEvent } from '../modules/comments/index.ts';
import type { Broadcast, Db } from '../storage/index.ts';
import { renderFragment } from './views/layout.tsx';
import { CommentItem, countLabel } from './views/comments.tsx';

export const LIVE_CHANNEL = 'masthead_comments';
const HEARTBEAT_MS = 25_000;

type Connection = { write(chunk: string): boolean; end(): void };

export class LiveComments {
  readonly #byStory = new Map<string, Set<Connection>>();
  #unsubscribe: (() => Promise<void>) | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  /** Told about every event from any process (the app forgets cached stamps). */
  onEvent: ((event: ThreadEvent) => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly broadcast: Broadcast,
    private readonly timeZone: () => string,
  ) {}

  async start(): Promise<void> {
    this.#unsubscribe = await this.broadcast.subscribe(LIVE_CHANNEL, (payload) => {
      let event: ThreadEvent;
      try {
        event = JSON.parse(payload) as ThreadEvent;
      } catch {
        return;
      }
      this.onEvent?.(event);
      void this.#deliver(event).catch(() => {});
    });
    this.#heartbeat = setInterval(() => this.#each((c) => c.write(': keep-alive\n\n')), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Called by the conversation module after a commit. */
  publish(event: ThreadEvent): void {
    void this.broadcast.publish(LIVE_CHANNEL, JSON.stringify(event)).catch(() => {});
  }

  get connections(): number {
    let n = 0;
    for (const set of this.#byStory.values()) n += set.size;
    return n;
  }

  /** Takes over the response: the connection stays open until the reader leaves. */
  open(reply: FastifyReply, storyId: string, count: number): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    // Reconnect after 3 s if the connection drops; the count brings the page up to date.
    raw.write(`retry: 3000\nevent: count\ndata: ${JSON.stringify({ count, label: countLabel(count) })}\n\n`);
    const set = this.#byStory.get(storyId) ?? new Set<Connection>();
    this.#byStory.set(storyId, set);
    const connection: Connection = raw;
    set.add(connection);
    raw.on('close', () => {
      set.delete(connection);
      if (set.size === 0) this.#byStory.delete(storyId);
    });
  }

  async #deliver(event: ThreadEvent): Promise<void> {
    const listeners = this.#byStory.get(event.storyId);
    if (!listeners || listeners.size === 0) return;
    let message = `event: count\ndata: ${JSON.stringify({ count: event.count, label: countLabel(event.count) })}\n\n`;
    if (event.kind === 'published') {
      const comment = await getComment(this.db, event.commentId);
      if (comment && comment.status === 'published') {
        const html = renderFragment(<CommentItem comment={comment} tz={this.timeZone()} />);
        message += `event: comment\ndata: ${JSON.stringify({ id: comment.id, parentId: comment.displayParentId, html })}\n\n`;
      }
    } else if (event.kind === 'removed') {
      message += `event: removed\ndata: ${JSON.stringify({ id: event.commentId })}\n\n`;
    }
    for (const connection of listeners) connection.write(message);
  }

  #each(fn: (c: Connection) => void) {
    for (const set of this.#byStory.values()) for (const c of set) fn(c);
  }

  async stop(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#each((c) => c.end());
    this.#byStory.clear();
    await this.#unsubscribe?.();
  }
}

// The durable outbox: every email is a row, written in the transaction of the change that
// caused it and keyed by its reason and recipient, so queueing the same message twice (a
// replayed wire item, a second process, a retried request) still sends it once. The sender job
// (sender.ts) leases due rows, renders them and hands them to the transport.
import type { Queryable } from '../../storage/index.ts';
import { nowIso } from '../../storage/index.ts';

export interface QueuedEmail {
  /** Reason and recipient, e.g. "account.verify:<token hash>" or "alert:<story>:0:<subscriber>". */
  key: string;
  to: string;
  /** The renderer that makes the message when it is sent. */
  template: string;
  /** What the renderer needs; kept as JSON until the message is sent. */
  data: Record<string, unknown>;
  /** List mail (alerts, digests): sent only while this subscriber is active. */
  subscriberId?: string | null;
}

/** Queues one message in the caller's transaction; true when it was new (false: already queued under this key). */
export async function queueEmail(db: Queryable, email: QueuedEmail): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .insertInto('email_outbox')
    .values({ key: email.key, to_address: email.to, template: email.template, data: JSON.stringify(email.data), subscriber_id: email.subscriberId ?? null, next_attempt_at: now, created_at: now, lease_owner: null, lease_until: null, sent_at: null, last_error: null })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Days a finished message's row (sent, failed, cancelled) is kept for the desk's figures. */
export const OUTBOX_KEEP_DAYS = 30;

/** Removes finished rows older than OUTBOX_KEEP_DAYS; a queued row is never removed. */
export async function purgeFinishedEmail(db: Queryable, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - OUTBOX_KEEP_DAYS * 86_400_000).toISOString();
  const result = await db.deleteFrom('email_outbox').where('status', '!=', 'queued').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

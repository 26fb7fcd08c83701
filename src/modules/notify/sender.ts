// Sends what the outbox holds. Each pass leases a batch of due rows (on PostgreSQL with SKIP
// LOCKED, so several app processes share the queue without taking the same row), renders each
// row at send time (so an unsubscribe or a withdrawn story stops a message still waiting),
// hands it to the transport and marks it at once. A process killed mid-pass leaves its rows
// leased; when the lease runs out another pass takes them. The one message that can go twice
// is one the server accepted in the instant before the process died: it goes again with the
// same Message-ID, which mailboxes use to show it once (decision 0016).
import { createHash } from 'node:crypto';
import { isPostgres, nowIso, type Db } from '../../storage/index.ts';
import { PermanentMailError, type Mailer } from './transport.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** The address, when the row holds only a placeholder for it (a tip's source: the address is sealed). */
  to?: string;
}

export interface OutboxRow {
  key: string;
  to: string;
  template: string;
  subscriberId: string | null;
}

/** Makes the message from a row's data; null when it is no longer wanted (cancelled, not sent). */
export type EmailRenderer = (row: OutboxRow, data: Record<string, unknown>) => Promise<RenderedEmail | null>;
export type EmailRenderers = Readonly<Record<string, EmailRenderer>>;

export interface SenderOptions {
  transport: Mailer;
  renderers: EmailRenderers;
  /** This process's name on the rows it leases. */
  owner: string;
  /** The domain in Message-IDs (the site's host). */
  messageIdHost: string;
  /** How long a lease lasts: longer than any one send takes. */
  leaseMs?: number;
  batch?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  maxAttempts?: number;
  /** At most this many batches a pass, so one pass never runs unbounded. */
  maxBatches?: number;
  onFailure?(row: OutboxRow, error: unknown, final: boolean): void;
}

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

const HOUR = 3600_000;

/** The wait before attempt n + 1: a minute, doubling, at most six hours, with a little jitter. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(6 * HOUR, 60_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Tries to record an accepted message as sent before giving up (its lease then holds it). */
const SENT_RECORD_ATTEMPTS = 4;

export const messageIdFor = (key: string, host: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${host}>`;

async function claim(db: Db, owner: string, leaseMs: number, batch: number) {
  const now = nowIso();
  const due = db
    .selectFrom('email_outbox')
    .select('key')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(batch)
    .$if(isPostgres(db), (q) => q.forUpdate().skipLocked());
  return db
    .updateTable('email_outbox')
    .set((eb) => ({ lease_owner: owner, lease_until: new Date(Date.now() + leaseMs).toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('key', 'in', due)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returning(['key', 'to_address', 'template', 'data', 'subscriber_id', 'attempts'])
    .execute();
}

type Claimed = Awaited<ReturnType<typeof claim>>[number];

export async function sendDueEmails(db: Db, options: SenderOptions): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  // Small batches: a lease must outlast the sending of its whole batch, even from a slow server.
  const batch = options.batch ?? 32;
  const maxAttempts = options.maxAttempts ?? 8;
  const mine = (key: string) => db.updateTable('email_outbox').where('key', '=', key).where('lease_owner', '=', options.owner);
  const settle = async (row: Claimed, outcome: 'sent' | 'cancelled' | 'failed' | 'retry', error: string | null) => {
    const done = { lease_owner: null, lease_until: null };
    if (outcome === 'sent') await mine(row.key).set({ ...done, status: 'sent', sent_at: nowIso(), data: '{}', last_error: null }).execute();
    else if (outcome === 'retry') await mine(row.key).set({ ...done, next_attempt_at: new Date(Date.now() + retryDelayMs(row.attempts)).toISOString(), last_error: error }).execute();
    // A one-time link stays in no row that will not be sent.
    else await mine(row.key).set({ ...done, status: outcome, data: '{}', last_error: error }).execute();
  };

  const sendOne = async (row: Claimed, bounces: Map<string, string>) => {
    const outboxRow: OutboxRow = { key: row.key, to: row.to_address, template: row.template, subscriberId: row.subscriber_id };
    try {
      const bounced = row.subscriber_id ? bounces.get(row.to_address) : undefined;
      if (bounced !== undefined) return (report.cancelled++, settle(row, 'cancelled', `bounced: ${bounced}`));
      const render = options.renderers[row.template];
      if (!render) throw new Error(`no renderer for the email template "${row.template}"`);
      const message = await render(outboxRow, JSON.parse(row.data) as Record<string, unknown>);
      if (!message) return (report.cancelled++, settle(row, 'cancelled', null));
      await options.transport.send({ to: row.to_address, ...message, messageId: messageIdFor(row.key, options.messageIdHost) });
    } catch (error) {
      const permanent = error instanceof PermanentMailError;
      const final = permanent || row.attempts >= maxAttempts;
      options.onFailure?.(outboxRow, error, final);
      const reason = String((error as Error).message ?? error).slice(0, 500);
      if (permanent) {
        await db.insertInto('email_bounces').values({ address: row.to_address, at: nowIso(), reason }).onConflict((oc) => oc.column('address').doNothing()).execute();
      }
      if (final) report.failed++;
      else report.retried++;
      await settle(row, final ? 'failed' : 'retry', reason);
      return;
    }
    // The server accepted it: from here it must never be sent again. Recording that is tried
    // a few times; if the database stays unwritable, the row keeps its lease (it is not put
    // back for retry), so only a lease that runs out before the database returns sends twice.
    report.sent++;
    await recordSent(row);
  };
  const recordSent = async (row: Claimed) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await settle(row, 'sent', null);
      } catch (error) {
        if (attempt >= SENT_RECORD_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  };

  for (let round = 0; round < (options.maxBatches ?? 200); round++) {
    const rows = await claim(db, options.owner, leaseMs, batch);
    if (rows.length === 0) break;
    // List mail to an address the server refused for good is not tried again: one look per batch.
    const listAddresses = [...new Set(rows.filter((r) => r.subscriber_id).map((r) => r.to_address))];
    const bounces = new Map(
      listAddresses.length === 0 ? [] : (await db.selectFrom('email_bounces').select(['address', 'reason']).where('address', 'in', listAddresses).execute()).map((b) => [b.address, b.reason] as const),
    );
    let next = 0;
    const worker = async () => {
      while (next < rows.length) await sendOne(rows[next++]!, bounces);
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, rows.length) }, worker));
    if (rows.length < batch) break;
  }
  return report;
}

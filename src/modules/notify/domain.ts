// The notify module's vocabulary. It imports nothing, so storage/schema.ts may use it to type
// the columns that hold it (see decision 0009).

/** queued: waiting or retrying; sent: the mail server took it; failed: given up (its reason kept); cancelled: no longer wanted (unsubscribed, bounced). */
export const OUTBOX_STATUSES = ['queued', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

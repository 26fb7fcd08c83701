// Frozen once landed. Email leaves through a durable outbox (a row per message, written in the
// transaction of the change that caused it, sent by a job that leases rows), readers and
// newsletter subscribers follow topics and authors with an alert choice per follow, a breaking
// story's alerts are recorded per round (the first publication, then each major update), and
// an address the mail server refused for good stops receiving list mail.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    // The reason and the recipient ("alert:<story>:<round>:<subscriber>"): one message per pair.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued', 'sent', 'failed', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('email_outbox_due').on('email_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('email_outbox_created').on('email_outbox').columns(['created_at']).execute();
  await db.schema.createIndex('email_outbox_subscriber').on('email_outbox').columns(['subscriber_id']).execute();

  await db.schema
    .createTable('subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // A newsletter subscriber's own address; null for a reader's account, whose address is the account's.
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('user_id', 'text', (c) => c.unique().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'active', 'unsubscribed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('confirm_sha256', 'text')
    .addColumn('confirm_expires_at', 'text')
    .addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('weekly_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_daily', 'text')
    .addColumn('last_weekly', 'text')
    .execute();

  await db.schema
    .createTable('follows')
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('topic', 'author')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull().check(sql`cadence in ('instant', 'daily', 'weekly', 'none')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['subscriber_id', 'target_kind', 'target_id'])
    .execute();
  await db.schema.createIndex('follows_target').on('follows').columns(['target_kind', 'target_id', 'cadence', 'subscriber_id']).execute();

  await db.schema
    .createTable('story_alerts')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    // 0 for the first publication; each major update an editor marks is the next round.
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('queued_at', 'text')
    .addColumn('recipients', 'integer')
    .addPrimaryKeyConstraint('story_alerts_pk', ['story_id', 'round'])
    .execute();
  await db.schema.createIndex('story_alerts_due').on('story_alerts').columns(['queued_at', 'requested_at']).execute();

  await db.schema
    .createTable('email_bounces')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_bounces').execute();
  await db.schema.dropTable('story_alerts').execute();
  await db.schema.dropTable('follows').execute();
  await db.schema.dropTable('subscribers').execute();
  await db.schema.dropTable('email_outbox').execute();
}

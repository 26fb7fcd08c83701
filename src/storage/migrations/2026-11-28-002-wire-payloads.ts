// Frozen once landed. Ingest: how each source is read, a record of every payload received,
// embargoes and public corrections.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sources').addColumn('format', 'text', (c) => c.notNull().defaultTo('auto')).execute();
  await db.schema.alterTable('sources').addColumn('transport', 'text', (c) => c.notNull().defaultTo('manual')).execute();
  await db.schema.alterTable('sources').addColumn('location', 'text').execute();
  await db.schema.alterTable('sources').addColumn('poll_seconds', 'integer', (c) => c.notNull().defaultTo(300)).execute();
  await db.schema.alterTable('sources').addColumn('auth_header', 'text').execute();
  await db.schema.alterTable('sources').addColumn('publish_policy', 'text', (c) => c.notNull().defaultTo('publish')).execute();
  // JSON: [{ "subject": "World", "topic": "CNN - World" }, …]
  await db.schema.alterTable('sources').addColumn('topic_rules', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('sources').addColumn('default_topic', 'text').execute();
  // 1: the source lives on the station's own network, so private addresses may be fetched.
  await db.schema.alterTable('sources').addColumn('allow_local', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // sha256 of the secret a pushing wire sends with POST /ingest/:source; the secret itself is not kept.
  await db.schema.alterTable('sources').addColumn('push_secret_sha256', 'text').execute();

  // For wire items that carry neither a version nor a time: a changed hash is a newer version.
  await db.schema.alterTable('stories').addColumn('origin_hash', 'text').execute();

  // Embargoed stories wait here until the time passes; the release job publishes them.
  await db.schema.alterTable('stories').addColumn('embargo_until', 'text').execute();
  await db.schema.createIndex('stories_embargo').on('stories').columns(['status', 'embargo_until']).execute();

  // Public correction notes, newest last on the page.
  await db.schema
    .createTable('story_corrections')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('noted_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_corrections_pk', ['story_id', 'version'])
    .execute();

  // Polling state per http source. Claiming a poll moves due_at to the next poll, so with several
  // app processes exactly one polls each feed, and an unchanged feed (304) writes nothing more.
  await db.schema
    .createTable('source_poll_state')
    .addColumn('source_id', 'text', (c) => c.primaryKey().references('sources.id').onDelete('cascade'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'text')
    .addColumn('last_polled_at', 'text')
    .execute();

  await db.schema
    .createTable('wire_payloads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    // gzip of the bytes as received, base64: the same text column on both engines.
    .addColumn('body_gzip_base64', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refused_reason', 'text')
    .execute();
  await db.schema.createIndex('wire_payloads_received').on('wire_payloads').columns(['received_at', 'id']).execute();
  await db.schema.createIndex('wire_payloads_source_sha').on('wire_payloads').columns(['source_id', 'sha256']).execute();

  await db.schema
    .createTable('wire_item_results')
    .addColumn('payload_id', 'text', (c) => c.notNull().references('wire_payloads.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('guid', 'text')
    .addColumn('version', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('story_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wire_item_results_pk', ['payload_id', 'position'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted; restore from a backup instead.');
}

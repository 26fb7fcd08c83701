// Frozen once landed. Wire copies of one item converge whatever order they arrive in (decision
// 0018): a story keeps the rank of the copy that set its standing (wire_rank) and of the copy
// that gave its text (wire_text_rank); a cancel or withhold for an item not yet received is
// kept as a tombstone, so the item, arriving later, never appears. An item's warnings (a
// picture that could not be read) are kept apart from its reason, so neither hides the other;
// and a photo wire's picture items are kept by their wire id for the text items that name them.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stories').addColumn('wire_rank', 'text').execute();
  await db.schema.alterTable('stories').addColumn('wire_text_rank', 'text').execute();
  // Owner: ingest. One row per item the wire cancelled or withheld before sending it.
  await db.schema
    .createTable('wire_tombstones')
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('rank', 'text', (c) => c.notNull())
    .addColumn('pub_status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wire_tombstones_pk', ['source_id', 'guid'])
    .execute();
  // A JSON list of strings, or null when there were none.
  await db.schema.alterTable('wire_item_results').addColumn('warnings', 'text').execute();
  // Owner: ingest. A photo wire's picture items, by their wire id: a text item that names one uses it.
  await db.schema
    .createTable('wire_pictures')
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('rank', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wire_pictures_pk', ['source_id', 'guid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wire_pictures').execute();
  await db.schema.alterTable('wire_item_results').dropColumn('warnings').execute();
  await db.schema.dropTable('wire_tombstones').execute();
  await db.schema.alterTable('stories').dropColumn('wire_text_rank').execute();
  await db.schema.alterTable('stories').dropColumn('wire_rank').execute();
}

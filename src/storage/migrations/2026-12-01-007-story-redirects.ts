// Frozen once landed. A published story's old addresses: when the desk changes its slug, the
// old one answers with a permanent redirect to the new.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('story_redirects')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_redirects_story').on('story_redirects').columns(['story_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('story_redirects').execute();
}

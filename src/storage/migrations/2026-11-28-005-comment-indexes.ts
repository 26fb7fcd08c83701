// Frozen once landed. Indexes for three questions asked constantly, which the planner otherwise
// answered by walking the status index over every published comment on the site, so their cost
// grew with the whole site rather than with the story, the writer or the queue:
// - on every post, how many of the writer's comments are published (up to a small cap);
// - on every render of a story page, which of its comments are featured;
// - on every desk page, which published comments readers have reported.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('comments_author_status').on('comments').columns(['author_id', 'status']).execute();
  await db.schema.createIndex('comments_featured').on('comments').columns(['story_id', 'featured', 'created_at']).execute();
  await db.schema.createIndex('comments_reported').on('comments').columns(['status', 'report_count']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('comments_reported').execute();
  await db.schema.dropIndex('comments_featured').execute();
  await db.schema.dropIndex('comments_author_status').execute();
}

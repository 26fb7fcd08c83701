// Frozen once landed: later changes go in a new dated migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('wire'))
    .addColumn('default_rights', 'text')
    .addColumn('canonical_policy', 'text', (c) => c.notNull().defaultTo('original'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('sources_canonical_policy', sql`canonical_policy in ('original', 'self', 'noindex')`)
    .addCheckConstraint('sources_kind', sql`kind in ('wire', 'newsroom')`)
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('affiliation', 'text')
    .addColumn('bio', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('description', 'text')
    .addColumn('nav_position', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text')
    .addColumn('dateline', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('rights_line', 'text')
    .addColumn('source_id', 'text', (c) => c.references('sources.id'))
    .addColumn('origin_guid', 'text')
    .addColumn('origin_url', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('primary_topic_id', 'text', (c) => c.references('topics.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .addCheckConstraint('stories_status', sql`status in ('published', 'withdrawn', 'held', 'embargoed', 'withheld')`)
    .execute();
  // Wire identity: one story per source item.
  await db.schema
    .createIndex('stories_origin')
    .unique()
    .on('stories')
    .columns(['source_id', 'origin_guid'])
    .execute();
  // Lists read the newest published stories first.
  await db.schema
    .createIndex('stories_published')
    .on('stories')
    .columns(['status', 'published_at', 'id'])
    .execute();
  // The newest change stamps cached list pages.
  await db.schema.createIndex('stories_modified').on('stories').columns(['modified_at']).execute();

  await db.schema
    .createTable('story_versions')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text')
    .addColumn('dateline', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_versions_pk', ['story_id', 'version'])
    .execute();

  await db.schema
    .createTable('story_authors')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('affiliation', 'text')
    // Copied from the story so author pages page through an index, newest first.
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_authors_pk', ['story_id', 'position'])
    .execute();
  await db.schema
    .createIndex('story_authors_author')
    .on('story_authors')
    .columns(['author_id', 'published_at', 'story_id'])
    .execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('original_path', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    .addColumn('alt_text', 'text')
    .addColumn('rights', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('media_renditions')
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_renditions_pk', ['media_id', 'format', 'width'])
    .execute();

  await db.schema
    .createTable('story_media')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_media_pk', ['story_id', 'position'])
    .addCheckConstraint('story_media_role', sql`role in ('hero', 'inline')`)
    .execute();

  await db.schema
    .createTable('story_topics')
    .addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id'))
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    // Copied from the story so topic pages page through an index, newest first.
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_topics_pk', ['story_id', 'topic_id'])
    .execute();
  await db.schema
    .createIndex('story_topics_topic')
    .on('story_topics')
    .columns(['topic_id', 'published_at', 'story_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be reverted; restore from a backup instead.');
}
